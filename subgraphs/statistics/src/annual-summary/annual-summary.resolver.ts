import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';

import { NotBlank } from '../../../kit/validators.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import type { StatisticsContext } from '../context.js';
import { AnnualSummaryFiling } from './annual-summary-filing.entity.js';
import {
  amendSummary,
  annualSummary,
  filingsOf,
  MAX_FILINGS,
  reporterOf,
  setEntries,
  submissions,
  submitSummary,
} from './annual-summary.service.js';
import { AnnualSummarySubmission, AnnualSummaryView } from './annual-summary.types.js';
import { toCsv, toHtml, type SummaryHeading } from './form-export.js';

@ArgsType()
class SummaryArgs {
  @Field(() => Int) year!: number;
  @Field(() => ID, { nullable: true }) regulatorId?: string | null;
  @Field(() => ID, { nullable: true, description: 'A government agency’s own summary.' }) organizationId?: string | null;
  @Field(() => Int, { nullable: true, description: 'The summary as this submission gave it (1 the first); omitted, as it stands.' })
  filing?: number | null;
}

@InputType({ description: 'Counts the reporter enters: categories 0, 1 and 9 are not reported one by one.' })
class SummaryEntriesInput {
  @Field(() => Int) year!: number;
  @Field(() => ID, { nullable: true }) regulatorId?: string | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => Int, { description: 'Category 0, training and exercises.' }) @Min(0) @Max(10_000_000) training!: number;
  @Field(() => Int, { description: 'Category 1, unsuccessful activity attempts.' }) @Min(0) @Max(10_000_000) unsuccessfulAttempts!: number;
  @Field(() => Int, { description: 'Category 9, explained anomalies.' }) @Min(0) @Max(10_000_000) explainedAnomalies!: number;
  @Field(() => Int, { description: 'The summary’s version as read (0 before anything was entered).' }) expectedVersion!: number;
}

@InputType()
class SubmitSummaryInput {
  @Field(() => Int) year!: number;
  @Field(() => ID, { nullable: true }) regulatorId?: string | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field(() => Int) expectedVersion!: number;
}

@InputType({ description: 'An amendment of a submitted summary: why, and the entered counts that change.' })
class AmendSummaryInput {
  @Field(() => Int) year!: number;
  @Field(() => ID, { nullable: true }) regulatorId?: string | null;
  @Field(() => ID, { nullable: true }) organizationId?: string | null;
  @Field({ description: 'Why it is amended (kept with the amendment; NCSA reads it).' }) @NotBlank() @MaxLength(2_000) reason!: string;
  @Field(() => Int, { nullable: true, description: 'Category 0; left out, as last submitted.' })
  @IsOptional()
  @Min(0)
  @Max(10_000_000)
  training?: number | null;
  @Field(() => Int, { nullable: true, description: 'Category 1; left out, as last submitted.' })
  @IsOptional()
  @Min(0)
  @Max(10_000_000)
  unsuccessfulAttempts?: number | null;
  @Field(() => Int, { nullable: true, description: 'Category 9; left out, as last submitted.' })
  @IsOptional()
  @Min(0)
  @Max(10_000_000)
  explainedAnomalies?: number | null;
  @Field(() => Int) expectedVersion!: number;
}

const FILERS = [Audience.REGULATOR, Audience.ORGANIZATION] as const;
const readerName = (summary: AnnualSummaryView) => {
  const named = summary.regulator ?? summary.organization;
  return [named?.nameTh, named?.nameEn].filter(Boolean).join(' / ') || summary.id;
};

const headingOf = (summary: AnnualSummaryView): SummaryHeading => ({
  year: summary.year,
  reporterName: readerName(summary),
  submittedAt: summary.submittedAt,
  filing: summary.filing && {
    number: summary.filing.number,
    submittedAt: summary.filing.submittedAt,
    reason: summary.filing.reason ?? null,
  },
});

