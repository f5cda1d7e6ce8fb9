import { Migration } from '@mikro-orm/migrations';

/**
 * Clause 5's 24-hour duty applies to significant threats only: an incident without it has no ก2
 * deadline, and the service-quality "on time" figures leave it out. The facts of earlier
 * incidents are corrected by the events the incidents subgraph's own migration writes for them.
 */
export class Migration20261210000000SignificantThreatDeadlines extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "statistics"."incident_fact" alter column "report_due_at" drop not null;`);
  }

  override async down(): Promise<void> {
    // An incident without the duty had, under the former rule, its deadline 24 hours after detection.
    this.addSql(
      `update "statistics"."incident_fact" set "report_due_at" = "detected_at" + interval '24 hours' where "report_due_at" is null;`,
    );
    this.addSql(`alter table "statistics"."incident_fact" alter column "report_due_at" set not null;`);
  }
}
