import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { RecordEntity } from '../../../kit/record.entity.js';
import { VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { INCIDENT_READERS } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';
import { AssistanceKind, AssistanceMode, AssistanceStatus } from '../vocabulary/incident-vocabulary.js';

/** An organization's request for ThaiCERT's help with an incident (ThaiCERT 2.4), and its answer. */
@ObjectType({ description: 'A request for ThaiCERT assistance (ThaiCERT 2.4).' })
@VisibleTo(...INCIDENT_READERS)
@Entity({ tableName: 'assistance_request' })
export class AssistanceRequest extends RecordEntity<'status'> implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Incident, { index: true })
  incident!: Incident;

  @Field(() => [AssistanceKind])
  @Enum({ items: () => AssistanceKind, array: true })
  kinds!: AssistanceKind[];

  @Field(() => AssistanceMode)
  @Enum({ items: () => AssistanceMode })
  mode!: AssistanceMode;

  @Field({ description: 'What help is needed.' })
  @Property({ type: 'text' })
  description!: string;

  @Field(() => AssistanceStatus)
  @Enum({ items: () => AssistanceStatus })
  status: AssistanceStatus = AssistanceStatus.REQUESTED;

  @Field()
  @Property({ length: 200 })
  requestedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  requestedAt!: Date;

  @Field(() => String, { nullable: true, description: 'ThaiCERT’s latest answer.' })
  @Property({ type: 'text', nullable: true })
  response?: string | null;

  @Field(() => Date, { nullable: true, description: 'When ThaiCERT first answered.' })
  @Property({ type: 'datetime', nullable: true })
  firstRespondedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the help was completed or declined.' })
  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date | null;

  scopeOwner(): ScopeOwner {
    return this.incident.scopeOwner();
  }
}
