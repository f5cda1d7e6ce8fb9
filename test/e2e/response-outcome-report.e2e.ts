import { beforeAll, describe, expect, it } from 'vitest';

import { demo, regulatorCaller, useGraph } from '../graph.js';
import { close, codes, hoursAgo, minimalReport, newOrganization, notified, type TestOrganization } from '../incidents.js';

/** ThaiCERT's response-outcome report for NCSA (ThaiCERT 2.5), on data this file makes: counted as differences from before it. */
const graph = useGraph({ subgraphs: ['organizations', 'incidents', 'statistics'] });
const bangkokNow = new Date(Date.now() + 7 * 3_600_000);
const period = { year: bangkokNow.getUTCFullYear(), month: bangkokNow.getUTCMonth() + 1 };

const REPORT = `query ($period: ReportPeriodInput!) { responseOutcomeReport(period: $period) {
  year month quarter from to reported observed closed openAtEnd assistanceRequested assistanceAnswered
  bySector { key reported observed } byLevel { key reported observed } byCategory { key reported observed }
  timeToAssistanceAnswer { count medianHours p90Hours }
} }`;

type Row = { key: string; reported: number; observed: number };
type Report = Record<string, number> & { bySector: Row[]; byLevel: Row[]; byCategory: Row[]; timeToAssistanceAnswer: { count: number } };

async function report(token = graph().tokens.ncsa, variables: Record<string, unknown> = { period }) {
  return graph().query(REPORT, { token, variables });
}

async function figures(): Promise<Report> {
  const res = await report();
  expect(res.errors).toBeUndefined();
  return res.data!.responseOutcomeReport as Report;
}

const row = (rows: Row[], key: string) => rows.find((r) => r.key === key) ?? { key, reported: 0, observed: 0 };
const delta = (after: Row[], before: Row[], key: string) => ({
  reported: row(after, key).reported - row(before, key).reported,
  observed: row(after, key).observed - row(before, key).observed,
});

let bank: TestOrganization;
let telco: TestOrganization;
let before: Report;
let after: Report;

