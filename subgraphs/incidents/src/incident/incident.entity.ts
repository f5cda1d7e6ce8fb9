import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { AffectedAssetType, Continuity, ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead } from '../../../kit/audit/audited-reads.js';
import { RecordEntity } from '../../../kit/record.entity.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { IncidentStatus } from '../vocabulary/incident-vocabulary.js';
import { INCIDENT_READERS, PART_TWO_READERS, type IncidentReport } from './incident-report.js';

/**
 * A cyber threat an organization reported. The row holds what is queried and filtered (status,
 * severity, categories, deadlines); the full ก2 content is that of the latest revision, and every
 * revision is kept (IncidentRevision).
 */
@ObjectType({ description: 'A cyber threat reported by a government agency or CII organization (forms ก1, ก2).' })
@Directive('@key(fields: "id")')
@VisibleTo(...INCIDENT_READERS)
@Entity({ tableName: 'incident' })
@Unique({ name: 'incident_idempotency_key_uniq', properties: ['organization', 'idempotencyKey'] })
@Index({ name: 'incident_detected_at_id_idx', properties: ['detectedAt', 'id'] })
@Index({ name: 'incident_organization_detected_at_idx', properties: ['organization', 'detectedAt'] })
@Index({
  name: 'incident_report_due_idx',
  expression: 'create index "incident_report_due_idx" on "incidents"."incident" ("report_due_at") where "report_filed_at" is null',
})
@Index({
  name: 'incident_open_organization_idx',
  expression: `create index "incident_open_organization_idx" on "incidents"."incident" ("organization_id") where "status" <> 'CLOSED'`,
})
@Index({
  name: 'incident_unfiled_detected_at_idx',
  expression:
    'create index "incident_unfiled_detected_at_idx" on "incidents"."incident" ("detected_at", "id") where "report_filed_at" is null',
})
export class Incident extends RecordEntity implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => SupervisedOrganization, { fieldName: 'organization_id' })
  organization!: SupervisedOrganization;

  /** Client-chosen key of the notification, so a retried notification does not create a second incident. */
  @Property({ length: 100 })
  idempotencyKey!: string;

  @Field(() => IncidentStatus)
  @Enum({ items: () => IncidentStatus })
  status: IncidentStatus = IncidentStatus.NOTIFIED;

  @Field(() => Continuity)
  @Enum({ items: () => Continuity })
  continuity!: Continuity;

  @ManyToOne(() => Incident, { nullable: true })
  followUpOf?: Incident | null;

  @Field(() => String, { nullable: true, description: 'NCSA reference number (หมายเลขอ้างอิง), written by NCSA only.' })
  @Property({ length: 60, nullable: true, unique: 'incident_reference_number_uniq' })
  referenceNumber?: string | null;

  @Field(() => ThreatLevel, { description: 'Threat level as the organization reported it.' })
  @Enum({ items: () => ThreatLevel })
  reportedSeverity!: ThreatLevel;

  @Field(() => ThreatLevel, { nullable: true, description: 'Threat level as ThaiCERT assessed it, when it has.' })
  @Enum({ items: () => ThreatLevel, nullable: true })
  assessedSeverity?: ThreatLevel | null;

  @Field(() => ThreatLevel, { description: 'The assessed threat level when there is one, else the reported one.' })
  @Enum({ items: () => ThreatLevel, index: true })
  severity!: ThreatLevel;

  @Field(() => [ThreatCategory], { description: 'Threat categories as last reported (the final ones once closed).' })
  @Enum({ items: () => ThreatCategory, array: true })
  categories!: ThreatCategory[];

  /** Affected asset types as last reported, kept as a column for the events statistics count them from. */
  @Enum({ items: () => AffectedAssetType, array: true, default: [] })
  affectedAssetTypes: AffectedAssetType[] = [];

  /** CVE ids from part 2, kept as a column for the advisories subgraph (`relatedAdvisories` requires it). */
  @Field(() => [String], { nullable: true, description: 'CVE ids from part 2 (ง1.4); as visible as part 2 is.' })
  @VisibleTo(...PART_TWO_READERS)
  @AuditedRead(RestrictedRead.INCIDENT_PART_TWO)
  @Property({ type: 'text[]' })
  cveIds: string[] = [];

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  occurredAt?: Date | null;

  @Field()
  @Property({ type: 'datetime' })
  detectedAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the ก2 report is due (clause 5): 24 hours after detection while the threat is significant (SERIOUS, CRITICAL_A, CRITICAL_B, UNDETERMINED); 24 hours after ThaiCERT’s assessment if that made it significant later. null: NON_SERIOUS, no deadline (a deadline already met or missed is kept).',
  })
  @Property({ type: 'datetime', nullable: true })
  reportDueAt?: Date | null;

  /** When ThaiCERT's assessment made the incident significant, if that started the ก2 duty (see applyReportDuty). */
  @Property({ type: 'datetime', nullable: true })
  reportDutyAssessedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the first ก2 report was filed.' })
  @Property({ type: 'datetime', nullable: true })
  reportFiledAt?: Date | null;

  /** The regulator's notification deadline when the incident was notified; the due time follows detection with it. */
  @Property({ type: 'smallint', nullable: true })
  regulatorDeadlineHours?: number | null;

  @Field(() => Date, { nullable: true, description: 'When the regulator must be told, from its notification deadline.' })
  @Property({ type: 'datetime', nullable: true })
  regulatorNotificationDueAt?: Date | null;

  /** The regulator's report deadline when the incident was notified; the due time follows the ก2 duty with it. */
  @Property({ type: 'smallint', nullable: true })
  regulatorReportDeadlineHours?: number | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the ก2 report must reach the regulator (clause 5, second sentence), from its report deadline, while the ก2 is due (see reportDueAt); null: no ก2 duty, or the regulator set no report deadline.',
  })
  @Property({ type: 'datetime', nullable: true })
  regulatorReportDueAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the organization says it told its regulator (ข2); null: not yet.' })
  @Property({ type: 'datetime', nullable: true })
  regulatorNotifiedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null;

  @Field(() => Int, { description: 'Number of the latest revision; send it as `basedOnRevision` with the next submission.' })
  @Property()
  currentRevision: number = 1;

  /** The reporter restricted part 2 to NCSA and ThaiCERT. */
  @Property({ default: false })
  partTwoRestricted: boolean = false;

  /**
   * The ก2 content of the latest revision. Lazy: lists never need the full report, so it is read
   * only where the report is (see the `contentOf` loader, and the submissions that change it).
   */
  @Property({ type: 'jsonb', lazy: true })
  content!: IncidentReport;

  /** Set once the "deadline approaching" event has been written, so it is written once. */
  @Property({ type: 'datetime', nullable: true })
  deadlineApproachingAnnouncedAt?: Date | null;

  /** Set once the "overdue" event has been written, so it is written once. */
  @Property({ type: 'datetime', nullable: true })
  overdueAnnouncedAt?: Date | null;

  scopeOwner(): ScopeOwner {
    return { organizationId: this.organization.id, withheldFromRegulator: this.partTwoRestricted };
  }
}
