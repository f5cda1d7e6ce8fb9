import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One incident as statistics see it: the figures ก3 and the service-quality indicators need,
 * built from the incidents subgraph's events (never its tables). Sector and regulator are those of
 * the organization when the incident was notified, so a later change of supervision does not
 * move past incidents between annual summaries.
 */
@Entity({ tableName: 'incident_fact' })
@Index({ name: 'incident_fact_regulator_year_idx', properties: ['regulatorId', 'detectedYear'] })
@Index({ name: 'incident_fact_organization_year_idx', properties: ['organizationId', 'detectedYear'] })
@Index({ name: 'incident_fact_year_idx', properties: ['detectedYear', 'sectorId'] })
@Index({ name: 'incident_fact_sector_detected_idx', properties: ['sectorId', 'detectedAt'] })
export class IncidentFact {
  @PrimaryKey({ type: 'uuid' }) incidentId!: string;
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ length: 40, nullable: true }) sectorId?: string | null;
  @Property({ type: 'uuid', nullable: true }) regulatorId?: string | null;

  @Property({ type: 'datetime' }) detectedAt!: Date;
  /** Calendar year and month of detection on Thai clocks (Asia/Bangkok), as the annual summary counts them. */
  @Property({ type: 'smallint' }) detectedYear!: number;
  @Property({ type: 'smallint' }) detectedMonth!: number;

  @Property({ type: 'datetime' }) notifiedAt!: Date;
  /** The ก2 deadline; null when the incident has no ก2 duty (clause 5: significant threats only). */
  @Property({ type: 'datetime', nullable: true }) reportDueAt?: Date | null;
  @Property({ type: 'datetime', nullable: true }) reportFiledAt?: Date | null;
  @Property({ type: 'datetime', nullable: true }) firstAssessedAt?: Date | null;
  @Property({ type: 'datetime', nullable: true }) closedAt?: Date | null;

  @Property({ length: 20 }) status!: string;
  /** Effective threat level: assessed, else reported. */
  @Property({ length: 20 }) severity!: string;
  @Property({ type: 'text[]' }) categories: string[] = [];
  @Property({ type: 'text[]' }) assetTypes: string[] = [];

  /** The last incident event applied to this row; an older or repeated one changes nothing. */
  @Property({ type: new BigIntType('number') }) lastSequence!: number;
}

/** One assistance request, for the time ThaiCERT takes to answer. */
@Entity({ tableName: 'assistance_fact' })
@Index({ name: 'assistance_fact_sector_requested_idx', properties: ['sectorId', 'requestedAt'] })
export class AssistanceFact {
  @PrimaryKey({ type: 'uuid' }) requestId!: string;
  @Property({ type: 'uuid' }) incidentId!: string;
  @Property({ length: 40, nullable: true }) sectorId?: string | null;
  @Property({ type: 'uuid', nullable: true }) regulatorId?: string | null;
  @Property({ type: 'datetime' }) requestedAt!: Date;
  @Property({ type: 'datetime', nullable: true }) firstRespondedAt?: Date | null;
  @Property({ type: 'datetime', nullable: true }) resolvedAt?: Date | null;
}

/**
 * One case ThaiCERT observed (ThaiCERT 2.5), for the response-outcome report, which counts cases
 * observed beside cases reported. Sector and regulator are those of the organization when it was
 * observed, as an incident's are when it was notified.
 */
@Entity({ tableName: 'observed_case_fact' })
@Index({ name: 'observed_case_fact_observed_idx', properties: ['observedAt', 'sectorId'] })
export class ObservedCaseFact {
  @PrimaryKey({ type: 'uuid' }) observedCaseId!: string;
  @Property({ type: 'uuid' }) organizationId!: string;
  @Property({ length: 40, nullable: true }) sectorId?: string | null;
  @Property({ type: 'uuid', nullable: true }) regulatorId?: string | null;
  @Property({ type: 'datetime' }) observedAt!: Date;
  /** The threat level ThaiCERT saw; null when it gave none. */
  @Property({ length: 20, nullable: true }) severity?: string | null;
  @Property({ type: 'text[]' }) categories: string[] = [];
}