/** Reads the report until `done` holds of it (statistics follow the incidents' feed). */
async function figuresOnce(done: (report: Report) => boolean, what: string): Promise<Report> {
  for (const deadline = Date.now() + 15_000; ;) {
    const read = await figures();
    if (done(read)) return read;
    if (Date.now() > deadline) throw new Error(`the report never showed ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function observe(organizationId: string) {
  return graph().query(`mutation ($input: RecordObservedIncidentInput!) { recordObservedIncident(input: $input) { id } }`, {
    token: graph().tokens.thaicert,
    variables: {
      input: { organizationId, observedAt: hoursAgo(1), whatWasSeen: 'พบการโจมตี DDoS', threatCategory: 'CAT4_MALICIOUS_LOGIC' },
    },
  });
}

beforeAll(async () => {
  const g = graph();
  bank = await newOrganization(g);
  telco = await newOrganization(g, demo.regulator('nbtc'), 'IT_TELECOM');
  // A sentinel after the demo data's events: once statistics count it, they have counted everything before it.
  expect((await observe(bank.id)).errors).toBeUndefined();
  before = await figuresOnce((r) => r.observed >= 1, 'the sentinel observed case');
  const bankIncident = await notified(g, bank, minimalReport({ severity: 'SERIOUS', categories: ['CAT4_MALICIOUS_LOGIC'] }));
  const telcoIncident = await notified(g, telco, minimalReport({ severity: 'CRITICAL_A', categories: ['CAT7_DENIAL_OF_SERVICE'] }));
  expect(
    (await close(g, telco.token, { incidentId: telcoIncident.id, basedOnRevision: 1, finalCategories: ['CAT7_DENIAL_OF_SERVICE'] })).errors,
  ).toBeUndefined();
  expect((await observe(telco.id)).errors).toBeUndefined();
  const asked = await g.query(`mutation ($input: AssistanceRequestInput!) { requestAssistance(input: $input) { id } }`, {
    token: bank.token,
    variables: { input: { incidentId: bankIncident.id, kinds: ['ANALYSIS'], mode: 'REMOTE', description: 'ขอความช่วยเหลือวิเคราะห์มัลแวร์' } },
  });
  expect(asked.errors).toBeUndefined();
  const answered = await g.query(
    `mutation ($id: ID!) { answerAssistanceRequest(input: { id: $id, expectedVersion: 1, status: ACCEPTED, response: "รับเรื่องแล้ว" }) { id } }`,
    { token: g.tokens.thaicert, variables: { id: asked.data!.requestAssistance.id } },
  );
  expect(answered.errors).toBeUndefined();
  const counted = (r: Report) =>
    [
      r.reported - before.reported,
      r.observed - before.observed,
      r.closed - before.closed,
      r.assistanceAnswered - before.assistanceAnswered,
    ].join();
  after = await figuresOnce((r) => counted(r) === '2,1,1,1', '2 reported, 1 observed, 1 closed and 1 answered more');
});

describe('responseOutcomeReport', () => {
  it('counts cases reported and observed by sector, level and category', () => {
    expect(delta(after.bySector, before.bySector, 'BANKING_FINANCE')).toEqual({ reported: 1, observed: 0 });
    expect(delta(after.bySector, before.bySector, 'IT_TELECOM')).toEqual({ reported: 1, observed: 1 });
    expect(delta(after.byLevel, before.byLevel, 'SERIOUS')).toEqual({ reported: 1, observed: 0 });
    expect(delta(after.byLevel, before.byLevel, 'CRITICAL_A')).toEqual({ reported: 1, observed: 0 });
    expect(delta(after.byLevel, before.byLevel, 'NOT_GIVEN')).toEqual({ reported: 0, observed: 1 });
    expect(delta(after.byCategory, before.byCategory, 'CAT4_MALICIOUS_LOGIC')).toEqual({ reported: 1, observed: 1 });
    expect(delta(after.byCategory, before.byCategory, 'CAT7_DENIAL_OF_SERVICE')).toEqual({ reported: 1, observed: 0 });
  });

  it('counts assistance and its answers, cases closed and those still open', () => {
    expect(after.assistanceRequested - before.assistanceRequested).toBe(1);
    expect(after.timeToAssistanceAnswer.count - before.timeToAssistanceAnswer.count).toBe(1);
    expect(after.openAtEnd - before.openAtEnd).toBe(1);
    expect(after).toMatchObject({ year: period.year, month: period.month, quarter: null });
  });

  it('is for ThaiCERT and NCSA only', async () => {
    expect((await report(graph().tokens.thaicert)).errors).toBeUndefined();
    expect(codes(await report(bank.token))).toEqual(['FORBIDDEN']);
    expect(codes(await report(await graph().token(regulatorCaller(demo.regulatorId))))).toEqual(['FORBIDDEN']);
  });

  it('refuses a Buddhist-era year, a month with a quarter, and a month out of range', async () => {
    const refused = await report(graph().tokens.ncsa, { period: { year: period.year + 543 } });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.message).toMatch(/Buddhist-era/);
    expect(codes(await report(graph().tokens.ncsa, { period: { year: period.year, month: 1, quarter: 1 } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await report(graph().tokens.ncsa, { period: { year: period.year, month: 13 } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('comes as CSV a spreadsheet opens and as a printable page in Bangkok time', async () => {
    const res = await graph().query(
      `query ($period: ReportPeriodInput!) { responseOutcomeReport(period: $period) { reported csv html } }`,
      {
        token: graph().tokens.ncsa,
        variables: { period: { year: period.year } },
      },
    );
    expect(res.errors).toBeUndefined();
    const { csv, html: printableHtml, reported } = res.data!.responseOutcomeReport;
    expect(csv.startsWith('\uFEFFตาราง / Table,รหัส / Code,')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe(`total,REPORTED,เหตุที่ได้รับแจ้ง,Cases reported,${reported},,${period.year}`);
    expect(csv.replaceAll('\r\n', '')).not.toContain('\n');
    expect(printableHtml).toMatch(/^<!doctype html>/);
    expect(printableHtml).toContain(`Cyber threat response outcomes, ${period.year}`);
    expect(printableHtml).toMatch(/<time datetime="[^"]+Z">[^<]*พ\.ศ\./);
  });
});
