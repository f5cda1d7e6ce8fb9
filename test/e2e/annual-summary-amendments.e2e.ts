import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';

import { regulatorCaller, useGraph } from '../graph.js';
import { codes, minimalReport, newOrganization, notified, type TestOrganization } from '../incidents.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents', 'statistics'] });
const lastYear = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)) - 1; // Asia/Bangkok
let regulatorId: string;
let regulatorToken: string;
let organization: TestOrganization;

const SUMMARY = `query ($year: Int!, $regulatorId: ID, $filing: Int) { annualSummary(year: $year, regulatorId: $regulatorId, filing: $filing) {
  id status version late submittedAt amended amendedAt filingCount incidentCount csv html
  byCategory { category count }
  filing { number reason submittedAt submittedAtBangkok submittedBy incidentCount }
  filings { number reason incidentCount }
} }`;
const summary = (filing?: number, token = regulatorToken) =>
  graph().query(SUMMARY, { token, variables: { year: lastYear, regulatorId, filing } });
const countOf = (rows: { category: string; count: number }[], category: string) => rows.find((r) => r.category === category)?.count;

const AMEND = `mutation ($input: AmendSummaryInput!) { amendAnnualSummary(input: $input) {
  version submittedAt late amended amendedAt filingCount incidentCount filing { number reason }
} }`;
const amend = (input: Record<string, unknown>, token = regulatorToken) =>
  graph().query(AMEND, { token, variables: { input: { year: lastYear, regulatorId, ...input } } });

async function newRegulator(): Promise<string> {
  const registered = await graph().query(
    `mutation ($name: String!) { registerRegulator(input: { nameTh: "หน่วยงานกำกับทดสอบการแก้ไข", nameEn: $name, sectorIds: ["OTHER"], notificationDeadlineHours: 12 }) { id } }`,
    { token: graph().tokens.ncsa, variables: { name: `Amendment Test Regulator ${randomUUID().slice(0, 6)}` } },
  );
  return registered.data!.registerRegulator.id;
}

