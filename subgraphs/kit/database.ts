import { MikroORM, type Options } from '@mikro-orm/postgresql';
import pg from 'pg';
import { Counter, type Registry } from 'prom-client';

import { traceQueries } from '../../platform/telemetry.js';

/**
 * Opens a subgraph's database and applies its pending migrations. The schema is never dropped
 * or synchronised from entities at boot. `lockUrl`: where the migrations' advisory lock is taken
 * (`DATABASE_LISTEN_URL`), when the pool's URL is a transaction pooler that cannot hold one.
 */
export async function openDatabase(options: Options, { migrate, lockUrl }: { migrate: boolean; lockUrl?: string }): Promise<MikroORM> {
  const orm = await MikroORM.init(options);
  try {
    if (migrate) await applyMigrations(orm, lockUrl);
    return orm;
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so replicas starting together
 * apply each migration once. The lock is held on a connection of its own: waiting for it ties up
 * nothing in the ORM's pool, which the migrator itself needs. A session lock needs a session of
 * its own, so behind PgBouncer in transaction mode give `lockUrl`, a direct connection.
 */
export async function applyMigrations(orm: MikroORM, lockUrl: string = orm.config.get('clientUrl')!): Promise<void> {
  const schema = orm.config.get('schema');
  if (!schema) throw new Error('every subgraph owns one PostgreSQL schema: set `schema` in its ORM config');
  const lock = new pg.Client({ connectionString: lockUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    await lock.query(`create schema if not exists "${schema}"`);
    await orm.getMigrator().up();
  } finally {
    await lock.end(); // ending the session releases the lock, also when a migration failed
  }
}

/** Counts the SQL statements a subgraph sends: how N+1 queries show up, and what the benchmark compares. */
export function countStatements(orm: MikroORM, registry: Registry): void {
  const statements = new Counter({ name: 'db_statements_total', help: 'SQL statements sent to PostgreSQL', registers: [registry] });
  const knex = orm.em.getConnection().getKnex();
  knex.on('query', () => statements.inc());
  traceQueries(knex); // a span per statement while tracing (see platform/telemetry.ts)
}
