import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWholeGraph, type WholeGraph } from '../../scripts/whole-graph.js';
import { DEMO_ORGANIZATIONS } from '../../subgraphs/organizations/src/demo-data/demo-registry.js';
import { graphqlRequest } from '../graphql-client.js';
import { TEST_IDENTITY_SECRET, TEST_JWT_SECRET } from '../graph.js';

let folder: string;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ncsa-graph-start-'));
  await chmod(folder, 0o755); // as root, the embedded cluster belongs to the `postgres` user
  env = {
    DATABASE_URL: undefined, // the default path: embedded PostgreSQL
    EMBEDDED_POSTGRES_DIR: join(folder, 'postgres'),
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    ORGANIZATIONS_PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    INTERNAL_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    LOG_LEVEL: 'silent',
  };
});
afterAll(() => rm(folder, { recursive: true, force: true }));

const ORGANIZATION_COUNT = '{ organizations(first: 1) { totalCount } }';

describe('npm start (the whole graph from one command)', () => {
  let graph: WholeGraph | undefined;
  afterAll(() => graph?.close());

  it('starts embedded PostgreSQL, migrates, loads demo data and prints a working token per role', async () => {
    graph = await startWholeGraph(env);
    expect(graph.demoTokens.map((t) => t.caller.role).sort()).toEqual(['NCSA', 'ORGANIZATION', 'REGULATOR', 'THAICERT']);
    for (const { caller, token } of graph.demoTokens) {
      const res = await graphqlRequest(graph.gatewayUrl, '{ me { role } }', { token });
      expect(res.data?.me.role).toBe(caller.role);
    }
    const ncsa = graph.demoTokens.find((t) => t.caller.role === 'NCSA')!.token;
    const count = await graphqlRequest(graph.gatewayUrl, ORGANIZATION_COUNT, { token: ncsa });
    expect(count.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.length);
    const added = await graphqlRequest(
      graph.gatewayUrl,
      'mutation { registerOrganization(input: { nameTh: "กรมทดสอบการเริ่มใหม่", nameEn: "Restart Test Department", kind: GOVERNMENT_AGENCY }) { id } }',
      { token: ncsa },
    );
    expect(added.errors).toBeUndefined();
    await graph.close();
    graph = undefined;
  });

  it('keeps its data across a restart and loads the demo data only once', async () => {
    graph = await startWholeGraph(env);
    const ncsa = graph.demoTokens.find((t) => t.caller.role === 'NCSA')!.token;
    const count = await graphqlRequest(graph.gatewayUrl, ORGANIZATION_COUNT, { token: ncsa });
    expect(count.data?.organizations.totalCount).toBe(DEMO_ORGANIZATIONS.length + 1);
  });
});
