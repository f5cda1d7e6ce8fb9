import { invalidField, ProblemCode } from '../../platform/errors.js';
import { bangkokYear, BUDDHIST_ERA_OFFSET } from './bangkok-time.js';

/** How far from this year a year may lie and still be read as meant in the other era. */
const PLAUSIBLE_SPAN = 100;

/**
 * Whether a year given where a Gregorian one is expected reads as a Buddhist-era year: centuries
 * ahead as Gregorian, but near this year once 543 is taken off. Thai readers count in the Buddhist
 * era (the forms do), so "2569" for 2026 is the likely slip, and answering it with an empty year
 * would hide it.
 */
export function looksBuddhistEra(year: number, now: Date): boolean {
  const thisYear = bangkokYear(now);
  return year > thisYear + PLAUSIBLE_SPAN && Math.abs(year - BUDDHIST_ERA_OFFSET - thisYear) <= PLAUSIBLE_SPAN;
}

/**
 * Refuses (BAD_USER_INPUT, code BUDDHIST_ERA_YEAR) a Buddhist-era year where the API counts
 * Gregorian years, saying which Gregorian year was likely meant. Every `year` argument runs it
 * before its own range check.
 */
export function assertGregorianYear(year: number, now: Date, field = 'year'): void {
  if (looksBuddhistEra(year, now)) {
    throw invalidField(
      field,
      ProblemCode.BUDDHIST_ERA_YEAR,
      `${year} looks like a Buddhist-era year; give the Gregorian year ${year - BUDDHIST_ERA_OFFSET}`,
    );
  }
}
