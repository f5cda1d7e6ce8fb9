import { THREAT_CATEGORY_LABELS, THREAT_LEVEL_LABELS } from '../../../../contracts/form-vocabulary.js';
import type { Label } from '../../../../contracts/labels.js';
import { bangkokDateTime, BUDDHIST_ERA_OFFSET } from '../../../kit/bangkok-time.js';
import { bilingualHeader, csvDocument, type CsvCell } from '../../../kit/csv.js';
import { bilingual, escapeHtml, printablePage } from '../../../kit/printable-page.js';
import { NO_LEVEL, NO_SECTOR, type OutcomeRow, type ReportPeriod, type ResponseOutcomeFigures } from './response-outcome.figures.js';

/** The report with what it covers: the period and when it was produced. */
export interface ResponseOutcomeHeading {
  period: ReportPeriod;
  from: Date;
  to: Date;
  generatedAt: Date;
}

const NO_SECTOR_LABEL: Label = { th: 'ไม่ระบุภาคส่วน', en: 'No sector' };
const NO_LEVEL_LABEL: Label = { th: 'ไม่ได้ระบุระดับ', en: 'Level not given' };

/** A key as a person reads it: the vocabulary's labels for levels and categories, the sector id as it is. */
const labelOf = {
  sector: (key: string): Label => (key === NO_SECTOR ? NO_SECTOR_LABEL : { th: key, en: key }),
  level: (key: string): Label =>
    key === NO_LEVEL ? NO_LEVEL_LABEL : ((THREAT_LEVEL_LABELS as Record<string, Label>)[key] ?? { th: key, en: key }),
  category: (key: string): Label => (THREAT_CATEGORY_LABELS as Record<string, Label>)[key] ?? { th: key, en: key },
};

/** The period in words, both languages: "พ.ศ. 2569 ไตรมาส 4" / "2026 Q4". */
export function periodLabel({ year, month, quarter }: ReportPeriod): Label {
  const thaiYear = year + BUDDHIST_ERA_OFFSET;
  if (month != null) return { th: `เดือน ${month} พ.ศ. ${thaiYear}`, en: `${year}-${String(month).padStart(2, '0')}` };
  if (quarter != null) return { th: `ไตรมาส ${quarter} พ.ศ. ${thaiYear}`, en: `${year} Q${quarter}` };
  return { th: `พ.ศ. ${thaiYear}`, en: String(year) };
}

/** Every figure as one line: the table it belongs to, its key and labels, reported and observed (or a single value). */
function lines(figures: ResponseOutcomeFigures): [string, string, Label, CsvCell, CsvCell][] {
  const rows = (table: string, of: OutcomeRow[], label: (key: string) => Label) =>
    of.map((r): [string, string, Label, CsvCell, CsvCell] => [table, r.key, label(r.key), r.reported, r.observed]);
  const single = (key: string, label: Label, value: number | null): [string, string, Label, CsvCell, CsvCell] => [
    'total',
    key,
    label,
    value ?? '',
    '',
  ];
  const answer = figures.timeToAssistanceAnswer;
  return [
    single('REPORTED', { th: 'เหตุที่ได้รับแจ้ง', en: 'Cases reported' }, figures.reported),
    single('OBSERVED', { th: 'เหตุที่ไทยเซิร์ตตรวจพบ', en: 'Cases observed' }, figures.observed),
    ...rows('sector', figures.bySector, labelOf.sector),
    ...rows('level', figures.byLevel, labelOf.level),
    ...rows('category', figures.byCategory, labelOf.category),
    single('ASSISTANCE_REQUESTED', { th: 'คำขอความช่วยเหลือ', en: 'Assistance requests' }, figures.assistanceRequested),
    single('ASSISTANCE_ANSWERED', { th: 'คำขอที่ตอบแล้ว', en: 'Assistance requests answered' }, figures.assistanceAnswered),
    single('ASSISTANCE_RESOLVED', { th: 'คำขอที่ดำเนินการเสร็จ', en: 'Assistance requests resolved' }, figures.assistanceResolved),
    single('ANSWER_MEDIAN_HOURS', { th: 'เวลาตอบคำขอ มัธยฐาน (ชั่วโมง)', en: 'Time to answer, median (hours)' }, answer.medianHours),
    single(
      'ANSWER_P90_HOURS',
      { th: 'เวลาตอบคำขอ เปอร์เซ็นไทล์ที่ 90 (ชั่วโมง)', en: 'Time to answer, 90th percentile (hours)' },
      answer.p90Hours,
    ),
    single('CLOSED', { th: 'เหตุที่ปิดแล้วในช่วงนี้', en: 'Cases closed in the period' }, figures.closed),
    single('OPEN_AT_END', { th: 'เหตุที่ยังเปิดอยู่ ณ สิ้นช่วง', en: 'Cases open at the period’s end' }, figures.openAtEnd),
  ];
}

