import { Migration } from '@mikro-orm/migrations';

/**
 * Signed reports: each revision may carry the OpenPGP signature sent with it and its verdict, and
 * this subgraph keeps a copy of the contacts' public keys to verify them with.
 */
export class Migration20261201000000SignedReports extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "incidents"."signing_key" ("contact_id" uuid not null, "organization_id" uuid not null, "fingerprint" varchar(64) not null, "armored_key" text not null, constraint "signing_key_pkey" primary key ("contact_id"));`,
    );
    this.addSql(`create index "signing_key_organization_id_index" on "incidents"."signing_key" ("organization_id");`);
    this.addSql(`alter table "incidents"."incident_revision"
      add column "signature_status" text check ("signature_status" in ('UNSIGNED', 'VERIFIED', 'UNKNOWN_KEY', 'INVALID')) null,
      add column "signature_armored" text null,
      add column "signature_key_id" varchar(16) null,
      add column "signature_contact_id" uuid null,
      add column "signature_fingerprint" varchar(64) null,
      add column "signature_signed_at" timestamptz null,
      add column "signature_verified_at" timestamptz null,
      add column "signature_detail" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "incidents"."incident_revision"
      drop column "signature_status", drop column "signature_armored", drop column "signature_key_id", drop column "signature_contact_id",
      drop column "signature_fingerprint", drop column "signature_signed_at", drop column "signature_verified_at", drop column "signature_detail";`);
    this.addSql(`drop table "incidents"."signing_key";`);
  }
}
