import type { Language } from './language.js';

/**
 * People read times in Bangkok, with Buddhist-era years (พ.ศ. / BE), in either language; the API
 * speaks UTC instants and Gregorian years.
 */
const LOCALES: Record<Language, string> = { th: 'th-TH-u-ca-buddhist', en: 'en-GB-u-ca-buddhist' };
export const BANGKOK = 'Asia/Bangkok';

const formats = new Map<string, Intl.DateTimeFormat>();
function format(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}:${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(LOCALES[language], { timeZone: BANGKOK, ...options })));
  return found;
}

export const dateTime = (iso: string | null | undefined, language: Language): string =>
  iso ? format(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';

export const date = (iso: string | null | undefined, language: Language): string =>
  iso ? format(language, { dateStyle: 'medium' }).format(new Date(iso)) : '—';

/** A Gregorian year as a person reads it: 2026 → "พ.ศ. 2569" / "2569 BE". */
export const buddhistYear = (gregorian: number, language: Language): string =>
  language === 'th' ? `พ.ศ. ${gregorian + 543}` : `${gregorian + 543} BE`;

/** A `datetime-local` field's value (Bangkok wall time) as a UTC instant, and back. */
export function fromBangkokInput(local: string): string {
  return new Date(`${local}:00+07:00`).toISOString();
}
export function toBangkokInput(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 16);
}
