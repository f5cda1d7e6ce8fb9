import { Migration } from '@mikro-orm/migrations';

/**
 * The mail outbox (one row per event and contact), contacts' opt-outs, reports received by mail
 * (kept raw, encrypted at rest, filed once by Message-ID). The kit's migration makes its own tables first.
 */
export class Migration20261206200000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "mail"."mail_delivery" ("id" uuid not null, "event_key" varchar(200) not null, "kind" text not null, "contact_id" uuid not null, "organization_id" uuid not null, "regulator_id" uuid null, "recipient_email" varchar(254) not null, "incident_id" uuid null, "advisory_id" uuid null, "mandatory" boolean not null, "content" jsonb not null, "status" text check ("status" in ('PENDING', 'RETRYING', 'SENT', 'FAILED', 'OPTED_OUT', 'CANCELLED')) not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_error" text null, "message_id" varchar(300) not null, "encrypted" boolean null, "withheld" boolean null, "sent_at" timestamptz null, "created_at" timestamptz not null, constraint "mail_delivery_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "mail"."mail_delivery" add constraint "mail_delivery_event_contact_uniq" unique ("event_key", "contact_id");`);
    this.addSql(
      `create index "mail_delivery_due_idx" on "mail"."mail_delivery" ("next_attempt_at") where "status" in ('PENDING', 'RETRYING');`,
    );
    this.addSql(`create index "mail_delivery_incident_idx" on "mail"."mail_delivery" ("incident_id", "created_at");`);
    this.addSql(`create index "mail_delivery_created_idx" on "mail"."mail_delivery" ("created_at", "id");`);
    this.addSql(
      `create table "mail"."mail_opt_out" ("contact_id" uuid not null, "kind" text not null, "created_at" timestamptz not null, "created_by" varchar(200) not null, constraint "mail_opt_out_pkey" primary key ("contact_id", "kind"));`,
    );
    this.addSql(
      `create table "mail"."inbound_message" ("id" uuid not null, "message_id" varchar(998) not null, "envelope_from" varchar(320) not null, "from_address" varchar(320) null, "size_bytes" int not null, "raw_encrypted" text not null, "status" text check ("status" in ('RECEIVED', 'FILED', 'REFUSED')) not null default 'RECEIVED', "refusal_reasons" jsonb null, "contact_id" uuid null, "organization_id" uuid null, "signature_fingerprint" varchar(64) null, "operation" varchar(40) null, "incident_id" uuid null, "revision" int null, "received_at" timestamptz not null, "settled_at" timestamptz null, constraint "inbound_message_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "mail"."inbound_message" add constraint "inbound_message_message_id_uniq" unique ("message_id");`);
    this.addSql(`create index "inbound_message_received_idx" on "mail"."inbound_message" ("received_at", "id");`);
    this.addSql(
      `create table "mail"."regulator_mailbox" ("id" uuid not null, "regulator_id" uuid not null, "email" varchar(254) not null, "pgp_public_key" text null, "pgp_fingerprint" varchar(64) null, "created_by" varchar(200) not null, "created_at" timestamptz not null, constraint "regulator_mailbox_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "regulator_mailbox_regulator_idx" on "mail"."regulator_mailbox" ("regulator_id");`);
    this.addSql(`create unique index "regulator_mailbox_email_uniq" on "mail"."regulator_mailbox" ("regulator_id", lower("email"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail"."regulator_mailbox";`);
    this.addSql(`drop table if exists "mail"."inbound_message";`);
    this.addSql(`drop table if exists "mail"."mail_opt_out";`);
    this.addSql(`drop table if exists "mail"."mail_delivery";`);
  }
}
