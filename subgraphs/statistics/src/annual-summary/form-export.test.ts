import { describe, expect, it } from 'vitest';

import {
  AFFECTED_ASSET_TYPE_LABELS,
  AffectedAssetType,
  THREAT_CATEGORY_LABELS,
  THREAT_LEVEL_LABELS,
  ThreatCategory,
  ThreatLevel,
} from '../../../../contracts/form-vocabulary.js';
import type { AnnualSummaryFigures } from './annual-summary.figures.js';
import { toCsv, toHtml } from './form-export.js';

const category = (key: ThreatCategory, fromIncidents: number, entered: number) => ({
  key,
  label: THREAT_CATEGORY_LABELS[key],
  fromIncidents,
  entered,
  count: fromIncidents + entered,
});

/** A few rows of each table of ก3, with counts that differ so a row cannot be mistaken for another. */
const FIGURES: AnnualSummaryFigures = {
  incidentCount: 7,
  byCategory: [category(ThreatCategory.CAT0_TRAINING_AND_EXERCISES, 0, 3), category(ThreatCategory.CAT4_MALICIOUS_LOGIC, 5, 0)],
  byAssetType: [{ key: AffectedAssetType.SWITCH_OR_ROUTER, label: AFFECTED_ASSET_TYPE_LABELS.SWITCH_OR_ROUTER, count: 2 }],
  bySeverity: [
    { key: ThreatLevel.NON_SERIOUS, label: THREAT_LEVEL_LABELS.NON_SERIOUS, count: 4 },
    { key: ThreatLevel.CRITICAL_A, label: THREAT_LEVEL_LABELS.CRITICAL_A, count: 1 },
  ],
  undetermined: 2,
};

describe('the annual summary as CSV', () => {
  it('lists every line of the form with both labels, the undetermined level and the total', () => {
    const lines = toCsv(FIGURES, { year: 2025, reporterName: 'Bank of Thailand' })
      .split('\r\n')
      .slice(1) // the header: its own test below
      .map((line) => line.split(',').slice(0, 5).join(','));
    expect(lines).toEqual([
      '1 category,CAT0_TRAINING_AND_EXERCISES,เหตุการณ์จำลองและการฝึกจู่โจมของหน่วยงาน,Training and exercises,3',
      '1 category,CAT4_MALICIOUS_LOGIC,การบุกรุกโดยการใช้มัลแวร์,Malicious logic,5',
      '2 asset type,SWITCH_OR_ROUTER,สวิตซ์ (Switch) / เราเตอร์ (Router),Switch / router,2',
      '3 threat level,NON_SERIOUS,ไม่ร้ายแรง,Non-serious,4',
      '3 threat level,CRITICAL_A,วิกฤต (ก),Critical (a),1',
      '3 threat level,UNDETERMINED,ยังไม่สามารถระบุได้,Cannot yet be determined,2',
      'total,INCIDENTS,จำนวนเหตุภัยคุกคามที่รายงาน,Incidents reported,7',
      '',
    ]);
  });

  it('quotes a cell holding a comma, a quote or a line break, doubling its quotes', () => {
    const figures: AnnualSummaryFigures = {
      ...FIGURES,
      byAssetType: [{ key: AffectedAssetType.WEBSITE, label: { th: 'เว็บไซต์, "พอร์ทัล"', en: 'Web\nsite' }, count: 1 }],
    };
    expect(toCsv(figures, { year: 2025, reporterName: 'x' }).split('\n')).toContain('2 asset type,WEBSITE,"เว็บไซต์, ""พอร์ทัล""","Web');
  });
});

