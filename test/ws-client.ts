import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A subscription whose results are kept as they arrive, so a test never loses one between awaits. */
export class Subscription {
  readonly received: Received[] = [];
  error: unknown;
  completed = false;
  private waiters: (() => void)[] = [];
  readonly stop: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.stop = client.subscribe(
      { query, variables },
      {
        next: (value) => this.push(() => this.received.push(value as Received)),
        error: (error) => this.push(() => (this.error = error)),
        complete: () => this.push(() => (this.completed = true)),
      },
    );
  }

  private push(change: () => void): void {
    change();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Waits until `count` results have arrived (or the stream ended), failing after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count && !this.error && !this.completed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} results, got ${this.received.length}: ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  /** Waits for the stream to end with an error or completion. */
  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.error && !this.completed) {
      if (Date.now() > deadline) throw new Error('the subscription did not end');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export interface WsConnection {
  client: Client;
  subscribe(query: string, variables?: Record<string, unknown>): Subscription;
  /** The close code and reason, once the server closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** A graphql-ws client as an application would use it (token in the connection_init payload). */
export function connect(httpUrl: string, token?: string): WsConnection {
  let closedWith!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      closed: (event) => closedWith({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }),
    },
  });
  return {
    client,
    subscribe: (query, variables) => new Subscription(client, query, variables),
    closed,
    dispose: () => client.dispose() as Promise<void>,
  };
}
