import { describe, expect, it } from 'vitest';

import { durations, periodBounds, responseOutcomeFigures } from './response-outcome.figures.js';

const at = (iso: string) => new Date(iso);

describe('periodBounds', () => {
  it('counts months, quarters and years on Thai clocks (UTC+7)', () => {
    expect(periodBounds({ year: 2026 })).toEqual({ from: at('2025-12-31T17:00:00Z'), to: at('2026-12-31T17:00:00Z') });
    expect(periodBounds({ year: 2026, quarter: 4 })).toEqual({ from: at('2026-09-30T17:00:00Z'), to: at('2026-12-31T17:00:00Z') });
    expect(periodBounds({ year: 2026, month: 2 })).toEqual({ from: at('2026-01-31T17:00:00Z'), to: at('2026-02-28T17:00:00Z') });
  });

  it('refuses a month and a quarter at once', () => {
    expect(() => periodBounds({ year: 2026, month: 1, quarter: 1 })).toThrow(/month or a quarter/);
  });
});

describe('durations', () => {
  it('takes the median and 90th percentile as percentile_cont does', () => {
    expect(durations([])).toEqual({ count: 0, medianHours: null, p90Hours: null });
    expect(durations([4, 1, 2, 3])).toEqual({ count: 4, medianHours: 2.5, p90Hours: 3.7 });
  });
});

describe('responseOutcomeFigures', () => {
  const { from, to } = periodBounds({ year: 2026, month: 11 });
  const reported = [
    // notified in November, closed in it
    {
      notifiedAt: at('2026-11-02T03:00:00Z'),
      closedAt: at('2026-11-05T03:00:00Z'),
      sectorId: 'BANKING_FINANCE',
      severity: 'SERIOUS',
      categories: ['CAT4_MALICIOUS_LOGIC', 'CAT5_INTRUSION_ATTEMPT'],
    },
    // notified in November, still open at its end
    {
      notifiedAt: at('2026-11-20T03:00:00Z'),
      closedAt: null,
      sectorId: 'IT_TELECOM',
      severity: 'CRITICAL_A',
      categories: ['CAT4_MALICIOUS_LOGIC'],
    },
    // notified in October, closed in December: open at the end of November, not counted as reported in it
    {
      notifiedAt: at('2026-10-20T03:00:00Z'),
      closedAt: at('2026-12-02T03:00:00Z'),
      sectorId: 'BANKING_FINANCE',
      severity: 'SERIOUS',
      categories: ['CAT4_MALICIOUS_LOGIC'],
    },
    // 1 December 01:00 in Bangkok is still 30 November in UTC: December on Thai clocks
    {
      notifiedAt: at('2026-11-30T18:00:00Z'),
      closedAt: null,
      sectorId: 'BANKING_FINANCE',
      severity: 'SERIOUS',
      categories: ['CAT4_MALICIOUS_LOGIC'],
    },
  ];
  const observed = [
    { observedAt: at('2026-11-10T03:00:00Z'), sectorId: 'BANKING_FINANCE', severity: null, categories: ['CAT4_MALICIOUS_LOGIC'] },
    { observedAt: at('2026-09-10T03:00:00Z'), sectorId: 'IT_TELECOM', severity: 'SERIOUS', categories: [] },
  ];
  const assistance = [
    { requestedAt: at('2026-11-02T04:00:00Z'), firstRespondedAt: at('2026-11-02T06:00:00Z'), resolvedAt: at('2026-11-04T00:00:00Z') },
    { requestedAt: at('2026-11-21T04:00:00Z'), firstRespondedAt: at('2026-11-21T08:00:00Z'), resolvedAt: null },
    { requestedAt: at('2026-11-22T04:00:00Z'), firstRespondedAt: null, resolvedAt: null },
    { requestedAt: at('2026-10-02T04:00:00Z'), firstRespondedAt: at('2026-10-02T05:00:00Z'), resolvedAt: null },
  ];
  const figures = responseOutcomeFigures(from, to, { reported, observed, assistance });

  it('counts cases reported and observed in the period, by sector, level and category', () => {
    expect(figures).toMatchObject({ reported: 2, observed: 1 });
    expect(figures.bySector).toEqual([
      { key: 'BANKING_FINANCE', reported: 1, observed: 1 },
      { key: 'IT_TELECOM', reported: 1, observed: 0 },
    ]);
    expect(figures.byLevel).toEqual([
      { key: 'CRITICAL_A', reported: 1, observed: 0 },
      { key: 'NOT_GIVEN', reported: 0, observed: 1 },
      { key: 'SERIOUS', reported: 1, observed: 0 },
    ]);
    expect(figures.byCategory).toEqual([
      { key: 'CAT4_MALICIOUS_LOGIC', reported: 2, observed: 1 },
      { key: 'CAT5_INTRUSION_ATTEMPT', reported: 1, observed: 0 },
    ]);
  });

  it('counts assistance asked in the period and how soon ThaiCERT answered', () => {
    expect(figures).toMatchObject({ assistanceRequested: 3, assistanceAnswered: 2, assistanceResolved: 1 });
    expect(figures.timeToAssistanceAnswer).toEqual({ count: 2, medianHours: 3, p90Hours: 3.8 });
  });

  it('counts cases closed in the period and those open when it ends', () => {
    expect(figures).toMatchObject({ closed: 1, openAtEnd: 2 });
  });
});
