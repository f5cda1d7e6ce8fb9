import { Migration } from '@mikro-orm/migrations';

import { appendOnlySql } from '../../../kit/append-only.js';

/**
 * ThaiCERT's case workflow (ThaiCERT 3.4(4)): a case per incident and its history. Every incident
 * notified before this has its case opened here, in triage and unassigned since its notification,
 * so the national list and the unassigned queue hold every incident. The history is append-only,
 * as the comments are.
 */
export class Migration20261213000100IncidentCases extends Migration {
  override async up(): Promise<void> {
    const cases = '"incidents"."incident_case"';
    const steps = '"incidents"."incident_case_transition"';
    const status = (column: string) =>
      `"${column}" text check ("${column}" in ('TRIAGE', 'IN_PROGRESS', 'WAITING_FOR_ORGANIZATION', 'RESOLVED'))`;
    this.addSql(
      `create table ${cases} ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "incident_id" uuid not null, "assignee" varchar(200) null, ${status('status')} not null default 'TRIAGE', "status_since" timestamptz not null, "reported_at" timestamptz not null, constraint "incident_case_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table ${cases} add constraint "incident_case_incident_id_unique" unique ("incident_id");`);
    this.addSql(`create index "incident_case_reported_at_idx" on ${cases} ("reported_at", "id");`);
    this.addSql(`create index "incident_case_status_idx" on ${cases} ("status", "reported_at", "id");`);
    this.addSql(`create index "incident_case_queue_idx" on ${cases} ("assignee", "reported_at", "id");`);
    this.addSql(
      `create table ${steps} ("id" uuid not null, "incident_case_id" uuid not null, "kind" text check ("kind" in ('ASSIGNED', 'UNASSIGNED', 'STATUS_CHANGED')) not null, "by" varchar(200) not null, "at" timestamptz not null, ${status('from_status')} not null, ${status('to_status')} not null, "from_assignee" varchar(200) null, "to_assignee" varchar(200) null, constraint "incident_case_transition_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "incident_case_transition_case_at_idx" on ${steps} ("incident_case_id", "at", "id");`);
    this.addSql(
      `alter table ${cases} add constraint "incident_case_incident_id_foreign" foreign key ("incident_id") references "incidents"."incident" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table ${steps} add constraint "incident_case_transition_incident_case_id_foreign" foreign key ("incident_case_id") references ${cases} ("id") on update cascade;`,
    );
    for (const sql of appendOnlySql('incidents', 'incident_case_transition', "a case's history is append-only")) this.addSql(sql);
    // Timestamps to the millisecond, as the application writes them: a connection's cursor holds a JavaScript Date.
    this.addSql(
      `insert into ${cases} ("id", "incident_id", "status_since", "reported_at") select "id", "id", date_trunc('milliseconds', "created_at"), date_trunc('milliseconds', "created_at") from "incidents"."incident";`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "incidents"."incident_case_transition";`);
    this.addSql(`drop function "incidents"."incident_case_transition_append_only"();`);
    this.addSql(`drop table "incidents"."incident_case";`);
  }
}
