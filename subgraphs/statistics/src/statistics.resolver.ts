import { Arg, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';

import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../kit/visibility.js';
import { assertYear } from './annual-summary/annual-summary.service.js';
import type { StatisticsContext } from './context.js';
import { publicStatistics, PublicStatistics } from './public/public-statistics.js';
import { serviceQuality, ServiceQuality } from './quality/service-quality.js';
import { ReportPeriodInput, responseOutcomeReport, ResponseOutcomeReport } from './response-outcome/response-outcome.report.js';

/** The public's figures, ThaiCERT's service-quality indicators and its response-outcome report. */
export function statisticsResolver(minimumPublicCount: number) {
  @Resolver()
  class StatisticsResolver {
    @Query(() => PublicStatistics, {
      nullable: true,
      description: 'Reported cyber threats of a year by month, category and sector; open to everyone.',
    })
    @Directive('@cost(weight: 10)') // aggregates a year
    @VisibleTo(Audience.PUBLIC)
    publicStatistics(@Arg('year', () => Int) year: number, @Ctx() { em }: StatisticsContext): Promise<PublicStatistics> {
      assertYear(year, new Date());
      return publicStatistics(em, year, minimumPublicCount);
    }

    @Query(() => ServiceQuality, { nullable: true, description: 'Service-quality indicators for incidents detected from `from` to `to`.' })
    @Directive('@cost(weight: 10)') // medians and percentiles over every incident of the period
    @VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
    serviceQuality(
      @Arg('from', () => Date) from: Date,
      @Arg('to', () => Date) to: Date,
      @Arg('sectorId', () => ID, { nullable: true }) sectorId: string | null,
      @Ctx() { em, caller }: StatisticsContext,
    ): Promise<ServiceQuality> {
      return serviceQuality(em, caller, from, to, sectorId, new Date());
    }

    @Query(() => ResponseOutcomeReport, {
      nullable: true,
      description: 'ThaiCERT’s response outcomes for NCSA over a year, month or quarter: as JSON, CSV and a printable page.',
    })
    @Directive('@cost(weight: 10)') // reads every case of the period
    @VisibleTo(...NATIONAL_CENTRE)
    responseOutcomeReport(
      @Arg('period', () => ReportPeriodInput) period: ReportPeriodInput,
      @Ctx() { em }: StatisticsContext,
    ): Promise<ResponseOutcomeReport> {
      return responseOutcomeReport(em, period, new Date());
    }
  }
  return StatisticsResolver;
}
