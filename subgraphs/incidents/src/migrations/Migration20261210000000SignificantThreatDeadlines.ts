import { Migration } from '@mikro-orm/migrations';

import { ThreatLevel, type AffectedAssetType, type ThreatCategory } from '../../../../contracts/form-vocabulary.js';
import { recordIncidentEvent } from '../events/incident-events.js';
import { applyReportDuty, DutyChange, type ReportDuty } from '../incident/deadlines.js';
import { IncidentEventType, IncidentStatus, RevisionKind } from '../vocabulary/incident-vocabulary.js';

/** Timestamps as the driver returns them from raw SQL: text. */
type Timestamp = string;

interface IncidentRow {
  id: string;
  organization_id: string;
  status: IncidentStatus;
  current_revision: number;
  reported_severity: ThreatLevel;
  severity: ThreatLevel;
  categories: ThreatCategory[];
  affected_asset_types: AffectedAssetType[];
  detected_at: Timestamp;
  report_due_at: Timestamp | null;
  deadline_approaching_announced_at: Timestamp | null;
  overdue_announced_at: Timestamp | null;
}

/** One revision or assessment, in the order they happened. */
type Step =
  { at: Date; kind: RevisionKind; severity: ThreatLevel; detectedAt: string } | { at: Date; kind: 'ASSESSMENT'; severity: ThreatLevel };

const FILES_REPORT = new Set<string>([RevisionKind.REPORT, RevisionKind.CLOSING_REPORT]);

/** The ก2 duty as it stands after `steps`, decided one step at a time as the live rule decides it. */
function replay(steps: Step[]): ReportDuty {
  const duty: ReportDuty = {
    severity: ThreatLevel.UNDETERMINED,
    detectedAt: new Date(0),
    reportDueAt: null,
    reportFiledAt: null,
    reportDutyAssessedAt: null,
  };
  let assessed: ThreatLevel | null = null;
  for (const step of steps) {
    if (step.kind === 'ASSESSMENT') {
      assessed = step.severity;
      duty.severity = assessed;
      applyReportDuty(duty, DutyChange.ASSESSMENT, step.at);
    } else if (step.kind !== RevisionKind.DATA_UNAVAILABLE) {
      duty.severity = assessed ?? step.severity;
      duty.detectedAt = new Date(step.detectedAt);
      applyReportDuty(duty, DutyChange.SUBMISSION, step.at);
      if (FILES_REPORT.has(step.kind)) duty.reportFiledAt ??= step.at;
    }
  }
  return duty;
}

const sameInstant = (a: Date | null | undefined, b: Timestamp | null) => (a?.getTime() ?? null) === (b === null ? null : Date.parse(b));

/**
 * Clause 5's 24-hour duty applies to significant threats only (SPEC §2): `report_due_at` becomes
 * null for an incident without it, and the instant ThaiCERT's assessment started a duty is kept.
 * Every incident that was NON_SERIOUS at some point is replayed — its revisions and assessments in
 * order, through the same rule the service applies — so a deadline met or missed while it was
 * significant stays, and one it never had goes. Each incident whose deadline changed gets a
 * REPORT_DEADLINE_CHANGED event, which brings the statistics read model along; its deadline
 * announcements are cleared, so the watcher announces the new deadline (not the old one).
 */
export class Migration20261210000000SignificantThreatDeadlines extends Migration {
  override async up(): Promise<void> {
    await this.execute(
      `alter table "incidents"."incident" alter column "report_due_at" drop not null, add column "report_duty_assessed_at" timestamptz null;`,
    );
    // Those that were NON_SERIOUS at some point: the only ones whose deadline the rule changes.
    const replayed = `select i."id" from "incidents"."incident" i
      where exists (select 1 from "incidents"."incident_revision" r where r."incident_id" = i."id" and r."content" ->> 'severity' = 'NON_SERIOUS')
         or exists (select 1 from "incidents"."severity_assessment" a where a."incident_id" = i."id" and a."severity" = 'NON_SERIOUS')`;
    const incidents = (await this.execute(
      `select i."id", i."organization_id", i."status", i."current_revision", i."reported_severity", i."severity", i."categories", i."affected_asset_types",
              i."detected_at", i."report_due_at", i."deadline_approaching_announced_at", i."overdue_announced_at"
       from "incidents"."incident" i where i."id" in (${replayed})`,
    )) as IncidentRow[];
    const steps = (await this.execute(
      `select "incident_id", "submitted_at" as "at", "kind", "content" ->> 'severity' as "severity", "content" ->> 'detectedAt' as "detected_at", "number" as "order"
         from "incidents"."incident_revision" where "incident_id" in (${replayed})
       union all
       select "incident_id", "assessed_at", 'ASSESSMENT', "severity", null, null
         from "incidents"."severity_assessment" where "incident_id" in (${replayed})
       order by "incident_id", "at", "order" nulls last`,
    )) as { incident_id: string; at: Timestamp; kind: RevisionKind | 'ASSESSMENT'; severity: ThreatLevel; detected_at: string | null }[];
    const history = new Map<string, Step[]>();
    for (const step of steps) {
      const list = history.get(step.incident_id) ?? [];
      const at = new Date(step.at);
      list.push(
        step.kind === 'ASSESSMENT'
          ? { at, kind: step.kind, severity: step.severity }
          : { at, kind: step.kind, severity: step.severity, detectedAt: step.detected_at! },
      );
      history.set(step.incident_id, list);
    }
    const em = this.getEntityManager();
    const now = new Date();
    for (const row of incidents) {
      const duty = replay(history.get(row.id)!);
      const changed = !sameInstant(duty.reportDueAt, row.report_due_at);
      await this.execute(
        `update "incidents"."incident" set "report_due_at" = ?, "report_duty_assessed_at" = ?,
            "deadline_approaching_announced_at" = ?, "overdue_announced_at" = ? where "id" = ?`,
        [
          duty.reportDueAt ?? null,
          duty.reportDutyAssessedAt ?? null,
          changed ? null : row.deadline_approaching_announced_at,
          changed ? null : row.overdue_announced_at,
          row.id,
        ],
      );
      if (!changed) continue;
      await recordIncidentEvent(
        em,
        IncidentEventType.REPORT_DEADLINE_CHANGED,
        {
          id: row.id,
          organization: { id: row.organization_id },
          status: row.status,
          currentRevision: row.current_revision,
          severity: row.severity,
          reportedSeverity: row.reported_severity,
          categories: row.categories,
          affectedAssetTypes: row.affected_asset_types,
          detectedAt: new Date(row.detected_at),
          reportDueAt: duty.reportDueAt ?? null,
        },
        now,
      );
    }
  }

  override async down(): Promise<void> {
    // The former rule: every incident due 24 hours after detection. The events written stay (the outbox is append-only).
    this.addSql(
      `update "incidents"."incident" set "report_due_at" = "detected_at" + interval '24 hours' where "report_due_at" is null or "report_duty_assessed_at" is not null;`,
    );
    this.addSql(`alter table "incidents"."incident" alter column "report_due_at" set not null, drop column "report_duty_assessed_at";`);
  }
}
