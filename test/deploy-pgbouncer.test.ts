import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { freePort } from '../scripts/embedded-postgres.js';
import { migrateSubgraphs } from '../scripts/migrate.js';
import { readSubgraphConfig } from '../subgraphs/kit/subgraph-runtime.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { demo, startGraph, type TestGraph } from './graph.js';
import { minimalReport, newOrganization, notified } from './incidents.js';
import { connect, streamHead } from './ws-client.js';

/**
 * The graph behind PgBouncer in transaction mode, as deploy/kubernetes runs it: the pools
 * (DATABASE_URL) through PgBouncer, which hands each transaction to any server connection, and
 * what needs a session of its own — the outbox listener's LISTEN, the migrations' advisory lock —
 * straight to PostgreSQL (DATABASE_LISTEN_URL). Debian's pgbouncer (.ci/run installs it).
 */

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((path) => spawnSync(path, ['--version']).status === 0);

describe('DATABASE_LISTEN_URL', () => {
  const DATABASE_URL = 'postgres://ncsa:pooled@pgbouncer:6432/ncsa_graph';
  it('is DATABASE_URL unless set: without a pooler both are the same connection', () => {
    expect(readSubgraphConfig({ DATABASE_URL }, 'incidents').databaseListenUrl).toBe(DATABASE_URL);
    expect(readSubgraphConfig({ DATABASE_URL, DATABASE_LISTEN_URL: ' ' }, 'incidents').databaseListenUrl).toBe(DATABASE_URL);
  });

  it('is read as given otherwise, and refused in production with a published password, naming itself', () => {
    const direct = 'postgres://ncsa:direct@postgresql:5432/ncsa_graph';
    expect(readSubgraphConfig({ DATABASE_URL, DATABASE_LISTEN_URL: direct }, 'incidents')).toMatchObject({
      databaseUrl: DATABASE_URL,
      databaseListenUrl: direct,
    });
    const production = {
      NODE_ENV: 'production',
      INTERNAL_IDENTITY_SECRET: 'a-production-identity-secret-of-at-least-32-bytes',
      DATABASE_URL,
    };
    const published = publishedDatabasePassword();
    expect(() =>
      readSubgraphConfig({ ...production, DATABASE_LISTEN_URL: `postgres://ncsa:${published}@postgresql:5432/ncsa_graph` }, 'incidents'),
    ).toThrow(/DATABASE_LISTEN_URL's password/);
  });
});

/** The database password docker-compose.dev.env publishes, which production refuses. */
function publishedDatabasePassword(): string {
  const text = readFileSync(join(import.meta.dirname, '..', 'docker-compose.dev.env'), 'utf8');
  return /^POSTGRES_PASSWORD=(.*)$/m.exec(text)![1]!.trim();
}

describe('migrations alone (scripts/migrate.ts, the Kubernetes migration Job)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("applies every subgraph's migrations once, and nothing the second time", async () => {
    const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/unused', DATABASE_LISTEN_URL: database.url, LOG_LEVEL: 'silent' };
    const first = await migrateSubgraphs(env);
    expect(Object.keys(first)).toEqual(SUBGRAPHS.map((s) => s.name));
    for (const count of Object.values(first)) expect(count).toBeGreaterThan(0);
    const again = await migrateSubgraphs(env);
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
    await expect(migrateSubgraphs(env, ['nosuch'])).rejects.toThrow(/no such subgraph: nosuch/);
  });
});

