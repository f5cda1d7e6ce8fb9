/** Thailand keeps UTC+07:00 all year, and has since 1920: no daylight saving, no table lookup. */
const BANGKOK_OFFSET_MS = 7 * 3_600_000;

/**
 * A UTC instant as Thai clocks show it, ISO-8601 with its offset (e.g. 2026-11-24T09:30:00+07:00).
 * Times are stored and computed in UTC; this is only how they are shown to Thai readers.
 */
export function inBangkok(instant: Date): string {
  return `${new Date(instant.getTime() + BANGKOK_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}
