import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A fresh database on the test server, so test files never see each other's rows: empty, or a
 * copy of the database `template` (see `sharedDatabase`).
 */
export async function createTestDatabase({ template }: { template?: string } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await onServer((client) => client.query(`create database ${name}${template ? ` template ${template}` : ''}`));
  return {
    url: databaseUrl(name),
    drop: () => onServer((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/**
 * Runs `work` holding the run's lock `key` (a PostgreSQL advisory lock on the test server, so it
 * holds across test files and workers): what the first caller builds, the others wait for.
 */
export async function underRunLock<T>(key: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return onServer(async (client) => {
    await client.query('select pg_advisory_lock(hashtext($1))', [`${inject('sharedDatabasePrefix')}_${key}`]); // released as the session ends
    return work(client);
  });
}

/**
 * The run's database `key` (named by global-setup.ts, which drops it), made by `build` from empty
 * by the first test file to ask for it; the others wait for it, and never see it half-built.
 */
export async function sharedDatabase(key: string, build: (url: string) => Promise<void>): Promise<string> {
  const name = `${inject('sharedDatabasePrefix')}_${key}`;
  await underRunLock(key, async (client) => {
    if ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount) return;
    await client.query(`create database ${name}`);
    await build(databaseUrl(name)).catch(async (error: unknown) => {
      await client.query(`drop database if exists ${name} with (force)`);
      throw error;
    });
  });
  return name;
}
