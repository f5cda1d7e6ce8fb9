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
const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The Buddhist era counts from 543 BCE: 2026 CE is 2569 BE, the year Thai documents are dated in. */
export const BUDDHIST_ERA_OFFSET = 543;

/**
 * An instant as a person reads it on a Thai document, on Thai clocks: in Thai with the Buddhist-era
 * year (`15 มกราคม พ.ศ. 2569 เวลา 10:00 น.`) and in English with the common-era one
 * (`15 January 2026, 10:00 Bangkok time`). Hand-written rather than `Intl`, so the text does not
 * depend on the ICU data the runtime was built with.
 */
export function bangkokDateTime(instant: Date): { th: string; en: string } {
  const [date, time] = inBangkok(instant).split('T') as [string, string];
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const hhmm = time.slice(0, 5);
  return {
    th: `${day} ${THAI_MONTHS[month - 1]} พ.ศ. ${year + BUDDHIST_ERA_OFFSET} เวลา ${hhmm} น.`,
    en: `${day} ${ENGLISH_MONTHS[month - 1]} ${year}, ${hhmm} Bangkok time`,
  };
}
