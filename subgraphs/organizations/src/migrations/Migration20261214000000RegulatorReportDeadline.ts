import { Migration } from '@mikro-orm/migrations';

/** The regulator's deadline for the ก2 report (clause 5, second sentence): none until it sets one. */
export class Migration20261214000000RegulatorReportDeadline extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "organizations"."regulator" add column "report_deadline_hours" smallint null, add constraint regulator_report_deadline_hours_check check (report_deadline_hours >= 1 and report_deadline_hours <= 720);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "organizations"."regulator" drop column "report_deadline_hours";');
  }
}
