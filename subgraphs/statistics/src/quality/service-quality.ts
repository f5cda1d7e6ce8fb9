import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

import { isNationalCentre, Role, type Caller } from '../../../../platform/caller.js';
import { badUserInput, forbidden } from '../../../../platform/errors.js';
import { SupervisedOrganization } from '../../../kit/supervision/supervised-organization.entity.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';

@ObjectType({ description: 'How long something took, over the incidents where it happened.' })
@VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
export class DurationStatistics {
  @Field(() => Int, { description: 'How many it is measured over.' }) count!: number;
  @Field(() => Float, { nullable: true }) medianHours!: number | null;
  @Field(() => Float, { nullable: true }) p90Hours!: number | null;
}

@ObjectType({ description: 'ThaiCERT’s service-quality indicators (ThaiCERT 3.4(1)) for incidents detected in a period.' })
@VisibleTo(Audience.REGULATOR, ...NATIONAL_CENTRE)
export class ServiceQuality {
  @Field() from!: Date;
  @Field() to!: Date;
  @Field(() => ID, { nullable: true }) sectorId!: string | null;
  @Field(() => Int) incidents!: number;
  @Field(() => DurationStatistics, { description: 'Detection to notification (ก1).' }) detectionToNotification!: DurationStatistics;
  @Field(() => DurationStatistics, { description: 'Detection to the first ก2 report.' }) detectionToReport!: DurationStatistics;
  @Field(() => Int, { description: 'ก2 reports owed (significant threats only, clause 5) and due by now or already filed.' })
  reportsDue!: number;
  @Field(() => Int, {
    description: 'Of those, filed by their deadline (24 hours after detection, or after the assessment that made the threat significant).',
  })
  reportsOnTime!: number;
  @Field(() => Float, { nullable: true, description: 'reportsOnTime / reportsDue.' }) onTimeShare!: number | null;
  @Field(() => DurationStatistics, { description: 'Notification to ThaiCERT’s first severity assessment.' })
  timeToAssessment!: DurationStatistics;
  @Field(() => DurationStatistics, { description: 'Assistance request to ThaiCERT’s first answer.' })
  timeToAssistanceAnswer!: DurationStatistics;
  @Field(() => DurationStatistics, { description: 'Detection to closing.' }) timeToClosure!: DurationStatistics;
}

/** ThaiCERT and NCSA for any sector or all; a regulator for a sector it supervises. */
async function assertMaySee(em: EntityManager, caller: Caller, sectorId: string | null | undefined): Promise<void> {
  if (isNationalCentre(caller)) return;
  if (caller.role === Role.REGULATOR) {
    if (!sectorId) throw forbidden('A regulator sees the indicators of its own sector: give sectorId');
    const supervises = await em.count(SupervisedOrganization, { regulatorId: caller.regulatorId, sectorId });
    if (supervises > 0) return;
  }
  throw forbidden('Service-quality indicators are for ThaiCERT, NCSA and a sector’s regulator');
}

const HOURS = (from: string, to: string) => `extract(epoch from (${to} - ${from})) / 3600.0`;
const duration = (name: string, expression: string, condition: string) => `
  count(*) filter (where ${condition}) as ${name}_count,
  percentile_cont(0.5) within group (order by ${expression}) filter (where ${condition}) as ${name}_median,
  percentile_cont(0.9) within group (order by ${expression}) filter (where ${condition}) as ${name}_p90`;

type Row = Record<string, string | number | null>;
const durationOf = (row: Row, name: string): DurationStatistics => ({
  count: Number(row[`${name}_count`] ?? 0),
  medianHours: row[`${name}_median`] == null ? null : Math.round(Number(row[`${name}_median`]) * 100) / 100,
  p90Hours: row[`${name}_p90`] == null ? null : Math.round(Number(row[`${name}_p90`]) * 100) / 100,
});

/** The indicators for incidents detected in [from, to], from the read model in two aggregate queries. */
export async function serviceQuality(
  em: EntityManager,
  caller: Caller,
  from: Date,
  to: Date,
  sectorId: string | null | undefined,
  now: Date,
): Promise<ServiceQuality> {
  if (from > to) throw badUserInput('from is after to');
  await assertMaySee(em, caller, sectorId);
  const sector = sectorId ? ` and i."sector_id" = ?` : '';
  const params = (...extra: unknown[]) => [...extra, from, to, ...(sectorId ? [sectorId] : [])];
  const [incidents] = await em.getConnection().execute<Row[]>(
    `select count(*) as incidents,
      ${duration('notify', HOURS('"detected_at"', '"notified_at"'), 'true')},
      ${duration('report', HOURS('"detected_at"', '"report_filed_at"'), '"report_filed_at" is not null')},
      ${duration('assess', HOURS('"notified_at"', '"first_assessed_at"'), '"first_assessed_at" is not null')},
      ${duration('close', HOURS('"detected_at"', '"closed_at"'), '"closed_at" is not null')},
      count(*) filter (where "report_due_at" is not null and ("report_filed_at" is not null or "report_due_at" <= ?)) as reports_due,
      count(*) filter (where "report_filed_at" <= "report_due_at") as reports_on_time
     from "statistics"."incident_fact" i where i."detected_at" between ? and ?${sector}`,
    params(now),
  );
  // Assistance for the same incidents: those detected in the period.
  const [assistance] = await em.getConnection().execute<Row[]>(
    `select ${duration('answer', HOURS('a."requested_at"', 'a."first_responded_at"'), 'a."first_responded_at" is not null')}
     from "statistics"."assistance_fact" a join "statistics"."incident_fact" i on i."incident_id" = a."incident_id"
     where i."detected_at" between ? and ?${sector}`,
    params(),
  );
  const reportsDue = Number(incidents!.reports_due);
  const reportsOnTime = Number(incidents!.reports_on_time);
  return Object.assign(new ServiceQuality(), {
    from,
    to,
    sectorId: sectorId ?? null,
    incidents: Number(incidents!.incidents),
    detectionToNotification: durationOf(incidents!, 'notify'),
    detectionToReport: durationOf(incidents!, 'report'),
    reportsDue,
    reportsOnTime,
    onTimeShare: reportsDue > 0 ? Math.round((reportsOnTime / reportsDue) * 1000) / 1000 : null,
    timeToAssessment: durationOf(incidents!, 'assess'),
    timeToAssistanceAnswer: durationOf(assistance!, 'answer'),
    timeToClosure: durationOf(incidents!, 'close'),
  });
}
