import { Migration } from '@mikro-orm/migrations';

import { feedCheckpointTableSql } from '../../../kit/events/feed-consumer.js';

/** The statistics read model (incident and assistance facts), annual summaries, the supervision copy, feed checkpoints. */
export class Migration20261123400000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(feedCheckpointTableSql('statistics'));
    this.addSql(
      `create table "statistics"."annual_summary" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "year" smallint not null, "regulator_id" uuid null, "organization_id" uuid null, "status" text check ("status" in ('DRAFT', 'SUBMITTED')) not null default 'DRAFT', "entered_training" int not null default 0, "entered_unsuccessful_attempts" int not null default 0, "entered_explained_anomalies" int not null default 0, "submitted_at" timestamptz null, "submitted_by" varchar(200) null, "frozen" jsonb null, constraint "annual_summary_pkey" primary key ("id"), constraint annual_summary_one_reporter_check check ((regulator_id is null) <> (organization_id is null)));`,
    );
    this.addSql(
      `alter table "statistics"."annual_summary" add constraint "annual_summary_organization_year_uniq" unique ("organization_id", "year");`,
    );
    this.addSql(
      `alter table "statistics"."annual_summary" add constraint "annual_summary_regulator_year_uniq" unique ("regulator_id", "year");`,
    );
    this.addSql(
      `create table "statistics"."assistance_fact" ("request_id" uuid not null, "incident_id" uuid not null, "sector_id" varchar(40) null, "regulator_id" uuid null, "requested_at" timestamptz not null, "first_responded_at" timestamptz null, "resolved_at" timestamptz null, constraint "assistance_fact_pkey" primary key ("request_id"));`,
    );
    this.addSql(`create index "assistance_fact_sector_requested_idx" on "statistics"."assistance_fact" ("sector_id", "requested_at");`);
    this.addSql(
      `create table "statistics"."incident_fact" ("incident_id" uuid not null, "organization_id" uuid not null, "sector_id" varchar(40) null, "regulator_id" uuid null, "detected_at" timestamptz not null, "detected_year" smallint not null, "detected_month" smallint not null, "notified_at" timestamptz not null, "report_due_at" timestamptz not null, "report_filed_at" timestamptz null, "first_assessed_at" timestamptz null, "closed_at" timestamptz null, "status" varchar(20) not null, "severity" varchar(20) not null, "categories" text[] not null, "asset_types" text[] not null, "last_sequence" bigint not null, constraint "incident_fact_pkey" primary key ("incident_id"));`,
    );
    this.addSql(`create index "incident_fact_sector_detected_idx" on "statistics"."incident_fact" ("sector_id", "detected_at");`);
    this.addSql(`create index "incident_fact_year_idx" on "statistics"."incident_fact" ("detected_year", "sector_id");`);
    this.addSql(`create index "incident_fact_organization_year_idx" on "statistics"."incident_fact" ("organization_id", "detected_year");`);
    this.addSql(`create index "incident_fact_regulator_year_idx" on "statistics"."incident_fact" ("regulator_id", "detected_year");`);
    this.addSql(
      `create table "statistics"."regulator_deadline" ("regulator_id" uuid not null, "notification_deadline_hours" smallint not null, constraint "regulator_deadline_pkey" primary key ("regulator_id"));`,
    );
    this.addSql(
      `create table "statistics"."supervised_organization" ("id" uuid not null, "kind" varchar(20) not null, "sector_id" varchar(40) null, "regulator_id" uuid null, constraint "supervised_organization_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "supervised_organization_sector_id_index" on "statistics"."supervised_organization" ("sector_id");`);
    this.addSql(`create index "supervised_organization_regulator_id_index" on "statistics"."supervised_organization" ("regulator_id");`);
  }

  override async down(): Promise<void> {
    for (const table of [
      'annual_summary',
      'assistance_fact',
      'incident_fact',
      'supervised_organization',
      'regulator_deadline',
      'feed_checkpoint',
    ]) {
      this.addSql(`drop table if exists "statistics"."${table}" cascade;`);
    }
  }
}
