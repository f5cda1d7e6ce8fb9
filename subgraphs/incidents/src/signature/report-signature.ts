import { Embeddable, Enum, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

import { VisibleTo } from '../../../kit/visibility.js';
import { INCIDENT_READERS } from '../incident/incident-report.js';
import { SignatureStatus } from './signature-status.js';

/**
 * The OpenPGP signature an organization attached to one submission, kept as sent, with what
 * verifying it against the organization's registered contact keys found at submission time.
 * A key removed or replaced later does not change a verdict already given.
 */
@ObjectType({ description: 'The OpenPGP signature attached to a submission, and what verifying it found.' })
@VisibleTo(...INCIDENT_READERS)
@Embeddable()
export class ReportSignature {
  @Field(() => SignatureStatus)
  @Enum({ items: () => SignatureStatus })
  status!: SignatureStatus;

  @Field({ description: 'The detached signature, ASCII-armored, exactly as sent.' })
  @Property({ type: 'text' })
  armored!: string;

  @Field({ description: 'The OpenPGP key ID the signature names (hex).' })
  @Property({ length: 16 })
  keyId!: string;

  /** The registered point of contact whose key it is, when one is. */
  @Property({ type: 'uuid', nullable: true })
  contactId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Fingerprint of the registered key that matched (uppercase hex), as PointOfContact.pgpFingerprint.',
  })
  @Property({ length: 64, nullable: true })
  fingerprint?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the signer’s software says it signed (from the signature; the signer’s clock).' })
  @Property({ type: 'datetime', nullable: true })
  signedAt?: Date | null;

  @Field({ description: 'When this system checked it.' })
  @Property({ type: 'datetime' })
  verifiedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why it is not VERIFIED, in words.' })
  @Property({ type: 'text', nullable: true })
  detail?: string | null;
}
