import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../scripts/embedded-postgres.js';
import { startGraph, type TestGraph } from '../graph.js';
import { errorCodes } from '../graphql-client.js';
import { minimalReport, newOrganization, type TestOrganization } from '../incidents.js';
import { connect } from '../ws-client.js';

/**
 * PostgreSQL itself restarted while an organization files notifications and ThaiCERT watches
 * them live: on a cluster of this test's own, so nothing else is disturbed.
 */
const cleanup = new CleanupStack();
let cluster: { dataDir: string; port: number; database?: EmbeddedDatabase };
let graph: TestGraph;

const startCluster = async () => {
  cluster.database = await startEmbeddedPostgres({ dataDir: cluster.dataDir, port: cluster.port, database: 'restart' });
  return cluster.database.url;
};

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'pg-restart-'));
  await chmod(folder, 0o755); // as root, initdb runs as the postgres user
  cleanup.defer(() => rm(folder, { recursive: true, force: true }));
  cluster = { dataDir: join(folder, 'postgres'), port: await freePort() };
  const url = await startCluster();
  cleanup.defer(() => cluster.database?.stop());
  graph = await startGraph({ DATABASE_URL: url, SUBGRAPH_BREAKER_RESET_MS: '200' }, { subgraphs: ['organizations', 'incidents'] });
  cleanup.defer(() => graph.close());
}, 120_000);
afterAll(() => cleanup.run());

const NOTIFY = `mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id } }`;
const EVENTS = `subscription { incidentEvents { sequence type incident { id } } }`;

describe('PostgreSQL restarted during a stream of report submissions', () => {
  it('keeps every acknowledged report, refuses the rest clearly, lets them be retried safely, and streams every committed event', async () => {
    const organization: TestOrganization = await newOrganization(graph);
    const ws = connect(graph.gatewayUrl, graph.tokens.thaicert);
    cleanup.defer(ws.dispose);
    const live = ws.subscribe(EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const submit = (key: string) =>
      graph.query(NOTIFY, {
        token: organization.token,
        variables: { input: { organizationId: organization.id, idempotencyKey: key, report: minimalReport() } },
      });
    const acknowledged = new Map<string, string>();
    const refused = new Map<string, string[]>();
    const keys = Array.from({ length: 40 }, () => randomUUID());

    let restart: Promise<void> | undefined;
    for (const [i, key] of keys.entries()) {
      if (i === 12) {
        // Stops PostgreSQL (fast shutdown: connections are cut) and starts it again 1.5 s later.
        restart = cluster.database!.stop().then(async () => {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await startCluster();
        });
      }
      const res = await submit(key);
      if (res.data?.notifyIncident) acknowledged.set(key, res.data.notifyIncident.id);
      else refused.set(key, errorCodes(res) as string[]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await restart;

    expect(refused.size).toBeGreaterThan(0);
    for (const codes of refused.values()) expect(codes).toEqual(['SERVICE_UNAVAILABLE']);

    // Retried with the same idempotency key, each refused report is recorded exactly once.
    for (const key of refused.keys()) {
      for (let attempt = 0; ; attempt++) {
        const res = await submit(key);
        if (res.data?.notifyIncident) {
          acknowledged.set(key, res.data.notifyIncident.id);
          break;
        }
        expect(attempt).toBeLessThan(100);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const stored = await graph.query(
      `query ($o: ID!) { incidents(first: 100, filter: { organizationId: $o }) { totalCount edges { node { id } } } }`,
      {
        token: graph.tokens.thaicert,
        variables: { o: organization.id },
      },
    );
    const storedIds = (stored.data!.incidents.edges as { node: { id: string } }[]).map((e) => e.node.id).sort();
    expect(stored.data!.incidents.totalCount).toBe(keys.length);
    expect(storedIds).toEqual([...new Set(acknowledged.values())].sort());

    // Every committed notification reached the live subscriber, once.
    const notifiedLive = async () =>
      live.received.filter((r) => r.data?.incidentEvents?.type === 'NOTIFIED').map((r) => r.data!.incidentEvents.incident.id as string);
    const deadline = Date.now() + 15_000;
    while ((await notifiedLive()).filter((id) => storedIds.includes(id)).length < storedIds.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const mine = (await notifiedLive()).filter((id) => storedIds.includes(id));
    expect(mine.sort()).toEqual(storedIds);
    const sequences = live.received.map((r) => r.data?.incidentEvents?.sequence as number);
    expect(new Set(sequences).size).toBe(sequences.length);
  }, 120_000);
});
