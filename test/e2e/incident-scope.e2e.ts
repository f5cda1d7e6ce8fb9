import { randomUUID } from 'node:crypto';

import { getNamedType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

import { apiSchema, mutationsWith, mutationText } from '../api-schema.js';
import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import type { GraphQLResponse } from '../graphql-client.js';
import { codes, minimalReport, newOrganization, notified, submitReport, type TestOrganization } from '../incidents.js';

// advisories too: it records indicators on incidents (addIndicator), so its mutations name incidents as well.
const graph = useGraph({ subgraphs: ['organizations', 'incidents', 'advisories'] });
let bank: TestOrganization;
let incidentId: string;

const INCIDENT = `query ($id: ID!) { incident(id: $id) {
  id report { trackingUnit partTwo { cveIds } partTwoRestricted }
  revisions { number partTwoChanges { field } }
  analystNotes { text } severityAssessments { reason }
} }`;

beforeAll(async () => {
  bank = await newOrganization(graph());
  const incident = await notified(graph(), bank, minimalReport({ trackingUnit: 'SOC', partTwo: { cveIds: ['CVE-2024-3400'] } }));
  incidentId = incident.id;
  const note = await graph().query(`mutation ($id: ID!) { addAnalystNote(incidentId: $id, text: "ตรวจสอบ IOC แล้ว") { text author } }`, {
    token: graph().tokens.thaicert,
    variables: { id: incidentId },
  });
  expect(note.data?.addAnalystNote).toEqual({ text: 'ตรวจสอบ IOC แล้ว', author: 'test-thaicert' });
});

const tokens = {
  'the organization itself': async () => bank.token,
  'another organization': () => graph().token(organizationCaller(demo.organization('chaophraya-bank'))),
  'its supervising regulator': async () => graph().tokens.regulator,
  'another regulator': () => graph().token(regulatorCaller(demo.regulator('nbtc'))),
  ThaiCERT: async () => graph().tokens.thaicert,
  NCSA: async () => graph().tokens.ncsa,
};

describe('who sees an incident (SPEC §3, row-level scope)', () => {
  it.each([
    ['the organization itself', true],
    ['its supervising regulator', true],
    ['ThaiCERT', true],
    ['NCSA', true],
    ['another organization', false],
    ['another regulator', false],
  ] as const)('%s → sees it: %s', async (who, sees) => {
    const token = await tokens[who]();
    const one = await graph().query(INCIDENT, { token, variables: { id: incidentId } });
    const list = await graph().query(`{ incidents(first: 100, filter: { organizationId: "${bank.id}" }) { totalCount } }`, { token });
    if (sees) {
      expect(one.data?.incident.report.trackingUnit).toBe('SOC');
      expect(list.data?.incidents.totalCount).toBe(1);
    } else {
      expect(one.data?.incident).toBeNull();
      expect(codes(one)).toEqual(['NOT_FOUND']); // not FORBIDDEN: its existence does not leak
      expect(list.data?.incidents.totalCount).toBe(0);
    }
  });

  it('the public sees no incident at all', async () => {
    const res = await graph().query(`{ incidents { totalCount } }`);
    expect(res.data?.incidents).toBeNull();
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it('analyst notes and assessment internals are for ThaiCERT and NCSA only', async () => {
    for (const who of ['the organization itself', 'its supervising regulator'] as const) {
      const res = await graph().query(INCIDENT, { token: await tokens[who](), variables: { id: incidentId } });
      expect(res.data?.incident.analystNotes).toBeNull();
      expect(res.data?.incident.severityAssessments).toBeNull();
      expect(res.errors?.map((e) => [e.path?.at(-1), e.extensions?.code]).sort()).toEqual([
        ['analystNotes', 'FORBIDDEN'],
        ['severityAssessments', 'FORBIDDEN'],
      ]);
    }
    const national = await graph().query(INCIDENT, { token: graph().tokens.ncsa, variables: { id: incidentId } });
    expect(national.data?.incident.analystNotes).toEqual([{ text: 'ตรวจสอบ IOC แล้ว' }]);
  });
});

describe('part 2 (section ง) restricted to NCSA and ThaiCERT', () => {
  it('is hidden from the regulator once the reporter restricts it, everywhere it appears', async () => {
    const seen = async (token: string) => graph().query(INCIDENT, { token, variables: { id: incidentId } });
    expect((await seen(graph().tokens.regulator)).data?.incident.report.partTwo).toEqual({ cveIds: ['CVE-2024-3400'] });

    const restrict = await submitReport(graph(), bank.token, { incidentId, basedOnRevision: 1, report: { partTwoRestricted: true } });
    expect(restrict.errors).toBeUndefined();

    const regulator = await seen(graph().tokens.regulator);
    expect(regulator.data?.incident.report.partTwo).toBeNull();
    expect(regulator.data?.incident.report.trackingUnit).toBe('SOC'); // sections ก–ค still served
    expect(regulator.data?.incident.revisions.map((r: { partTwoChanges: unknown }) => r.partTwoChanges)).toEqual([null, null]);
    expect(regulator.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.at(-1))).toEqual(
      expect.arrayContaining(['partTwo', 'partTwoChanges', 'analystNotes']),
    );
    for (const token of [bank.token, graph().tokens.thaicert, graph().tokens.ncsa]) {
      expect((await seen(token)).data?.incident.report.partTwo).toEqual({ cveIds: ['CVE-2024-3400'] });
    }
  });
});

describe('access follows the current supervision', () => {
  it('moves a regulator’s view with the organization when it changes regulator', async () => {
    const moving = await newOrganization(graph());
    const incident = await notified(graph(), moving);
    const sec = await graph().token(regulatorCaller(demo.regulator('sec')));
    const sees = async (token: string) =>
      (await graph().query(`query ($id: ID!) { incident(id: $id) { id } }`, { token, variables: { id: incident.id } })).data?.incident
        ?.id ?? null;
    expect(await sees(graph().tokens.regulator)).toBe(incident.id);
    expect(await sees(sec)).toBeNull();

    const move = await graph().query(
      `mutation ($id: ID!, $to: ID!) { updateOrganization(id: $id, expectedVersion: 1, input: { regulatorId: $to }) { id } }`,
      {
        token: graph().tokens.ncsa,
        variables: { id: moving.id, to: demo.regulator('sec') },
      },
    );
    expect(move.errors).toBeUndefined();
    // The incidents subgraph learns of the move from the registry's events.
    await expect.poll(() => sees(sec), { timeout: 10_000 }).toBe(incident.id);
    expect(await sees(graph().tokens.regulator)).toBeNull();
  });
});

const UNKNOWN_INCIDENT = '00000000-0000-4000-8000-000000000000';

/** Each mutation that names an incident, called validly about incident `id` by a caller of `organizationId` (if any). */
const ABOUT_AN_INCIDENT: Record<string, (id: string, organizationId: string | undefined) => Record<string, unknown>> = {
  notifyIncident: (id, organizationId) => ({
    input: {
      organizationId: organizationId ?? demo.organizationId,
      idempotencyKey: randomUUID(),
      continuity: 'FOLLOW_UP',
      followUpOfIncidentId: id,
      report: minimalReport(),
    },
  }),
  submitIncidentReport: (id) => ({ input: { incidentId: id, basedOnRevision: 1, report: { trackingUnit: 'SOC' } } }),
  closeIncident: (id) => ({ input: { incidentId: id, basedOnRevision: 1, finalCategories: ['CAT4_MALICIOUS_LOGIC'] } }),
  fileDataUnavailableNotice: (id) => ({ input: { incidentId: id, basedOnRevision: 1, reason: 'ระบบบันทึก log เสียหาย' } }),
  requestAssistance: (id) => ({ input: { incidentId: id, kinds: ['ANALYSIS'], mode: 'REMOTE', description: 'ขอความช่วยเหลือวิเคราะห์มัลแวร์' } }),
  assessIncidentSeverity: (id) => ({
    input: { incidentId: id, severity: 'SERIOUS', reason: 'ผลกระทบต่อบริการ', recommendations: 'ติดตั้งแพตช์' },
  }),
  assignReferenceNumber: (id) => ({ incidentId: id, referenceNumber: `NCSA-${randomUUID().slice(0, 8)}` }),
  addAnalystNote: (id) => ({ incidentId: id, text: 'ตรวจสอบ IOC แล้ว' }),
  addIncidentComment: (id) => ({ incidentId: id, text: 'โปรดส่งรายงาน ก2' }),
  assignIncidentCase: (id) => ({ incidentId: id, assignee: 'analyst-somchai', expectedVersion: 1 }),
  unassignIncidentCase: (id) => ({ incidentId: id, expectedVersion: 1 }),
  changeIncidentCaseStatus: (id) => ({ incidentId: id, status: 'IN_PROGRESS', expectedVersion: 1 }),
  addIndicator: (id) => ({ input: { incidentId: id, kind: 'DOMAIN_NAME', value: 'c2.example.net', tlp: 'AMBER' } }),
};

/** What a caller learns from an answer, with the incident id it was about taken out. */
const answerOf = (res: GraphQLResponse, id: string) =>
  JSON.stringify({
    data: res.data ?? null,
    errors: res.errors?.map(({ message, extensions }) => ({ message, extensions })) ?? [],
  }).replaceAll(id, '<incident>');

describe('a mutation tells no more about an incident than a read does', () => {
  it('answers every mutation naming another’s incident exactly as an unknown id: NOT_FOUND, or FORBIDDEN for a role that may never make it', async () => {
    const g = graph();
    const schema = await apiSchema(g);
    const about = mutationsWith(schema, (name, type) => /incidentId$/i.test(name) && getNamedType(type).name === 'ID');
    expect([...about.keys()].sort()).toEqual(Object.keys(ABOUT_AN_INCIDENT).sort());

    const owner = await newOrganization(g);
    const ownersIncident = (await notified(g, owner)).id; // supervised by the demo regulator (Bank of Thailand)
    const other = await newOrganization(g);
    const telecom = await newOrganization(g, demo.regulator('nbtc'), 'IT_TELECOM');
    const telecomIncident = (await notified(g, telecom)).id;
    const callers = [
      {
        who: 'another organization',
        token: other.token,
        organizationId: other.id,
        foreign: ownersIncident,
        visible: (await notified(g, other)).id,
      },
      {
        who: 'a regulator not supervising it',
        token: await g.token(regulatorCaller(demo.regulator('nbtc'))),
        foreign: ownersIncident,
        visible: telecomIncident,
      },
      { who: 'the other’s regulator', token: g.tokens.regulator, foreign: telecomIncident, visible: ownersIncident },
      { who: 'ThaiCERT', token: g.tokens.thaicert, visible: ownersIncident },
      { who: 'NCSA', token: g.tokens.ncsa, visible: ownersIncident },
    ];
    for (const name of about.keys()) {
      const call = (token: string, id: string, organizationId?: string) =>
        g.query(mutationText(schema, name), { token, variables: ABOUT_AN_INCIDENT[name]!(id, organizationId) });
      for (const { who, token, organizationId, foreign, visible } of callers) {
        const unknown = await call(token, UNKNOWN_INCIDENT, organizationId);
        const code = codes(unknown)[0];
        expect(['NOT_FOUND', 'FORBIDDEN'], `${name} by ${who} about an unknown incident: ${JSON.stringify(unknown.errors)}`).toContain(
          code,
        );
        if (foreign) {
          const another = await call(token, foreign, organizationId);
          expect(answerOf(another, foreign), `${name} by ${who} about an incident it cannot see`).toBe(answerOf(unknown, UNKNOWN_INCIDENT));
        }
        if (code === 'FORBIDDEN') {
          // The role may never make it: refused for an incident it can see as well, so the refusal says nothing about the id.
          expect(codes(await call(token, visible, organizationId)), `${name} by ${who} about an incident it sees`).toEqual(['FORBIDDEN']);
        }
      }
    }
  });
});
