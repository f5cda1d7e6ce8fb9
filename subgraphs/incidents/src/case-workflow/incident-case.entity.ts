import { Entity, Enum, Index, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { RecordEntity } from '../../../kit/record.entity.js';
import { NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import { Incident } from '../incident/incident.entity.js';
import { CaseTransitionKind, HandlingStatus } from '../vocabulary/incident-vocabulary.js';

/**
 * ThaiCERT's handling of one incident (ThaiCERT 3.4(4): "threat recording and tracking system,
 * ticketing system, and workflow management"): who works it and where it stands. Every incident
 * has one from its notification on, in TRIAGE and unassigned. ThaiCERT and NCSA only: the
 * organization and its regulator never see it.
 */
@ObjectType({ description: 'ThaiCERT’s case for an incident: assignee and handling status (ThaiCERT and NCSA only).' })
@VisibleTo(...NATIONAL_CENTRE)
@Entity({ tableName: 'incident_case' })
@Index({ name: 'incident_case_queue_idx', properties: ['assignee', 'reportedAt', 'id'] })
@Index({ name: 'incident_case_status_idx', properties: ['status', 'reportedAt', 'id'] })
@Index({ name: 'incident_case_reported_at_idx', properties: ['reportedAt', 'id'] })
export class IncidentCase extends RecordEntity<'status' | 'assignee'> {
  @Field(() => ID, { description: 'The incident’s id: a case is its incident’s.' })
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @OneToOne(() => Incident, { owner: true, unique: 'incident_case_incident_id_unique' })
  incident!: Incident;

  @Field(() => String, { nullable: true, description: 'The analyst working it: the token subject of a ThaiCERT or NCSA user.' })
  @Property({ length: 200, nullable: true })
  assignee: string | null = null;

  @Field(() => HandlingStatus)
  @Enum({ items: () => HandlingStatus })
  status: HandlingStatus = HandlingStatus.TRIAGE;

  @Field({ description: 'When it entered its current status.' })
  @Property({ type: 'datetime' })
  statusSince!: Date;

  @Field({ description: 'When the report (ก1) arrived: response times count from here.' })
  @Property({ type: 'datetime' })
  reportedAt!: Date;
}

/** One step of a case's history: an assignment, an unassignment or a change of status, with who and when. Never changed. */
@ObjectType({ description: 'A step in a case’s history: who, when, and the assignee and status before and after.' })
@VisibleTo(...NATIONAL_CENTRE)
@Entity({ tableName: 'incident_case_transition' })
@Index({ name: 'incident_case_transition_case_at_idx', properties: ['incidentCase', 'at', 'id'] })
export class CaseTransition {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => IncidentCase)
  incidentCase!: IncidentCase;

  @Field(() => CaseTransitionKind)
  @Enum({ items: () => CaseTransitionKind })
  kind!: CaseTransitionKind;

  @Field({ description: 'The token subject of the ThaiCERT or NCSA user who made it.' })
  @Property({ length: 200 })
  by!: string;

  @Field()
  @Property({ type: 'datetime' })
  at!: Date;

  @Field(() => HandlingStatus)
  @Enum({ items: () => HandlingStatus })
  fromStatus!: HandlingStatus;

  @Field(() => HandlingStatus)
  @Enum({ items: () => HandlingStatus })
  toStatus!: HandlingStatus;

  @Field(() => String, { nullable: true })
  @Property({ length: 200, nullable: true })
  fromAssignee?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ length: 200, nullable: true })
  toAssignee?: string | null;
}
