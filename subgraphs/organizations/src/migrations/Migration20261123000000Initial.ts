import { Migration } from '@mikro-orm/migrations';

/**
 * Sectors, regulators, organizations and points of contact. The CII sectors of the
 * Cybersecurity Act 2019 §49 are reference data fixed by law, so they arrive with the schema.
 */
export class Migration20261123000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "organizations"."regulator" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name_th" varchar(300) not null, "name_en" varchar(300) not null, "notification_deadline_hours" smallint not null, constraint "regulator_pkey" primary key ("id"), constraint regulator_notification_deadline_hours_check check (notification_deadline_hours >= 1 and notification_deadline_hours <= 720));`,
    );
    this.addSql(
      `create table "organizations"."sector" ("id" varchar(40) not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name_th" varchar(200) not null, "name_en" varchar(200) not null, constraint "sector_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "organizations"."regulator_sector" ("regulator_id" uuid not null, "sector_id" varchar(40) not null, constraint "regulator_sector_pkey" primary key ("regulator_id", "sector_id"));`,
    );
    this.addSql(
      `create table "organizations"."organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "name_th" varchar(300) not null, "name_en" varchar(300) not null, "kind" text check ("kind" in ('GOVERNMENT_AGENCY', 'CII_ORGANIZATION')) not null, "sector_id" varchar(40) null, "regulator_id" uuid null, "mission_description" text null, "address_line" varchar(300) null, "address_subdistrict" varchar(100) null, "address_district" varchar(100) null, "address_province" varchar(100) null, "address_postal_code" varchar(5) null, constraint "organization_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "organization_sector_id_index" on "organizations"."organization" ("sector_id");`);
    this.addSql(`create index "organization_regulator_id_index" on "organizations"."organization" ("regulator_id");`);
    this.addSql(`create index "organization_name_en_id_idx" on "organizations"."organization" ("name_en", "id");`);
    this.addSql(
      `create table "organizations"."point_of_contact" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "organization_id" uuid not null, "full_name" varchar(200) not null, "position" varchar(200) null, "email" varchar(254) not null, "office_phone" varchar(20) null, "mobile_phone" varchar(20) null, "pgp_public_key" text null, "pgp_fingerprint" varchar(64) null, "is_primary" boolean not null default false, "available24x7" boolean not null default false, "removed_at" timestamptz null, constraint "point_of_contact_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "point_of_contact_organization_idx" on "organizations"."point_of_contact" ("organization_id");`);
    this.addSql(
      `create unique index "point_of_contact_email_uniq" on "organizations"."point_of_contact" ("organization_id", lower("email")) where "removed_at" is null;`,
    );
    this.addSql(
      `create unique index "point_of_contact_primary_uniq" on "organizations"."point_of_contact" ("organization_id") where "is_primary" and "removed_at" is null;`,
    );
    this.addSql(
      `alter table "organizations"."regulator_sector" add constraint "regulator_sector_regulator_id_foreign" foreign key ("regulator_id") references "organizations"."regulator" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "organizations"."regulator_sector" add constraint "regulator_sector_sector_id_foreign" foreign key ("sector_id") references "organizations"."sector" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "organizations"."organization" add constraint "organization_sector_id_foreign" foreign key ("sector_id") references "organizations"."sector" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "organizations"."organization" add constraint "organization_regulator_id_foreign" foreign key ("regulator_id") references "organizations"."regulator" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "organizations"."point_of_contact" add constraint "point_of_contact_organization_id_foreign" foreign key ("organization_id") references "organizations"."organization" ("id") on update cascade;`,
    );
    this.addSql(`insert into "organizations"."sector" ("id", "name_th", "name_en") values
      ('NATIONAL_SECURITY', 'ความมั่นคงของรัฐ', 'National security'),
      ('PUBLIC_SERVICES', 'บริการภาครัฐที่สำคัญ', 'Substantial public services'),
      ('BANKING_FINANCE', 'การเงินการธนาคาร', 'Banking and finance'),
      ('IT_TELECOM', 'เทคโนโลยีสารสนเทศและโทรคมนาคม', 'Information technology and telecommunications'),
      ('TRANSPORT_LOGISTICS', 'การขนส่งและโลจิสติกส์', 'Transportation and logistics'),
      ('ENERGY_UTILITIES', 'พลังงานและสาธารณูปโภค', 'Energy and public utilities'),
      ('PUBLIC_HEALTH', 'สาธารณสุข', 'Public health'),
      ('OTHER', 'อื่นตามที่คณะกรรมการประกาศกำหนด', 'Others prescribed by the Committee')
      on conflict ("id") do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "organizations"."point_of_contact" cascade;');
    this.addSql('drop table if exists "organizations"."organization" cascade;');
    this.addSql('drop table if exists "organizations"."regulator_sector" cascade;');
    this.addSql('drop table if exists "organizations"."sector" cascade;');
    this.addSql('drop table if exists "organizations"."regulator" cascade;');
  }
}
