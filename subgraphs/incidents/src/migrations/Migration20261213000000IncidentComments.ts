import { Migration } from '@mikro-orm/migrations';

import { appendOnlySql } from '../../../kit/append-only.js';

/**
 * Comments of the supervising regulator, ThaiCERT and NCSA on incidents (SPEC §3). Append-only,
 * as the audit trail is: a trigger refuses any update, delete or truncate.
 */
export class Migration20261213000000IncidentComments extends Migration {
  override async up(): Promise<void> {
    const t = '"incidents"."incident_comment"';
    this.addSql(
      `create table ${t} ("id" uuid not null, "incident_id" uuid not null, "text" text not null, "author_role" text check ("author_role" in ('REGULATOR', 'THAICERT', 'NCSA')) not null, "author_subject" varchar(200) not null, "author_regulator_id" uuid null, "written_at" timestamptz not null, constraint "incident_comment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "incident_comment_incident_written_at_idx" on ${t} ("incident_id", "written_at", "id");`);
    this.addSql(
      `alter table ${t} add constraint "incident_comment_incident_id_foreign" foreign key ("incident_id") references "incidents"."incident" ("id") on update cascade;`,
    );
    for (const sql of appendOnlySql('incidents', 'incident_comment', 'incident comments are append-only')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "incidents"."incident_comment";`);
    this.addSql(`drop function "incidents"."incident_comment_append_only"();`);
  }
}
