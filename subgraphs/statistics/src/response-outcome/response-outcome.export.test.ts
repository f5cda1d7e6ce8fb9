import { describe, expect, it } from 'vitest';

import { toCsv, toHtml } from './response-outcome.export.js';
import { periodBounds, responseOutcomeFigures } from './response-outcome.figures.js';

const period = { year: 2026, quarter: 4 };
const { from, to } = periodBounds(period);
const heading = { period, from, to, generatedAt: new Date('2026-12-03T05:30:00Z') };
const figures = responseOutcomeFigures(from, to, {
  reported: [
    {
      notifiedAt: new Date('2026-11-02T03:00:00Z'),
      closedAt: null,
      sectorId: '<b>"SECTOR"</b>',
      severity: 'SERIOUS',
      categories: ['CAT4_MALICIOUS_LOGIC'],
    },
  ],
  observed: [],
  assistance: [],
});

describe('the response-outcome exports', () => {
  it('writes CSV with a BOM, CRLF and bilingual headers, every line naming its period', () => {
    const csv = toCsv(figures, heading);
    const lines = csv.slice(1).split('\r\n');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]).toBe(
      'ตาราง / Table,รหัส / Code,รายการ (ภาษาไทย) / Label (Thai),รายการ (ภาษาอังกฤษ) / Label (English),ได้รับแจ้ง (หรือค่า) / Reported (or value),ตรวจพบ / Observed,ช่วงเวลา / Period',
    );
    expect(lines).toContain('total,REPORTED,เหตุที่ได้รับแจ้ง,Cases reported,1,,2026 Q4');
    expect(lines).toContain('level,SERIOUS,ร้ายแรง,Serious,1,0,2026 Q4');
    expect(lines.at(-1)).toBe('');
  });

  it('prints a page in Bangkok time with everything escaped', () => {
    const html = toHtml(figures, heading);
    expect(html).toContain('ไตรมาส 4 พ.ศ. 2569');
    expect(html).toContain('<time datetime="2026-12-03T05:30:00.000Z">3 ธันวาคม พ.ศ. 2569 เวลา 12:30 น.</time>');
    expect(html).toContain('&lt;b&gt;&quot;SECTOR&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>"SECTOR"</b>');
  });
});