/** PgBouncer on a free port in front of the tests' PostgreSQL server, in transaction mode. */
async function startPgBouncer(
  serverUrl: string,
): Promise<{ port: number; stats(database: string): Promise<number>; stop(): Promise<void> }> {
  const server = new URL(serverUrl);
  const dir = await mkdtemp(join(tmpdir(), 'ncsa-graph-pgbouncer-'));
  await chmod(dir, 0o755); // as root, pgbouncer runs as `postgres` (it refuses root) and must read its configuration
  const port = await freePort();
  const user = decodeURIComponent(server.username || 'postgres');
  const password = decodeURIComponent(server.password);
  const config = [
    '[databases]',
    `* = host=${server.hostname} port=${server.port || 5432} user=${user}${password ? ` password=${password}` : ''}`,
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    // Loopback only, for a test: any client name is accepted and logs in as the server user above.
    'auth_type = any',
    'pool_mode = transaction',
    'default_pool_size = 10',
    'max_client_conn = 500',
    'unix_socket_dir =',
    `admin_users = ${user}`,
    'ignore_startup_parameters = extra_float_digits,options',
    `logfile = ${join(dir, 'pgbouncer.log')}`,
  ].join('\n');
  await writeFile(join(dir, 'pgbouncer.ini'), `${config}\n`, { mode: 0o644 });
  await chmod(join(dir, 'pgbouncer.ini'), 0o644);
  await writeFile(join(dir, 'pgbouncer.log'), '', { mode: 0o666 });
  await chmod(join(dir, 'pgbouncer.log'), 0o666);
  const args = [...(process.getuid?.() === 0 ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')];
  const child: ChildProcess = spawn(PGBOUNCER!, args, { stdio: 'ignore' });
  const url = (database: string) => `postgres://${user}@127.0.0.1:${port}/${database}`;
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url('pgbouncer') });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      if (attempt > 50)
        throw new Error(`pgbouncer did not start: ${(error as Error).message}\n${await readFile(join(dir, 'pgbouncer.log'), 'utf8')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    port,
    /** Transactions PgBouncer has passed on for `database`. */
    stats: async (database) => {
      const client = new pg.Client({ connectionString: url('pgbouncer') });
      await client.connect();
      try {
        // The admin console speaks the simple query protocol only.
        const result = await client.query({ text: 'show stats', queryMode: 'simple' } as pg.QueryConfig);
        return Number(result.rows.find((row) => row.database === database)?.total_xact_count ?? 0);
      } finally {
        await client.end();
      }
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const DASHBOARD = `query ($regulatorId: ID!) {
  incidents(first: 10, filter: { regulatorId: $regulatorId, open: true }) {
    totalCount
    edges { node { id status organization { id nameEn sector { nameEn } } } }
  }
}`;

const EVENTS = `subscription ($after: Int) { incidentEvents(afterSequence: $after) {
  sequence type incident { id organization { nameEn } }
} }`;

// .ci/run installs pgbouncer and sets REQUIRE_DEPLOY_TOOLS: there a missing one fails; elsewhere the file says why it skipped.
const runs = PGBOUNCER !== undefined || process.env.REQUIRE_DEPLOY_TOOLS === 'true';
if (!runs)
  console.warn('test/deploy-pgbouncer.test.ts: pgbouncer is not installed (apt-get install pgbouncer): the PgBouncer run is skipped');

describe.runIf(runs)('the federation scenario through PgBouncer (transaction mode)', () => {
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>>;
  let database: TestDatabase;
  let graph: TestGraph;
  let databaseName: string;

  beforeAll(async () => {
    expect(PGBOUNCER, 'pgbouncer is installed (.ci/run installs Debian’s)').toBeDefined();
    bouncer = await startPgBouncer(inject('postgresUrl'));
    database = await createTestDatabase();
    databaseName = new URL(database.url).pathname.slice(1);
    const pooled = new URL(database.url);
    pooled.host = `127.0.0.1:${bouncer.port}`;
    pooled.password = '';
    // Migrations at start too (MIGRATE_ON_START), their lock on the direct connection, the migrator through the pooler.
    graph = await startGraph({ DATABASE_URL: pooled.toString(), DATABASE_LISTEN_URL: database.url });
  }, 180_000);
  afterAll(async () => {
    await graph?.close();
    await database?.drop();
    await bouncer?.stop();
  });

  it('serves a regulator’s dashboard across subgraphs, writes included, every transaction through PgBouncer', async () => {
    const before = await bouncer.stats(databaseName);
    const organization = await newOrganization(graph);
    for (let i = 0; i < 3; i++) await notified(graph, organization, minimalReport());
    const res = await graph.query(DASHBOARD, { token: graph.tokens.regulator, variables: { regulatorId: demo.regulatorId } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.incidents.totalCount).toBeGreaterThanOrEqual(3);
    expect(res.data!.incidents.edges[0].node.organization.sector.nameEn).toMatch(/\S/);
    expect(await bouncer.stats(databaseName)).toBeGreaterThan(before + 3);
  });

  it('streams committed events to a subscriber: the listener LISTENs on its direct connection', async () => {
    const organization = await newOrganization(graph);
    const after = await streamHead(graph.gatewayUrl, 'incidentEvents', graph.tokens.ncsa);
    const ws = connect(graph.gatewayUrl, graph.tokens.ncsa);
    try {
      const sub = ws.subscribe(EVENTS, { after });
      const first = await notified(graph, organization, minimalReport());
      const second = await notified(graph, organization, minimalReport());
      const received = await sub.waitFor(2);
      expect(received.map((r) => r.errors)).toEqual([undefined, undefined]);
      expect(received.map((r) => r.data!.incidentEvents.incident.id)).toEqual([first.id, second.id]);
      // Live, not only caught up: the listener's own session shows in pg_stat_activity as LISTENing on the server.
      const direct = new pg.Client({ connectionString: database.url });
      await direct.connect();
      try {
        const listening = await direct.query(
          `select count(*)::int as n from pg_stat_activity where datname = $1 and query like 'listen %'`,
          [databaseName],
        );
        expect(listening.rows[0].n).toBeGreaterThanOrEqual(1);
      } finally {
        await direct.end();
      }
    } finally {
      await ws.dispose();
    }
  });
});
