import { describe, expect, it } from 'vitest';

import { inBangkok } from '../../../kit/bangkok-time.js';
import { summaryDueAt, summaryLate } from './annual-summary.deadline.js';

describe('the annual summary deadline (clause 6: 31 January of the following year, Asia/Bangkok)', () => {
  it('falls at the end of 31 January on Thai clocks', () => {
    expect(inBangkok(summaryDueAt(2025))).toBe('2026-01-31T23:59:59+07:00');
  });

  it('is met by a submission at 23:59 Bangkok time on 31 January, which is 16:59 UTC', () => {
    expect(summaryLate(2025, new Date('2026-01-31T16:59:00Z'), new Date('2026-03-01T00:00:00Z'))).toBe(false);
  });

  it('is missed by a submission at 00:00 Bangkok time on 1 February, still 31 January in UTC', () => {
    expect(summaryLate(2025, new Date('2026-01-31T17:00:00Z'), new Date('2026-03-01T00:00:00Z'))).toBe(true);
  });

  it('counts an unsubmitted summary late only once the due time has passed', () => {
    expect(summaryLate(2025, null, new Date('2026-01-31T16:00:00Z'))).toBe(false);
    expect(summaryLate(2025, null, new Date('2026-01-31T17:00:01Z'))).toBe(true);
  });
});
