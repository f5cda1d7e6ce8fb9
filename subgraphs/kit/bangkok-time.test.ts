import { describe, expect, it } from 'vitest';

import { bangkokDateTime, inBangkok } from './bangkok-time.js';

describe('times as Thai readers see them', () => {
  it('shows an instant on Thai clocks with its offset', () => {
    expect(inBangkok(new Date('2026-11-24T02:30:00Z'))).toBe('2026-11-24T09:30:00+07:00');
  });

  it('dates a document in the Buddhist era in Thai and in the common era in English, on Thai clocks', () => {
    expect(bangkokDateTime(new Date('2026-01-15T03:00:00Z'))).toEqual({
      th: '15 มกราคม พ.ศ. 2569 เวลา 10:00 น.',
      en: '15 January 2026, 10:00 Bangkok time',
    });
  });

  it('moves to the next day, month and year when Bangkok has passed midnight and UTC has not', () => {
    expect(bangkokDateTime(new Date('2025-12-31T17:05:00Z'))).toEqual({
      th: '1 มกราคม พ.ศ. 2569 เวลา 00:05 น.',
      en: '1 January 2026, 00:05 Bangkok time',
    });
  });
});
