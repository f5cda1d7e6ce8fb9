import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import type { TestProject } from 'vitest/node';

import { startEmbeddedPostgres } from '../scripts/embedded-postgres.js';
import { compiledProjectFolder } from './service-process.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server the tests may create databases on (its maintenance database URL). */
    postgresUrl: string;
    /**
     * How this run's shared things are named (test/database.ts `sharedDatabase`, `underRunLock`;
     * test/service-process.ts `compiledProject`): removed when it ends.
     */
    sharedDatabasePrefix: string;
  }
}

/** Drops the run's shared databases (e.g. the seeded template test graphs copy) from the server at `serverUrl`. */
async function dropShared(serverUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const shared = await client.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [
      `${prefix}_`,
    ]);
    for (const { datname } of shared.rows) await client.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await client.end();
  }
}

/**
 * One PostgreSQL server for the whole run: the one at DATABASE_URL when set (CI runs both),
 * otherwise a throw-away embedded one. Each test file then creates its own database on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Runs at once on the same server (CI's, a developer's) keep their shared databases apart.
  const prefix = `test_shared_${process.pid}`;
  project.provide('sharedDatabasePrefix', prefix);
  const removeCompiled = () => rm(compiledProjectFolder(prefix), { recursive: true, force: true });
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    project.provide('postgresUrl', external);
    return async () => {
      await dropShared(external, prefix);
      await removeCompiled();
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'ncsa-graph-test-pg-'));
  await chmod(dataDir, 0o755); // as root, the cluster belongs to the `postgres` user, who must reach it
  const database = await startEmbeddedPostgres({ dataDir: join(dataDir, 'cluster'), database: 'postgres' });
  project.provide('postgresUrl', database.url);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
    await removeCompiled();
  };
}
