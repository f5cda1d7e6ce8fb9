import { Migration } from '@mikro-orm/migrations';

/**
 * A submitted annual summary can be amended: every submission is kept in `annual_summary_filing`.
 * A summary submitted before this becomes its own first filing, so its figures read the same.
 */
export class Migration20261215000000AnnualSummaryAmendments extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "statistics"."annual_summary" add column "filing_count" smallint not null default 0, add column "amended_at" timestamptz null;`,
    );
    this.addSql(
      `create table "statistics"."annual_summary_filing" ("id" uuid not null, "summary_id" uuid not null, "number" smallint not null, "submitted_at" timestamptz not null, "submitted_by" varchar(200) not null, "reason" text null, "figures" jsonb not null, constraint "annual_summary_filing_pkey" primary key ("id"), constraint "annual_summary_filing_summary_id_foreign" foreign key ("summary_id") references "statistics"."annual_summary" ("id") on update cascade on delete cascade);`,
    );
    this.addSql(
      `alter table "statistics"."annual_summary_filing" add constraint "annual_summary_filing_number_uniq" unique ("summary_id", "number");`,
    );
    this.addSql(
      `insert into "statistics"."annual_summary_filing" ("id", "summary_id", "number", "submitted_at", "submitted_by", "figures") select gen_random_uuid(), "id", 1, "submitted_at", "submitted_by", "frozen" from "statistics"."annual_summary" where "status" = 'SUBMITTED';`,
    );
    this.addSql(`update "statistics"."annual_summary" set "filing_count" = 1 where "status" = 'SUBMITTED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "statistics"."annual_summary_filing";`);
    this.addSql(`alter table "statistics"."annual_summary" drop column "filing_count", drop column "amended_at";`);
  }
}