const CSV_HEADER = [
  bilingualHeader('ตาราง', 'Table'),
  bilingualHeader('รหัส', 'Code'),
  bilingualHeader('รายการ (ภาษาไทย)', 'Label (Thai)'),
  bilingualHeader('รายการ (ภาษาอังกฤษ)', 'Label (English)'),
  bilingualHeader('ได้รับแจ้ง (หรือค่า)', 'Reported (or value)'),
  bilingualHeader('ตรวจพบ', 'Observed'),
  bilingualHeader('ช่วงเวลา', 'Period'),
];

/** The report as CSV (BOM, CRLF, bilingual header): one line per figure, each naming its period. */
export function toCsv(figures: ResponseOutcomeFigures, heading: ResponseOutcomeHeading): string {
  const period = periodLabel(heading.period).en;
  return csvDocument([CSV_HEADER, ...lines(figures).map(([table, key, label, a, b]) => [table, key, label.th, label.en, a, b, period])]);
}

const when = (instant: Date) => {
  const { th, en } = bangkokDateTime(instant);
  return `<time datetime="${instant.toISOString()}">${escapeHtml(th)}</time> <span class="en">(${escapeHtml(en)})</span>`;
};

function outcomeTable(title: Label, rows: OutcomeRow[], label: (key: string) => Label): string {
  const body = rows
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.key)}</td><td>${bilingual(label(r.key))}</td><td class="count">${r.reported}</td><td class="count">${r.observed}</td></tr>`,
    )
    .join('\n');
  return `<h2>${bilingual(title)}</h2>
<table>
<thead><tr><th>รหัส <span class="en">Code</span></th><th>รายการ <span class="en">Item</span></th><th>ได้รับแจ้ง <span class="en">Reported</span></th><th>ตรวจพบ <span class="en">Observed</span></th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

/** The report as a printable bilingual A4 page for NCSA, times in Bangkok time. */
export function toHtml(figures: ResponseOutcomeFigures, heading: ResponseOutcomeHeading): string {
  const period = periodLabel(heading.period);
  const totals = lines(figures).filter(([table]) => table === 'total');
  const title = `รายงานผลการรับมือภัยคุกคามทางไซเบอร์ ${escapeHtml(period.th)}`;
  return printablePage(
    title,
    `<h1>${title}<br><span class="en">Cyber threat response outcomes, ${escapeHtml(period.en)}</span></h1>
<p>ช่วงเวลา <span class="en">(Period)</span>: ${when(heading.from)} – ${when(heading.to)}</p>
<p>จัดทำเมื่อ <span class="en">(Produced)</span>: ${when(heading.generatedAt)}</p>
<h2>สรุป <span class="en">Summary</span></h2>
<table>
<tbody>
${totals.map(([, key, label, value]) => `<tr><td>${escapeHtml(key)}</td><td>${bilingual(label)}</td><td class="count">${escapeHtml(value)}</td></tr>`).join('\n')}
</tbody>
</table>
${outcomeTable({ th: 'จำแนกตามภาคส่วน', en: 'By sector' }, figures.bySector, labelOf.sector)}
${outcomeTable({ th: 'จำแนกตามระดับภัยคุกคาม', en: 'By threat level' }, figures.byLevel, labelOf.level)}
${outcomeTable({ th: 'จำแนกตามหมวดหมู่', en: 'By threat category' }, figures.byCategory, labelOf.category)}`,
  );
}
