import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { inBangkok } from '../../../kit/bangkok-time.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import { AnnualSummary } from './annual-summary.entity.js';
import type { AnnualSummaryFigures } from './annual-summary.figures.js';

/**
 * One submission of an annual summary: the first (number 1) or an amendment with its reason.
 * Never changed nor removed, so every figure a regulator ever submitted stays readable.
 */
@ObjectType({ description: 'One submission of an annual summary (ก3): the first, or an amendment with its reason.' })
@VisibleTo(Audience.REGULATOR, Audience.ORGANIZATION, ...NATIONAL_CENTRE)
@Entity({ tableName: 'annual_summary_filing' })
@Unique({ name: 'annual_summary_filing_number_uniq', properties: ['summary', 'number'] })
export class AnnualSummaryFiling {
  /** Derived for readers, never stored. */
  [OptionalProps]?: 'submittedAtBangkok' | 'incidentCount';

  @PrimaryKey({ type: 'uuid' }) id: string = uuidv7();

  @ManyToOne(() => AnnualSummary, { deleteRule: 'cascade' }) summary!: AnnualSummary;

  @Field(() => Int, { description: '1 for the first submission, 2 for the first amendment, and so on.' })
  @Property({ type: 'smallint' })
  number!: number;

  @Field() @Property({ type: 'datetime' }) submittedAt!: Date;
  @Field() @Property({ length: 200 }) submittedBy!: string;
  @Field(() => String, { nullable: true, description: 'Why it was amended; null for the first submission.' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** The summary exactly as this submission gave it. */
  @Property({ type: 'jsonb' }) figures!: AnnualSummaryFigures;

  @Field({ description: 'submittedAt as Thai clocks show it.' })
  get submittedAtBangkok(): string {
    return inBangkok(this.submittedAt);
  }

  @Field(() => Int)
  get incidentCount(): number {
    return this.figures.incidentCount;
  }
}
