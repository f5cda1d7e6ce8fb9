import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import { Incident } from '../incident/incident.entity.js';

/**
 * ThaiCERT's reassessment of an incident's threat level (ThaiCERT 2.2). The reported level is
 * kept; each assessment is kept too, with who made it and why (for ThaiCERT and NCSA only).
 */
@ObjectType({ description: 'A ThaiCERT/NCSA severity assessment, with its internals.' })
@VisibleTo(...NATIONAL_CENTRE)
@Entity({ tableName: 'severity_assessment' })
export class SeverityAssessment {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Incident, { index: true })
  incident!: Incident;

  @Field(() => ThreatLevel)
  @Enum({ items: () => ThreatLevel })
  severity!: ThreatLevel;

  @Field({ description: 'Why the level was kept or redefined, from the nature and impact.' })
  @Property({ type: 'text' })
  reason!: string;

  @Field({ description: 'Recommendations to limit the damage, shared with the organization.' })
  @Property({ type: 'text' })
  recommendations!: string;

  @Field()
  @Property({ length: 200 })
  assessedBy!: string;

  @Field()
  @Property({ type: 'datetime' })
  assessedAt!: Date;
}

/** A ThaiCERT/NCSA working note on an incident; never shown to the organization or regulator. */
@ObjectType({ description: 'An analyst note (ThaiCERT and NCSA only).' })
@VisibleTo(...NATIONAL_CENTRE)
@Entity({ tableName: 'analyst_note' })
export class AnalystNote {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Incident, { index: true })
  incident!: Incident;

  @Field()
  @Property({ type: 'text' })
  text!: string;

  @Field()
  @Property({ length: 200 })
  author!: string;

  @Field()
  @Property({ type: 'datetime' })
  writtenAt!: Date;
}
