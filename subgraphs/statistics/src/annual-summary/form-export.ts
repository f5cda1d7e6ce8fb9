import type { Label } from '../../../../contracts/labels.js';
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

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The summary as CSV: one row per line of the form, with both labels. */
export function toCsv(figures: AnnualSummaryFigures, heading: SummaryHeading): string {
  const rows: (string | number)[][] = [
    ['section', 'code', 'label_th', 'label_en', 'count'],
    ...figures.byCategory.map((r) => ['1 category', r.key, r.label.th, r.label.en, r.count]),
    ...figures.byAssetType.map((r) => ['2 asset type', r.key, r.label.th, r.label.en, r.count]),
    ...figures.bySeverity.map((r) => ['3 threat level', r.key, r.label.th, r.label.en, r.count]),
    ['3 threat level', 'UNDETERMINED', 'ยังไม่สามารถระบุได้', 'Cannot yet be determined', figures.undetermined],
    ['total', 'INCIDENTS', 'จำนวนเหตุภัยคุกคามที่รายงาน', 'Incidents reported', figures.incidentCount],
  ];
  const amendment = amendmentOf(heading);
  const which = amendment ? `, amendment ${amendment.amendment} of ${amendment.submittedAt.toISOString()}: ${amendment.reason}` : '';
  return `# ${heading.reporterName}, ${heading.year}${which}\n${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

const escape = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function table(headings: [string, string, string], rows: { label: Label; count: number; code?: string }[]): string {
  return `<table>
  <thead><tr><th>${headings[0]}</th><th>${headings[1]}</th><th>${headings[2]}</th></tr></thead>
  <tbody>
${rows.map((r) => `    <tr><td>${escape(r.code ?? '')}</td><td>${escape(r.label.th)}<br><span class="en">${escape(r.label.en)}</span></td><td class="count">${r.count}</td></tr>`).join('\n')}
  </tbody>
</table>`;
}

function amendmentParagraph(heading: SummaryHeading): string {
  const amendment = amendmentOf(heading);
  if (!amendment) return '';
  return `<p>ฉบับแก้ไขครั้งที่ ${amendment.amendment} <span class="en">(Amendment ${amendment.amendment})</span>, ${escape(amendment.submittedAt.toISOString())}: ${escape(amendment.reason ?? '')}</p>\n`;
}

/** A printable bilingual page laid out like form ก3 of the Announcement. */
export function toHtml(figures: AnnualSummaryFigures, heading: SummaryHeading): string {
  const thaiYear = heading.year + 543;
  return `<!doctype html>
<html lang="th">
<head>
<meta charset="utf-8">
<title>แบบรายงานสรุปภัยคุกคามทางไซเบอร์ในหนึ่งรอบปี ${thaiYear} — ${escape(heading.reporterName)}</title>
<style>
  body { font-family: "TH Sarabun New", Sarabun, sans-serif; margin: 2cm; }
  h1 { font-size: 1.3em; text-align: center; } h2 { font-size: 1.1em; margin-top: 1.5em; }
  table { width: 100%; border-collapse: collapse; } th, td { border: 1px solid #000; padding: 4px 8px; vertical-align: top; }
  td.count { text-align: right; width: 6em; } .en { color: #444; font-size: .9em; }
  @media print { body { margin: 1cm; } }
</style>
</head>
<body>
<p style="text-align:right">เอกสาร ก3 <span class="en">(Form A3)</span></p>
<h1>แบบรายงานสรุปภัยคุกคามทางไซเบอร์ในหนึ่งรอบปี พ.ศ. ${thaiYear}<br><span class="en">Annual summary of cyber threats, ${heading.year}</span></h1>
<p>หน่วยงาน <span class="en">(Reporting agency)</span>: ${escape(heading.reporterName)}</p>
${amendmentParagraph(heading)}${heading.submittedAt ? `<p>วันที่ส่ง <span class="en">(Submitted)</span>: ${escape(heading.submittedAt.toISOString())}</p>` : '<p>ฉบับร่าง <span class="en">(Draft)</span></p>'}
<h2>ข้อ 1 สถิติรายปีจำแนกตามหมวดหมู่ของภัยคุกคามทางไซเบอร์ <span class="en">1. By threat category</span></h2>
${table(
  ['หมวดหมู่', 'คำอธิบาย', 'จำนวน'],
  figures.byCategory.map((r) => ({ ...r, code: r.key.slice(3, 4) })),
)}
<h2>ข้อ 2 สถิติรายปีจำแนกตามทรัพย์สินที่ได้รับผลกระทบ <span class="en">2. By affected asset</span></h2>
${table(['', 'ทรัพย์สินที่ได้รับผลกระทบ', 'จำนวน'], figures.byAssetType)}
<h2>ข้อ 3 สถิติรายปีจำแนกตามระดับภัยคุกคามทางไซเบอร์ <span class="en">3. By threat level</span></h2>
${table(['', 'ระดับภัยคุกคาม', 'จำนวน'], figures.bySeverity)}
<p class="en">Incidents whose level is still undetermined: ${figures.undetermined}. Incidents reported: ${figures.incidentCount}.</p>
</body>
</html>
`;
}
