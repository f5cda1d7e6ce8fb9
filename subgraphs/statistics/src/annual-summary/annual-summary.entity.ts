import { Check, Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

import { AnnualSummaryStatus } from '../../../../contracts/form-vocabulary.js';
import { RecordEntity } from '../../../kit/record.entity.js';
import type { AnnualSummaryFigures } from './annual-summary.figures.js';

/**
 * A regulator's (or a government agency's own) annual summary, form ก3 (clause 6). The counts of
 * categories 2–8 come from reported incidents; 0, 1 and 9 are entered here. Submitting freezes the
 * whole summary as it stood, with who and when; an amendment freezes it again, and every submission
 * is kept (`AnnualSummaryFiling`). `submittedAt` stays the first submission's: clause 6's
 * deadline is met or missed by that one, whatever amendments follow.
 */
@Entity({ tableName: 'annual_summary' })
@Unique({ name: 'annual_summary_regulator_year_uniq', properties: ['regulatorId', 'year'] })
@Unique({ name: 'annual_summary_organization_year_uniq', properties: ['organizationId', 'year'] })
@Check({ name: 'annual_summary_one_reporter_check', expression: '(regulator_id is null) <> (organization_id is null)' })
export class AnnualSummary extends RecordEntity<
  'status' | 'enteredTraining' | 'enteredUnsuccessfulAttempts' | 'enteredExplainedAnomalies' | 'filingCount'
> {
  @PrimaryKey({ type: 'uuid' }) id: string = uuidv7();
  @Property({ type: 'smallint' }) year!: number;
  @Property({ type: 'uuid', nullable: true }) regulatorId?: string | null;
  @Property({ type: 'uuid', nullable: true }) organizationId?: string | null;
  @Enum({ items: () => AnnualSummaryStatus }) status: AnnualSummaryStatus = AnnualSummaryStatus.DRAFT;

  /** Category 0, training and exercises: entered by the reporter. */
  @Property({ default: 0 }) enteredTraining: number = 0;
  /** Category 1, unsuccessful activity attempts: entered by the reporter. */
  @Property({ default: 0 }) enteredUnsuccessfulAttempts: number = 0;
  /** Category 9, explained anomalies not reported one by one: entered by the reporter. */
  @Property({ default: 0 }) enteredExplainedAnomalies: number = 0;

  @Property({ type: 'datetime', nullable: true }) submittedAt?: Date | null;
  @Property({ length: 200, nullable: true }) submittedBy?: string | null;
  /** The summary exactly as last submitted (the first submission or the latest amendment). */
  @Property({ type: 'jsonb', nullable: true }) frozen?: AnnualSummaryFigures | null;
  /** How many submissions there are: 0 for a draft, 1 once submitted, one more for each amendment. */
  @Property({ type: 'smallint', default: 0 }) filingCount: number = 0;
  /** When the latest amendment was submitted; null when never amended. */
  @Property({ type: 'datetime', nullable: true }) amendedAt?: Date | null;
}