/** Runs one statement on the graph's database: what no API call can do in a test. */
async function sql<T extends object>(text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: graph().databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Moves the first submission's time, as no test can submit a year's summary both after the year and before its due time. */
const backdateFirstSubmission = (to: Date) =>
  sql(`update "statistics"."annual_summary" set "submitted_at" = $1 where "regulator_id" = $2 and "year" = $3`, [
    to,
    regulatorId,
    lastYear,
  ]);

/** How many of the regulator's incidents of last year the statistics read model holds (a submitted summary no longer shows it). */
const factsOfLastYear = async () =>
  Number(
    (
      await sql<{ count: string }>(`select count(*) from "statistics"."incident_fact" where "regulator_id" = $1 and "detected_year" = $2`, [
        regulatorId,
        lastYear,
      ])
    )[0]!.count,
  );

beforeAll(async () => {
  const g = graph();
  regulatorId = await newRegulator();
  regulatorToken = await g.token(regulatorCaller(regulatorId));
  organization = await newOrganization(g, regulatorId, 'OTHER');
  await notified(
    g,
    organization,
    minimalReport({ detectedAt: `${lastYear}-03-10T03:00:00.000Z`, occurredAt: `${lastYear}-03-10T01:00:00.000Z` }),
  );
  const deadline = Date.now() + 10_000;
  while ((await factsOfLastYear()) < 1) {
    if (Date.now() > deadline) throw new Error('the statistics subgraph never counted the incident');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

describe('amending a submitted annual summary (ก3)', () => {
  it('is refused for a summary never submitted, and for an empty reason', async () => {
    expect(codes(await amend({ reason: 'late incident', expectedVersion: 0 }))).toEqual(['CONFLICT']);
    const submitted = await graph().query(`mutation ($input: SubmitSummaryInput!) { submitAnnualSummary(input: $input) { version } }`, {
      token: regulatorToken,
      variables: { input: { year: lastYear, regulatorId, expectedVersion: 0 } },
    });
    expect(submitted.errors).toBeUndefined();
    const { version } = (await summary()).data!.annualSummary;
    for (const reason of ['', '   ']) expect(codes(await amend({ reason, expectedVersion: version }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await amend({ reason: 'stale', expectedVersion: version - 1 }))).toEqual(['CONFLICT']);
  });

  it('is refused for another regulator', async () => {
    const other = await graph().token(regulatorCaller(await newRegulator()));
    const { version } = (await summary()).data!.annualSummary;
    expect(codes(await amend({ reason: 'not mine', expectedVersion: version }, other))).toEqual(['FORBIDDEN']);
  });

  it('keeps every submission readable, the earlier ones as they were, and judges lateness on the first', async () => {
    const g = graph();
    const firstSubmittedAt = new Date(Date.UTC(lastYear + 1, 0, 20, 3));
    await backdateFirstSubmission(firstSubmittedAt); // on time: the due time is 31 January, Bangkok
    const first = (await summary()).data!.annualSummary;
    expect(first).toMatchObject({
      status: 'SUBMITTED',
      late: false,
      amended: false,
      amendedAt: null,
      filingCount: 1,
      filing: { number: 1 },
    });

    // An incident of that year reported after the submission, and a count the regulator corrects.
    await notified(
      g,
      organization,
      minimalReport({ detectedAt: `${lastYear}-11-02T03:00:00.000Z`, occurredAt: `${lastYear}-11-02T01:00:00.000Z` }),
    );
    await expect.poll(factsOfLastYear, { timeout: 10_000 }).toBe(2);
    expect((await summary()).data!.annualSummary.incidentCount).toBe(1); // frozen as submitted
    const amended = await amend({ reason: 'ข้อมูลเหตุการณ์เดือนพฤศจิกายนเพิ่มเติม', training: 6, expectedVersion: first.version });
    expect(amended.errors).toBeUndefined();
    const at = amended.data!.amendAnnualSummary;
    expect(at).toMatchObject({
      submittedAt: firstSubmittedAt.toISOString(),
      late: false,
      amended: true,
      filingCount: 2,
      filing: { number: 2, reason: 'ข้อมูลเหตุการณ์เดือนพฤศจิกายนเพิ่มเติม' },
    });
    expect(new Date(at.amendedAt).getTime()).toBeGreaterThan(firstSubmittedAt.getTime());

    const now = (await summary()).data!.annualSummary;
    expect(now).toMatchObject({ incidentCount: 2, late: false, filingCount: 2 });
    expect(countOf(now.byCategory, 'CAT0_TRAINING_AND_EXERCISES')).toBe(6);
    expect(now.filings).toEqual([
      { number: 1, reason: null, incidentCount: 1 },
      { number: 2, reason: 'ข้อมูลเหตุการณ์เดือนพฤศจิกายนเพิ่มเติม', incidentCount: 2 },
    ]);

    const earlier = (await summary(1)).data!.annualSummary;
    expect(earlier).toMatchObject({ incidentCount: 1, filing: { number: 1, reason: null }, late: false });
    expect(countOf(earlier.byCategory, 'CAT0_TRAINING_AND_EXERCISES')).toBe(0);
    expect(earlier.id).toMatch(/@1$/);
    expect(codes(await summary(3))).toEqual(['NOT_FOUND']);
  });

  it('says in its exports which submission they are', async () => {
    const now = (await summary()).data!.annualSummary;
    expect(now.csv).toContain('ข้อมูลเหตุการณ์เดือนพฤศจิกายนเพิ่มเติม');
    expect(now.html).toContain('(Amendment 1)');
    const earlier = (await summary(1)).data!.annualSummary;
    expect(earlier.html).not.toContain('(Amendment');
    expect(earlier.html).toContain('หน่วยงานกำกับทดสอบการแก้ไข'); // the reporter's name, fetched for the same submission
  });

  it('shows NCSA which summaries were amended, and when', async () => {
    const g = graph();
    const list = (amended?: boolean) =>
      g.query(
        `query ($year: Int!, $amended: Boolean) { annualSummarySubmissions(year: $year, amended: $amended) { regulator { id } amended amendedAt filingCount late } }`,
        {
          token: g.tokens.ncsa,
          variables: { year: lastYear, amended },
        },
      );
    const mine = (res: Awaited<ReturnType<typeof list>>) =>
      (res.data!.annualSummarySubmissions as { regulator: { id: string } }[]).filter((r) => r.regulator.id === regulatorId);
    expect(mine(await list())).toEqual([
      { regulator: { id: regulatorId }, amended: true, amendedAt: expect.any(String), filingCount: 2, late: false },
    ]);
    expect(mine(await list(true))).toHaveLength(1);
    expect(mine(await list(false))).toHaveLength(0);
    expect((await list(true)).data!.annualSummarySubmissions.every((r: { amended: boolean }) => r.amended)).toBe(true);
  });

  it('is audited, the refusals too', async () => {
    const g = graph();
    const outcomes = async () => {
      const res = await g.query(
        `query ($target: ID) { auditTrail(first: 50, filter: { action: "amendAnnualSummary", targetId: $target }) { edges { node { outcome } } } }`,
        { token: g.tokens.ncsa, variables: { target: regulatorId } },
      );
      return new Set((res.data?.auditTrail?.edges ?? []).map((e: { node: { outcome: string } }) => e.node.outcome));
    };
    await expect.poll(outcomes, { timeout: 10_000 }).toEqual(new Set(['OK', 'CONFLICT', 'BAD_USER_INPUT', 'FORBIDDEN']));
  });
});
