/** A cell of a CSV export: text, or a count written as it is. */
export type CsvCell = string | number;

/** A field RFC 4180 quotes: one holding a comma, a double quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return before
 * one): a name or a reason typed by a user must never become one in the reader's Excel (OWASP's
 * "CSV injection"). Such text is kept, behind an apostrophe, as spreadsheets themselves mark text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(cell: CsvCell): string {
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as a CSV file a person can open: UTF-8 with a byte-order mark (without it Excel reads Thai
 * as Windows-874 and shows mojibake), CRLF after every record and RFC 4180 quoting. The first row
 * is the header; nothing precedes it, since Excel and most readers take the first line as one.
 */
export function csvDocument(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => `${row.map(field).join(',')}\r\n`).join('')}`;
}

/** A header naming its column in both languages, as the bilingual forms do: "Thai / English". */
export const bilingualHeader = (th: string, en: string): string => `${th} / ${en}`;
