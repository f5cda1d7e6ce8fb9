import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createTestDatabase, type TestDatabase } from './database.js';
import { startGraph, type TestGraph } from './graph.js';
import { minimalReport, newOrganization, notified, type TestOrganization } from './incidents.js';
import { connect, streamHead, type Received } from './ws-client.js';

/**
 * The README's backup and restore procedure, run: a running graph's database dumped with pg_dump
 * (custom format, one consistent snapshot of every subgraph's schema), restored with pg_restore
 * into a fresh database, and the graph started on it. Subscribers resume by afterSequence and get
 * each event once — the outbox and its sequence come back as they were — and the statistics
 * subgraph resumes from its restored feed checkpoint, applying nothing twice.
 *
 * pg_dump must be at least the server's major version: Debian's postgresql-client (.ci/run
 * installs it) matches the machine's server; the embedded PostgreSQL (18) ships no pg_dump, so
 * on that path the test says so and skips.
 */

const EVENTS = `subscription ($after: Int) { incidentEvents(afterSequence: $after) { sequence type incident { id } } }`;

function clientMajor(tool: string): number | undefined {
  const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? Number(/(\d+)(\.\d+)?/.exec(result.stdout)?.[1]) : undefined;
}

async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Math.floor(Number((await client.query('show server_version_num')).rows[0].server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

async function sql<T = Record<string, any>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const server = inject('postgresUrl');
const dumpMajor = clientMajor('pg_dump');
const major = await serverMajor(server);
const canDump = dumpMajor !== undefined && dumpMajor >= major && clientMajor('pg_restore') === dumpMajor;
if (!canDump) {
  console.warn(
    `test/deploy-backup.test.ts: pg_dump ${dumpMajor ?? 'is not installed'} cannot dump this PostgreSQL ${major} ` +
      '(the embedded server ships none; Debian’s postgresql-client matches the machine’s server): the restore test is skipped',
  );
}
// Against the machine's server (.ci/run's second pass) the tools must be there.
if (process.env.REQUIRE_DEPLOY_TOOLS === 'true' && process.env.DATABASE_URL && !canDump) {
  throw new Error(`pg_dump/pg_restore for PostgreSQL ${major} are required here (apt-get install postgresql-client)`);
}

describe.runIf(canDump)('a dump restored into a fresh database', () => {
  let original: TestGraph;
  let restored: TestGraph | undefined;
  let fresh: TestDatabase;
  let organization: TestOrganization;
  let dir: string;
  let before: number;
  const beforeDump: { ids: string[]; sequences: number[]; checkpoint: number; facts: number } = {
    ids: [],
    sequences: [],
    checkpoint: 0,
    facts: 0,
  };

  const checkpoint = async (url: string) =>
    Number((await sql(url, `select sequence from statistics.feed_checkpoint where feed = 'incidents'`))[0]?.sequence ?? 0);
  const facts = async (url: string) => Number((await sql(url, 'select count(*)::int as n from statistics.incident_fact'))[0]!.n);
  const incidentsHead = async (url: string) => Number((await sql(url, 'select value from incidents.outbox_sequence'))[0]!.value);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ncsa-graph-backup-'));
    original = await startGraph();
    organization = await newOrganization(original);
    before = await streamHead(original.gatewayUrl, 'incidentEvents', original.tokens.ncsa);
    for (let i = 0; i < 2; i++) beforeDump.ids.push((await notified(original, organization, minimalReport())).id);
    const head = await incidentsHead(original.databaseUrl);
    await until(async () => (await checkpoint(original.databaseUrl)) >= head, 'statistics to apply every incident event');
    beforeDump.checkpoint = await checkpoint(original.databaseUrl);
    beforeDump.facts = await facts(original.databaseUrl);

    // The backup, while the graph runs: pg_dump reads one snapshot (README, Backups).
    const dump = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--file', join(dir, 'graph.dump'), original.databaseUrl], {
      encoding: 'utf8',
    });
    expect(dump.stderr).toBe('');
    expect(dump.status).toBe(0);
    await original.close();

    fresh = await createTestDatabase();
    const restore = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', fresh.url, join(dir, 'graph.dump')], {
      encoding: 'utf8',
    });
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    restored = await startGraph({ DATABASE_URL: fresh.url });
  }, 180_000);
  afterAll(async () => {
    await restored?.close();
    await fresh?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the outbox and its sequence: a subscriber resuming by afterSequence gets each event once, then new ones numbered on', async () => {
    const graph = restored!;
    const ws = connect(graph.gatewayUrl, graph.tokens.ncsa);
    try {
      const sub = ws.subscribe(EVENTS, { after: before });
      const replayed = await sub.waitFor(2);
      expect(replayed.map((r: Received) => r.data?.incidentEvents.incident.id)).toEqual(beforeDump.ids);
      const sequences = replayed.map((r: Received) => r.data?.incidentEvents.sequence as number);
      expect(sequences).toEqual([before + 1, before + 2]);
      const next = await notified(graph, organization, minimalReport());
      const all = await sub.waitFor(3);
      expect(all).toHaveLength(3);
      expect(all[2]!.data?.incidentEvents).toMatchObject({ sequence: before + 3, incident: { id: next.id } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sub.received).toHaveLength(3); // nothing replayed twice
    } finally {
      await ws.dispose();
    }
  });

  it('refuses, rather than silently skips, a resume past what the restored outbox holds', async () => {
    const graph = restored!;
    const head = await incidentsHead(fresh.url);
    const ws = connect(graph.gatewayUrl, graph.tokens.ncsa);
    try {
      const sub = ws.subscribe(EVENTS, { after: head + 50 });
      const [answer] = await sub.waitFor(1);
      expect(answer!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', headSequence: head });
    } finally {
      await ws.dispose();
    }
  });

  it('resumes the statistics read model from its restored checkpoint, applying nothing twice', async () => {
    const head = await incidentsHead(fresh.url);
    await until(async () => (await checkpoint(fresh.url)) >= head, 'statistics to apply the event after the restore');
    expect(await facts(fresh.url)).toBe(beforeDump.facts + 1);
    expect(await checkpoint(fresh.url)).toBe(head);
    expect(head).toBeGreaterThan(beforeDump.checkpoint);
  });
});

