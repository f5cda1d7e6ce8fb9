import type { Label } from '../../contracts/labels.js';
import { bangkokDateTime } from './bangkok-time.js';

/*
 * What every printable form of the graph shares (ก1/ก2 in incidents, ก3 in statistics): escaping,
 * the A4 page and its print CSS, and labels in Thai with the English beside them. Dates for people
 * are kit/bangkok-time.ts's bangkokDateTime (Bangkok time, the Buddhist-era year in Thai);
 * timeForPeople prints one with its exact instant beside it for machines.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML that shows it and does nothing else: everything a user submitted passes through here. */
export const escapeHtml = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** A label as the forms print it: the Thai, the English beside it (escaped). */
export const bilingual = ({ th, en }: Label): string => `${escapeHtml(th)} <span class="en">${escapeHtml(en)}</span>`;

/** A label with the English on a line of its own under the Thai, as a table's headings and cells print it. */
export const bilingualStacked = ({ th, en }: Label): string => `${escapeHtml(th)}<br><span class="en">${escapeHtml(en)}</span>`;

/** An instant as a person reads it: Thai with the Buddhist-era year, English beside it, the exact instant machine-readable. */
export function timeForPeople(instant: Date): string {
  const { th, en } = bangkokDateTime(instant);
  return `<time datetime="${instant.toISOString()}">${escapeHtml(th)}</time> <span class="en">(${escapeHtml(en)})</span>`;
}

/** The page every form prints on: A4, the Thai forms' typeface, English labels in grey beside the Thai. */
export const PAGE_CSS = `
  @page { size: A4; margin: 2cm; }
  body { font-family: "TH Sarabun New", Sarabun, sans-serif; margin: 2cm; line-height: 1.4; }
  h1 { font-size: 1.3em; text-align: center; } h2 { font-size: 1.1em; margin-top: 1.5em; } h3 { font-size: 1em; margin: 1em 0 .3em; }
  table { width: 100%; border-collapse: collapse; } th, td { border: 1px solid #000; padding: 4px 8px; vertical-align: top; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  td.count { text-align: right; width: 6em; } .en { color: #444; font-size: .9em; }
  .form-code { text-align: right; } .notice { border: 1px solid #000; padding: .5em 1em; }
  ul.choices { list-style: none; padding-left: 0; columns: 2; } .value { white-space: pre-wrap; }
  section { break-inside: avoid-page; }
  .signature { margin: 3em 0 0 50%; } .signature p { margin: 1.2em 0; }
  @media print { body { margin: 0; } }
`;

/** A whole printable page: `title` is HTML already escaped, `body` the page's HTML. */
export function printablePage(title: string, body: string): string {
  return `<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
