import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { regulatorCaller, useGraph } from '../graph.js';
import { codes, newOrganization, notified, type TestOrganization } from '../incidents.js';

/**
 * Documents over plain GET URLs with the caller's token, served by the gateway through its own
 * graph: the same answers, and the same refusals, as the GraphQL operation behind each.
 */
const graph = useGraph({ subgraphs: ['organizations', 'statistics', 'incidents'] });
const lastYear = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)) - 1; // Asia/Bangkok
let regulatorId: string;
let regulatorToken: string;

const base = (gatewayUrl = graph().gatewayUrl) => gatewayUrl.replace(/\/graphql$/, '');
const download = (path: string, token?: string, gatewayUrl?: string) =>
  fetch(`${base(gatewayUrl)}/downloads${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
/** The GraphQL error code a refused download carries in its JSON body. */
const codeOf = async (res: Response) => ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;
const summaryPath = (ext: string, year: number | string = lastYear) => `/annual-summary/${regulatorId}/${year}.${ext}`;

async function newRegulator(): Promise<string> {
  const res = await graph().query(
    `mutation ($name: String!) { registerRegulator(input: { nameTh: "หน่วยงานกำกับทดสอบดาวน์โหลด", nameEn: $name, sectorIds: ["OTHER"], notificationDeadlineHours: 12 }) { id } }`,
    { token: graph().tokens.ncsa, variables: { name: `Download Test Regulator ${randomUUID().slice(0, 6)}` } },
  );
  return res.data!.registerRegulator.id;
}

beforeAll(async () => {
  regulatorId = await newRegulator();
  regulatorToken = await graph().token(regulatorCaller(regulatorId));
  const submitted = await graph().query(`mutation ($input: SubmitSummaryInput!) { submitAnnualSummary(input: $input) { status } }`, {
    token: regulatorToken,
    variables: { input: { year: lastYear, regulatorId, expectedVersion: 0 } },
  });
  expect(submitted.errors).toBeUndefined();
});

describe('downloading the annual summary (ก3)', () => {
  it('serves the CSV to its regulator as a UTF-8 file with a byte-order mark and CRLF line ends, never cached', async () => {
    const res = await download(summaryPath('csv'), regulatorToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="annual-summary-${regulatorId}-${lastYear}.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('หน่วยงานกำกับทดสอบดาวน์โหลด'); // the reporter's name, from the organizations subgraph
    expect(text.slice(1).split('\r\n')[0]).toMatch(/^ส่วน \/ Section,/);
  });

  it('gives the same text as the GraphQL field behind it', async () => {
    const viaGraphQL = await graph().query(`query ($r: ID!, $y: Int!) { annualSummary(regulatorId: $r, year: $y) { csv html } }`, {
      token: regulatorToken,
      variables: { r: regulatorId, y: lastYear },
    });
    expect(await (await download(summaryPath('csv'), regulatorToken)).text()).toBe(
      viaGraphQL.data!.annualSummary.csv.replace(/^\uFEFF/, ''),
    );
    expect(await (await download(summaryPath('html'), regulatorToken)).text()).toBe(viaGraphQL.data!.annualSummary.html);
  });

  it('serves the printable page inline, with the submission time on Thai clocks and a signature block', async () => {
    const res = await download(summaryPath('html'), graph().tokens.ncsa);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="annual-summary-${regulatorId}-${lastYear}.html"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(
      /วันที่ส่ง <span class="en">\(Submitted\)<\/span>: <time datetime="[^"]+">\d{1,2} \S+ พ\.ศ\. \d{4} เวลา \d\d:\d\d น\.<\/time>/,
    );
    expect(html).toContain('(Signature)');
  });

  it('serves an earlier submission when asked for by number, and 404 for one there is not', async () => {
    expect((await download(`${summaryPath('html')}?filing=1`, regulatorToken)).status).toBe(200);
    const missing = await download(`${summaryPath('csv')}?filing=7`, regulatorToken);
    expect(missing.status).toBe(404);
    expect(await codeOf(missing)).toBe('NOT_FOUND');
  });

  it('refuses another regulator as the GraphQL operation does, with its code', async () => {
    const other = await graph().token(regulatorCaller(await newRegulator()));
    const viaGraphQL = await graph().query(`query ($r: ID!, $y: Int!) { annualSummary(regulatorId: $r, year: $y) { csv } }`, {
      token: other,
      variables: { r: regulatorId, y: lastYear },
    });
    expect(codes(viaGraphQL)).toEqual(['FORBIDDEN']);
    for (const ext of ['csv', 'html']) {
      const res = await download(summaryPath(ext), other);
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await codeOf(res)).toBe('FORBIDDEN');
    }
  });

  it('asks for a token with 401 when there is none or it does not verify', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await download(summaryPath('csv'), token);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await codeOf(res)).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a year that is not one with 400, and a download there is not with 404, as JSON', async () => {
    const badYear = await download(summaryPath('csv', 'last'), regulatorToken);
    expect(badYear.status).toBe(400);
    expect(await codeOf(badYear)).toBe('BAD_USER_INPUT');
    const tooEarly = await download(summaryPath('csv', 1999), regulatorToken);
    expect(tooEarly.status).toBe(400);
    const unknown = await download(`/annual-summary/${regulatorId}/${lastYear}.pdf`, regulatorToken);
    expect(unknown.status).toBe(404);
    expect(await codeOf(unknown)).toBe('NOT_FOUND');
  });

  it('runs in safelist mode too: its operations are the gateway’s own', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'safelist-'));
    const manifest = join(folder, 'operations.json');
    const body = 'query Sectors { sectors { id } }';
    const id = createHash('sha256').update(body).digest('hex');
    await writeFile(
      manifest,
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id, name: 'Sectors', type: 'query', body }] }),
    );
    const gateway = await graph().gateway({ OPERATION_SAFELIST: manifest });
    expect((await download(summaryPath('csv'), regulatorToken, gateway.url)).status).toBe(200);
    const other = await graph().query(`{ annualSummary(regulatorId: "${regulatorId}", year: ${lastYear}) { csv } }`, {
      token: regulatorToken,
    });
    expect(codes(other)).toEqual([]); // the shared graph runs without a safelist; the one started here refuses it:
    const refused = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${regulatorToken}` },
      body: JSON.stringify({ query: `{ annualSummary(regulatorId: "${regulatorId}", year: ${lastYear}) { csv } }` }),
    });
    expect(refused.status).toBe(403);
  });
});

