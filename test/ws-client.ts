import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { headFieldOf } from '../platform/subscription-protocol.js';
import { graphqlRequest } from './graphql-client.js';

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
    await this.until(
      () => this.received.length >= count,
      () => `expected ${count} results`,
      timeoutMs,
    );
    return this.received;
  }

  /**
   * Waits for a result `isSentinel` picks (an event sent after the others to mark their end) and
   * returns those before it: once it has arrived, nothing sent before it is still on its way.
   */
  async before(isSentinel: (result: Received) => boolean, timeoutMs = 10_000): Promise<Received[]> {
    await this.until(
      () => this.received.some(isSentinel),
      () => 'expected the sentinel',
      timeoutMs,
    );
    return this.received.slice(0, this.received.findIndex(isSentinel));
  }

  private async until(done: () => boolean, expected: () => string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done() && !this.error && !this.completed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${expected()}, got ${this.received.length}: ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
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

/**
 * Where `stream` (`incidentEvents`, `advisoryEvents`) stands, asked through the gateway at
 * `httpUrl`: a subscription with `afterSequence` set to it misses nothing from now on, however
 * long it takes to be established upstream, so a test need not wait before it triggers events.
 */
export async function streamHead(httpUrl: string, stream: string, token?: string): Promise<number> {
  const field = headFieldOf(stream);
  const res = await graphqlRequest(httpUrl, `{ ${field} }`, { token });
  if (res.errors) throw new Error(`${field}: ${JSON.stringify(res.errors)}`);
  return (res.data?.[field] as number | null) ?? 0;
}

export interface WsConnection {
  client: Client;
  subscribe(query: string, variables?: Record<string, unknown>): Subscription;
  /** Settles once the server acknowledged the connection (`connection_ack`). */
  connected: Promise<void>;
  /** The close code and reason, once the server closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** A graphql-ws client as an application would use it (token in the connection_init payload). */
export function connect(httpUrl: string, token?: string): WsConnection {
  let closedWith!: (value: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (closedWith = resolve));
  let connectedWith!: () => void;
  const connected = new Promise<void>((resolve) => (connectedWith = resolve));
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      connected: () => connectedWith(),
      closed: (event) => closedWith({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }),
    },
  });
  return {
    client,
    subscribe: (query, variables) => new Subscription(client, query, variables),
    connected,
    closed,
    dispose: () => client.dispose() as Promise<void>,
  };
}
