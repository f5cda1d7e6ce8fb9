/** Thailand keeps UTC+07:00 all year, and has since 1920: no daylight saving, no table lookup. */
const BANGKOK_OFFSET_MS = 7 * 3_600_000;

/**
 * A UTC instant as Thai clocks show it, ISO-8601 with its offset (e.g. 2026-11-24T09:30:00+07:00).
 * Times are stored and computed in UTC; this is only how they are shown to Thai readers.
 */
export function inBangkok(instant: Date): string {
  return `${new Date(instant.getTime() + BANGKOK_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** The Thai calendar year an instant falls in (Gregorian). */
export const bangkokYear = (instant: Date): number => Number(inBangkok(instant).slice(0, 4));

/** The Buddhist era (พ.ศ.), in which Thai readers count years, runs 543 years ahead: 2026 is พ.ศ. 2569. */
export const BUDDHIST_ERA_OFFSET = 543;

const THAI_MONTHS = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
];

/**
 * An instant as a Thai reader reads it on a form: Bangkok time and the Buddhist-era year, e.g.
 * "24 พฤศจิกายน พ.ศ. 2569 เวลา 09:30 น." Machines get ISO-8601 ({@link inBangkok}); people get this.
 */
export function thaiDateTime(instant: Date): string {
  const [date, time] = inBangkok(instant).split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${THAI_MONTHS[month - 1]} พ.ศ. ${year + BUDDHIST_ERA_OFFSET} เวลา ${time.slice(0, 5)} น.`;
}
