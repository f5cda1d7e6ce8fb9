import { randomUUID } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { close, codes, minimalReport, newOrganization, notified, submitReport, type TestOrganization } from '../incidents.js';

const graph = useGraph();
const thisYear = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)); // Asia/Bangkok
const lastYear = thisYear - 1;
let regulatorId: string;
let regulatorToken: string;
let agencies: TestOrganization[];

const SUMMARY = `query ($year: Int!, $regulatorId: ID) { annualSummary(year: $year, regulatorId: $regulatorId) {
  id year status late dueAtBangkok submittedAt submittedBy version incidentCount undetermined
  byCategory { category fromIncidents entered count labelTh }
  byAssetType { assetType count }
  bySeverity { severity count labelEn }
} }`;

async function summary(year: number, token = regulatorToken) {
  const res = await graph().query(SUMMARY, { token, variables: { year, regulatorId } });
  return res;
}
const countOf = (rows: { count: number; [key: string]: unknown }[], key: string, field = 'category') =>
  rows.find((r) => r[field] === key)?.count;

beforeAll(async () => {
  const g = graph();
  const registered = await g.query(
    `mutation ($name: String!) { registerRegulator(input: { nameTh: "หน่วยงานกำกับทดสอบสถิติ", nameEn: $name, sectorIds: ["OTHER"], notificationDeadlineHours: 12 }) { id } }`,
    { token: g.tokens.ncsa, variables: { name: `Statistics Test Regulator ${randomUUID().slice(0, 6)}` } },
  );
  regulatorId = registered.data!.registerRegulator.id;
  regulatorToken = await g.token(regulatorCaller(regulatorId));
  agencies = [await newOrganization(g, regulatorId, 'OTHER'), await newOrganization(g, regulatorId, 'OTHER')];
});