@Resolver(() => AnnualSummaryView)
export class AnnualSummaryResolver {
  @Query(() => AnnualSummaryView, { nullable: true, description: 'Form ก3 for a regulator (or a government agency) and a year.' })
  @Directive('@cost(weight: 10)') // counts a year of its organizations' incidents
  @VisibleTo(...FILERS, ...NATIONAL_CENTRE)
  annualSummary(@Args(() => SummaryArgs) args: SummaryArgs, @Ctx() { em, caller }: StatisticsContext): Promise<AnnualSummaryView> {
    return annualSummary(em, caller, args.year, reporterOf(args), new Date(), args.filing);
  }

  @Query(() => [AnnualSummarySubmission], {
    nullable: true,
    description: 'Every regulator’s summary of a year: submitted, when, and late or not.',
  })
  @VisibleTo(...NATIONAL_CENTRE)
  annualSummarySubmissions(
    @Arg('year', () => Int) year: number,
    @Arg('amended', () => Boolean, { nullable: true, description: 'Only those amended (true) or never amended (false).' })
    amended: boolean | null | undefined,
    @Ctx() { em }: StatisticsContext,
  ): Promise<AnnualSummarySubmission[]> {
    return submissions(em, year, new Date(), amended);
  }

  @Mutation(() => AnnualSummaryView, { nullable: true, description: 'Enters the counts of categories 0, 1 and 9.' })
  @VisibleTo(...FILERS)
  setAnnualSummaryEntries(
    @Arg('input', () => SummaryEntriesInput) input: SummaryEntriesInput,
    @Ctx() { em, caller }: StatisticsContext,
  ): Promise<AnnualSummaryView> {
    return setEntries(em, caller, input.year, reporterOf(input), input, input.expectedVersion, new Date());
  }

  @Mutation(() => AnnualSummaryView, { nullable: true, description: 'Submits the summary: frozen as it stands, with who and when.' })
  @VisibleTo(...FILERS)
  submitAnnualSummary(
    @Arg('input', () => SubmitSummaryInput) input: SubmitSummaryInput,
    @Ctx() { em, caller }: StatisticsContext,
  ): Promise<AnnualSummaryView> {
    return submitSummary(em, caller, input.year, reporterOf(input), input.expectedVersion, new Date());
  }

  @Mutation(() => AnnualSummaryView, {
    nullable: true,
    description: `Amends a submitted summary with a reason: frozen again as a new submission; earlier ones stay readable (at most ${MAX_FILINGS} in all).`,
  })
  @VisibleTo(...FILERS)
  amendAnnualSummary(
    @Arg('input', () => AmendSummaryInput) input: AmendSummaryInput,
    @Ctx() { em, caller }: StatisticsContext,
  ): Promise<AnnualSummaryView> {
    const { reason, training, unsuccessfulAttempts, explainedAnomalies } = input;
    const entries = {
      training: training ?? undefined,
      unsuccessfulAttempts: unsuccessfulAttempts ?? undefined,
      explainedAnomalies: explainedAnomalies ?? undefined,
    };
    return amendSummary(em, caller, input.year, reporterOf(input), { reason, entries }, input.expectedVersion, new Date());
  }

  @FieldResolver(() => [AnnualSummaryFiling], {
    description: `Every submission, the first first: at most ${MAX_FILINGS}, so it does not page.`,
  })
  @Directive(`@listSize(assumedSize: ${MAX_FILINGS})`) // the first submission and its amendments, capped
  filings(@Root() summary: AnnualSummaryView, @Ctx() { em }: StatisticsContext): Promise<AnnualSummaryFiling[]> {
    return filingsOf(em, summary.record);
  }

  @FieldResolver(() => String, { description: 'The summary as CSV, with Thai and English labels.' })
  @Directive('@requires(fields: "regulator { nameTh nameEn } organization { nameTh nameEn }")')
  csv(@Root() summary: AnnualSummaryView): string {
    return toCsv(summary.figures, headingOf(summary));
  }

  @FieldResolver(() => String, { description: 'A printable bilingual page laid out like form ก3.' })
  @Directive('@requires(fields: "regulator { nameTh nameEn } organization { nameTh nameEn }")')
  html(@Root() summary: AnnualSummaryView): string {
    return toHtml(summary.figures, headingOf(summary));
  }
}
