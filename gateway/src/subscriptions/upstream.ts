import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface UpstreamSink {
  next(result: { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): void;
  /** The subgraph refused or ended the operation (GraphQL errors): not worth retrying. */
  refused(errors: readonly { message: string; extensions?: Record<string, unknown> }[]): void;
  /** The connection was lost or the stream ended: resubscribe (resuming) if still wanted. */
  lost(reason: unknown): void;
}

/**
 * One graphql-ws connection per subgraph, shared by every upstream subscription to it
 * (multiplexed, not one socket per client). Opened on first use, closed when idle; no automatic
 * retry — the hub resubscribes each stream itself, resuming after the last sequence it delivered.
 */
export class UpstreamConnections {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly urls: Record<string, string>) {}

  subscribe(serviceName: string, payload: { query: string; variables: Record<string, unknown>; extensions: Record<string, unknown> }, sink: UpstreamSink): () => void {
    return this.client(serviceName).subscribe(payload, {
      next: (result) => sink.next(result as Parameters<UpstreamSink['next']>[0]),
      error: (error) => (Array.isArray(error) ? sink.refused(error) : sink.lost(error)),
      complete: () => sink.lost(new Error('upstream stream completed')),
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.dispose()));
    this.clients.clear();
  }

  private client(serviceName: string): Client {
    let client = this.clients.get(serviceName);
    if (!client) {
      const url = this.urls[serviceName];
      if (!url) throw new Error(`no URL for subgraph ${serviceName}`);
      client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 5_000,
        keepAlive: 10_000,
        retryAttempts: 0,
      });
      this.clients.set(serviceName, client);
    }
    return client;
  }
}
