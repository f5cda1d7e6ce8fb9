import { Migration } from '@mikro-orm/migrations';

import { appendOnlySql } from '../../../kit/append-only.js';

/** Indicators of compromise on incidents, and their revisions (append-only: an indicator is revised and revoked, never rewritten). */
export class Migration20261206100000Indicators extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "advisories"."indicator" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "incident_id" uuid not null, "affected_organization_id" uuid null, "kind" text check ("kind" in ('IP_ADDRESS', 'DOMAIN_NAME', 'URL', 'FILE_HASH', 'EMAIL_ADDRESS')) not null, "value" varchar(2048) not null, "hash_algorithm" text check ("hash_algorithm" in ('MD5', 'SHA1', 'SHA256')) null, "tlp" text check ("tlp" in ('CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED')) not null, "status" text check ("status" in ('ACTIVE', 'REVOKED')) not null default 'ACTIVE', "description_th" text null, "description_en" text null, "valid_from" timestamptz not null, "valid_until" timestamptz null, "first_seen_at" timestamptz null, "last_seen_at" timestamptz null, "target_sector_ids" text[] not null, "recipient_organization_ids" text[] not null, "current_revision" int not null default 1, "revoked_at" timestamptz null, "revocation_reason" text null, "created_by" varchar(200) not null, constraint "indicator_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "indicator_incident_id_index" on "advisories"."indicator" ("incident_id");`);
    this.addSql(`create index "indicator_updated_at_id_idx" on "advisories"."indicator" ("updated_at", "id");`);
    this.addSql(
      `create table "advisories"."indicator_revision" ("id" uuid not null, "indicator_id" uuid not null, "number" int not null, "date" timestamptz not null, "summary" text not null, "revised_by" varchar(200) not null, "content" jsonb not null, constraint "indicator_revision_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "advisories"."indicator_revision" add constraint "indicator_revision_number_uniq" unique ("indicator_id", "number");`,
    );
    this.addSql(
      `alter table "advisories"."indicator_revision" add constraint "indicator_revision_indicator_id_foreign" foreign key ("indicator_id") references "advisories"."indicator" ("id") on update cascade;`,
    );
    for (const sql of appendOnlySql('advisories', 'indicator_revision', 'An indicator revision is never changed or deleted'))
      this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "advisories"."indicator_revision" cascade;`);
    this.addSql(`drop table if exists "advisories"."indicator" cascade;`);
    this.addSql(`drop function if exists "advisories"."indicator_revision_append_only"();`);
  }
}
