import { BigIntType, Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

import { AuditKind, type AuditRecord } from '../../../contracts/audit-line.js';
import { appendOnlySql } from '../append-only.js';
import { Audience, VisibleTo } from '../visibility.js';

registerEnumType(AuditKind, { name: 'AuditKind', description: 'A change attempted, or restricted data read.' });

/**
 * One line of the audit trail: who (subject, role, and the organization or regulator acted for)
 * did what (a mutation and its outcome, or a read of restricted data), to which record, when, in
 * which request. Append-only: a trigger refuses any update or delete. Each subgraph records its
 * own; the statistics subgraph keeps everyone's, for NCSA (see `auditTrail`).
 */
@ObjectType({ description: 'One audit trail entry (NCSA only).' })
@VisibleTo(Audience.NCSA, Audience.SERVICE)
@Entity({ tableName: 'audit_entry' })
@Index({ name: 'audit_entry_recorded_at_idx', properties: ['recordedAt'] })
@Index({ name: 'audit_entry_subject_idx', properties: ['subject', 'recordedAt'] })
@Index({ name: 'audit_entry_target_idx', properties: ['targetId', 'recordedAt'] })
@Index({ name: 'audit_entry_request_idx', properties: ['requestId'] })
export class AuditEntry implements AuditRecord {
  @Field({ description: 'The subgraph that recorded it: organizations, incidents, advisories or statistics.' })
  @PrimaryKey({ length: 20 })
  service!: string;

  @Field(() => GraphQLSafeInt, { description: 'Its number in that subgraph’s trail, without gaps.' })
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: false })
  sequence!: number;

  @Field()
  @Property({ type: 'datetime' })
  recordedAt!: Date;

  @Field({ description: 'The request it belongs to (x-request-id), the same in every service the request reached.' })
  @Property({ length: 128 })
  requestId!: string;

  @Field({ description: 'ORGANIZATION, REGULATOR, THAICERT, NCSA, SERVICE or PUBLIC.' })
  @Property({ length: 20 })
  role!: string;

  @Field(() => String, { nullable: true, description: 'The token subject; none for the public.' })
  @Property({ length: 200, nullable: true })
  subject?: string | null;

  @Field(() => ID, { nullable: true, description: 'The organization an ORGANIZATION caller acted for.' })
  @Property({ type: 'uuid', nullable: true })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The regulator a REGULATOR caller acted for.' })
  @Property({ type: 'uuid', nullable: true })
  regulatorId?: string | null;

  @Field(() => AuditKind)
  @Enum({ items: () => AuditKind })
  kind!: AuditKind;

  @Field({ description: 'The mutation (e.g. notifyIncident), or what was read (e.g. CONTACT_DETAILS).' })
  @Property({ length: 80 })
  action!: string;

  @Field(() => String, { nullable: true, description: 'The type of record concerned (Incident, PointOfContact, Advisory, …).' })
  @Property({ length: 40, nullable: true })
  targetType?: string | null;

  @Field(() => ID, { nullable: true })
  @Property({ length: 64, nullable: true })
  targetId?: string | null;

  @Field({ description: 'OK, or the error code the request was refused with.' })
  @Property({ length: 40 })
  outcome!: string;
}

/** The counter behind each subgraph's audit sequence; its row lock orders concurrent writers. */
@Entity({ tableName: 'audit_sequence' })
export class AuditSequence {
  @PrimaryKey({ length: 20 })
  service!: string;

  @Property({ type: new BigIntType('number') })
  value!: number;
}

/** SQL for a migration: the audit tables in `schema`, append-only by trigger. */
export function auditTablesSql(schema: string, service: string): string[] {
  const t = `"${schema}"."audit_entry"`;
  return [
    `create table ${t} ("service" varchar(20) not null, "sequence" bigint not null, "recorded_at" timestamptz not null, "request_id" varchar(128) not null, "role" varchar(20) not null, "subject" varchar(200) null, "organization_id" uuid null, "regulator_id" uuid null, "kind" text check ("kind" in ('MUTATION', 'READ')) not null, "action" varchar(80) not null, "target_type" varchar(40) null, "target_id" varchar(64) null, "outcome" varchar(40) not null, constraint "audit_entry_pkey" primary key ("service", "sequence"));`,
    `create index "audit_entry_recorded_at_idx" on ${t} ("recorded_at");`,
    `create index "audit_entry_subject_idx" on ${t} ("subject", "recorded_at");`,
    `create index "audit_entry_target_idx" on ${t} ("target_id", "recorded_at");`,
    `create index "audit_entry_request_idx" on ${t} ("request_id");`,
    `create table "${schema}"."audit_sequence" ("service" varchar(20) not null, "value" bigint not null, constraint "audit_sequence_pkey" primary key ("service"));`,
    `insert into "${schema}"."audit_sequence" ("service", "value") values ('${service}', 0);`,
    ...appendOnlySql(schema, 'audit_entry', 'the audit trail is append-only'),
  ];
}

/** The migration that adds the audit tables to a subgraph's schema (the same for every subgraph). */
export function auditTrailMigration(schema: string, service: string): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class AuditTrailMigration extends Migration {
    override async up(): Promise<void> {
      for (const sql of auditTablesSql(schema, service)) this.addSql(sql);
    }

    override async down(): Promise<void> {
      this.addSql(`drop table "${schema}"."audit_entry";`);
      this.addSql(`drop table "${schema}"."audit_sequence";`);
      this.addSql(`drop function "${schema}"."audit_entry_append_only"();`);
    }
  };
}
