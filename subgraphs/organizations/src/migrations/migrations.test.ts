import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/database.js';
import { applyMigrations } from '../../../shared/database.js';
import { createLogger } from '../../../shared/logger.js';
import { ormOptions } from '../mikro-orm.config.js';
import { migrations } from './index.js';

let database: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(ormOptions(database.url, 2, createLogger('migrations-test', 'silent')));
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

describe('organizations migrations', () => {
  it('build exactly the schema the entities describe (nothing left for an auto-sync to do)', async () => {
    await applyMigrations(orm);
    const drift = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(drift.trim()).toBe('');
  });

  it('can be applied again, and concurrently, without effect', async () => {
    await Promise.all([applyMigrations(orm), applyMigrations(orm)]);
    const applied = await orm.em.getConnection().execute<{ name: string }[]>('select name from organizations.mikro_orm_migrations');
    expect(applied.map((row) => row.name)).toEqual(migrations.map((m) => m.name));
  });

  it('load the CII sectors of the Act', async () => {
    const sectors = await orm.em.getConnection().execute<{ id: string }[]>('select id from organizations.sector order by id');
    expect(sectors.map((row) => row.id)).toEqual([
      'BANKING_FINANCE', 'ENERGY_UTILITIES', 'IT_TELECOM', 'NATIONAL_SECURITY', 'OTHER', 'PUBLIC_HEALTH', 'PUBLIC_SERVICES', 'TRANSPORT_LOGISTICS',
    ]);
  });
});
