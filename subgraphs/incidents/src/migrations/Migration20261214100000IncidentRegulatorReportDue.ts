import { Migration } from '@mikro-orm/migrations';

/**
 * When the ก2 must reach the regulator (clause 5, second sentence). Incidents notified before
 * regulators could set a report deadline have none, as no regulator had set one.
 */
export class Migration20261214100000IncidentRegulatorReportDue extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "incidents"."incident" add column "regulator_report_deadline_hours" smallint null, add column "regulator_report_due_at" timestamptz null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incidents"."incident" drop column "regulator_report_deadline_hours", drop column "regulator_report_due_at";`);
  }
}
