import { randomUUID } from 'node:crypto';

import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../../platform/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/database.js';
import { ormOptions } from '../mikro-orm.config.js';

let database: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(ormOptions(database.url, 2, createLogger('incident-cases-test', 'silent')));
  await orm.em.getConnection().execute('create schema if not exists "incidents"');
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

describe('Migration20261213000100IncidentCases', () => {
  it('opens a case for every incident notified before it: in triage, unassigned, since its notification', async () => {
    await orm.getMigrator().up({ to: 'Migration20261213000000IncidentComments' });
    const db = orm.em.getConnection();
    const organizationId = randomUUID();
    await db.execute(`insert into "incidents"."supervised_organization" ("id", "kind") values (?, 'CII_ORGANIZATION')`, [organizationId]);
    const notifiedAt = new Date('2026-11-30T02:15:30.123Z');
    const id = randomUUID();
    await db.execute(
      `insert into "incidents"."incident" ("id", "created_at", "organization_id", "idempotency_key", "status", "continuity", "reported_severity", "severity",
         "categories", "cve_ids", "detected_at", "current_revision", "content")
       values (?, ?, ?, ?, 'NOTIFIED', 'NEW', 'SERIOUS', 'SERIOUS', '{CAT4_MALICIOUS_LOGIC}', '{}', ?, 1, '{}')`,
      [id, notifiedAt, organizationId, id, notifiedAt],
    );
    await orm.getMigrator().up();
    const rows = await db.execute(
      `select "id", "incident_id", "assignee", "status", "status_since" = ? as "since_notified", "reported_at" = ? as "reported_when_notified", "version" from "incidents"."incident_case"`,
      [notifiedAt, notifiedAt],
    );
    expect(rows).toEqual([
      { id, incident_id: id, assignee: null, status: 'TRIAGE', since_notified: true, reported_when_notified: true, version: 1 },
    ]);
  });
});
