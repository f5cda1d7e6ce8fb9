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
    expect(toCsv(FIGURES, { year: 2025, reporterName: 'Bank of Thailand' })).toBe(
      [
        '# Bank of Thailand, 2025',
        'section,code,label_th,label_en,count',
        '1 category,CAT0_TRAINING_AND_EXERCISES,เหตุการณ์จำลองและการฝึกจู่โจมของหน่วยงาน,Training and exercises,3',
        '1 category,CAT4_MALICIOUS_LOGIC,การบุกรุกโดยการใช้มัลแวร์,Malicious logic,5',
        '2 asset type,SWITCH_OR_ROUTER,สวิตซ์ (Switch) / เราเตอร์ (Router),Switch / router,2',
        '3 threat level,NON_SERIOUS,ไม่ร้ายแรง,Non-serious,4',
        '3 threat level,CRITICAL_A,วิกฤต (ก),Critical (a),1',
        '3 threat level,UNDETERMINED,ยังไม่สามารถระบุได้,Cannot yet be determined,2',
        'total,INCIDENTS,จำนวนเหตุภัยคุกคามที่รายงาน,Incidents reported,7',
        '',
      ].join('\n'),
    );
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
    expect(html).toContain('<p>วันที่ส่ง <span class="en">(Submitted)</span>: 2026-01-15T03:00:00.000Z</p>');
    expect(html).not.toContain('(Draft)');
    const draft = toHtml(FIGURES, { year: 2025, reporterName: 'x', submittedAt: null });
    expect(draft).toContain('<p>ฉบับร่าง <span class="en">(Draft)</span></p>');
    expect(draft).not.toContain('(Submitted)');
  });
});
