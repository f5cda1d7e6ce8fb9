import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { TestProject } from 'vitest/node';

import { startEmbeddedPostgres } from '../scripts/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server the tests may create databases on (its maintenance database URL). */
    postgresUrl: string;
  }
}

/**
 * One PostgreSQL server for the whole run: the one at DATABASE_URL when set (CI runs both),
 * otherwise a throw-away embedded one. Each test file then creates its own database on it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL?.trim();
  if (external) {
    project.provide('postgresUrl', external);
    return async () => {};
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'ncsa-graph-test-pg-'));
  await chmod(dataDir, 0o755); // as root, the cluster belongs to the `postgres` user, who must reach it
  const database = await startEmbeddedPostgres({ dataDir: join(dataDir, 'cluster'), database: 'postgres' });
  project.provide('postgresUrl', database.url);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
