import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { start as startGateway } from '../../gateway/src/server.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import { SUBGRAPHS } from '../../subgraphs/registry.js';
import { useGraph } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';

const graph = useGraph();
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

/** Every service of the graph, as the test graph names them. */
const SERVICES = ['gateway', ...SUBGRAPHS.map((s) => s.name)];
const publicBase = (service: string) =>
  (service === 'gateway' ? graph().gatewayUrl : graph().subgraphUrls[service]!).replace(/\/graphql$/, '');
const metricsOf = async (service: string) => (await fetch(`${graph().adminUrl(service)}/metrics`)).text();

describe('admin endpoints', () => {
  it.each(SERVICES)('%s serves /ready and /metrics on its admin port only, and /health on both', async (service) => {
    const admin = graph().adminUrl(service);
    expect(new URL(admin).port).not.toBe(new URL(publicBase(service)).port);
    for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(`${admin}${path}`)).status, `admin ${path}`).toBe(200);
    expect(await (await fetch(`${admin}/metrics`)).text()).toMatch(/^process_resident_memory_bytes/m);
    expect((await fetch(`${publicBase(service)}/health`)).status).toBe(200);
    for (const path of ['/ready', '/metrics']) expect((await fetch(`${publicBase(service)}${path}`)).status, `public ${path}`).toBe(404);
  });
});

describe('observability', () => {
  it('counts and times operations per name and outcome, errors per code, and fetches per subgraph', async () => {
    const g = graph();
    expect((await g.query('query DirectoryOfSectors { sectors { id } }', { token: g.tokens.ncsa })).errors).toBeUndefined();
    await g.query('query BrokenOne { incident(id: "not-an-id") { id } }', { token: g.tokens.thaicert });
    const gateway = await metricsOf('gateway');
    expect(gateway).toMatch(/graphql_operations_total\{[^}]*operation="DirectoryOfSectors"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(gateway).toMatch(/graphql_errors_total\{[^}]*operation="BrokenOne"[^}]*code="BAD_USER_INPUT"[^}]*\} [1-9]/);
    expect(gateway).toMatch(/graphql_operation_duration_seconds_bucket\{[^}]*operation="DirectoryOfSectors"/);
    expect(gateway).toMatch(/gateway_subgraph_fetches_total\{[^}]*subgraph="organizations"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(gateway).toMatch(/gateway_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="organizations"/);
    expect(gateway).toMatch(/^graphql_subscriptions_active/m);
    const organizations = await metricsOf('organizations');
    expect(organizations).toMatch(/graphql_operations_total\{[^}]*outcome="ok"/);
  });

  it.each(SERVICES)('%s makes no metric label of an operation name sent by the public', async (service) => {
    const g = graph();
    const names = Array.from({ length: 5 }, () => `Public_${randomUUID().replaceAll('-', '')}`);
    const url = service === 'gateway' ? g.gatewayUrl : g.subgraphUrls[service]!;
    for (const name of names) expect((await graphqlRequest(url, `query ${name} { __typename }`)).errors).toBeUndefined();
    const metrics = await metricsOf(service);
    for (const name of names) expect(metrics).not.toContain(name);
    expect(metrics).toMatch(/graphql_operations_total\{[^}]*operation="\(other\)"/);
  });

  it('makes a metric label of a registered (safelisted) operation name whoever sends it', async () => {
    const registered = 'query PublicSectorDirectory { sectors { id } }';
    const folder = await mkdtemp(join(tmpdir(), 'labels-'));
    cleanup.defer(() => rm(folder, { recursive: true, force: true }));
    const manifest = join(folder, 'operations.json');
    const id = createHash('sha256').update(registered).digest('hex');
    await writeFile(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id, name: 'PublicSectorDirectory', type: 'query', body: registered }],
      }),
    );
    const gateway = await startGateway(readGatewayConfig({ ...graph().env, OPERATION_SAFELIST: manifest }));
    cleanup.defer(gateway.close);
    expect((await graphqlRequest(gateway.url, registered)).errors).toBeUndefined();
    await graphqlRequest(gateway.url, 'query UnregisteredName { sectors { id } }');
    const metrics = await (await fetch(`${gateway.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/graphql_operations_total\{[^}]*operation="PublicSectorDirectory"[^}]*outcome="ok"[^}]*\} 1/);
    expect(metrics).not.toContain('UnregisteredName');
  });

  it('shows how far events and feeds have got: outbox lag where produced, progress where consumed', async () => {
    const incidents = await metricsOf('incidents');
    expect(incidents).toMatch(/^outbox_lag_events\{[^}]*\} \d+/m);
    const statistics = await metricsOf('statistics');
    expect(statistics).toMatch(/feed_applied_sequence\{[^}]*feed="incidents"[^}]*\} [1-9]/);
    expect(statistics).toMatch(/feed_caught_up_timestamp_seconds\{[^}]*feed="organizations"/);
  });
});