describe('annual summary (form ก3)', () => {
  it('counts the incidents of the regulator’s organizations by category, asset type and level, plus entered counts', async () => {
    const g = graph();
    const [a, b] = agencies;
    await notified(
      g,
      a!,
      minimalReport({
        severity: 'SERIOUS',
        categories: ['CAT4_MALICIOUS_LOGIC'],
        affectedAssetTypes: ['SERVER_OR_DIRECTORY', 'WORKSTATION'],
      }),
    );
    await notified(
      g,
      b!,
      minimalReport({
        severity: 'CRITICAL_A',
        categories: ['CAT4_MALICIOUS_LOGIC', 'CAT7_DENIAL_OF_SERVICE'],
        affectedAssetTypes: ['WEBSITE'],
      }),
    );
    const toClose = await notified(g, a!, minimalReport({ severity: 'UNDETERMINED', categories: ['CAT8_INVESTIGATING'] }));
    await close(g, a!.token, { incidentId: toClose.id, basedOnRevision: 1, finalCategories: ['CAT9_EXPLAINED_ANOMALY'] });

    await expect
      .poll(
        async () =>
          (await summary(thisYear)).data?.annualSummary.byCategory.find(
            (r: { category: string }) => r.category === 'CAT9_EXPLAINED_ANOMALY',
          ).count,
        { timeout: 10_000 },
      )
      .toBe(1);
    const entered = await g.query(
      `mutation ($input: SummaryEntriesInput!) { setAnnualSummaryEntries(input: $input) { version byCategory { category fromIncidents entered count } } }`,
      {
        token: regulatorToken,
        variables: {
          input: { year: thisYear, regulatorId, training: 4, unsuccessfulAttempts: 120, explainedAnomalies: 2, expectedVersion: 0 },
        },
      },
    );
    expect(entered.errors).toBeUndefined();
    const s = (await summary(thisYear)).data!.annualSummary;
    expect(s).toMatchObject({
      status: 'DRAFT',
      incidentCount: 3,
      undetermined: 1,
      version: 1,
      dueAtBangkok: `${thisYear + 1}-01-31T23:59:59+07:00`,
    });
    expect(countOf(s.byCategory, 'CAT0_TRAINING_AND_EXERCISES')).toBe(4);
    expect(countOf(s.byCategory, 'CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT')).toBe(120);
    expect(countOf(s.byCategory, 'CAT4_MALICIOUS_LOGIC')).toBe(2);
    expect(countOf(s.byCategory, 'CAT7_DENIAL_OF_SERVICE')).toBe(1);
    expect(countOf(s.byCategory, 'CAT8_INVESTIGATING')).toBe(0); // closed with its final category
    expect(s.byCategory.find((r: { category: string }) => r.category === 'CAT9_EXPLAINED_ANOMALY')).toMatchObject({
      fromIncidents: 1,
      entered: 2,
      count: 3,
    });
    expect(countOf(s.byAssetType, 'SERVER_OR_DIRECTORY', 'assetType')).toBe(1);
    expect(countOf(s.byAssetType, 'WEBSITE', 'assetType')).toBe(1);
    expect(countOf(s.bySeverity, 'SERIOUS', 'severity')).toBe(1);
    expect(countOf(s.bySeverity, 'CRITICAL_A', 'severity')).toBe(1);
    expect(s.byCategory[4].labelTh).toBe('การบุกรุกโดยการใช้มัลแวร์');
  });

  it('is for its regulator, ThaiCERT and NCSA only', async () => {
    const g = graph();
    expect((await summary(thisYear, g.tokens.ncsa)).data?.annualSummary.year).toBe(thisYear);
    expect((await summary(thisYear, g.tokens.thaicert)).data?.annualSummary.year).toBe(thisYear);
    for (const token of [g.tokens.regulator, agencies[0]!.token]) {
      const res = await summary(thisYear, token);
      expect(res.data?.annualSummary ?? null).toBeNull();
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
    const anonymous = await g.query(SUMMARY, { variables: { year: thisYear, regulatorId } });
    expect(codes(anonymous)).toEqual(['FORBIDDEN']);
  });

  it('is submitted once the year is over, frozen with who and when, and shows it was late', async () => {
    const g = graph();
    const notOver = await g.query(`mutation ($input: SubmitSummaryInput!) { submitAnnualSummary(input: $input) { status } }`, {
      token: regulatorToken,
      variables: { input: { year: thisYear, regulatorId, expectedVersion: 1 } },
    });
    expect(codes(notOver)).toEqual(['BAD_USER_INPUT']);

    await notified(
      g,
      agencies[1]!,
      minimalReport({ detectedAt: `${lastYear}-06-15T03:00:00.000Z`, occurredAt: `${lastYear}-06-15T01:00:00.000Z` }),
    );
    await expect.poll(async () => (await summary(lastYear)).data?.annualSummary.incidentCount, { timeout: 10_000 }).toBe(1);
    const submit = () =>
      g.query(
        `mutation ($input: SubmitSummaryInput!) { submitAnnualSummary(input: $input) { status submittedAt submittedBy late incidentCount } }`,
        {
          token: regulatorToken,
          variables: { input: { year: lastYear, regulatorId, expectedVersion: 0 } },
        },
      );
    const submitted = await submit();
    expect(submitted.data?.submitAnnualSummary).toMatchObject({
      status: 'SUBMITTED',
      submittedBy: expect.stringMatching(/^test-reg-/),
      late: true,
      incidentCount: 1,
    });
    expect(codes(await submit())).toEqual(['CONFLICT']);

    // Frozen: an incident detected in that year afterwards does not change the submitted summary.
    await notified(g, agencies[1]!, minimalReport({ detectedAt: `${lastYear}-07-01T03:00:00.000Z` }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await summary(lastYear)).data?.annualSummary).toMatchObject({ status: 'SUBMITTED', incidentCount: 1 });

    const statuses = await g.query(
      `query ($year: Int!) { annualSummarySubmissions(year: $year) { regulator { id nameEn } status late } }`,
      {
        token: g.tokens.ncsa,
        variables: { year: lastYear },
      },
    );
    const rows = statuses.data!.annualSummarySubmissions;
    expect(rows.find((r: { regulator: { id: string } }) => r.regulator.id === regulatorId)).toMatchObject({
      status: 'SUBMITTED',
      late: true,
      regulator: { nameEn: expect.stringMatching(/Statistics Test Regulator/) },
    });
    expect(rows.find((r: { regulator: { id: string } }) => r.regulator.id === demo.regulatorId)).toMatchObject({
      status: null,
      late: true,
    });
    expect(codes(await g.query(`{ annualSummarySubmissions(year: ${lastYear}) { status } }`, { token: regulatorToken }))).toEqual([
      'FORBIDDEN',
    ]);
  });

  it('exports CSV and a printable bilingual page laid out like form ก3, with the regulator’s name', async () => {
    const res = await graph().query(
      `query ($year: Int!, $regulatorId: ID) { annualSummary(year: $year, regulatorId: $regulatorId) { csv html } }`,
      {
        token: regulatorToken,
        variables: { year: thisYear, regulatorId },
      },
    );
    expect(res.errors).toBeUndefined();
    const { csv, html } = res.data!.annualSummary;
    expect(csv).toContain('หน่วยงานกำกับทดสอบสถิติ');
    expect(csv).toContain('1 category,CAT4_MALICIOUS_LOGIC,การบุกรุกโดยการใช้มัลแวร์,Malicious logic,2');
    expect(html).toContain('แบบรายงานสรุปภัยคุกคามทางไซเบอร์ในหนึ่งรอบปี');
    expect(html).toContain(`พ.ศ. ${thisYear + 543}`);
    expect(html).toContain('ข้อ 2 สถิติรายปีจำแนกตามทรัพย์สินที่ได้รับผลกระทบ');
  });

  it('lets a government agency file its own, and no CII organization', async () => {
    const g = graph();
    const agency = await g.query(
      `mutation { registerOrganization(input: { nameTh: "กรมทดสอบสรุปรายปี", nameEn: "Annual Summary Test Department", kind: GOVERNMENT_AGENCY }) { id } }`,
      { token: g.tokens.ncsa },
    );
    const id = agency.data!.registerOrganization.id;
    const token = await g.token(organizationCaller(id));
    const entries = (orgId: string, t: string) =>
      g.query(`mutation ($input: SummaryEntriesInput!) { setAnnualSummaryEntries(input: $input) { version } }`, {
        token: t,
        variables: {
          input: { year: thisYear, organizationId: orgId, training: 1, unsuccessfulAttempts: 0, explainedAnomalies: 0, expectedVersion: 0 },
        },
      });
    await expect.poll(async () => codes(await entries(id, token)), { timeout: 10_000 }).toEqual([]);
    expect(codes(await entries(agencies[0]!.id, agencies[0]!.token))).toEqual(['FORBIDDEN']);
  });
});

describe('read model from the incidents event stream', () => {
  it('catches up after downtime with exact figures, never counting twice', async () => {
    const g = graph();
    const before = (await summary(thisYear)).data!.annualSummary.incidentCount as number;
    await g.restartSubgraph('statistics', async () => {
      await notified(g, agencies[0]!, minimalReport());
      const reported = await notified(g, agencies[1]!, minimalReport({ categories: ['CAT2_RECONNAISSANCE'] }));
      await submitReport(g, agencies[1]!.token, {
        incidentId: reported.id,
        basedOnRevision: 1,
        report: { categories: ['CAT3_NON_COMPLIANCE_ACTIVITY'] },
      });
    });
    await expect.poll(async () => (await summary(thisYear)).data?.annualSummary.incidentCount, { timeout: 15_000 }).toBe(before + 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = (await summary(thisYear)).data!.annualSummary;
    expect(after.incidentCount).toBe(before + 2);
    expect(countOf(after.byCategory, 'CAT2_RECONNAISSANCE')).toBe(0); // the revision replaced it
    expect(countOf(after.byCategory, 'CAT3_NON_COMPLIANCE_ACTIVITY')).toBe(1);
  });
});

describe('public statistics', () => {
  it('are open to everyone, by month, category and sector, with small counts withheld', async () => {
    const g = graph();
    const year = 2021;
    const at = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T05:00:00.000Z`;
    const plan: [number, string][] = [
      ...Array(6).fill([3, 'CAT4_MALICIOUS_LOGIC']),
      ...Array(7).fill([5, 'CAT4_MALICIOUS_LOGIC']),
      [4, 'CAT2_RECONNAISSANCE'],
      [4, 'CAT2_RECONNAISSANCE'],
    ];
    for (const [i, [month, category]] of plan.entries()) {
      await notified(g, agencies[i % 2]!, minimalReport({ detectedAt: at(month, 1 + i), categories: [category] }));
    }
    const query = `query ($year: Int!) { publicStatistics(year: $year) { minimumCount total { count suppressed }
      byMonth { month count suppressed } byCategory { category count suppressed } bySector { sector { id nameEn } count suppressed } } }`;
    await expect
      .poll(async () => (await g.query(query, { variables: { year } })).data?.publicStatistics.total.count, { timeout: 10_000 })
      .toBe(15);
    const stats = (await g.query(query, { variables: { year } })).data!.publicStatistics;
    expect(stats.minimumCount).toBe(5);
    const month = (m: number) => stats.byMonth.find((r: { month: number }) => r.month === m);
    expect(month(4)).toEqual({ month: 4, count: null, suppressed: true }); // 2 < 5
    expect(month(3)).toEqual({ month: 3, count: null, suppressed: true }); // else 15 − 7 − 6 would reveal April
    expect(month(5)).toEqual({ month: 5, count: 7, suppressed: false });
    expect(month(1)).toEqual({ month: 1, count: 0, suppressed: false });
    expect(stats.byCategory).toEqual([
      { category: 'CAT2_RECONNAISSANCE', count: null, suppressed: true },
      { category: 'CAT4_MALICIOUS_LOGIC', count: null, suppressed: true },
    ]);
    expect(stats.bySector).toEqual([
      { sector: { id: 'OTHER', nameEn: 'Others prescribed by the Committee' }, count: 15, suppressed: false },
    ]);
  });
});

describe('service-quality indicators (ThaiCERT 3.4(1))', () => {
  const QUALITY = `query ($from: DateTime!, $to: DateTime!, $sectorId: ID) { serviceQuality(from: $from, to: $to, sectorId: $sectorId) {
    incidents reportsDue reportsOnTime onTimeShare
    detectionToNotification { count medianHours p90Hours } detectionToReport { count medianHours }
    timeToAssessment { count } timeToAssistanceAnswer { count medianHours } timeToClosure { count }
  } }`;
  const window = { from: '2023-02-01T00:00:00.000Z', to: '2023-02-28T00:00:00.000Z', sectorId: 'OTHER' };

  it('measures each step for the incidents of a period and sector', async () => {
    const g = graph();
    const [a, b] = agencies;
    const first = await notified(g, a!, minimalReport({ detectedAt: '2023-02-10T00:00:00.000Z' }));
    const second = await notified(g, b!, minimalReport({ detectedAt: '2023-02-11T00:00:00.000Z' }));
    await notified(g, a!, minimalReport({ detectedAt: '2023-02-12T00:00:00.000Z' }));
    await submitReport(g, a!.token, { incidentId: first.id, basedOnRevision: 1, report: { trackingUnit: 'x' } });
    await g.query(
      `mutation ($id: ID!) { assessIncidentSeverity(input: { incidentId: $id, severity: SERIOUS, reason: "r", recommendations: "r" }) { id } }`,
      {
        token: g.tokens.thaicert,
        variables: { id: second.id },
      },
    );
    const help = await g.query(
      `mutation ($id: ID!) { requestAssistance(input: { incidentId: $id, kinds: [ANALYSIS], mode: REMOTE, description: "help" }) { id } }`,
      {
        token: b!.token,
        variables: { id: second.id },
      },
    );
    await g.query(
      `mutation ($id: ID!) { answerAssistanceRequest(input: { id: $id, expectedVersion: 1, status: ACCEPTED, response: "on it" }) { id } }`,
      {
        token: g.tokens.thaicert,
        variables: { id: help.data!.requestAssistance.id },
      },
    );
    await close(g, b!.token, { incidentId: second.id, basedOnRevision: 1, finalCategories: ['CAT4_MALICIOUS_LOGIC'] });

    await expect
      .poll(
        async () => (await g.query(QUALITY, { token: g.tokens.thaicert, variables: window })).data?.serviceQuality.timeToClosure.count,
        { timeout: 10_000 },
      )
      .toBe(1);
    const q = (await g.query(QUALITY, { token: g.tokens.thaicert, variables: window })).data!.serviceQuality;
    const hoursSince = (iso: string) => (Date.now() - Date.parse(iso)) / 3_600_000;
    expect(q).toMatchObject({ incidents: 3, reportsDue: 3, reportsOnTime: 0, onTimeShare: 0 });
    expect(q.detectionToNotification.count).toBe(3);
    expect(q.detectionToNotification.medianHours).toBeCloseTo(hoursSince('2023-02-11T00:00:00.000Z'), 0);
    expect(q.detectionToReport.count).toBe(2); // filed, and closed (a closing report is a report)
    expect(q.timeToAssessment.count).toBe(1);
    expect(q.timeToAssistanceAnswer.count).toBe(1);
    expect(q.timeToAssistanceAnswer.medianHours).toBeLessThan(0.1);
  });

  it('counts on time only the reports that were owed: NON_SERIOUS incidents had no deadline, reassessed ones from their assessment', async () => {
    const g = graph();
    const [a, b] = agencies;
    const march = { ...window, from: '2023-03-01T00:00:00.000Z', to: '2023-03-31T00:00:00.000Z' };
    const minor = await notified(g, a!, minimalReport({ severity: 'NON_SERIOUS', detectedAt: '2023-03-10T00:00:00.000Z' }));
    const raised = await notified(g, b!, minimalReport({ severity: 'NON_SERIOUS', detectedAt: '2023-03-11T00:00:00.000Z' }));
    const serious = await notified(g, a!, minimalReport({ detectedAt: '2023-03-12T00:00:00.000Z' }));
    await g.query(
      `mutation ($id: ID!) { assessIncidentSeverity(input: { incidentId: $id, severity: SERIOUS, reason: "r", recommendations: "r" }) { id } }`,
      {
        token: g.tokens.thaicert,
        variables: { id: raised.id },
      },
    );
    for (const [incident, organization] of [
      [minor, a],
      [raised, b],
      [serious, a],
    ] as const) {
      expect(
        (await submitReport(g, organization!.token, { incidentId: incident.id, basedOnRevision: 1, report: { trackingUnit: 'x' } })).errors,
      ).toBeUndefined();
    }
    const quality = async () => (await g.query(QUALITY, { token: g.tokens.thaicert, variables: march })).data?.serviceQuality;
    await expect.poll(async () => (await quality())?.detectionToReport.count, { timeout: 10_000 }).toBe(3);
    // minor: no duty; raised: filed within 24 hours of ThaiCERT's assessment; serious: filed years late.
    expect(await quality()).toMatchObject({ incidents: 3, reportsDue: 2, reportsOnTime: 1, onTimeShare: 0.5 });
  });

  it('is for ThaiCERT and NCSA, and for a regulator in its own sector only', async () => {
    const g = graph();
    expect((await g.query(QUALITY, { token: regulatorToken, variables: window })).errors).toBeUndefined();
    expect(codes(await g.query(QUALITY, { token: regulatorToken, variables: { ...window, sectorId: 'BANKING_FINANCE' } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await g.query(QUALITY, { token: g.tokens.regulator, variables: window }))).toEqual(['FORBIDDEN']);
    expect(codes(await g.query(QUALITY, { token: agencies[0]!.token, variables: window }))).toEqual(['FORBIDDEN']);
    expect(codes(await g.query(QUALITY, { variables: window }))).toEqual(['FORBIDDEN']);
    expect((await g.query(QUALITY, { token: g.tokens.ncsa, variables: { ...window, sectorId: null } })).errors).toBeUndefined();
  });
});