describe('downloading the printable ก1/ก2 of an incident', () => {
  const FORM = `query ($id: ID!) { incident(id: $id) { printableForm { html } } }`;
  let bank: TestOrganization;
  let incidentId: string;
  const formPath = (id = incidentId) => `/incident/${id}.html`;

  beforeAll(async () => {
    bank = await newOrganization(graph());
    ({ id: incidentId } = await notified(graph(), bank));
  });

  it('serves the organization its own form inline, the same page as the GraphQL field, never cached', async () => {
    const res = await download(formPath(), bank.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="incident-${incidentId}.html"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const viaGraphQL = await graph().query(FORM, { token: bank.token, variables: { id: incidentId } });
    const html = await res.text();
    expect(html).toContain('เอกสาร ก1');
    expect(html).toBe(viaGraphQL.data!.incident.printableForm.html);
  });

  it('refuses another organization as the GraphQL operation does, with its status and code', async () => {
    const other = await newOrganization(graph());
    const viaGraphQL = await graph().query(FORM, { token: other.token, variables: { id: incidentId } });
    expect(viaGraphQL.data?.incident ?? null).toBeNull();
    const [code] = codes(viaGraphQL);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(code);
    const res = await download(formPath(), other.token);
    expect(res.status).toBe(code === 'NOT_FOUND' ? 404 : 403);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await codeOf(res)).toBe(code);
  });

  it('answers 404 for an incident there is not, and asks for a token with 401 without one', async () => {
    const unknown = await download(formPath(randomUUID()), bank.token);
    expect(unknown.status).toBe(404);
    expect(await codeOf(unknown)).toBe('NOT_FOUND');
    const anonymous = await download(formPath());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await codeOf(anonymous)).toBe('UNAUTHENTICATED');
  });
});

describe('downloading the response-outcome report', () => {
  const thisYear = lastYear + 1;

  it('serves a quarter’s CSV to NCSA with a byte-order mark and CRLF, as the GraphQL field has it', async () => {
    const res = await download(`/response-outcome/${thisYear}.csv?quarter=1`, graph().tokens.ncsa);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="response-outcome-${thisYear}.csv"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.slice(1).split('\r\n')[0]).toMatch(/^ตาราง \/ Table,/);
    expect(text).toContain(`,${thisYear} Q1\r\n`);
    const viaGraphQL = await graph().query(`query ($y: Int!) { responseOutcomeReport(period: { year: $y, quarter: 1 }) { csv } }`, {
      token: graph().tokens.ncsa,
      variables: { y: thisYear },
    });
    expect(text.slice(1)).toBe(viaGraphQL.data!.responseOutcomeReport.csv.replace(/^\uFEFF/, ''));
  });

  it('serves the printable page inline to ThaiCERT, and refuses a regulator with 403 and a month with a quarter with 400', async () => {
    const page = await download(`/response-outcome/${thisYear}.html?month=1`, graph().tokens.thaicert);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-disposition')).toBe(`inline; filename="response-outcome-${thisYear}.html"`);
    expect(await page.text()).toContain(`Cyber threat response outcomes, ${thisYear}-01`);
    const regulator = await download(`/response-outcome/${thisYear}.csv`, regulatorToken);
    expect(regulator.status).toBe(403);
    expect(await codeOf(regulator)).toBe('FORBIDDEN');
    const both = await download(`/response-outcome/${thisYear}.csv?month=1&quarter=1`, graph().tokens.ncsa);
    expect(both.status).toBe(400);
    expect(await codeOf(both)).toBe('BAD_USER_INPUT');
  });
});
