import type { MigrationObject } from '@mikro-orm/core';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger, type Logger } from '../platform/logger.js';
import { applyMigrations } from '../subgraphs/kit/database.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** The checks every subgraph's migrations must pass, on a fresh database. */
export function describeMigrations(
  schema: string,
  ormOptions: (databaseUrl: string, poolSize: number, logger: Logger) => Options,
  migrations: MigrationObject[],
): void {
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await MikroORM.init(ormOptions(database.url, 2, createLogger(`${schema}-migrations-test`, 'silent')));
  });
  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  describe(`${schema} migrations`, () => {
    it('build exactly the schema the entities describe (nothing left for an auto-sync to do)', async () => {
      await applyMigrations(orm);
      const drift = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(drift.trim()).toBe('');
    });

    it('can be applied again, and concurrently, without effect', async () => {
      await Promise.all([applyMigrations(orm), applyMigrations(orm)]);
      const applied = await orm.em
        .getConnection()
        .execute<{ name: string }[]>(`select name from "${schema}".mikro_orm_migrations order by id`);
      expect(applied.map((row) => row.name)).toEqual(migrations.map((m) => m.name));
    });
  });
}
