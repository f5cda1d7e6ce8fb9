import type { Label } from '../../../../contracts/labels.js';
import { BUDDHIST_ERA_OFFSET, inBangkok } from '../../../kit/bangkok-time.js';
import { bilingualHeader, csvDocument, type CsvCell } from '../../../kit/csv.js';
import { bilingualStacked, escapeHtml, printablePage, timeForPeople } from '../../../kit/printable-page.js';
import type { AnnualSummaryFigures } from './annual-summary.figures.js';

export interface SummaryHeading {
  year: number;
  reporterName: string;
  /** The first submission; null for a draft. */
  submittedAt?: Date | null;
  /** Which submission the figures are: 1 the first, more for an amendment (with its time and reason). */
  filing?: { number: number; submittedAt: Date; reason: string | null } | null;
}

/** Which submission, in words, for an amendment only: the first submission is the form as such. */
const amendmentOf = (heading: SummaryHeading) =>
  heading.filing && heading.filing.number > 1 ? { ...heading.filing, amendment: heading.filing.number - 1 } : null;

const CSV_HEADER = [
  bilingualHeader('ส่วน', 'Section'),
  bilingualHeader('รหัส', 'Code'),
  bilingualHeader('รายการ (ภาษาไทย)', 'Label (Thai)'),
  bilingualHeader('รายการ (ภาษาอังกฤษ)', 'Label (English)'),
  bilingualHeader('จำนวน', 'Count'),
  bilingualHeader('ปี ค.ศ.', 'Year'),
  bilingualHeader('หน่วยงาน', 'Reporting agency'),
  bilingualHeader('ฉบับที่', 'Submission'),
  bilingualHeader('วันที่ส่ง (เวลาประเทศไทย)', 'Submitted (Bangkok time)'),
  bilingualHeader('เหตุผลการแก้ไข', 'Reason for amendment'),
];

/**
 * The summary as CSV: one row per line of the form, with both labels and its count; each row then
 * says whose summary, which year and which submission it is (a draft has none), so every row stands
 * on its own when filtered or pasted elsewhere, and no line above the header is needed.
 */
export function toCsv(figures: AnnualSummaryFigures, heading: SummaryHeading): string {
  const { filing } = heading;
  const which: CsvCell[] = [
    heading.year,
    heading.reporterName,
    filing ? filing.number : bilingualHeader('ฉบับร่าง', 'Draft'),
    filing ? inBangkok(filing.submittedAt) : '',
    filing?.reason ?? '',
  ];
  const lines: CsvCell[][] = [
    ...figures.byCategory.map((r) => ['1 category', r.key, r.label.th, r.label.en, r.count]),
    ...figures.byAssetType.map((r) => ['2 asset type', r.key, r.label.th, r.label.en, r.count]),
    ...figures.bySeverity.map((r) => ['3 threat level', r.key, r.label.th, r.label.en, r.count]),
    ['3 threat level', 'UNDETERMINED', 'ยังไม่สามารถระบุได้', 'Cannot yet be determined', figures.undetermined],
    ['total', 'INCIDENTS', 'จำนวนเหตุภัยคุกคามที่รายงาน', 'Incidents reported', figures.incidentCount],
  ];
  return csvDocument([CSV_HEADER, ...lines.map((line) => [...line, ...which])]);
}

const NO_HEADING: Label = { th: '', en: '' };

function table(headings: [Label, Label, Label], rows: { label: Label; count: number; code?: string }[]): string {
  const th = (label: Label) => (label === NO_HEADING ? '<th></th>' : `<th>${bilingualStacked(label)}</th>`);
  return `<table>
  <thead><tr>${headings.map(th).join('')}</tr></thead>
  <tbody>
${rows.map((r) => `    <tr><td>${escapeHtml(r.code ?? '')}</td><td>${bilingualStacked(r.label)}</td><td class="count">${r.count}</td></tr>`).join('\n')}
  </tbody>
</table>`;
}