describe('the annual summary as a printable page laid out like form ก3', () => {
  const html = toHtml(FIGURES, { year: 2025, reporterName: 'Bank <b>&</b> "Co"', submittedAt: new Date('2026-01-15T03:00:00Z') });

  it('dates the form in the Buddhist era and in the common era', () => {
    expect(html).toContain(
      '<h1>แบบรายงานสรุปภัยคุกคามทางไซเบอร์ในหนึ่งรอบปี พ.ศ. 2568<br><span class="en">Annual summary of cyber threats, 2025</span></h1>',
    );
  });

  it('escapes the reporter’s name wherever it appears', () => {
    expect(html).toContain('<title>แบบรายงานสรุปภัยคุกคามทางไซเบอร์ในหนึ่งรอบปี 2568 — Bank &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;</title>');
    expect(html).toContain('(Reporting agency)</span>: Bank &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;</p>');
    expect(html).not.toContain('<b>');
  });

  it('shows each category by its number, with both labels and its count', () => {
    expect(html).toContain(
      '<tr><td>4</td><td>การบุกรุกโดยการใช้มัลแวร์<br><span class="en">Malicious logic</span></td><td class="count">5</td></tr>',
    );
    expect(html).toContain('<tr><td>0</td><td>เหตุการณ์จำลองและการฝึกจู่โจมของหน่วยงาน');
  });

  it('shows asset types and levels without a code, and the undetermined and total counts', () => {
    expect(html).toContain(
      '<tr><td></td><td>สวิตซ์ (Switch) / เราเตอร์ (Router)<br><span class="en">Switch / router</span></td><td class="count">2</td></tr>',
    );
    expect(html).toContain('<tr><td></td><td>วิกฤต (ก)<br><span class="en">Critical (a)</span></td><td class="count">1</td></tr>');
    expect(html).toContain('Incidents whose level is still undetermined: 2. Incidents reported: 7.');
  });

  it('says when it was submitted, or that it is a draft', () => {
    expect(html).toContain('<p>วันที่ส่ง <span class="en">(Submitted)</span>: <time datetime="2026-01-15T03:00:00.000Z">');
    expect(html).not.toContain('(Draft)');
    const draft = toHtml(FIGURES, { year: 2025, reporterName: 'x', submittedAt: null });
    expect(draft).toContain('<p>ฉบับร่าง <span class="en">(Draft)</span></p>');
    expect(draft).not.toContain('(Submitted)');
  });
});

describe('the annual summary as a CSV file a person can open', () => {
  const FIRST = { number: 1, submittedAt: new Date('2026-01-15T03:00:00Z'), reason: null };
  const csv = toCsv(FIGURES, { year: 2025, reporterName: 'Bank of Thailand, Banking', submittedAt: FIRST.submittedAt, filing: FIRST });

  it('starts with the UTF-8 byte-order mark, then the header in Thai and English, with no comment line', () => {
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.slice(1).split('\r\n')[0]).toBe(
      'ส่วน / Section,รหัส / Code,รายการ (ภาษาไทย) / Label (Thai),รายการ (ภาษาอังกฤษ) / Label (English),จำนวน / Count,' +
        'ปี ค.ศ. / Year,หน่วยงาน / Reporting agency,ฉบับที่ / Submission,วันที่ส่ง (เวลาประเทศไทย) / Submitted (Bangkok time),' +
        'เหตุผลการแก้ไข / Reason for amendment',
    );
    expect(csv).not.toContain('#');
  });

  it('ends every record with CRLF, and has no bare line feed', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(csv.split('\r\n')).toHaveLength(1 + 7 + 1); // the header, FIGURES' seven lines, and the empty end
  });

  it('says on every line whose summary, which year and which submission it is, sent when (Bangkok time)', () => {
    expect(csv.split('\r\n')).toContain(
      '1 category,CAT4_MALICIOUS_LOGIC,การบุกรุกโดยการใช้มัลแวร์,Malicious logic,5,2025,"Bank of Thailand, Banking",1,2026-01-15T10:00:00+07:00,',
    );
    expect(csv.split('\r\n')).toContain(
      'total,INCIDENTS,จำนวนเหตุภัยคุกคามที่รายงาน,Incidents reported,7,2025,"Bank of Thailand, Banking",1,2026-01-15T10:00:00+07:00,',
    );
  });

  it('gives an amendment’s number, time and reason, quoted as needed', () => {
    const amended = toCsv(FIGURES, {
      year: 2025,
      reporterName: 'x',
      submittedAt: FIRST.submittedAt,
      filing: { number: 2, submittedAt: new Date('2026-03-01T02:30:00Z'), reason: 'นับเหตุการณ์ "ตกหล่น", เพิ่ม' },
    });
    expect(amended.split('\r\n')).toContain(
      '3 threat level,CRITICAL_A,วิกฤต (ก),Critical (a),1,2025,x,2,2026-03-01T09:30:00+07:00,"นับเหตุการณ์ ""ตกหล่น"", เพิ่ม"',
    );
  });

  it('marks a draft as such, with no submission time', () => {
    const draft = toCsv(FIGURES, { year: 2025, reporterName: 'x', submittedAt: null, filing: null });
    expect(draft.split('\r\n')).toContain('3 threat level,NON_SERIOUS,ไม่ร้ายแรง,Non-serious,4,2025,x,ฉบับร่าง / Draft,,');
  });
});

