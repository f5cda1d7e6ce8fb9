import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createLogger } from '../../../../platform/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/database.js';
import { applyMigrations } from '../../../kit/database.js';
import { ormOptions } from '../mikro-orm.config.js';
import { Migration20261203140000CvssBaseScore } from './Migration20261203140000CvssBaseScore.js';

let database: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(ormOptions(database.url, 2, createLogger('advisories-cvss-migration-test', 'silent')));
  await applyMigrations(orm);
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

const V4_THREAT = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U';

async function insert(vector: string, score: number, severity: string): Promise<string> {
  const id = crypto.randomUUID();
  await orm.em.getConnection().execute(
    `insert into "advisories"."advisory" ("id", "tlp", "title_th", "title_en", "summary_th", "summary_en", "recommendations_th",
       "recommendations_en", "cve_ids", "cvss_vector", "cvss_base_score", "cvss_severity", "affected_products", "product_terms",
       "references", "target_sector_ids", "recipient_organization_ids", "created_by")
     values (?, 'CLEAR', 'ท', 't', 'ท', 't', 'ท', 't', '{}', ?, ?, ?, '[]', '{}', '{}', '{}', '{}', 'test')`,
    [id, vector, score, severity],
  );
  return id;
}

const stored = async (id: string) =>
  (
    await orm.em
      .getConnection()
      .execute<{ cvss_base_score: string; cvss_severity: string }[]>(
        `select "cvss_base_score", "cvss_severity" from "advisories"."advisory" where "id" = ?`,
        [id],
      )
  )[0];

it('rewrites a v4.0 base score that held CVSS-BT as CVSS-B, and leaves a right one alone', async () => {
  const wrong = await insert(V4_THREAT, 8.1, 'HIGH');
  const right = await insert('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CRITICAL');
  const migration = new Migration20261203140000CvssBaseScore(orm.em.getDriver(), orm.config);
  await migration.up();
  await migration.up();
  expect(await stored(wrong)).toEqual({ cvss_base_score: '9.3', cvss_severity: 'CRITICAL' });
  expect(await stored(right)).toEqual({ cvss_base_score: '9.8', cvss_severity: 'CRITICAL' });
});
