import { afterAll, describe, expect, it } from 'vitest';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { Env } from '../../platform/env.js';
import { startFaultProxy } from '../fault-proxy.js';
import { useGraph } from '../graph.js';
import { errorCodes, graphqlRequest } from '../graphql-client.js';
import { connect } from '../ws-client.js';

const graph = useGraph({ SUBGRAPH_BREAKER_RESET_MS: '300' });
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

const SECTORS = '{ sectors { id } }';
const SECTORS_AND_ADVISORIES = '{ sectors { id } advisories(first: 5) { edges { node { identifier } } } }';

const gatewayWith = (env: Env) => graph().gateway(env);

const ready = async (adminUrl: string) => {
  const response = await fetch(`${adminUrl}/ready`);
  return { status: response.status, body: (await response.json()) as { reason?: string } };
};

async function eventually<T>(attempt: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a subgraph that is down', () => {
  it('leaves what does not need it working, gives the rest as partial data with SERVICE_UNAVAILABLE, and recovers', async () => {
    const g = graph();
    await g.restartSubgraph('advisories', async () => {
      expect((await g.query(SECTORS)).errors).toBeUndefined();

      const partial = await g.query(SECTORS_AND_ADVISORIES);
      expect(partial.data?.sectors.length).toBeGreaterThan(0);
      expect(partial.data?.advisories).toBeNull();
      expect(errorCodes(partial)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(partial.errors![0]!.message).toMatch(/advisories service is unavailable/);
      expect(partial.errors![0]!.extensions).toMatchObject({ service: 'advisories' });

      const notReady = await ready(g.adminUrl('gateway'));
      expect(notReady.status).toBe(503);
      expect(notReady.body.reason).toMatch(/advisories/);
    });
    const recovered = await eventually(
      () => g.query(SECTORS_AND_ADVISORIES),
      (r) => !r.errors,
    );
    expect(recovered.errors).toBeUndefined();
    expect((await ready(g.adminUrl('gateway'))).status).toBe(200);
  });
});

describe('a subgraph that stalls', () => {
  it('is cut off after SUBGRAPH_TIMEOUT_MS, then failed at once by an open circuit, without holding other queries', async () => {
    const proxy = await startFaultProxy(graph().subgraphUrls.advisories!);
    cleanup.defer(proxy.close);
    const gateway = await gatewayWith({ ADVISORIES_URL: proxy.url, SUBGRAPH_TIMEOUT_MS: '300', SUBGRAPH_BREAKER_RESET_MS: '1000' });
    expect((await graphqlRequest(gateway.url, SECTORS_AND_ADVISORIES)).errors).toBeUndefined();

    proxy.set({ kind: 'stall' });
    const timed = async () => {
      const started = Date.now();
      const response = await graphqlRequest(gateway.url, SECTORS_AND_ADVISORIES);
      return { response, ms: Date.now() - started };
    };
    const first = await timed();
    expect(first.ms).toBeGreaterThanOrEqual(250);
    expect(first.response.data?.sectors.length).toBeGreaterThan(0);
    expect(errorCodes(first.response)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(first.response.errors![0]!.message).toMatch(/no answer within 300 ms/);

    // Concurrent stalls fill the breaker's window; from then on it answers at once: without asking
    // the stalled subgraph, so without waiting for it (a condition, not a clock). Each asks a page
    // of its own size, as identical reads in flight together are sent once (deduplication.e2e.ts).
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => graphqlRequest(gateway.url, SECTORS_AND_ADVISORIES.replace('first: 5', `first: ${i + 1}`))),
    );
    const asked = proxy.requests;
    const fast = await graphqlRequest(gateway.url, SECTORS_AND_ADVISORIES);
    expect(proxy.requests).toBe(asked);
    expect(errorCodes(fast)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(fast.errors![0]!.message).toMatch(/failed repeatedly/);
    const metrics = await (await fetch(`${gateway.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/gateway_subgraph_circuit_open\{[^}]*subgraph="advisories"[^}]*\} 1/);
    expect((await graphqlRequest(gateway.url, SECTORS)).errors).toBeUndefined();

    proxy.set({ kind: 'pass' });
    const healed = await eventually(
      () => graphqlRequest(gateway.url, SECTORS_AND_ADVISORIES),
      (r) => !r.errors,
      5_000,
    );
    expect(healed.errors).toBeUndefined();
  });
});

describe('graceful shutdown', () => {
  it('lets in-flight requests finish and tells subscribers to reconnect', async () => {
    const proxy = await startFaultProxy(graph().subgraphUrls.organizations!);
    cleanup.defer(proxy.close);
    const gateway = await gatewayWith({ ORGANIZATIONS_URL: proxy.url });
    const ws = connect(gateway.url, graph().tokens.thaicert);
    cleanup.defer(ws.dispose);
    ws.subscribe('subscription { incidentEvents { type } }');
    await ws.connected;

    proxy.set({ kind: 'delay', ms: 400 });
    const inFlight = graphqlRequest(gateway.url, SECTORS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = gateway.close();

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.sectors.length).toBeGreaterThan(0);
    expect((await ws.closed).code).toBe(1001);
    await closing;
    await expect(fetch(gateway.url, { method: 'POST' })).rejects.toThrow();
  });
});
