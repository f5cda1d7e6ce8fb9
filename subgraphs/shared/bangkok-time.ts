const BANGKOK = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Bangkok',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * A UTC instant as Thai clocks show it, ISO-8601 with its offset (e.g. 2026-11-24T09:30:00+07:00).
 * Times are stored and computed in UTC; this is only how they are shown to Thai readers.
 */
export function inBangkok(instant: Date): string {
  const parts = Object.fromEntries(BANGKOK.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}+07:00`;
}
