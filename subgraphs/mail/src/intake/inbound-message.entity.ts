import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/** Where a report received by mail stands. */
export enum InboundStatus {
  /** Kept, not yet filed or refused (a process stopped in between takes it up at its next start). */
  RECEIVED = 'RECEIVED',
  FILED = 'FILED',
  REFUSED = 'REFUSED',
}

/**
 * A message received at the reporting address, kept raw and encrypted at rest to ThaiCERT's key
 * whatever became of it; unique by Message-ID, so a message sent twice is filed once.
 */
@Entity({ tableName: 'inbound_message' })
@Unique({ name: 'inbound_message_message_id_uniq', properties: ['messageId'] })
@Index({ name: 'inbound_message_received_idx', properties: ['receivedAt', 'id'] })
export class InboundMessage {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ length: 998 })
  messageId!: string;

  /** The SMTP envelope's sender, as given. */
  @Property({ length: 320 })
  envelopeFrom!: string;

  /** The header `From:` address, lower-case: the contact it claims to come from. */
  @Property({ length: 320, nullable: true })
  fromAddress?: string | null;

  @Property({ type: 'integer' })
  sizeBytes!: number;

  /** The message exactly as received, OpenPGP-encrypted to ThaiCERT's key (armored). */
  @Property({ type: 'text' })
  rawEncrypted!: string;

  @Enum({ items: () => InboundStatus })
  status: InboundStatus = InboundStatus.RECEIVED;

  /** Why it was refused, one reason a line. */
  @Property({ type: 'json', nullable: true })
  refusalReasons?: string[] | null;

  /** The contact whose registered key signed it, and its organization. */
  @Property({ type: 'uuid', nullable: true })
  contactId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  organizationId?: string | null;

  @Property({ length: 64, nullable: true })
  signatureFingerprint?: string | null;

  @Property({ length: 40, nullable: true })
  operation?: string | null;

  @Property({ type: 'uuid', nullable: true })
  incidentId?: string | null;

  @Property({ type: 'integer', nullable: true })
  revision?: number | null;

  @Property({ type: 'datetime' })
  receivedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  settledAt?: Date | null;
}
