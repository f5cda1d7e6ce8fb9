import { Migration } from '@mikro-orm/migrations';

import { ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';

const oneOf = (column: string, values: object) =>
  `"${column}" text check ("${column}" in (${Object.values(values)
    .map((v) => `'${String(v)}'`)
    .join(', ')})) null`;

/** Cases ThaiCERT observed at registered organizations (ThaiCERT 2.5), linked to the notification that answers each. */
export class Migration20261217000000ObservedCases extends Migration {
  override async up(): Promise<void> {
    const t = '"incidents"."observed_case"';
    this.addSql(
      `create table ${t} ("id" uuid not null, "organization_id" uuid not null, "observed_at" timestamptz not null, "what_was_seen" text not null, ${oneOf('threat_category', ThreatCategory)}, ${oneOf('level', ThreatLevel)}, "recorded_at" timestamptz not null, "recorded_by" varchar(200) not null, "notification_id" uuid null, "notified_at" timestamptz null, constraint "observed_case_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table ${t} add constraint "observed_case_notification_uniq" unique ("notification_id");`);
    this.addSql(`create index "observed_case_observed_at_idx" on ${t} ("observed_at", "id");`);
    this.addSql(`create index "observed_case_organization_idx" on ${t} ("organization_id", "observed_at");`);
    this.addSql(
      `alter table ${t} add constraint "observed_case_organization_id_foreign" foreign key ("organization_id") references "incidents"."supervised_organization" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table ${t} add constraint "observed_case_notification_id_foreign" foreign key ("notification_id") references "incidents"."incident" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "incidents"."observed_case";`);
  }
}
