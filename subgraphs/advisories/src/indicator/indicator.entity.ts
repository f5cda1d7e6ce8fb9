import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { HashAlgorithm, IndicatorKind, IndicatorStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { RecordEntity } from '../../../kit/record.entity.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { TlpTargeted } from '../tlp/tlp-scope.js';

/** What a revision of an indicator records: everything it said then. */
export interface IndicatorContent {
  kind: IndicatorKind;
  value: string;
  hashAlgorithm: HashAlgorithm | null;
  tlp: Tlp;
  descriptionTh: string | null;
  descriptionEn: string | null;
  validFrom: string;
  validUntil: string | null;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  targetSectorIds: string[];
  recipientOrganizationIds: string[];
  status: IndicatorStatus;
}

/**
 * An indicator of compromise ThaiCERT or NCSA recorded on an incident (an IP address, a domain, a
 * URL, a file hash, an e-mail address), shared under TLP with the same targeting as an advisory
 * and read by the same rules (tlp-scope.ts). Revised and revoked, never deleted: each state is an
 * {@link IndicatorRevision}.
 */
@ObjectType({ description: 'An indicator of compromise recorded on an incident, shared under TLP 2.0.' })
@VisibleTo(Audience.PUBLIC)
@Entity({ tableName: 'indicator' })
@Index({ name: 'indicator_updated_at_id_idx', properties: ['updatedAt', 'id'] })
export class Indicator extends RecordEntity<'status' | 'currentRevision' | 'hashAlgorithm'> implements TlpTargeted {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The incident it was seen in (the incidents subgraph's); `Incident.indicators` lists them. */
  @Property({ type: 'uuid', index: true })
  incidentId!: string;

  /**
   * The organization that reported the incident: named in STIX only at TLP:RED, and in GraphQL
   * only to ThaiCERT and NCSA (the incidents subgraph owns who reported what).
   */
  @Property({ type: 'uuid', nullable: true })
  affectedOrganizationId?: string | null;

  @Field(() => IndicatorKind) @Enum({ items: () => IndicatorKind }) kind!: IndicatorKind;

  @Field({ description: 'The value, normalized: lower-case domains and hashes, canonical IP addresses and URLs.' })
  @Property({ length: 2048 })
  value!: string;

  @Field(() => HashAlgorithm, { nullable: true, description: 'For a file hash: the algorithm its length tells.' })
  @Enum({ items: () => HashAlgorithm, nullable: true })
  hashAlgorithm?: HashAlgorithm | null;

  @Field(() => Tlp) @Enum({ items: () => Tlp }) tlp!: Tlp;

  @Field(() => IndicatorStatus) @Enum({ items: () => IndicatorStatus }) status: IndicatorStatus = IndicatorStatus.ACTIVE;

  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) descriptionTh?: string | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) descriptionEn?: string | null;

  @Field({ description: 'From when it is to be acted on.' }) @Property({ type: 'datetime' }) validFrom!: Date;
  @Field(() => Date, { nullable: true, description: 'Until when; null: until revoked.' })
  @Property({ type: 'datetime', nullable: true })
  validUntil?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) firstSeenAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) lastSeenAt?: Date | null;

  @Field(() => [ID], { description: 'CII sectors addressed; empty means all.' })
  @Property({ type: 'text[]' })
  targetSectorIds: string[] = [];

  @Field(() => [ID], { description: 'Organizations named as recipients (required for RED; for AMBER_STRICT, narrows the targets).' })
  @Property({ type: 'text[]' })
  recipientOrganizationIds: string[] = [];

  @Field(() => Int, { description: 'Number of the latest revision, 1 when added.' })
  @Property()
  currentRevision: number = 1;

  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) revokedAt?: Date | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) revocationReason?: string | null;

  @Property({ length: 200 })
  createdBy!: string;
}

/** One state of an indicator: its addition, each revision, its revocation. Never changed (append-only in the database). */
@ObjectType({ description: 'One revision of an indicator.' })
@VisibleTo(Audience.PUBLIC)
@Entity({ tableName: 'indicator_revision' })
@Unique({ name: 'indicator_revision_number_uniq', properties: ['indicator', 'number'] })
export class IndicatorRevision {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Indicator)
  indicator!: Indicator;

  @Field(() => Int) @Property() number!: number;
  @Field() @Property({ type: 'datetime' }) date!: Date;
  @Field({ description: 'What changed.' }) @Property({ type: 'text' }) summary!: string;
  @Field() @Property({ length: 200 }) revisedBy!: string;

  @Property({ type: 'jsonb' })
  content!: IndicatorContent;
}
