import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../../platform/logger.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/database.js';
import { makeOpenPgpKey } from '../../../../test/openpgp-keys.js';
import { ormOptions } from '../mikro-orm.config.js';

let database: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  database = await createTestDatabase();
  orm = await MikroORM.init(ormOptions(database.url, 2, createLogger('contact-key-events-test', 'silent')));
  await orm.em.getConnection().execute('create schema if not exists "organizations"');
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

describe('Migration20261201000000ContactKeyEvents', () => {
  it('announces the keys registered before it, numbered after the events already in the outbox', async () => {
    await orm.getMigrator().up({ to: 'Migration20261124100000AuditTrail' });
    const db = orm.em.getConnection();
    const [{ id: organizationId }] = (await db.execute(
      `insert into "organizations"."organization" ("id", "name_th", "name_en", "kind") values (gen_random_uuid(), 'หน่วยงาน', 'Agency', 'GOVERNMENT_AGENCY') returning id`,
    )) as [{ id: string }];
    const { publicKey } = await makeOpenPgpKey();
    const insertContact = (key: string | null, removed: boolean) =>
      db.execute<{ id: string }[]>(
        `insert into "organizations"."point_of_contact" ("id", "organization_id", "full_name", "email", "mobile_phone", "pgp_public_key", "pgp_fingerprint", "removed_at")
         values (gen_random_uuid(), ?, 'Contact', gen_random_uuid()::text || '@x.example', '+66812345678', ?, ?, ?) returning id`,
        [organizationId, key, key ? 'ABCDEF' : null, removed ? new Date() : null],
      );
    const [keyed] = await insertContact(publicKey, false);
    await insertContact(null, false);
    await insertContact(publicKey, true);
    const [{ value: before }] = (await db.execute(`select "value" from "organizations"."outbox_sequence"`)) as [{ value: string }];

    await orm.getMigrator().up();

    const events = await db.execute<{ sequence: string; type: string; aggregate_id: string; payload: Record<string, unknown> }[]>(
      `select * from "organizations"."outbox_event" where "sequence" > ? order by "sequence"`,
      [before],
    );
    expect(events.map((e) => [Number(e.sequence), e.type, e.aggregate_id])).toEqual([
      [Number(before) + 1, 'POINT_OF_CONTACT_KEY_CHANGED', keyed!.id],
    ]);
    expect(events[0]!.payload).toEqual({ contactId: keyed!.id, organizationId, fingerprint: 'ABCDEF', armoredKey: publicKey });
    const [{ value: after }] = (await db.execute(`select "value" from "organizations"."outbox_sequence"`)) as [{ value: string }];
    expect(Number(after)).toBe(Number(before) + 1);
  });
});
