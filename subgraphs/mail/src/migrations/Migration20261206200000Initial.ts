import { Migration } from '@mikro-orm/migrations';

/** The mail outbox (one row per event and contact), contacts' opt-outs (the kit's migration makes its own tables first). */
export class Migration20261206200000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "mail"."mail_delivery" ("id" uuid not null, "event_key" varchar(200) not null, "kind" text not null, "contact_id" uuid not null, "organization_id" uuid not null, "recipient_email" varchar(254) not null, "incident_id" uuid null, "advisory_id" uuid null, "mandatory" boolean not null, "content" jsonb not null, "status" text check ("status" in ('PENDING', 'RETRYING', 'SENT', 'FAILED', 'OPTED_OUT', 'CANCELLED')) not null default 'PENDING', "attempts" int not null default 0, "next_attempt_at" timestamptz null, "last_error" text null, "message_id" varchar(300) not null, "encrypted" boolean null, "withheld" boolean null, "sent_at" timestamptz null, "created_at" timestamptz not null, constraint "mail_delivery_pkey" primary key ("id"));`,
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
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mail"."mail_opt_out";`);
    this.addSql(`drop table if exists "mail"."mail_delivery";`);
  }
}