/** Which submission the page is, when it was sent (Bangkok time) and, for an amendment, when and why. */
function submission(heading: SummaryHeading): string {
  if (!heading.submittedAt) return '<p>ฉบับร่าง <span class="en">(Draft)</span></p>';
  const lines = [`<p>วันที่ส่ง <span class="en">(Submitted)</span>: ${timeForPeople(heading.submittedAt)}</p>`];
  const amendment = amendmentOf(heading);
  if (amendment) {
    lines.push(
      `<p>ฉบับแก้ไขครั้งที่ ${amendment.amendment} <span class="en">(Amendment ${amendment.amendment})</span>: ${timeForPeople(amendment.submittedAt)}</p>`,
      `<p>เหตุผลการแก้ไข <span class="en">(Reason for amendment)</span>: ${escapeHtml(amendment.reason ?? '')}</p>`,
    );
  } else if (heading.filing) {
    lines.push(`<p>ฉบับที่ ${heading.filing.number} <span class="en">(Submission ${heading.filing.number})</span></p>`);
  }
  return lines.join('\n');
}

const DOTS = '.'.repeat(48);

/** Where the reporting agency's signatory signs the printed form, as on paper: signature, name, position, date. */
const SIGNATURE = `<section class="signature">
<p>ลงชื่อ ${DOTS} <span class="en">(Signature)</span></p>
<p>( ${DOTS} ) <span class="en">(Name of signatory)</span></p>
<p>ตำแหน่ง ${DOTS} <span class="en">(Position)</span></p>
<p>วันที่ ${'.'.repeat(12)} เดือน ${'.'.repeat(24)} พ.ศ. ${'.'.repeat(12)} <span class="en">(Date)</span></p>
</section>`;

/** A printable bilingual page laid out like form ก3 of the Announcement, on A4. */
export function toHtml(figures: AnnualSummaryFigures, heading: SummaryHeading): string {
  const thaiYear = heading.year + BUDDHIST_ERA_OFFSET;
  const title = `แบบรายงานสรุปภัยคุกคามทางไซเบอร์ในหนึ่งรอบปี ${thaiYear} — ${escapeHtml(heading.reporterName)}`;
  return printablePage(
    title,
    `<p class="form-code">เอกสาร ก3 <span class="en">(Form A3)</span></p>
<h1>แบบรายงานสรุปภัยคุกคามทางไซเบอร์ในหนึ่งรอบปี พ.ศ. ${thaiYear}<br><span class="en">Annual summary of cyber threats, ${heading.year}</span></h1>
<p>หน่วยงาน <span class="en">(Reporting agency)</span>: ${escapeHtml(heading.reporterName)}</p>
${submission(heading)}
<h2>ข้อ 1 สถิติรายปีจำแนกตามหมวดหมู่ของภัยคุกคามทางไซเบอร์ <span class="en">1. By threat category</span></h2>
${table(
  [
    { th: 'หมวดหมู่', en: 'Category' },
    { th: 'คำอธิบาย', en: 'Description' },
    { th: 'จำนวน', en: 'Count' },
  ],
  figures.byCategory.map((r) => ({ ...r, code: r.key.slice(3, 4) })),
)}
<h2>ข้อ 2 สถิติรายปีจำแนกตามทรัพย์สินที่ได้รับผลกระทบ <span class="en">2. By affected asset</span></h2>
${table([NO_HEADING, { th: 'ทรัพย์สินที่ได้รับผลกระทบ', en: 'Affected asset' }, { th: 'จำนวน', en: 'Count' }], figures.byAssetType)}
<h2>ข้อ 3 สถิติรายปีจำแนกตามระดับภัยคุกคามทางไซเบอร์ <span class="en">3. By threat level</span></h2>
${table([NO_HEADING, { th: 'ระดับภัยคุกคาม', en: 'Threat level' }, { th: 'จำนวน', en: 'Count' }], figures.bySeverity)}
<p>ยังไม่สามารถระบุระดับได้ ${figures.undetermined} เหตุการณ์ · จำนวนเหตุภัยคุกคามที่รายงาน ${figures.incidentCount} เหตุการณ์</p>
<p class="en">Incidents whose level is still undetermined: ${figures.undetermined}. Incidents reported: ${figures.incidentCount}.</p>
${SIGNATURE}`,
  );
}
