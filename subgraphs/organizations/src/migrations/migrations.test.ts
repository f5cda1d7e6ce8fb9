import { MikroORM } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';

import { createLogger } from '../../../../platform/logger.js';
import { createTestDatabase } from '../../../../test/database.js';
import { describeMigrations } from '../../../../test/migrations.js';
import { applyMigrations } from '../../../kit/database.js';
import { ormOptions, SCHEMA } from '../mikro-orm.config.js';
import { migrations } from './index.js';

describeMigrations(SCHEMA, ormOptions, migrations);

describe('organizations reference data', () => {
  it('the migrations load the CII sectors of the Act', async () => {
    const database = await createTestDatabase();
    const orm = await MikroORM.init(ormOptions(database.url, 2, createLogger('sectors-test', 'silent')));
    try {
      await applyMigrations(orm);
      const sectors = await orm.em.getConnection().execute<{ id: string }[]>('select id from organizations.sector order by id');
      expect(sectors.map((row) => row.id)).toEqual([
        'BANKING_FINANCE',
        'ENERGY_UTILITIES',
        'IT_TELECOM',
        'NATIONAL_SECURITY',
        'OTHER',
        'PUBLIC_HEALTH',
        'PUBLIC_SERVICES',
        'TRANSPORT_LOGISTICS',
      ]);
    } finally {
      await orm.close();
      await database.drop();
    }
  });
});
