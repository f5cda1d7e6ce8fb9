import type { EntityManager } from '@mikro-orm/postgresql';
import { IsOptional, Max, Min } from 'class-validator';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';

import { NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';
import { assertYear } from '../annual-summary/annual-summary.service.js';
import { AssistanceFact, IncidentFact, ObservedCaseFact } from '../facts/incident-fact.entity.js';
import { toCsv, toHtml } from './response-outcome.export.js';
import { periodBounds, responseOutcomeFigures, type ReportPeriod, type ResponseOutcomeFigures } from './response-outcome.figures.js';

@InputType({ description: 'A Gregorian year, or a month or a quarter of it (Bangkok time); not both.' })
export class ReportPeriodInput implements ReportPeriod {
  @Field(() => Int) year!: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) @Max(12) month?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Min(1) @Max(4) quarter?: number | null;
}

@ObjectType({ description: 'Cases reported and observed under one sector, threat level or category.' })
@VisibleTo(...NATIONAL_CENTRE)
export class OutcomeCount {
  @Field() key!: string;
  @Field(() => Int, { description: 'Notified by organizations in the period.' }) reported!: number;
  @Field(() => Int, { description: 'Observed by ThaiCERT in the period.' }) observed!: number;
}

@ObjectType({ description: 'How long ThaiCERT took, over the requests where it happened.' })
@VisibleTo(...NATIONAL_CENTRE)
export class ResponseDurations {
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) medianHours!: number | null;
  @Field(() => Float, { nullable: true }) p90Hours!: number | null;
}

@ObjectType({
  description:
    'ThaiCERT’s response outcomes for NCSA over a period (ThaiCERT 2.5): cases reported and observed, by sector, level and category; assistance and how soon it was answered; cases closed and still open.',
})
@VisibleTo(...NATIONAL_CENTRE)
export class ResponseOutcomeReport implements ResponseOutcomeFigures {
  @Field(() => Int) year!: number;
  @Field(() => Int, { nullable: true }) month!: number | null;
  @Field(() => Int, { nullable: true }) quarter!: number | null;
  @Field({ description: 'Start of the period (inclusive).' }) from!: Date;
  @Field({ description: 'End of the period (exclusive).' }) to!: Date;
  @Field(() => Int, { description: 'Incidents notified by organizations in the period.' }) reported!: number;
  @Field(() => Int, { description: 'Cases ThaiCERT observed in the period.' }) observed!: number;
  @Field(() => [OutcomeCount]) bySector!: OutcomeCount[];
  @Field(() => [OutcomeCount], {
    description: 'Effective level for reported cases; the level ThaiCERT gave (or NOT_GIVEN) for observed ones.',
  })
  byLevel!: OutcomeCount[];
  @Field(() => [OutcomeCount]) byCategory!: OutcomeCount[];
  @Field(() => Int, { description: 'Assistance requested in the period.' }) assistanceRequested!: number;
  @Field(() => Int, { description: 'Of those, answered by ThaiCERT.' }) assistanceAnswered!: number;
  @Field(() => Int, { description: 'Of those, completed or declined.' }) assistanceResolved!: number;
  @Field(() => ResponseDurations, { description: 'Request to ThaiCERT’s first answer.' }) timeToAssistanceAnswer!: ResponseDurations;
  @Field(() => Int, { description: 'Incidents closed in the period.' }) closed!: number;
  @Field(() => Int, { description: 'Incidents notified before the period’s end and not closed by then.' }) openAtEnd!: number;
  @Field({ description: 'The report as CSV (UTF-8 with BOM, CRLF, bilingual headers).' }) csv!: string;
  @Field({ description: 'The report as a printable bilingual page (A4, Bangkok time).' }) html!: string;
}

/** The report of a period, from the read model: the incidents, observed cases and assistance it touches. */
export async function responseOutcomeReport(em: EntityManager, period: ReportPeriod, now: Date): Promise<ResponseOutcomeReport> {
  assertYear(period.year, now);
  const { from, to } = periodBounds(period);
  const [incidents, observed, assistance] = await Promise.all([
    // Reported in the period, closed in it, or open at its end: notified before it ends and not closed before it began.
    em.find(IncidentFact, { notifiedAt: { $lt: to }, $or: [{ closedAt: null }, { closedAt: { $gte: from } }] }),
    em.find(ObservedCaseFact, { observedAt: { $gte: from, $lt: to } }),
    em.find(AssistanceFact, { requestedAt: { $gte: from, $lt: to } }),
  ]);
  const figures = responseOutcomeFigures(from, to, {
    reported: incidents.map((i) => ({ ...i, sectorId: i.sectorId ?? null, closedAt: i.closedAt ?? null })),
    observed: observed.map((o) => ({ ...o, sectorId: o.sectorId ?? null, severity: o.severity ?? null })),
    assistance: assistance.map((a) => ({ ...a, firstRespondedAt: a.firstRespondedAt ?? null, resolvedAt: a.resolvedAt ?? null })),
  });
  const heading = { period, from, to, generatedAt: now };
  return Object.assign(new ResponseOutcomeReport(), {
    year: period.year,
    month: period.month ?? null,
    quarter: period.quarter ?? null,
    from,
    to,
    ...figures,
    csv: toCsv(figures, heading),
    html: toHtml(figures, heading),
  });
}
