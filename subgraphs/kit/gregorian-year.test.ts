import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { assertGregorianYear, looksBuddhistEra } from './gregorian-year.js';

/** 3 December 2026, Bangkok: the Buddhist-era year is 2569. */
const NOW = new Date('2026-12-03T10:00:00Z');

describe('a Buddhist-era year where a Gregorian one is expected', () => {
  it.each([2569, 2562, 2570, 2600])('takes %i for a Buddhist-era year', (year) => {
    expect(looksBuddhistEra(year, NOW)).toBe(true);
  });

  it.each([2019, 2026, 2027, 2100, 1999, 0, 9999])('takes %i for a Gregorian one, right or wrong', (year) => {
    expect(looksBuddhistEra(year, NOW)).toBe(false);
  });

  it('refuses it with BAD_USER_INPUT, saying which Gregorian year was meant', () => {
    let error: GraphQLError | undefined;
    try {
      assertGregorianYear(2569, NOW);
    } catch (caught) {
      error = caught as GraphQLError;
    }
    expect(error?.message).toBe('2569 looks like a Buddhist-era year; give the Gregorian year 2026');
    expect(error?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'year',
      invalidFields: [{ field: 'year', problems: [error?.message], codes: ['BUDDHIST_ERA_YEAR'] }],
    });
  });

  it('names the argument it was given as', () => {
    expect(() => assertGregorianYear(2568, NOW, 'input.year')).toThrow(
      /^2568 looks like a Buddhist-era year; give the Gregorian year 2025$/,
    );
  });

  it('lets a Gregorian year through', () => {
    expect(() => assertGregorianYear(2026, NOW)).not.toThrow();
  });
});
