import { describe, expect, it } from 'vitest';

import { Continuity, ThreatCategory, ThreatLevel } from '../../../../contracts/form-vocabulary.js';
import type { IncidentReport } from './incident-report.js';
import { incidentFormHtml, type PrintableIncident } from './printable-form.js';

const incident = (change: Partial<PrintableIncident> = {}): PrintableIncident => ({
  id: '0192f0aa-0000-7000-8000-000000000001',
  organizationId: '0192f0aa-0000-7000-8000-000000000002',
  referenceNumber: 'NCSA-2026-000123',
  continuity: Continuity.NEW,
  notifiedAt: new Date('2026-11-24T02:30:00Z'),
  reportFiledAt: new Date('2026-11-24T20:15:00Z'),
  revision: 3,
  ...change,
});

const report: IncidentReport = {
  trackingUnit: 'ศูนย์ปฏิบัติการความมั่นคงปลอดภัย',
  severity: ThreatLevel.SERIOUS,
  categories: [ThreatCategory.CAT4_MALICIOUS_LOGIC],
  occurredAt: new Date('2026-11-23T23:00:00Z'),
  detectedAt: new Date('2026-11-24T01:00:00Z'),
  partTwo: { attackTimeline: 'Phishing mail, then a loader', lessonsLearned: 'Train the tellers' },
};

const shown = { shown: true, content: report.partTwo } as const;

describe('the printable ก2', () => {
  it('is a whole A4 page', () => {
    const html = incidentFormHtml(incident(), report, shown);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('<html lang="th">');
  });

  it('carries the form’s Thai labels, sections ก to ง, with the English beside them', () => {
    const html = incidentFormHtml(incident(), report, shown);
    expect(html).toContain('เอกสาร ก2');
    expect(html).toContain('แบบรายงานภัยคุกคามทางไซเบอร์');
    for (const heading of ['หมวด ก.', 'หมวด ข.', 'หมวด ค.', 'หมวด ง.']) expect(html).toContain(heading);
    expect(html).toContain('หมายเลขอ้างอิง (สำหรับเจ้าหน้าที่ สกมช.) <span class="en">NCSA reference number</span>');
  });

  it('ticks the choices reported among every option of the list', () => {
    const html = incidentFormHtml(incident(), report, shown);
    expect(html).toContain('☑ การบุกรุกโดยการใช้มัลแวร์ <span class="en">Malicious logic</span>');
    expect(html).toContain('☐ การพยายามบุกรุกเพื่อสำรวจข้อมูลองค์กรเพื่อโจมตี');
    expect(html).toContain('☑ ร้ายแรง <span class="en">Serious</span>');
    expect(html).not.toContain('เหตุการณ์จำลองและการฝึกจู่โจมของหน่วยงาน'); // category 0 is not on the ก2
  });

  it('shows the NCSA reference number and which revision it is', () => {
    const html = incidentFormHtml(incident(), report, shown);
    expect(html).toContain('NCSA-2026-000123');
    expect(html).toMatch(/ฉบับที่ <span class="en">Revision<\/span><\/th><td class="value">3</);
  });

  it('shows times on Thai clocks with the Buddhist-era year', () => {
    const html = incidentFormHtml(incident(), report, shown);
    // 2026-11-24T01:00Z is 08:00 in Bangkok, in พ.ศ. 2569.
    expect(html).toContain('24 พฤศจิกายน พ.ศ. 2569 เวลา 08:00 น.');
    // 2026-11-23T23:00Z is already the 24th in Bangkok.
    expect(html).toContain('24 พฤศจิกายน พ.ศ. 2569 เวลา 06:00 น.');
    expect(html).not.toContain('2026-11-24');
  });

  it('prints part 2 for a caller who may read it', () => {
    const html = incidentFormHtml(incident(), report, shown);
    expect(html).toContain('Phishing mail, then a loader');
    expect(html).toContain('Train the tellers');
  });

  it('withholds part 2 from a caller it is restricted from, with a notice in its place', () => {
    const html = incidentFormHtml(incident(), report, { shown: false });
    expect(html).toContain('หมวด ง.');
    expect(html).toContain('The reporter restricted part 2 to NCSA and ThaiCERT, so it is not shown here.');
    expect(html).not.toContain('Phishing mail');
    expect(html).not.toContain('Train the tellers');
    expect(html).not.toContain('ง1.5');
  });

  it('escapes everything the reporter wrote', () => {
    const hostile: IncidentReport = {
      ...report,
      trackingUnit: '<script>alert("ก")</script>',
      contact: { fullName: '"><img src=x onerror=alert(1)>' },
      partTwo: { lessonsLearned: "</td><script>steal('x')</script>" },
    };
    const html = incidentFormHtml(incident({ referenceNumber: '<b>REF</b>' }), hostile, { shown: true, content: hostile.partTwo });
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;ก&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;steal(&#39;x&#39;)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;REF&lt;/b&gt;');
  });
});

describe('the printable ก1', () => {
  it('is the notification while no report is filed, with no part 2', () => {
    const html = incidentFormHtml(incident({ reportFiledAt: null, referenceNumber: null, revision: 1 }), report, shown);
    expect(html).toContain('เอกสาร ก1');
    expect(html).toContain('ข้อมูลที่ต้องแจ้ง');
    expect(html).not.toContain('หมวด ง.');
  });
});
