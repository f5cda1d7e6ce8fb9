import { Entity, Enum, Index, ManyToOne, OneToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { INCIDENT_READERS } from '../incident/incident-report.js';
import { Incident } from '../incident/incident.entity.js';

/**
 * A threat ThaiCERT observed at a registered organization (ThaiCERT 2.5: "cases where cyber threat
 * incidents are observed"). It is not an incident: the organization has notified nothing, so no
 * deadline of its own runs and no figure counts it as the organization's report. The organization
 * is asked to notify; its notification, when it comes, is linked here.
 */
@ObjectType({
  description:
    'A threat ThaiCERT observed at an organization (source: observed). Not the organization’s notification: it is asked to notify, and its notification is linked here.',
})
@VisibleTo(...INCIDENT_READERS)
@Entity({ tableName: 'observed_case' })
@Index({ name: 'observed_case_observed_at_idx', properties: ['observedAt', 'id'] })
@Index({ name: 'observed_case_organization_idx', properties: ['organization', 'observedAt'] })
export class ObservedCase implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => SupervisedOrganization, { fieldName: 'organization_id' })
  organization!: SupervisedOrganization;

  @Field({ description: 'When ThaiCERT observed the threat.' })
  @Property({ type: 'datetime' })
  observedAt!: Date;

  @Field({ description: 'What ThaiCERT saw, as it tells the organization.' })
  @Property({ type: 'text' })
  whatWasSeen!: string;

  @Field(() => ThreatCategory, { nullable: true })
  @Enum({ items: () => ThreatCategory, nullable: true })
  threatCategory?: ThreatCategory | null;

  @Field(() => ThreatLevel, { nullable: true, description: 'The threat level ThaiCERT saw, when it gave one.' })
  @Enum({ items: () => ThreatLevel, nullable: true })
  level?: ThreatLevel | null;

  @Field({ description: 'When it was recorded here.' })
  @Property({ type: 'datetime' })
  recordedAt!: Date;

  @Field({ description: 'The token subject of the ThaiCERT or NCSA person who recorded it.' })
  @Property({ length: 200 })
  recordedBy!: string;

  /** The organization's notification that answers it; one notification answers one observed case. */
  @OneToOne(() => Incident, { nullable: true, owner: true, unique: 'observed_case_notification_uniq' })
  notification?: Incident | null;

  @Field(() => Date, { nullable: true, description: 'When the organization’s notification was linked.' })
  @Property({ type: 'datetime', nullable: true })
  notifiedAt?: Date | null;

  scopeOwner(): ScopeOwner {
    return { organizationId: this.organization.id };
  }
}
