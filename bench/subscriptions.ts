import { randomUUID } from 'node:crypto';

import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { readConfig as readGatewayConfig } from '../gateway/src/env.js';
import { Role } from '../platform/caller.js';
import { metric, type GraphProcess } from './graph-process.js';
import { NOTIFY_INCIDENT } from './scenarios.js';
import { callerFor, SCOPED_ORGANIZATIONS as organizations, scopeOf, scopesReceiving } from './scopes.js';
import { percentile, round } from './stats.js';

export interface FanOutResult {
  subscribers: number;
  events: number;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  duplicates: number;
  latencyMs: { p50: number; p99: number; max: number };
  distinctScopes: number;
  upstreamSubscriptions: number;
  graphMemoryPerIdleSubscriberBytes: { rss: number; heap: number };
  connectSeconds: number;
}

const EVENTS = `subscription { incidentEvents { sequence type occurredAt incident { id organization { nameEn } } } }`;

interface Subscriber {
  scope: string;
  client: Client;
  received: Map<number, number>;
}

/**
 * N subscribers across roles on one gateway while M incidents are notified: every delivery is
 * counted against what each subscriber's scope should receive, with event-to-delivery latency.
 */
export async function subscriptionFanOut(graph: GraphProcess, subscriberCount: number, eventCount: number): Promise<FanOutResult> {
  const tokens = readGatewayConfig(graph.env).tokens;
  const wsUrl = graph.gatewayUrl.replace(/^http/, 'ws');
  const memoryBefore = {
    rss: await metric(graph.gatewayAdminUrl, 'process_resident_memory_bytes'),
    heap: await metric(graph.gatewayAdminUrl, 'nodejs_heap_size_used_bytes'),
  };

  const started = Date.now();
  const subscribers: Subscriber[] = [];
  for (let batch = 0; batch < subscriberCount; batch += 250) {
    await Promise.all(
      Array.from({ length: Math.min(250, subscriberCount - batch) }, async (_, i) => {
        const caller = callerFor(batch + i);
        const token = await mintDevelopmentToken(tokens, caller, 3600);
        const client = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${token}` },
          retryAttempts: 0,
        });
        const subscriber: Subscriber = { scope: scopeOf(caller), client, received: new Map() };
        client.subscribe(
          { query: EVENTS },
          {
            next: (result) => {
              const event = (result.data as { incidentEvents?: { sequence: number; occurredAt: string } } | null)?.incidentEvents;
              if (!event) return;
              subscriber.received.set(event.sequence, (subscriber.received.get(event.sequence) ?? 0) + 1);
              latencies.push(Date.now() - Date.parse(event.occurredAt));
            },
            error: () => {},
            complete: () => {},
          },
        );
        subscribers.push(subscriber);
      }),
    );
  }
  const latencies: number[] = [];
  while ((await metric(graph.gatewayAdminUrl, 'graphql_subscriptions_active')) < subscriberCount)
    await new Promise((r) => setTimeout(r, 100));
  const connectSeconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const memoryAfter = {
    rss: await metric(graph.gatewayAdminUrl, 'process_resident_memory_bytes'),
    heap: await metric(graph.gatewayAdminUrl, 'nodejs_heap_size_used_bytes'),
  };
  const upstreamSubscriptions = await metric(graph.gatewayAdminUrl, 'graphql_subscription_upstreams');

  const countByScope = new Map<string, number>();
  for (const s of subscribers) countByScope.set(s.scope, (countByScope.get(s.scope) ?? 0) + 1);
  let expectedDeliveries = 0;
  for (let e = 0; e < eventCount; e++) {
    const organization = organizations[e % organizations.length]!;
    for (const scope of scopesReceiving(organization.id, organization.regulatorId)) expectedDeliveries += countByScope.get(scope) ?? 0;
    const token = await mintDevelopmentToken(
      tokens,
      { role: Role.ORGANIZATION, subject: 'bench-reporter', organizationId: organization.id },
      600,
    );
    const response = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: NOTIFY_INCIDENT,
        variables: {
          input: {
            organizationId: organization.id,
            idempotencyKey: randomUUID(),
            report: { severity: 'SERIOUS', categories: ['CAT4_MALICIOUS_LOGIC'], detectedAt: new Date(Date.now() - 60_000).toISOString() },
          },
        },
      }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`notifyIncident failed: ${JSON.stringify(body.errors)}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  const deliveredCount = () => subscribers.reduce((sum, s) => sum + [...s.received.values()].reduce((a, b) => a + b, 0), 0);
  const deadline = Date.now() + 60_000;
  while (deliveredCount() < expectedDeliveries && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 500)); // anything extra would show up as a duplicate
  const delivered = deliveredCount();
  const duplicates = subscribers.reduce((sum, s) => sum + [...s.received.values()].reduce((a, n) => a + (n - 1), 0), 0);
  await Promise.all(subscribers.map((s) => s.client.dispose()));

  return {
    subscribers: subscriberCount,
    events: eventCount,
    expectedDeliveries,
    delivered,
    lost: Math.max(0, expectedDeliveries - (delivered - duplicates)),
    duplicates,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) },
    distinctScopes: countByScope.size,
    upstreamSubscriptions,
    graphMemoryPerIdleSubscriberBytes: {
      rss: round((memoryAfter.rss - memoryBefore.rss) / subscriberCount, 0),
      heap: round((memoryAfter.heap - memoryBefore.heap) / subscriberCount, 0),
    },
    connectSeconds: round(connectSeconds),
  };
}
