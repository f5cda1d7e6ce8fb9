import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead } from '../../../kit/audit/audited-reads.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import { MailDeliveryStatus, MailKind } from './mail-vocabulary.js';

/** What a template needs, fixed when the row is queued (the event's facts, never the contact's key). */
export type MailContent = Record<string, string | number | boolean | null | string[]>;

/**
 * One mail to one contact about one event (the outbox). Unique by event and contact, so following
 * a feed again never queues a second; its Message-ID is derived from its id, so a relay or a
 * recipient can tell a retry from a new mail.
 */
@ObjectType({ description: 'The delivery of one mail about one event to one point of contact (THAICERT/NCSA).' })
@VisibleTo(...NATIONAL_CENTRE)
@Entity({ tableName: 'mail_delivery' })
@Unique({ name: 'mail_delivery_event_contact_uniq', properties: ['eventKey', 'contactId'] })
@Index({
  name: 'mail_delivery_due_idx',
  expression:
    'create index "mail_delivery_due_idx" on "mail"."mail_delivery" ("next_attempt_at") where "status" in (\'PENDING\', \'RETRYING\')',
})
@Index({ name: 'mail_delivery_incident_idx', properties: ['incidentId', 'createdAt'] })
@Index({ name: 'mail_delivery_created_idx', properties: ['createdAt', 'id'] })
export class MailDelivery {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The event this answers, e.g. `advisory:<id>:r2:UPDATED` or `incident:<feed sequence>`. */
  @Property({ length: 200 })
  eventKey!: string;

  @Field(() => MailKind)
  @Property({ type: 'text' })
  kind!: MailKind;

  @Field(() => ID, { description: 'The point of contact (organizations subgraph).' })
  @Property({ type: 'uuid' })
  contactId!: string;

  /** Reading the address is reading the contact's details. */
  auditTarget(): { type: string; id: string } {
    return { type: 'PointOfContact', id: this.contactId };
  }

  @Field(() => ID, { description: 'The organization the mail is to, or (to a regulator) about.' })
  @Property({ type: 'uuid' })
  organizationId!: string;

  @Field(() => ID, { nullable: true, description: 'Set when the recipient is a regulator’s mailbox (contactId names it).' })
  @Property({ type: 'uuid', nullable: true })
  regulatorId?: string | null;

  @Field({ description: 'The address it was sent (or queued) to.' })
  @AuditedRead(RestrictedRead.CONTACT_DETAILS)
  @Property({ length: 254 })
  recipientEmail!: string;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  incidentId?: string | null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  advisoryId?: string | null;

  @Field({ description: 'Sent whatever the contact’s opt-outs say.' })
  @Property()
  mandatory!: boolean;

  @Property({ type: 'json' })
  content!: MailContent;

  @Field(() => MailDeliveryStatus)
  @Enum({ items: () => MailDeliveryStatus })
  status: MailDeliveryStatus = MailDeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  attempts: number = 0;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null once it is settled.' })
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt?: Date | null = new Date();

  @Field(() => String, { nullable: true, description: 'What the relay (or the preparation) last answered when it failed.' })
  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Field({ description: 'The Message-ID it carries, the same at every attempt.' })
  @Property({ length: 300 })
  messageId!: string;

  @Field(() => Boolean, { nullable: true, description: 'Sent OpenPGP-encrypted to the contact’s key; null until sent.' })
  @Property({ type: 'boolean', nullable: true })
  encrypted?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Sent as a notice without content (no key, TLP:AMBER and above).' })
  @Property({ type: 'boolean', nullable: true })
  withheld?: boolean | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  sentAt?: Date | null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

/**
 * An address a regulator is notified at (clause 4: the organization notifies its regulator too; the
 * system does it for it). The registry keeps no regulator contacts, so a regulator (or NCSA) keeps
 * them here, with the OpenPGP key its notices are encrypted to.
 */
@ObjectType({ description: 'An address a regulator is sent notices of new notifications at (the regulator, THAICERT/NCSA).' })
@VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
@Entity({ tableName: 'regulator_mailbox' })
@Unique({
  name: 'regulator_mailbox_email_uniq',
  expression: 'create unique index "regulator_mailbox_email_uniq" on "mail"."regulator_mailbox" ("regulator_id", lower("email"))',
})
export class RegulatorMailbox {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Field(() => ID)
  @Property({ type: 'uuid', index: 'regulator_mailbox_regulator_idx' })
  regulatorId!: string;

  @Field()
  @Property({ length: 254 })
  email!: string;

  @Field(() => String, { nullable: true, description: 'ASCII-armored OpenPGP public key its notices are encrypted to.' })
  @Property({ type: 'text', nullable: true })
  pgpPublicKey?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ length: 64, nullable: true })
  pgpFingerprint?: string | null;

  @Property({ length: 200 })
  createdBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}

/** A contact’s choice not to receive a kind of mail that is not mandatory. */
@Entity({ tableName: 'mail_opt_out' })
export class MailOptOut {
  @PrimaryKey({ type: 'uuid' })
  contactId!: string;

  @PrimaryKey({ type: 'text' })
  kind!: MailKind;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ length: 200 })
  createdBy!: string;
}
