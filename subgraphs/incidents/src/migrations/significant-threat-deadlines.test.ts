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
  orm = await MikroORM.init(ormOptions(database.url, 2, createLogger('significant-threat-deadlines-test', 'silent')));
  await orm.em.getConnection().execute('create schema if not exists "incidents"');
});
afterAll(async () => {
  await orm?.close();
  await database?.drop();
});

const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR);

type Step = { revision: 'NOTIFICATION' | 'REPORT'; severity: string; at: Date } | { assessment: string; at: Date };

describe('Migration20261210000000SignificantThreatDeadlines', () => {
  it('replays every incident that was NON_SERIOUS at some point under the significance rule, and announces each changed deadline', async () => {
    await orm.getMigrator().up({ to: 'Migration20261201000000SignedReports' });
    const db = orm.em.getConnection();
    const organizationId = randomUUID();
    await db.execute(`insert into "incidents"."supervised_organization" ("id", "kind") values (?, 'CII_ORGANIZATION')`, [organizationId]);
    const detectedAt = hoursAgo(30); // the former rule: due 6 hours ago
    /** An incident as the former code left it: due 24 hours after detection, whatever its level. */
    const incident = async (steps: Step[], announced = false) => {
      const id = randomUUID();
      const reported = [...steps].reverse().find((s): s is Extract<Step, { revision: string }> => 'revision' in s)!.severity;
      const assessed = [...steps].reverse().find((s): s is Extract<Step, { assessment: string }> => 'assessment' in s)?.assessment ?? null;
      const filed = steps.find((s) => 'revision' in s && s.revision === 'REPORT')?.at ?? null;
      const content = (severity: string) =>
        JSON.stringify({ severity, categories: ['CAT4_MALICIOUS_LOGIC'], detectedAt: detectedAt.toISOString() });
      await db.execute(
        `insert into "incidents"."incident" ("id", "organization_id", "idempotency_key", "status", "continuity", "reported_severity", "assessed_severity", "severity",
           "categories", "cve_ids", "detected_at", "report_due_at", "report_filed_at", "current_revision", "content", "overdue_announced_at")
         values (?, ?, ?, ?, 'NEW', ?, ?, ?, '{CAT4_MALICIOUS_LOGIC}', '{}', ?, ?, ?, ?, ?, ?)`,
        [
          id,
          organizationId,
          id,
          filed ? 'REPORTED' : 'NOTIFIED',
          reported,
          assessed,
          assessed ?? reported,
          detectedAt,
          new Date(detectedAt.getTime() + 24 * HOUR),
          filed,
          steps.filter((s) => 'revision' in s).length,
          content(reported),
          announced ? hoursAgo(5) : null,
        ],
      );
      let number = 0;
      for (const step of steps) {
        if ('revision' in step) {
          number += 1;
          await db.execute(
            `insert into "incidents"."incident_revision" ("id", "incident_id", "number", "kind", "submitted_at", "submitted_by", "content", "changes") values (?, ?, ?, ?, ?, 'org', ?, '[]')`,
            [randomUUID(), id, number, step.revision, step.at, content(step.severity)],
          );
        } else {
          await db.execute(
            `insert into "incidents"."severity_assessment" ("id", "incident_id", "severity", "reason", "recommendations", "assessed_by", "assessed_at") values (?, ?, ?, 'r', 'r', 'thaicert', ?)`,
            [randomUUID(), id, step.assessment, step.at],
          );
        }
      }
      return id;
    };
    const notifiedAs = (severity: string): Step => ({ revision: 'NOTIFICATION', severity, at: hoursAgo(29) });
    const minor = await incident([notifiedAs('NON_SERIOUS')], true);
    const serious = await incident([notifiedAs('SERIOUS')], true);
    const raisedAt = hoursAgo(5);
    const raisedByThaiCert = await incident([notifiedAs('NON_SERIOUS'), { assessment: 'SERIOUS', at: raisedAt }], true);
    const loweredInTime = await incident([notifiedAs('SERIOUS'), { assessment: 'NON_SERIOUS', at: hoursAgo(10) }]);
    const loweredAfterMissing = await incident([notifiedAs('SERIOUS'), { assessment: 'NON_SERIOUS', at: hoursAgo(2) }], true);
    const raisedByOrganization = await incident([notifiedAs('NON_SERIOUS'), { revision: 'REPORT', severity: 'SERIOUS', at: hoursAgo(4) }]);
    const [{ value: before }] = (await db.execute(`select "value" from "incidents"."outbox_sequence"`)) as [{ value: string }];

    await orm.getMigrator().up();

    const rows = await db.execute<
      { id: string; report_due_at: string | null; report_duty_assessed_at: string | null; overdue_announced_at: string | null }[]
    >(`select "id", "report_due_at", "report_duty_assessed_at", "overdue_announced_at" from "incidents"."incident"`);
    const instant = (value: string | null) => (value === null ? null : Date.parse(value));
    const found = (id: string) => rows.find((r) => r.id === id)!;
    const row = (id: string) => ({
      report_due_at: instant(found(id).report_due_at),
      report_duty_assessed_at: instant(found(id).report_duty_assessed_at),
      overdue_announced_at: instant(found(id).overdue_announced_at),
    });
    const formerDue = detectedAt.getTime() + 24 * HOUR;
    expect(row(minor)).toMatchObject({ report_due_at: null, report_duty_assessed_at: null });
    expect(row(serious).report_due_at).toBe(formerDue);
    expect(row(serious).overdue_announced_at).not.toBeNull(); // untouched
    expect(row(raisedByThaiCert).report_due_at).toBe(raisedAt.getTime() + 24 * HOUR); // later than 24 hours after detection
    expect(row(raisedByThaiCert).report_duty_assessed_at).toBe(raisedAt.getTime());
    expect(row(raisedByThaiCert).overdue_announced_at).toBeNull(); // the old deadline's announcement no longer holds
    expect(row(loweredInTime).report_due_at).toBeNull();
    expect(row(loweredAfterMissing).report_due_at).toBe(formerDue); // missed while significant: stays missed
    expect(row(loweredAfterMissing).overdue_announced_at).not.toBeNull();
    expect(row(raisedByOrganization).report_due_at).toBe(formerDue); // from detection: the revision came late

    const events = await db.execute<{ sequence: string; type: string; aggregate_id: string; payload: Record<string, unknown> }[]>(
      `select * from "incidents"."outbox_event" where "sequence" > ? order by "sequence"`,
      [before],
    );
    expect(events.map((e) => Number(e.sequence))).toEqual(events.map((_, i) => Number(before) + 1 + i));
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['REPORT_DEADLINE_CHANGED']));
    expect(events.map((e) => e.aggregate_id).sort()).toEqual([minor, raisedByThaiCert, loweredInTime].sort());
    const payload = (id: string) => events.find((e) => e.aggregate_id === id)!.payload;
    expect(payload(minor)).toMatchObject({
      incidentId: minor,
      organizationId,
      severity: 'NON_SERIOUS',
      reportDeadline: null,
      reportDueAt: new Date(formerDue).toISOString(),
    });
    expect(payload(raisedByThaiCert)).toMatchObject({
      severity: 'SERIOUS',
      reportDeadline: new Date(row(raisedByThaiCert).report_due_at!).toISOString(),
    });
  });
});
