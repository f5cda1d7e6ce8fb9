import { invalidField, ProblemCode } from '../../../../platform/errors.js';

/** A period of the response-outcome report: a Gregorian year, or one month or quarter of it, on Thai clocks. */
export interface ReportPeriod {
  year: number;
  month?: number | null;
  quarter?: number | null;
}

const BANGKOK_OFFSET_MS = 7 * 3_600_000; // Asia/Bangkok keeps UTC+7 all year

/** The instant a Bangkok calendar month begins (month 0–12, 12 the next January). */
const bangkokMonthStart = (year: number, month0: number) => new Date(Date.UTC(year, month0, 1) - BANGKOK_OFFSET_MS);

/** The period's bounds, [from, to): months and quarters as Thai clocks count them. */
export function periodBounds({ year, month, quarter }: ReportPeriod): { from: Date; to: Date } {
  if (month != null && quarter != null) {
    throw invalidField('period.quarter', ProblemCode.CONTRADICTS_OTHER_FIELD, 'Give a month or a quarter, not both');
  }
  const [first, months] = month != null ? [month - 1, 1] : quarter != null ? [(quarter - 1) * 3, 3] : [0, 12];
  return { from: bangkokMonthStart(year, first), to: bangkokMonthStart(year, first + months) };
}

/** An incident the organization notified, as the report reads it. */
export interface ReportedCase {
  notifiedAt: Date;
  closedAt: Date | null;
  sectorId: string | null;
  severity: string;
  categories: string[];
}

/** A case ThaiCERT observed. */
export interface ObservedCase {
  observedAt: Date;
  sectorId: string | null;
  severity: string | null;
  categories: string[];
}

export interface AssistanceCase {
  requestedAt: Date;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
}

/** Counts of one sector, level or category: reported and observed beside each other. */
export interface OutcomeRow {
  key: string;
  reported: number;
  observed: number;
}

/** How long something took: as the service-quality indicators measure it. */
export interface Durations {
  count: number;
  medianHours: number | null;
  p90Hours: number | null;
}

export interface ResponseOutcomeFigures {
  reported: number;
  observed: number;
  bySector: OutcomeRow[];
  byLevel: OutcomeRow[];
  byCategory: OutcomeRow[];
  assistanceRequested: number;
  assistanceAnswered: number;
  assistanceResolved: number;
  /** Request to ThaiCERT's first answer. */
  timeToAssistanceAnswer: Durations;
  closed: number;
  openAtEnd: number;
}

/** A percentile as PostgreSQL's percentile_cont computes it (linear between the two nearest), so it matches serviceQuality. */
function percentileCont(sorted: number[], fraction: number): number {
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

const round2 = (hours: number) => Math.round(hours * 100) / 100;

export function durations(hours: number[]): Durations {
  if (hours.length === 0) return { count: 0, medianHours: null, p90Hours: null };
  const sorted = [...hours].sort((a, b) => a - b);
  return { count: sorted.length, medianHours: round2(percentileCont(sorted, 0.5)), p90Hours: round2(percentileCont(sorted, 0.9)) };
}

/** Rows of the keys each case counts under, reported and observed, in key order. */
function rowsBy(reported: string[][], observed: string[][]): OutcomeRow[] {
  const rows = new Map<string, OutcomeRow>();
  const add = (key: string, which: 'reported' | 'observed') => {
    const row = rows.get(key) ?? { key, reported: 0, observed: 0 };
    row[which] += 1;
    rows.set(key, row);
  };
  for (const keys of reported) new Set(keys).forEach((key) => add(key, 'reported'));
  for (const keys of observed) new Set(keys).forEach((key) => add(key, 'observed'));
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The sector a case without one counts under (an organization the registry has not placed). */
export const NO_SECTOR = 'NONE';
/** The level an observed case without one counts under. */
export const NO_LEVEL = 'NOT_GIVEN';

const within = (at: Date | null, from: Date, to: Date) => at != null && at >= from && at < to;

/**
 * The response-outcome report over [from, to): cases reported (notified in the period) and cases
 * observed (observed in it), by sector, level and category; assistance asked in the period and how
 * soon ThaiCERT answered; cases closed in it; and reported cases still open when it ends.
 */
export function responseOutcomeFigures(
  from: Date,
  to: Date,
  cases: { reported: ReportedCase[]; observed: ObservedCase[]; assistance: AssistanceCase[] },
): ResponseOutcomeFigures {
  const reported = cases.reported.filter((c) => within(c.notifiedAt, from, to));
  const observed = cases.observed.filter((c) => within(c.observedAt, from, to));
  const assistance = cases.assistance.filter((a) => within(a.requestedAt, from, to));
  const answered = assistance.filter((a) => a.firstRespondedAt != null);
  return {
    reported: reported.length,
    observed: observed.length,
    bySector: rowsBy(
      reported.map((c) => [c.sectorId ?? NO_SECTOR]),
      observed.map((c) => [c.sectorId ?? NO_SECTOR]),
    ),
    byLevel: rowsBy(
      reported.map((c) => [c.severity]),
      observed.map((c) => [c.severity ?? NO_LEVEL]),
    ),
    byCategory: rowsBy(
      reported.map((c) => c.categories),
      observed.map((c) => c.categories),
    ),
    assistanceRequested: assistance.length,
    assistanceAnswered: answered.length,
    assistanceResolved: assistance.filter((a) => a.resolvedAt != null).length,
    timeToAssistanceAnswer: durations(answered.map((a) => (a.firstRespondedAt!.getTime() - a.requestedAt.getTime()) / 3_600_000)),
    closed: cases.reported.filter((c) => within(c.closedAt, from, to)).length,
    openAtEnd: cases.reported.filter((c) => c.notifiedAt < to && (c.closedAt == null || c.closedAt >= to)).length,
  };
}
