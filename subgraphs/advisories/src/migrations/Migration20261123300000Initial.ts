import { Migration } from '@mikro-orm/migrations';

import { feedCheckpointTableSql } from '../../../kit/events/feed-consumer.js';
import { outboxTablesSql } from '../../../kit/events/outbox.js';

/** Advisories, their revisions and acknowledgments, identifier counters, the supervision copy and the outbox. */
export class Migration20261123300000Initial extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxTablesSql('advisories')) this.addSql(sql);
    this.addSql(feedCheckpointTableSql('advisories'));
    this.addSql(
      `create table "advisories"."advisory" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "identifier" varchar(30) null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'UPDATED', 'WITHDRAWN')) not null default 'DRAFT', "tlp" text check ("tlp" in ('CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED')) not null, "title_th" varchar(500) not null, "title_en" varchar(500) not null, "summary_th" text not null, "summary_en" text not null, "recommendations_th" text not null, "recommendations_en" text not null, "cve_ids" text[] not null, "cvss_vector" varchar(200) null, "cvss_base_score" numeric(3,1) null, "cvss_severity" text check ("cvss_severity" in ('NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL')) null, "affected_products" jsonb not null, "product_terms" text[] not null, "references" text[] not null, "target_sector_ids" text[] not null, "recipient_organization_ids" text[] not null, "current_revision" int not null default 0, "published_at" timestamptz null, "last_revised_at" timestamptz null, "withdrawn_at" timestamptz null, "withdrawal_reason" text null, "created_by" varchar(200) not null, constraint "advisory_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "advisories"."advisory" add constraint "advisory_identifier_uniq" unique ("identifier");`);
    this.addSql(`create index "advisory_published_at_id_idx" on "advisories"."advisory" ("published_at", "id");`);
    this.addSql(`create index "advisory_cve_ids_idx" on "advisories"."advisory" using gin ("cve_ids");`);
    this.addSql(
      `create table "advisories"."acknowledgment" ("id" uuid not null, "advisory_id" uuid not null, "organization_id" uuid not null, "acknowledged_by" varchar(200) not null, "acknowledged_at" timestamptz not null, constraint "acknowledgment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "acknowledgment_organization_id_index" on "advisories"."acknowledgment" ("organization_id");`);
    this.addSql(
      `alter table "advisories"."acknowledgment" add constraint "acknowledgment_advisory_organization_uniq" unique ("advisory_id", "organization_id");`,
    );
    this.addSql(
      `create table "advisories"."advisory_identifier_counter" ("year" int not null, constraint "advisory_identifier_counter_pkey" primary key ("year"), "last" int not null);`,
    );
    this.addSql(
      `create table "advisories"."advisory_revision" ("id" uuid not null, "advisory_id" uuid not null, "number" int not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'UPDATED', 'WITHDRAWN')) not null, "date" timestamptz not null, "summary" text not null, "revised_by" varchar(200) not null, "content" jsonb not null, constraint "advisory_revision_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "advisories"."advisory_revision" add constraint "advisory_revision_number_uniq" unique ("advisory_id", "number");`,
    );
    this.addSql(
      `create table "advisories"."regulator_deadline" ("regulator_id" uuid not null, "notification_deadline_hours" smallint not null, constraint "regulator_deadline_pkey" primary key ("regulator_id"));`,
    );
    this.addSql(
      `create table "advisories"."supervised_organization" ("id" uuid not null, "kind" varchar(20) not null, "sector_id" varchar(40) null, "regulator_id" uuid null, constraint "supervised_organization_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "supervised_organization_sector_id_index" on "advisories"."supervised_organization" ("sector_id");`);
    this.addSql(`create index "supervised_organization_regulator_id_index" on "advisories"."supervised_organization" ("regulator_id");`);
    this.addSql(
      `alter table "advisories"."acknowledgment" add constraint "acknowledgment_advisory_id_foreign" foreign key ("advisory_id") references "advisories"."advisory" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "advisories"."advisory_revision" add constraint "advisory_revision_advisory_id_foreign" foreign key ("advisory_id") references "advisories"."advisory" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'acknowledgment',
      'advisory_revision',
      'advisory',
      'advisory_identifier_counter',
      'supervised_organization',
      'regulator_deadline',
      'feed_checkpoint',
      'outbox_sequence',
      'outbox_event',
    ]) {
      this.addSql(`drop table if exists "advisories"."${table}" cascade;`);
    }
  }
}
