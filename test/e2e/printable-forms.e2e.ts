import { randomUUID } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { Role, type SignedInCaller } from '../../platform/caller.js';
import { bangkokYear } from '../../subgraphs/kit/bangkok-time.js';
import { demo, regulatorCaller, useGraph } from '../graph.js';
import { newOrganization, notified, submitReport, type TestOrganization } from '../incidents.js';

/** Forms ก1 and ก2 printed for each reader, part 2 as the GraphQL fields scope it, its reading audited. */
const graph = useGraph();

const FORM = `query ($id: ID!) { incident(id: $id) { printableForm { html revision partTwoWithheld } } }`;
const PART_TWO_TEXT = 'Phishing mail to the tellers, then a loader';

interface Form {
  html: string;
  revision: number;
  partTwoWithheld: boolean;
}

let bank: TestOrganization;
let open: string;
let restricted: string;

const printed = async (id: string, token: string) => {
  const res = await graph().query(FORM, { token, variables: { id } });
  return { form: (res.data?.incident?.printableForm ?? null) as Form | null, errors: res.errors };
};

/** An incident with a ก2 whose part 2 holds PART_TWO_TEXT, restricted to NCSA and ThaiCERT or not. */
async function reported(restrictPartTwo: boolean): Promise<string> {
  const { id } = await notified(graph(), bank);
  const res = await submitReport(graph(), bank.token, {
    incidentId: id,
    basedOnRevision: 1,
    report: { trackingUnit: '<script>alert("ก")</script>', partTwo: { attackTimeline: PART_TWO_TEXT }, partTwoRestricted: restrictPartTwo },
  });
  expect(res.errors).toBeUndefined();
  return id;
}

beforeAll(async () => {
  bank = await newOrganization(graph());
  open = await reported(false);
  restricted = await reported(true);
});

describe('the printable form', () => {
  it('is form ก1 while only notified, without part 2', async () => {
    const { id } = await notified(graph(), bank);
    const { form } = await printed(id, bank.token);
    expect(form?.html).toContain('เอกสาร ก1');
    expect(form?.html).not.toContain('หมวด ง.');
    expect(form?.revision).toBe(1);
  });

  it('is form ก2 once reported: Thai labels with English, the revision, Bangkok time in the Buddhist era', async () => {
    const { form } = await printed(open, graph().tokens.ncsa);
    expect(form?.revision).toBe(2);
    expect(form?.html).toContain('เอกสาร ก2');
    expect(form?.html).toContain('@page { size: A4');
    for (const heading of ['หมวด ก.', 'หมวด ข.', 'หมวด ค.', 'หมวด ง.']) expect(form?.html).toContain(heading);
    expect(form?.html).toContain(`พ.ศ. ${bangkokYear(new Date()) + 543} เวลา`);
    expect(form?.html).toMatch(/ฉบับที่ <span class="en">Revision<\/span><\/th><td class="value">2</);
  });

  it('escapes what the reporter wrote', async () => {
    const { form } = await printed(open, bank.token);
    expect(form?.html).not.toContain('<script>');
    expect(form?.html).toContain('&lt;script&gt;alert(&quot;ก&quot;)&lt;/script&gt;');
  });

  it.each<[string, () => Promise<string>]>([
    ['the organization itself', async () => bank.token],
    ['its supervising regulator', async () => graph().tokens.regulator],
    ['ThaiCERT', async () => graph().tokens.thaicert],
    ['NCSA', async () => graph().tokens.ncsa],
  ])('prints part 2 for %s when it is not restricted', async (_who, token) => {
    const { form, errors } = await printed(open, await token());
    expect(errors).toBeUndefined();
    expect(form?.html).toContain(PART_TWO_TEXT);
    expect(form?.partTwoWithheld).toBe(false);
  });

  it('withholds a restricted part 2 from the regulator, with a notice in its place, as the report’s fields do', async () => {
    const { form, errors } = await printed(restricted, graph().tokens.regulator);
    expect(errors).toBeUndefined();
    expect(form?.partTwoWithheld).toBe(true);
    expect(form?.html).toContain('The reporter restricted part 2 to NCSA and ThaiCERT');
    expect(form?.html).not.toContain(PART_TWO_TEXT);
    for (const token of [bank.token, graph().tokens.thaicert, graph().tokens.ncsa]) {
      const national = await printed(restricted, token);
      expect(national.form?.html).toContain(PART_TWO_TEXT);
      expect(national.form?.partTwoWithheld).toBe(false);
    }
  });

  it('is not printed for a regulator that does not supervise the organization, nor for another organization', async () => {
    const other = await newOrganization(graph());
    for (const token of [await graph().token(regulatorCaller(demo.regulator('sec'))), other.token]) {
      const { form, errors } = await printed(open, token);
      expect(form).toBeNull();
      expect(errors?.length).toBeGreaterThan(0);
    }
  });

  it('is audited as a read of part 2 when it shows part 2, and only then', async () => {
    const run = randomUUID().slice(0, 8);
    const thaicert: SignedInCaller = { role: Role.THAICERT, subject: `print-thaicert-${run}` };
    const regulator: SignedInCaller = { role: Role.REGULATOR, subject: `print-regulator-${run}`, regulatorId: demo.regulatorId };
    // The regulator first: its line, had it one, would come before ThaiCERT's on the incidents subgraph's trail.
    expect((await printed(restricted, await graph().token(regulator))).form?.partTwoWithheld).toBe(true);
    expect((await printed(restricted, await graph().token(thaicert))).form?.partTwoWithheld).toBe(false);
    const lines = async (subject: string) => {
      const res = await graph().query(
        `query ($filter: AuditFilter) { auditTrail(first: 100, filter: $filter) { edges { node { action targetId } } } }`,
        { token: graph().tokens.ncsa, variables: { filter: { subject, kind: 'READ' } } },
      );
      return (res.data?.auditTrail.edges ?? []).map((e: { node: unknown }) => e.node);
    };
    await expect.poll(() => lines(thaicert.subject), { timeout: 10_000 }).toEqual([{ action: 'INCIDENT_PART_TWO', targetId: restricted }]);
    // ThaiCERT's line reached NCSA's trail, so every line before it on that trail did too.
    expect(await lines(regulator.subject)).toEqual([]);
  });
});
