import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead } from '../../../kit/audit/audited-reads.js';
import { NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
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

  @Field(() => ID)
  @Property({ type: 'uuid' })
  organizationId!: string;

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
