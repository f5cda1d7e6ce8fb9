import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { RunningServer } from '../../platform/http-server.js';
import { startFaultProxy, type FaultProxy } from '../fault-proxy.js';
import { useGraph } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';
import { newOrganization, notified, type TestOrganization } from '../incidents.js';

// The incidents subgraph answers through a proxy that holds each request a while, so requests sent
// together are in flight together: whether they are shared is then a matter of keys, not timing.
const graph = useGraph();
const cleanup = new CleanupStack();
let proxy: FaultProxy;
let gateway: RunningServer;
let first: TestOrganization;
let second: TestOrganization;

beforeAll(async () => {
  first = await newOrganization(graph());
  second = await newOrganization(graph());
  await notified(graph(), first);
  await notified(graph(), second);
  proxy = await startFaultProxy(graph().subgraphUrls.incidents!);
  cleanup.defer(proxy.close);
  gateway = await graph().gateway({ INCIDENTS_URL: proxy.url });
  proxy.set({ kind: 'delay', ms: 400 });
});
afterAll(() => cleanup.run());

const OWN_INCIDENTS = `{ incidents(first: 10) { edges { node { id organization { id } } } } }`;
const ask = (query: string, token?: string, variables?: Record<string, unknown>) =>
  graphqlRequest(gateway.url, query, { token, variables });
/** A counter of the gateway under test, summed over its labels. */
async function counter(name: string): Promise<number> {
  const text = await (await fetch(`${gateway.adminUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
const organizationsIn = (res: Awaited<ReturnType<typeof ask>>) =>
  new Set((res.data?.incidents.edges as { node: { organization: { id: string } } }[]).map((edge) => edge.node.organization.id));

describe('identical subgraph reads in flight together', () => {
  it('are sent once per caller, and each caller gets only its own answer', async () => {
    const before = proxy.requests;
    const [sharedBefore, deduplicatedBefore] = [
      await counter('gateway_operations_shared_total'),
      await counter('gateway_subgraph_fetches_deduplicated_total'),
    ];
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => ask(OWN_INCIDENTS, i % 2 ? second.token : first.token).then((res) => ({ i, res }))),
    );
    for (const { i, res } of answers) {
      expect(res.errors).toBeUndefined();
      expect(organizationsIn(res)).toEqual(new Set([i % 2 ? second.id : first.id]));
    }
    expect(proxy.requests - before).toBe(2);
    // Queries of one caller identical to one being executed wait for its answer: 5 of each caller's 6.
    expect((await counter('gateway_operations_shared_total')) - sharedBefore).toBe(10);
    expect(await counter('gateway_subgraph_fetches_deduplicated_total')).toBe(deduplicatedBefore);
  });

  it('are shared below the operation: different queries of one caller that need the same subgraph read', async () => {
    const before = proxy.requests;
    const deduplicatedBefore = await counter('gateway_subgraph_fetches_deduplicated_total');
    // The second also asks the registry for sectors; its incidents part is the first's read.
    const withSectors = OWN_INCIDENTS.replace(/}$/, ' sectors { id } }');
    const [plain, more] = await Promise.all([ask(OWN_INCIDENTS, first.token), ask(withSectors, first.token)]);
    expect(more.data?.sectors.length).toBeGreaterThan(0);
    expect(plain.data?.incidents).toEqual(more.data?.incidents);
    expect(proxy.requests - before).toBe(1);
    expect((await counter('gateway_subgraph_fetches_deduplicated_total')) - deduplicatedBefore).toBe(1);
  });

  it('are shared by the public too, apart from any signed-in caller', async () => {
    const PUBLIC = `{ incidents(first: 1) { totalCount } }`;
    const before = proxy.requests;
    const [anonymous, again, signedIn] = await Promise.all([ask(PUBLIC), ask(PUBLIC), ask(PUBLIC, first.token)]);
    expect({ data: anonymous.data, errors: anonymous.errors }).toEqual({ data: again.data, errors: again.errors });
    expect(signedIn.data?.incidents.totalCount).toBe(1);
    expect(anonymous.data?.incidents ?? null).not.toEqual(signedIn.data?.incidents);
    expect(proxy.requests - before).toBe(2);
  });

  it('differing in variables are each sent', async () => {
    const PAGE = `query ($first: Int!) { incidents(first: $first) { edges { node { id } } } }`;
    const before = proxy.requests;
    const [one, two] = await Promise.all([
      ask(PAGE, graph().tokens.thaicert, { first: 1 }),
      ask(PAGE, graph().tokens.thaicert, { first: 2 }),
    ]);
    expect(one.data?.incidents.edges).toHaveLength(1);
    expect(two.data?.incidents.edges).toHaveLength(2);
    expect(proxy.requests - before).toBe(2);
  });
});

describe('with SHARE_IDENTICAL_READS=false', () => {
  it('identical reads in flight together are each sent', async () => {
    const unshared = await graph().gateway({ INCIDENTS_URL: proxy.url, SHARE_IDENTICAL_READS: 'false' });
    const before = proxy.requests;
    const answers = await Promise.all(Array.from({ length: 3 }, () => graphqlRequest(unshared.url, OWN_INCIDENTS, { token: first.token })));
    for (const res of answers) expect(organizationsIn(res)).toEqual(new Set([first.id]));
    expect(proxy.requests - before).toBe(3);
  });
});

describe('identical mutations in flight together', () => {
  it('are each carried out', async () => {
    const incident = (await ask(OWN_INCIDENTS, first.token)).data!.incidents.edges[0].node.id as string;
    const COMMENT = `mutation ($incidentId: ID!, $text: String!) { addIncidentComment(incidentId: $incidentId, text: $text) { id } }`;
    const variables = { incidentId: incident, text: 'โปรดส่งรายงานฉบับเต็ม' };
    const before = proxy.requests;
    const sharedBefore = await counter('gateway_operations_shared_total');
    const made = await Promise.all(Array.from({ length: 3 }, () => ask(COMMENT, graph().tokens.thaicert, variables)));
    expect(new Set(made.map((res) => res.data?.addIncidentComment.id)).size).toBe(3);
    expect(proxy.requests - before).toBe(3);
    expect(await counter('gateway_operations_shared_total')).toBe(sharedBefore);
  });
});