/** The README's SQL that moves every outbox's counter on after a restore to an earlier point in time. */
function readmeAdvanceSql(): string {
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Backups and restore'));
  return /```sql\n([\s\S]*?)```/.exec(section)![1]!.replace(/^ {2}/gm, '');
}

describe.runIf(canDump)('a restore to an earlier point, the outbox counters moved on as the README says', () => {
  let original: TestGraph;
  let restored: TestGraph | undefined;
  let fresh: TestDatabase;
  let organization: TestOrganization;
  let dir: string;
  let lost: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ncsa-graph-pitr-'));
    original = await startGraph();
    organization = await newOrganization(original);
    await notified(original, organization, minimalReport());
    const dump = spawnSync('pg_dump', ['--format=custom', '--no-owner', '--file', join(dir, 'graph.dump'), original.databaseUrl], {
      encoding: 'utf8',
    });
    expect(dump.status, dump.stderr).toBe(0);
    // Committed after the backup, and seen by a subscriber: the restore loses it.
    await notified(original, organization, minimalReport());
    lost = await streamHead(original.gatewayUrl, 'incidentEvents', original.tokens.ncsa);
    await original.close();
    fresh = await createTestDatabase();
    const restore = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', fresh.url, join(dir, 'graph.dump')], {
      encoding: 'utf8',
    });
    expect(restore.status, restore.stderr).toBe(0);
    await sql(fresh.url, readmeAdvanceSql());
    restored = await startGraph({ DATABASE_URL: fresh.url });
  }, 180_000);
  afterAll(async () => {
    await restored?.close();
    await fresh?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('numbers new events past anything handed out before, so a subscriber that saw the lost event misses nothing new', async () => {
    const graph = restored!;
    const next = await notified(graph, organization, minimalReport());
    const ws = connect(graph.gatewayUrl, graph.tokens.ncsa);
    try {
      const sub = ws.subscribe(EVENTS, { after: lost });
      const [first] = await sub.waitFor(1);
      expect(first!.errors).toBeUndefined();
      expect(first!.data?.incidentEvents.incident.id).toBe(next.id);
      expect(first!.data?.incidentEvents.sequence).toBeGreaterThan(lost + 999_000);
    } finally {
      await ws.dispose();
    }
    // Statistics follows across the gap from its restored checkpoint.
    const head = Number((await sql(fresh.url, 'select max(sequence) as max from incidents.outbox_event'))[0]!.max);
    await until(
      async () =>
        Number((await sql(fresh.url, `select sequence from statistics.feed_checkpoint where feed = 'incidents'`))[0]?.sequence) >= head,
      'statistics to apply the event past the gap',
    );
  });
});
