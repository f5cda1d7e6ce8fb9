import { MikroORM, type Options } from '@mikro-orm/postgresql';

/**
 * Opens a subgraph's database and applies its pending migrations. Migrations run under a
 * PostgreSQL advisory lock, so replicas starting together apply each migration once; the schema
 * is never dropped or synchronised from entities at boot.
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

export async function applyMigrations(orm: MikroORM): Promise<void> {
  const schema = orm.config.get('schema');
  if (!schema) throw new Error('every subgraph owns one PostgreSQL schema: set `schema` in its ORM config');
  const connection = orm.em.getConnection();
  // Committed before the lock is taken: the migrator creates its own table on another connection,
  // which would wait forever on a schema still uncommitted inside our transaction.
  await connection.execute(`create schema if not exists "${schema}"`).catch((error: { code?: string }) => {
    if (error.code !== '23505' && error.code !== '42P06') throw error; // created concurrently by a replica
  });
  await connection.transactional(async (trx) => {
    await connection.execute('select pg_advisory_xact_lock(hashtext(?))', [`migrations:${schema}`], 'all', trx);
    await orm.getMigrator().up({ transaction: trx });
  });
}
