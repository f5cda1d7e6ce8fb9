import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead } from '../../../kit/audit/audited-reads.js';
import { RecordEntity } from '../../../kit/record.entity.js';
import { Audience, NATIONAL_CENTRE, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { Organization } from '../organization/organization.entity.js';

/** Contact details are for the organization itself, its regulator, ThaiCERT and NCSA (SPEC §3), and every read is audited. */
const visibleContactDetails = VisibleTo(Audience.OWN_ORGANIZATION, Audience.SUPERVISING_REGULATOR, ...NATIONAL_CENTRE);
const auditedContactDetails = AuditedRead(RestrictedRead.CONTACT_DETAILS);
const CONTACT_DETAILS: PropertyDecorator = (target, property) => {
  visibleContactDetails(target, property);
  auditedContactDetails(target, property);
};

/**
 * A registered point of contact (ThaiCERT 1.7): who ThaiCERT and the regulator call about an
 * organization's incidents. Removed contacts are kept (an incident report may name them), only
 * hidden from the directory.
 */
@ObjectType({ description: 'A registered point of contact of an organization (ThaiCERT 1.7).' })
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
@Entity({ tableName: 'point_of_contact' })
@Index({ name: 'point_of_contact_organization_idx', properties: ['organization'] })
@Unique({
  name: 'point_of_contact_primary_uniq',
  expression:
    'create unique index "point_of_contact_primary_uniq" on "organizations"."point_of_contact" ("organization_id") where "is_primary" and "removed_at" is null',
})
@Unique({
  name: 'point_of_contact_email_uniq',
  expression:
    'create unique index "point_of_contact_email_uniq" on "organizations"."point_of_contact" ("organization_id", lower("email")) where "removed_at" is null',
})
export class PointOfContact extends RecordEntity implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Organization)
  organization!: Organization;

  @Field()
  @Property({ length: 200 })
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'Position or job title.' })
  @Property({ length: 200, nullable: true })
  position?: string | null;

  @Field(() => String, { nullable: true })
  @CONTACT_DETAILS
  @Property({ length: 254 })
  email!: string;

  @Field(() => String, { nullable: true, description: 'Office telephone, E.164 (+66…).' })
  @CONTACT_DETAILS
  @Property({ length: 20, nullable: true })
  officePhone?: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile telephone, E.164 (+66…).' })
  @CONTACT_DETAILS
  @Property({ length: 20, nullable: true })
  mobilePhone?: string | null;

  @Field(() => String, { nullable: true, description: 'ASCII-armored OpenPGP public key, for encrypted mail.' })
  @CONTACT_DETAILS
  @Property({ type: 'text', nullable: true })
  pgpPublicKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Fingerprint of the OpenPGP key (uppercase hex).' })
  @CONTACT_DETAILS
  @Property({ length: 64, nullable: true })
  pgpFingerprint?: string | null;

  @Field({ description: 'The organization’s primary contact (one at most).' })
  @Property({ default: false })
  isPrimary: boolean = false;

  @Field({ description: 'Reachable 24 hours a day, 7 days a week.' })
  @Property({ default: false })
  available24x7: boolean = false;

  /** Set when removed from the directory; the record itself is kept. */
  @Property({ type: 'datetime', nullable: true })
  removedAt?: Date | null;

  scopeOwner(): ScopeOwner {
    return { organizationId: this.organization.id };
  }
}