describe('the printable ก3 page for a person to read, sign and file', () => {
  const submittedAt = new Date('2026-01-15T03:00:00Z');
  const first = toHtml(FIGURES, { year: 2025, reporterName: 'x', submittedAt, filing: { number: 1, submittedAt, reason: null } });
  const amended = toHtml(FIGURES, {
    year: 2025,
    reporterName: 'x',
    submittedAt,
    filing: { number: 3, submittedAt: new Date('2026-02-20T17:30:00Z'), reason: 'แก้ไข <จำนวน>' },
  });

  it('shows the submission time on Thai clocks, the year in the Buddhist era, with English beside it', () => {
    expect(first).toContain(
      '<p>วันที่ส่ง <span class="en">(Submitted)</span>: <time datetime="2026-01-15T03:00:00.000Z">15 มกราคม พ.ศ. 2569 เวลา 10:00 น.</time> <span class="en">(15 January 2026, 10:00 Bangkok time)</span></p>',
    );
    expect(first).toContain('<p>ฉบับที่ 1 <span class="en">(Submission 1)</span></p>');
  });

  it('names an amendment, when it was sent and why, after the first submission', () => {
    expect(amended).toContain('15 มกราคม พ.ศ. 2569 เวลา 10:00 น.');
    expect(amended).toContain(
      '<p>ฉบับแก้ไขครั้งที่ 2 <span class="en">(Amendment 2)</span>: <time datetime="2026-02-20T17:30:00.000Z">21 กุมภาพันธ์ พ.ศ. 2569 เวลา 00:30 น.</time>',
    );
    expect(amended).toContain('<p>เหตุผลการแก้ไข <span class="en">(Reason for amendment)</span>: แก้ไข &lt;จำนวน&gt;</p>');
  });

  it('heads every table in both languages', () => {
    expect(first).toContain(
      '<thead><tr><th>หมวดหมู่<br><span class="en">Category</span></th><th>คำอธิบาย<br><span class="en">Description</span></th><th>จำนวน<br><span class="en">Count</span></th></tr></thead>',
    );
    expect(first).toContain('<th>ระดับภัยคุกคาม<br><span class="en">Threat level</span></th>');
    expect(first).toContain('<th>ทรัพย์สินที่ได้รับผลกระทบ<br><span class="en">Affected asset</span></th>');
  });

  it('ends with a signature block as on the paper form, and prints on A4', () => {
    const block = first.slice(first.indexOf('<section class="signature">'));
    for (const line of ['ลงชื่อ', '(Signature)', '(Name of signatory)', 'ตำแหน่ง', '(Position)', 'วันที่', 'พ.ศ.', '(Date)']) {
      expect(block).toContain(line);
    }
    expect(block.indexOf('</section>')).toBeLessThan(block.indexOf('</body>'));
    expect(first).toContain('@page { size: A4;');
  });
});
