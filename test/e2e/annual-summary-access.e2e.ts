import { beforeAll, describe, expect, it } from 'vitest';

import { demo, organizationCaller, useGraph } from '../graph.js';
import { codes, newOrganization, type TestOrganization } from '../incidents.js';

const graph = useGraph();
const year = Number(new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4)); // Asia/Bangkok

const SUMMARY = `query ($year: Int!, $regulatorId: ID, $organizationId: ID) {
  annualSummary(year: $year, regulatorId: $regulatorId, organizationId: $organizationId) { id year incidentCount }
}`;
type Reporter = { regulatorId: string } | { organizationId: string };
const read = (token: string | undefined, reporter: Reporter) => graph().query(SUMMARY, { token, variables: { year, ...reporter } });

let agency: TestOrganization;
let otherAgency: TestOrganization;
let cii: TestOrganization;

async function governmentAgency(nameEn: string): Promise<TestOrganization> {
  const res = await graph().query(
    `mutation ($nameEn: String!) { registerOrganization(input: { nameTh: "กรมทดสอบสิทธิ์สรุปรายปี", nameEn: $nameEn, kind: GOVERNMENT_AGENCY }) { id } }`,
    {
      token: graph().tokens.ncsa,
      variables: { nameEn: `${nameEn} ${Math.random().toString(36).slice(2, 8)}` },
    },
  );
  const id = res.data!.registerOrganization.id as string;
  return { id, token: await graph().token(organizationCaller(id)) };
}

beforeAll(async () => {
  agency = await governmentAgency('Annual Summary Access Department');
  otherAgency = await governmentAgency('Another Annual Summary Access Department');
  cii = await newOrganization(graph());
  // The statistics subgraph learns each organization's kind from the registry's feed.
  for (const own of [agency, otherAgency]) {
    const deadline = Date.now() + 10_000;
    while (codes(await read(own.token, { organizationId: own.id })).length > 0) {
      if (Date.now() > deadline) throw new Error('the statistics subgraph never learnt of the government agency');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});

describe('who reads an annual summary (ก3), as SPEC §3 says', () => {
  it('lets a government agency read its own', async () => {
    const res = await read(agency.token, { organizationId: agency.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.annualSummary).toMatchObject({ year, incidentCount: 0 });
  });

  it('lets ThaiCERT and NCSA read any, and a regulator its own', async () => {
    for (const token of [graph().tokens.thaicert, graph().tokens.ncsa]) {
      for (const reporter of [{ organizationId: agency.id }, { organizationId: cii.id }, { regulatorId: demo.regulatorId }]) {
        expect(codes(await read(token, reporter))).toEqual([]);
      }
    }
    expect(codes(await read(graph().tokens.regulator, { regulatorId: demo.regulatorId }))).toEqual([]);
  });

  it('gives a CII organization no summary of its own: the answer for any summary it may not read', async () => {
    const own = await read(cii.token, { organizationId: cii.id });
    const others = await read(cii.token, { organizationId: agency.id });
    expect(own.data?.annualSummary ?? null).toBeNull();
    expect(codes(own)).toEqual(['FORBIDDEN']);
    expect(own.errors!.map((e) => e.message)).toEqual(others.errors!.map((e) => e.message));
  });

  it('refuses every other reader', async () => {
    const refused: [string | undefined, Reporter][] = [
      [agency.token, { organizationId: otherAgency.id }],
      [agency.token, { organizationId: cii.id }],
      [agency.token, { regulatorId: demo.regulatorId }],
      [cii.token, { regulatorId: demo.regulatorId }],
      [graph().tokens.regulator, { organizationId: agency.id }],
      [graph().tokens.regulator, { organizationId: cii.id }],
      [undefined, { organizationId: agency.id }],
    ];
    for (const [token, reporter] of refused) expect(codes(await read(token, reporter))).toEqual(['FORBIDDEN']);
  });
});
