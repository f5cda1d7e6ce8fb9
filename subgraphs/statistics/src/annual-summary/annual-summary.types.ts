import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

import { AffectedAssetType, AnnualSummaryStatus, ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import { OrganizationRef, RegulatorRef } from '../federation/references.js';
import { AnnualSummaryFiling } from './annual-summary-filing.entity.js';
import type { AnnualSummary } from './annual-summary.entity.js';
import type { AnnualSummaryFigures } from './annual-summary.figures.js';

const READERS = [Audience.REGULATOR, Audience.ORGANIZATION, ...NATIONAL_CENTRE] as const;

@ObjectType({ description: 'A line of ก3 §1.' })
@VisibleTo(...READERS)
export class CategoryCount {
  @Field(() => ThreatCategory) category!: ThreatCategory;
  @Field() labelTh!: string;
  @Field() labelEn!: string;
  @Field(() => Int, { description: 'From reported incidents.' }) fromIncidents!: number;
  @Field(() => Int, { description: 'Entered by the reporter (categories 0, 1 and 9).' }) entered!: number;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'A line of ก3 §2.' })
@VisibleTo(...READERS)
export class AssetTypeCount {
  @Field(() => AffectedAssetType) assetType!: AffectedAssetType;
  @Field() labelTh!: string;
  @Field() labelEn!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'A line of ก3 §3.' })
@VisibleTo(...READERS)
export class SeverityCount {
  @Field(() => ThreatLevel) severity!: ThreatLevel;
  @Field() labelTh!: string;
  @Field() labelEn!: string;
  @Field(() => Int) count!: number;
}

/** Whose summary: the regulator's, or a government agency's own. */
export type Reporter = { regulatorId: string } | { organizationId: string };

@ObjectType('AnnualSummary', {
  description: 'Form ก3: the annual summary of cyber threats, due 31 January of the following year (clause 6).',
})
@Directive('@key(fields: "id")')
@VisibleTo(...READERS)
export class AnnualSummaryView {
  @Field(() => ID, {
    description: '<year>:R:<regulator id> or <year>:O:<organization id>; as of an earlier submission, followed by @<its number>.',
  })
  id!: string;
  @Field(() => Int) year!: number;
  @Field(() => RegulatorRef, { nullable: true }) regulator!: RegulatorRef | null;
  @Field(() => OrganizationRef, { nullable: true, description: 'A government agency filing its own summary.' })
  organization!: OrganizationRef | null;
  @Field(() => AnnualSummaryStatus) status!: AnnualSummaryStatus;
  @Field({ description: 'Last instant of 31 January of the following year, Asia/Bangkok.' }) dueAt!: Date;
  @Field() dueAtBangkok!: string;
  @Field({ description: 'Submitted after the due time, or still not submitted once it passed.' }) late!: boolean;
  @Field(() => Date, { nullable: true, description: 'The first submission: lateness is judged on it, whatever amendments follow.' })
  submittedAt!: Date | null;
  @Field(() => String, { nullable: true }) submittedBy!: string | null;
  @Field(() => Int, { description: 'Send it back as expectedVersion when changing the summary (0 before anything was entered).' })
  version!: number;
  @Field({ description: 'Amended since it was first submitted.' }) amended!: boolean;
  @Field(() => Date, { nullable: true, description: 'When the latest amendment was submitted.' }) amendedAt!: Date | null;
  @Field(() => Int, { description: 'How many submissions it has: 0 for a draft, 1 once submitted, one more per amendment.' })
  filingCount!: number;
  @Field(() => AnnualSummaryFiling, {
    nullable: true,
    description: 'The submission whose figures these are (the latest, unless an earlier one was asked for); null for a draft.',
  })
  filing!: AnnualSummaryFiling | null;
  @Field(() => Int) incidentCount!: number;
  @Field(() => [CategoryCount]) byCategory!: CategoryCount[];
  @Field(() => [AssetTypeCount]) byAssetType!: AssetTypeCount[];
  @Field(() => [SeverityCount]) bySeverity!: SeverityCount[];
  @Field(() => Int, { description: 'Incidents whose level is still undetermined (not a line of ก3).' }) undetermined!: number;

  reporter!: Reporter;
  /** The stored summary, null before anything was entered. */
  record!: AnnualSummary | null;
  /** The figures behind the lines above, for the exports. */
  figures!: AnnualSummaryFigures;
}

@ObjectType({ description: 'Where a regulator’s annual summary stands, for NCSA.' })
@VisibleTo(...NATIONAL_CENTRE)
export class AnnualSummarySubmission {
  @Field(() => RegulatorRef) regulator!: RegulatorRef;
  @Field(() => AnnualSummaryStatus, { nullable: true, description: 'Null: nothing entered yet.' }) status!: AnnualSummaryStatus | null;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field() dueAt!: Date;
  @Field({ description: 'Judged on the first submission: an amendment never makes a summary late nor on time.' }) late!: boolean;
  @Field({ description: 'Amended since it was first submitted.' }) amended!: boolean;
  @Field(() => Date, { nullable: true, description: 'When the latest amendment was submitted.' }) amendedAt!: Date | null;
  @Field(() => Int, { description: 'How many submissions it has: 0 or 1, and one more per amendment.' }) filingCount!: number;
}
