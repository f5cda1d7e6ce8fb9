import { setTimeout as sleep } from 'node:timers/promises';

import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { readConfig as readGatewayConfig } from '../gateway/src/env.js';
import type { SignedInCaller } from '../platform/caller.js';
import { metric, type GraphProcess } from './graph-process.js';
import { callerFor, scopeOf } from './scopes.js';

/** Fields from three subgraphs' worth of plan (the incident, then its organization), as a dashboard would ask. */
const EVENTS = `subscription ($after: Int) {
  incidentEvents(afterSequence: $after) { sequence type occurredAt incident { id status currentRevision organization { nameEn } } }
}`;

interface EventResult {
  data?: { incidentEvents?: { sequence: number; type: string; occurredAt: string } | null } | null;
  errors?: readonly { message: string; extensions?: { code?: unknown } }[];
}

/**
 * A subscriber to `incidentEvents` over graphql-ws that records every sequence it receives and,
 * when its subscription ends for any reason, subscribes again after the last sequence it saw —
 * what the README tells clients to do. It starts after a given sequence, so what it should
 * receive is exactly the committed events in its scope after that one.
 */
export class ResumingSubscriber {
  /** How many times each sequence arrived. */
  readonly received = new Map<number, number>();
  /** Change-to-delivery latency of live events, by event type (replayed ones after a resume are left out). */
  readonly latencies: { type: string; ms: number; receivedAt: number }[] = [];
  readonly drops = { deliberate: 0, unplanned: 0 };
  /** Why unplanned drops happened (close code or error code), and errors inside events. */
  readonly reasons = new Map<string, number>();
  private last: number;
  private client: Client | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;
  private dropping = false;
  private running: Promise<void> | undefined;
  private subscribedAt = 0;

  constructor(
    readonly caller: SignedInCaller,
    readonly scope: string,
    readonly startSequence: number,
    private readonly wsUrl: string,
    private readonly token: string,
  ) {
    this.last = startSequence;
  }

  start(): void {
    this.running = this.run();
  }

  /** Cuts the socket abruptly, as a network failure would; the subscriber resumes on its own. */
  drop(): void {
    this.dropping = true;
    this.client?.terminate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const client = createClient({
        url: this.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${this.token}` },
        retryAttempts: 0,
      });
      this.client = client;
      this.subscribedAt = Date.now();
      const ended = await new Promise<unknown>((resolve) => {
        this.wake = () => resolve(undefined);
        client.subscribe(
          { query: EVENTS, variables: { after: this.last } },
          { next: (result) => this.receive(result as EventResult), error: resolve, complete: () => resolve(undefined) },
        );
      });
      await client.dispose();
      if (this.stopped) return;
      if (this.dropping) this.drops.deliberate += 1;
      else {
        this.drops.unplanned += 1;
        this.count(reasonOf(ended));
      }
      this.dropping = false;
      await sleep(500);
    }
  }

  private receive(result: EventResult): void {
    for (const error of result.errors ?? []) this.count(`event error ${String(error.extensions?.code ?? error.message)}`);
    const event = result.data?.incidentEvents;
    if (!event) return;
    this.received.set(event.sequence, (this.received.get(event.sequence) ?? 0) + 1);
    this.last = Math.max(this.last, event.sequence);
    const occurredAt = Date.parse(event.occurredAt);
    if (occurredAt >= this.subscribedAt) this.latencies.push({ type: event.type, ms: Date.now() - occurredAt, receivedAt: Date.now() });
  }

  private count(reason: string): void {
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }
}

/** A close event's code and reason, a GraphQL error's code, or "completed". */
function reasonOf(ended: unknown): string {
  if (ended === undefined) return 'completed by the server';
  if (Array.isArray(ended)) return `error ${String(ended[0]?.extensions?.code ?? ended[0]?.message)}`;
  const close = ended as { code?: number; reason?: string };
  if (typeof close.code === 'number') return `closed ${close.code} ${close.reason ?? ''}`.trim();
  return `error ${String((ended as Error).message ?? ended)}`;
}

/**
 * `count` subscribers spread over the bench's scopes (national centres, regulators,
 * organizations), each on its own WebSocket, all starting after `afterSequence`; resolves once
 * the gateway counts them all (or after a minute: a late one still replays from that sequence).
 */
export async function startSubscribers(
  graph: GraphProcess,
  count: number,
  afterSequence: number,
  tokenSeconds: number,
): Promise<ResumingSubscriber[]> {
  const tokens = readGatewayConfig(graph.env).tokens;
  const subscribers = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const caller = callerFor(i);
      const token = await mintDevelopmentToken(tokens, caller, tokenSeconds);
      return new ResumingSubscriber(caller, scopeOf(caller), afterSequence, graph.gatewayUrl.replace(/^http/, 'ws'), token);
    }),
  );
  for (const s of subscribers) s.start();
  for (
    const deadline = Date.now() + 60_000;
    (await metric(graph.gatewayAdminUrl, 'graphql_subscriptions_active')) < count && Date.now() < deadline;
  )
    await sleep(200);
  return subscribers;
}
