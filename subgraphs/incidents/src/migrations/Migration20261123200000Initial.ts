import { Migration } from '@mikro-orm/migrations';

import { feedCheckpointTableSql } from '../../../kit/events/feed-consumer.js';
import { outboxTablesSql } from '../../../kit/events/outbox.js';

/**
 * Incidents, their immutable revisions, assessments, notes, assistance requests and refused
 * submissions; the supervision copy fed from the organizations subgraph; the event outbox.
 */
export class Migration20261123200000Initial extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTablesSql('incidents')) this.addSql(sql);
    this.addSql(feedCheckpointTableSql('incidents'));
    this.addSql(
      `create table "incidents"."refused_submission" ("id" uuid not null, "operation" varchar(60) not null, "organization_id" uuid null, "incident_id" uuid null, "submitted_by" varchar(200) not null, "submitter_role" varchar(20) not null, "submitted_at" timestamptz not null default now(), "arguments" jsonb not null, "error_code" varchar(40) not null, "error_message" text not null, constraint "refused_submission_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "refused_submission_organization_id_index" on "incidents"."refused_submission" ("organization_id");`);
    this.addSql(`create index "refused_submission_incident_id_index" on "incidents"."refused_submission" ("incident_id");`);
    this.addSql(
      `create table "incidents"."regulator_deadline" ("regulator_id" uuid not null, "notification_deadline_hours" smallint not null, constraint "regulator_deadline_pkey" primary key ("regulator_id"));`,
    );
    this.addSql(
      `create table "incidents"."supervised_organization" ("id" uuid not null, "kind" varchar(20) not null, "sector_id" varchar(40) null, "regulator_id" uuid null, constraint "supervised_organization_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "supervised_organization_sector_id_index" on "incidents"."supervised_organization" ("sector_id");`);
    this.addSql(`create index "supervised_organization_regulator_id_index" on "incidents"."supervised_organization" ("regulator_id");`);
    this.addSql(
      `create table "incidents"."incident" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "organization_id" uuid not null, "idempotency_key" varchar(100) not null, "status" text check ("status" in ('NOTIFIED', 'REPORTED', 'CLOSED')) not null default 'NOTIFIED', "continuity" text check ("continuity" in ('NEW', 'FOLLOW_UP')) not null, "follow_up_of_id" uuid null, "reference_number" varchar(60) null, "reported_severity" text check ("reported_severity" in ('NON_SERIOUS', 'SERIOUS', 'CRITICAL_A', 'CRITICAL_B', 'UNDETERMINED')) not null, "assessed_severity" text check ("assessed_severity" in ('NON_SERIOUS', 'SERIOUS', 'CRITICAL_A', 'CRITICAL_B', 'UNDETERMINED')) null, "severity" text check ("severity" in ('NON_SERIOUS', 'SERIOUS', 'CRITICAL_A', 'CRITICAL_B', 'UNDETERMINED')) not null, "categories" text[] not null, "cve_ids" text[] not null, "occurred_at" timestamptz null, "detected_at" timestamptz not null, "report_due_at" timestamptz not null, "report_filed_at" timestamptz null, "regulator_deadline_hours" smallint null, "regulator_notification_due_at" timestamptz null, "regulator_notified_at" timestamptz null, "closed_at" timestamptz null, "current_revision" int not null default 1, "part_two_restricted" boolean not null default false, "content" jsonb not null, "deadline_approaching_announced_at" timestamptz null, "overdue_announced_at" timestamptz null, constraint "incident_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "incidents"."incident" add constraint "incident_reference_number_uniq" unique ("reference_number");`);
    this.addSql(`create index "incident_severity_index" on "incidents"."incident" ("severity");`);
    this.addSql(`create index "incident_report_due_idx" on "incidents"."incident" ("report_due_at") where "report_filed_at" is null;`);
    this.addSql(`create index "incident_organization_detected_at_idx" on "incidents"."incident" ("organization_id", "detected_at");`);
    this.addSql(`create index "incident_detected_at_id_idx" on "incidents"."incident" ("detected_at", "id");`);
    this.addSql(
      `alter table "incidents"."incident" add constraint "incident_idempotency_key_uniq" unique ("organization_id", "idempotency_key");`,
    );
    this.addSql(
      `create table "incidents"."severity_assessment" ("id" uuid not null, "incident_id" uuid not null, "severity" text check ("severity" in ('NON_SERIOUS', 'SERIOUS', 'CRITICAL_A', 'CRITICAL_B', 'UNDETERMINED')) not null, "reason" text not null, "recommendations" text not null, "assessed_by" varchar(200) not null, "assessed_at" timestamptz not null, constraint "severity_assessment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "severity_assessment_incident_id_index" on "incidents"."severity_assessment" ("incident_id");`);
    this.addSql(
      `create table "incidents"."incident_revision" ("id" uuid not null, "incident_id" uuid not null, "number" int not null, "kind" text check ("kind" in ('NOTIFICATION', 'REPORT', 'CLOSING_REPORT', 'DATA_UNAVAILABLE')) not null, "submitted_at" timestamptz not null, "submitted_by" varchar(200) not null, "based_on_revision" int null, "idempotency_key" varchar(100) null, "reason" text null, "content" jsonb not null, "changes" jsonb not null, constraint "incident_revision_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "incidents"."incident_revision" add constraint "incident_revision_number_uniq" unique ("incident_id", "number");`,
    );
    this.addSql(
      `create table "incidents"."assistance_request" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "incident_id" uuid not null, "kinds" text[] not null, "mode" text check ("mode" in ('ON_SITE', 'REMOTE')) not null, "description" text not null, "status" text check ("status" in ('REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED')) not null default 'REQUESTED', "requested_by" varchar(200) not null, "requested_at" timestamptz not null, "response" text null, "first_responded_at" timestamptz null, "resolved_at" timestamptz null, constraint "assistance_request_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "assistance_request_incident_id_index" on "incidents"."assistance_request" ("incident_id");`);
    this.addSql(
      `create table "incidents"."analyst_note" ("id" uuid not null, "incident_id" uuid not null, "text" text not null, "author" varchar(200) not null, "written_at" timestamptz not null, constraint "analyst_note_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "analyst_note_incident_id_index" on "incidents"."analyst_note" ("incident_id");`);
    this.addSql(
      `alter table "incidents"."incident" add constraint "incident_organization_id_foreign" foreign key ("organization_id") references "incidents"."supervised_organization" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "incidents"."incident" add constraint "incident_follow_up_of_id_foreign" foreign key ("follow_up_of_id") references "incidents"."incident" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "incidents"."severity_assessment" add constraint "severity_assessment_incident_id_foreign" foreign key ("incident_id") references "incidents"."incident" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "incidents"."incident_revision" add constraint "incident_revision_incident_id_foreign" foreign key ("incident_id") references "incidents"."incident" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "incidents"."assistance_request" add constraint "assistance_request_incident_id_foreign" foreign key ("incident_id") references "incidents"."incident" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "incidents"."analyst_note" add constraint "analyst_note_incident_id_foreign" foreign key ("incident_id") references "incidents"."incident" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'analyst_note',
      'assistance_request',
      'incident_revision',
      'severity_assessment',
      'incident',
      'supervised_organization',
      'regulator_deadline',
      'refused_submission',
      'feed_checkpoint',
      'outbox_sequence',
      'outbox_event',
    ]) {
      this.addSql(`drop table if exists "incidents"."${table}" cascade;`);
    }
  }
}
