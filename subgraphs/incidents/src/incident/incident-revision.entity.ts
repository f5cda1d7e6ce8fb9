import { Embedded, Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { ReportSignature } from '../signature/report-signature.js';
import { RevisionKind } from '../vocabulary/incident-vocabulary.js';
import { INCIDENT_READERS, type IncidentReport } from './incident-report.js';
import { Incident } from './incident.entity.js';

/** One changed field of the report, by its path (e.g. `affectedSystem.location`). */
export interface FieldChangeShape {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * One submission — notification, report, update, closing report, data-unavailable notice —
 * stored as it was made and never changed: who, when, what kind, the full content after it,
 * and what changed since the revision it was based on.
 */
@ObjectType({ description: 'One submission about an incident, immutable.' })
@VisibleTo(...INCIDENT_READERS)
@Entity({ tableName: 'incident_revision' })
@Unique({ name: 'incident_revision_number_uniq', properties: ['incident', 'number'] })
export class IncidentRevision implements Scoped {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Incident)
  incident!: Incident;

  @Field(() => Int, { description: '1 for the notification, then 2, 3, …' })
  @Property()
  number!: number;

  @Field(() => RevisionKind)
  @Enum({ items: () => RevisionKind })
  kind!: RevisionKind;

  @Field()
  @Property({ type: 'datetime' })
  submittedAt!: Date;

  @Field({ description: 'Token subject of who submitted it.' })
  @Property({ length: 200 })
  submittedBy!: string;

  @Field(() => Int, { nullable: true, description: 'The revision this one was made against.' })
  @Property({ type: 'integer', nullable: true })
  basedOnRevision?: number | null;

  @Property({ length: 100, nullable: true })
  idempotencyKey?: string | null;

  @Field(() => String, { nullable: true, description: 'For a data-unavailable notice: why the data cannot be provided.' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** The full ก2 content after this submission. */
  @Property({ type: 'jsonb' })
  content!: IncidentReport;

  /** What changed against the revision it was based on. */
  @Property({ type: 'jsonb' })
  changes!: FieldChangeShape[];

  @Field(() => ReportSignature, {
    nullable: true,
    description: 'The OpenPGP signature attached to it, and what verifying it found; null: not signed.',
  })
  @Embedded(() => ReportSignature, { prefix: 'signature_', nullable: true })
  signature?: ReportSignature | null;

  scopeOwner(): ScopeOwner {
    return this.incident.scopeOwner();
  }

  /** Reading a revision's part 2 is a read of its incident's. */
  auditTarget(): { type: string; id: string } {
    return { type: 'Incident', id: this.incident.id };
  }
}
