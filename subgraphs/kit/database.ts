import { MikroORM, type Options } from '@mikro-orm/postgresql';
import pg from 'pg';
import { Counter, type Registry } from 'prom-client';

/**
 * Opens a subgraph's database and applies its pending migrations. The schema is never dropped
 * or synchronised from entities at boot.
 */
export async function openDatabase(options: Options, { migrate }: { migrate: boolean }): Promise<MikroORM> {
  const orm = await MikroORM.init(options);
  try {
    if (migrate) await applyMigrations(orm);
    return orm;
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so replicas starting together
 * apply each migration once. The lock is held on a connection of its own: waiting for it ties up
 * nothing in the ORM's pool, which the migrator itself needs.
 */
export async function applyMigrations(orm: MikroORM): Promise<void> {
  const schema = orm.config.get('schema');
  if (!schema) throw new Error('every subgraph owns one PostgreSQL schema: set `schema` in its ORM config');
  const lock = new pg.Client({ connectionString: orm.config.get('clientUrl') });
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
  orm.em
    .getConnection()
    .getKnex()
    .on('query', () => statements.inc());
}
