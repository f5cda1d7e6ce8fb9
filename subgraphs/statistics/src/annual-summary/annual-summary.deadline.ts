/**
 * Clause 6: the annual summary of a year is due by 31 January of the following year, on Thai
 * clocks — the last instant of that day in Asia/Bangkok (UTC+7, no daylight saving).
 */
export function summaryDueAt(year: number): Date {
  return new Date(Date.UTC(year + 1, 0, 31, 16, 59, 59, 999));
}

/** Submitted after the due time, or still not submitted once it has passed. */
export function summaryLate(year: number, submittedAt: Date | null | undefined, now: Date): boolean {
  return (submittedAt ?? now) > summaryDueAt(year);
}
