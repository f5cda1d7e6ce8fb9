import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { CLIENT_FACING_CODES, ErrorCode } from '../../../platform/errors.js';

/** A GraphQL error as it arrives from a subgraph. */
export interface UpstreamError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** One result a subgraph pushed. */
export interface UpstreamResult {
  data?: Record<string, unknown> | null;
  errors?: readonly UpstreamError[];
}

/** One operation sent to a subgraph over its WebSocket. */
export interface UpstreamPayload {
  query: string;
  variables: Record<string, unknown>;
  /** The subscriber's signed identity and request id (see `SubscriptionHub.extensionsFor`). */
  extensions: Record<string, unknown>;
}

/** Where an upstream stream reports its results, and how it ended. */
export interface UpstreamSink {
  next(result: UpstreamResult): void;
  /** The subgraph refused the operation for the caller (its errors say why): not worth retrying. */
  refused(errors: readonly UpstreamError[]): void;
  /** The connection was lost or the subgraph failed: resubscribe (resuming) if still wanted. */
  lost(reason: unknown): void;
  /** The stream ended of itself (a bounded replay ran to its end). */
  completed(): void;
}

/**
 * Whether errors refuse the operation for good — every one carries a code the caller is meant to
 * see (FORBIDDEN, BAD_USER_INPUT, …) — rather than report a failure a retry may not meet (a
 * database that is restarting, a subgraph shutting down).
 */
export function isRefusal(errors: readonly UpstreamError[]): boolean {
  return (
    errors.length > 0 &&
    errors.every((e) => {
      const code = e.extensions?.code;
      return typeof code === 'string' && CLIENT_FACING_CODES.has(code) && code !== ErrorCode.SERVICE_UNAVAILABLE;
    })
  );
}

/** Whether a stream ended only because its forwarded identity ran out: resume at once, with a fresh one. */
export function isIdentityExpiry(reason: unknown): boolean {
  return (
    Array.isArray(reason) && reason.length > 0 && reason.every((e: UpstreamError) => e?.extensions?.code === ErrorCode.IDENTITY_EXPIRED)
  );
}

/**
 * One graphql-ws connection per subgraph, shared by every upstream subscription to it
 * (multiplexed, not one socket per client). Opened on first use, closed when idle; no automatic
 * retry — the hub resubscribes each stream itself, resuming after the last sequence it received.
 */
export class UpstreamConnections {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly urls: Record<string, string>) {}

  /** Starts an operation on the subgraph's connection (opening it if need be); returns what stops it. */
  subscribe(serviceName: string, payload: UpstreamPayload, sink: UpstreamSink): () => void {
    return this.client(serviceName).subscribe(payload, {
      next: (result) => sink.next(result as UpstreamResult),
      error: (error) => (Array.isArray(error) && isRefusal(error) ? sink.refused(error) : sink.lost(error)),
      complete: () => sink.completed(),
    });
  }

  /** A query over the same connection: its one result, or the reason it could not be had. */
  query(serviceName: string, payload: UpstreamPayload): Promise<UpstreamResult> {
    return new Promise((resolve, reject) => {
      let result: UpstreamResult | undefined;
      this.subscribe(serviceName, payload, {
        next: (value) => (result = value),
        refused: (errors) => resolve({ errors }),
        lost: reject,
        completed: () => (result ? resolve(result) : reject(new Error('the subgraph answered nothing'))),
      });
    });
  }

  /** Closes every connection, ending whatever still runs on them. */
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
