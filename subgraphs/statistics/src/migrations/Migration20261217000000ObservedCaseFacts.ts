import { Migration } from '@mikro-orm/migrations';

/** The cases ThaiCERT observed (ThaiCERT 2.5), as the incidents feed's OBSERVED events tell them, for the response-outcome report. */
export class Migration20261217000000ObservedCaseFacts extends Migration {
  override async up(): Promise<void> {
    const t = '"statistics"."observed_case_fact"';
    this.addSql(
      `create table ${t} ("observed_case_id" uuid not null, "organization_id" uuid not null, "sector_id" varchar(40) null, "regulator_id" uuid null, "observed_at" timestamptz not null, "severity" varchar(20) null, "categories" text[] not null, constraint "observed_case_fact_pkey" primary key ("observed_case_id"));`,
    );
    this.addSql(`create index "observed_case_fact_observed_idx" on ${t} ("observed_at", "sector_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "statistics"."observed_case_fact";`);
  }
}
