import type { EntityManager } from '@mikro-orm/postgresql';

import { DEMO_ORGANIZATIONS, DEMO_REGULATORS, demoId } from '../../../../demo/demo-registry.js';
import { OrganizationEventType, recordRegulator, recordSupervision } from '../events/organization-events.js';
import { SCHEMA } from '../mikro-orm.config.js';

const FIRST_NAMES = ['สมชาย', 'สุดารัตน์', 'ประเสริฐ', 'วราภรณ์', 'ธนากร', 'กนกวรรณ', 'อนุชา', 'พิมพ์ชนก', 'ชยพล', 'ศิริพร', 'ณัฐวุฒิ', 'จิราพร'];
const LAST_NAMES = ['ใจดี', 'รักษ์ไทย', 'มั่นคง', 'ศรีสุข', 'พงษ์พันธ์', 'วงศ์ใหญ่', 'แก้วมณี', 'ทองคำ', 'บุญมา', 'สายทอง'];

/**
 * Rows inserted with ON CONFLICT DO NOTHING: loading twice changes nothing, and edits made
 * meanwhile are kept. Returns the rows actually inserted.
 */
async function insertIgnoringExisting<T extends Record<string, unknown>>(
  em: EntityManager,
  table: string,
  rows: T[],
  key: string[],
): Promise<T[]> {
  if (rows.length === 0) return [];
  const inserted: { [k: string]: unknown }[] = await em
    .getKnex()
    .withSchema(SCHEMA)
    .table(table)
    .insert(rows)
    .onConflict(key)
    .ignore()
    .returning(key)
    .transacting(em.getTransactionContext()!);
  return rows.filter((row) => inserted.some((done) => key.every((k) => done[k] === row[k])));
}

// Other subgraphs learn of the registry from its events, demo rows included: each seed records the
// registration events of the rows it inserted (not of rows already there).

/** The demo regulators, the sectors each supervises, and a REGULATOR_REGISTERED event for each new one. */
async function seedRegulators(tx: EntityManager): Promise<void> {
  const regulators = await insertIgnoringExisting(
    tx,
    'regulator',
    DEMO_REGULATORS.map((r) => ({
      id: demoId(`regulator:${r.key}`),
      name_th: r.nameTh,
      name_en: r.nameEn,
      notification_deadline_hours: r.notificationDeadlineHours,
    })),
    ['id'],
  );
  await insertIgnoringExisting(
    tx,
    'regulator_sector',
    DEMO_REGULATORS.flatMap((r) => r.sectors.map((sector) => ({ regulator_id: demoId(`regulator:${r.key}`), sector_id: sector }))),
    ['regulator_id', 'sector_id'],
  );
  for (const r of regulators) {
    await recordRegulator(tx, OrganizationEventType.REGULATOR_REGISTERED, {
      regulatorId: r.id,
      notificationDeadlineHours: r.notification_deadline_hours,
    });
  }
}

/** The demo organizations, each with a made-up address, and an ORGANIZATION_REGISTERED event for each new one. */
async function seedOrganizations(tx: EntityManager): Promise<void> {
  const organizations = await insertIgnoringExisting(
    tx,
    'organization',
    DEMO_ORGANIZATIONS.map((o, i) => ({
      id: demoId(`organization:${o.key}`),
      name_th: o.nameTh,
      name_en: o.nameEn,
      kind: o.kind,
      sector_id: o.sector,
      regulator_id: o.regulator ? demoId(`regulator:${o.regulator}`) : null,
      mission_description: o.mission,
      address_line: `${100 + i} ถนนตัวอย่าง`,
      address_subdistrict: 'ตำบลตัวอย่าง',
      address_district: 'อำเภอตัวอย่าง',
      address_province: o.province,
      address_postal_code: String(10100 + i * 10).padStart(5, '0'),
    })),
    ['id'],
  );
  for (const o of organizations) {
    await recordSupervision(tx, OrganizationEventType.ORGANIZATION_REGISTERED, {
      organizationId: o.id,
      kind: o.kind,
      sectorId: o.sector_id,
      regulatorId: o.regulator_id,
    });
  }
}

/** Two points of contact per demo organization: its SOC head (primary, around the clock) and its IT director. */
async function seedContacts(tx: EntityManager): Promise<void> {
  await insertIgnoringExisting(
    tx,
    'point_of_contact',
    DEMO_ORGANIZATIONS.flatMap((o, i) => [
      {
        id: demoId(`contact:${o.key}:soc`),
        organization_id: demoId(`organization:${o.key}`),
        full_name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[i % LAST_NAMES.length]}`,
        position: 'หัวหน้าศูนย์ปฏิบัติการความมั่นคงปลอดภัย (SOC)',
        email: `soc@${o.domain}`,
        office_phone: `+6621${String(100000 + i * 37).slice(-6)}`,
        mobile_phone: `+6681${String(2000000 + i * 4111).slice(-7)}`,
        is_primary: true,
        available24x7: true,
      },
      {
        id: demoId(`contact:${o.key}:cio`),
        organization_id: demoId(`organization:${o.key}`),
        full_name: `${FIRST_NAMES[(i + 5) % FIRST_NAMES.length]} ${LAST_NAMES[(i + 3) % LAST_NAMES.length]}`,
        position: 'ผู้อำนวยการฝ่ายเทคโนโลยีสารสนเทศ',
        email: `cio@${o.domain}`,
        office_phone: `+6622${String(200000 + i * 53).slice(-6)}`,
        mobile_phone: null,
        is_primary: false,
        available24x7: false,
      },
    ]),
    ['id'],
  );
}

/**
 * Loads the demo regulators, organizations and points of contact (the sectors come with the
 * migrations), in one transaction. Idempotent: ids are derived from stable keys.
 */
export async function seedDemoData(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    await seedRegulators(tx);
    await seedOrganizations(tx);
    await seedContacts(tx);
  });
}
