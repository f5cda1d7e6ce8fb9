import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { AdvisoryStatus, CvssSeverity, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import type { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead, type AuditedRecord } from '../../../kit/audit/audited-reads.js';
import { RecordEntity } from '../../../kit/record.entity.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import { restrictedReadOf } from '../tlp/tlp-audit.js';
import { AffectedProduct, type AdvisoryContent } from './advisory-content.js';

/**
 * A ThaiCERT alert or advisory (ThaiCERT 1.4–1.6). Who may read it is decided row by row by its
 * TLP label (see advisory-scope.ts); every field of a readable advisory is readable.
 */
@ObjectType({ description: 'A ThaiCERT alert or advisory (ThaiCERT 1.4–1.6), shared under TLP 2.0.' })
@Directive('@key(fields: "id")')
@VisibleTo(Audience.PUBLIC)
@AuditedRead()
@Entity({ tableName: 'advisory' })
@Index({ name: 'advisory_cve_ids_idx', expression: 'create index "advisory_cve_ids_idx" on "advisories"."advisory" using gin ("cve_ids")' })
@Index({ name: 'advisory_published_at_id_idx', properties: ['publishedAt', 'id'] })
export class Advisory extends RecordEntity<'status' | 'currentRevision'> implements AdvisoryContent, AuditedRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Field(() => String, { nullable: true, description: 'TH-CERT-<year>-<number>, given on publication: unique and gap-free per year.' })
  @Property({ length: 30, nullable: true, unique: 'advisory_identifier_uniq' })
  identifier?: string | null;

  @Field(() => AdvisoryStatus)
  @Enum({ items: () => AdvisoryStatus })
  status: AdvisoryStatus = AdvisoryStatus.DRAFT;

  @Field(() => Tlp)
  @Enum({ items: () => Tlp })
  tlp!: Tlp;

  @Field() @Property({ length: 500 }) titleTh!: string;
  @Field() @Property({ length: 500 }) titleEn!: string;
  @Field() @Property({ type: 'text' }) summaryTh!: string;
  @Field() @Property({ type: 'text' }) summaryEn!: string;
  @Field({ description: 'What organizations should do.' }) @Property({ type: 'text' }) recommendationsTh!: string;
  @Field() @Property({ type: 'text' }) recommendationsEn!: string;

  @Field(() => [String], { description: 'CVE ids, e.g. CVE-2024-3400.' })
  @Property({ type: 'text[]' })
  cveIds: string[] = [];

  @Field(() => String, { nullable: true, description: 'CVSS 3.0, 3.1 or 4.0 vector.' })
  @Property({ length: 200, nullable: true })
  cvssVector?: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'The base score computed from the vector: v3.x Base Score, v4.0 CVSS-B (never a threat or environmental score; see cvssScores).',
  })
  @Property({ type: 'decimal', precision: 3, scale: 1, nullable: true })
  cvssBaseScore?: number | null;

  @Field(() => CvssSeverity, { nullable: true, description: 'The qualitative rating of cvssBaseScore.' })
  @Enum({ items: () => CvssSeverity, nullable: true })
  cvssSeverity?: CvssSeverity | null;

  @Field(() => [AffectedProduct])
  @Property({ type: 'jsonb' })
  affectedProducts: AffectedProduct[] = [];

  /** Lower-cased vendor and product names, for search. */
  @Property({ type: 'text[]' })
  productTerms: string[] = [];

  @Field(() => [String], { description: 'Links to vendor bulletins and other sources.' })
  @Property({ type: 'text[]' })
  references: string[] = [];

  @Field(() => [ID], { description: 'CII sectors addressed; empty means all.' })
  @Property({ type: 'text[]' })
  targetSectorIds: string[] = [];

  @Field(() => [ID], { description: 'Organizations named as recipients (required for RED; for AMBER_STRICT, narrows the targets).' })
  @Property({ type: 'text[]' })
  recipientOrganizationIds: string[] = [];

  @Field(() => Int, { description: 'Number of the latest published revision; 0 for a draft.' })
  @Property()
  currentRevision: number = 0;

  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) publishedAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) lastRevisedAt?: Date | null;
  @Field(() => Date, { nullable: true }) @Property({ type: 'datetime', nullable: true }) withdrawnAt?: Date | null;
  @Field(() => String, { nullable: true }) @Property({ type: 'text', nullable: true }) withdrawalReason?: string | null;

  @Property({ length: 200 })
  createdBy!: string;

  /** Reading an advisory under a restricted TLP label is audited; CLEAR and GREEN ones are not. */
  restrictedRead(): { what: RestrictedRead; type: string; id: string } | null {
    const what = restrictedReadOf({ type: 'Advisory', id: this.id, tlp: this.tlp });
    return what ? { what, type: 'Advisory', id: this.id } : null;
  }
}
