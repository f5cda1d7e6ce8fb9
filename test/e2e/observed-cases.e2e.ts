import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { codes, hoursAgo, minimalReport, newOrganization, notified, notify, type TestOrganization } from '../incidents.js';
import { connect, streamHead, type Received, type WsConnection } from '../ws-client.js';

/** ThaiCERT 2.5: cases ThaiCERT observed at an organization, which is then asked to notify. */
const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
let bank: TestOrganization;
let telco: TestOrganization;
const open: WsConnection[] = [];
const connection = (token: string) => {
  const c = connect(graph().gatewayUrl, token);
  open.push(c);
  return c;
};

beforeAll(async () => {
  bank = await newOrganization(graph());
  telco = await newOrganization(graph(), demo.regulator('nbtc'), 'IT_TELECOM');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
});

const CASE_FIELDS = `id observedAt whatWasSeen threatCategory level recordedBy notificationPending notifiedAt notification { id } organization { id }`;
const RECORD = `mutation ($input: RecordObservedIncidentInput!) { recordObservedIncident(input: $input) { ${CASE_FIELDS} } }`;
const LIST = `query ($filter: ObservedCaseFilter) { observedCases(first: 100, filter: $filter) { totalCount edges { node { id } } } }`;

function record(token: string, organizationId: string, extra: Record<string, unknown> = {}) {
  return graph().query(RECORD, {
    token,
    variables: {
      input: {
        organizationId,
        observedAt: hoursAgo(2),
        whatWasSeen: 'พบการสื่อสารกับเครื่องสั่งการ <script>botnet</script>',
        threatCategory: 'CAT4_MALICIOUS_LOGIC',
        level: 'SERIOUS',
        ...extra,
      },
    },
  });
}

async function observedAt(organization: TestOrganization): Promise<string> {
  const res = await record(graph().tokens.thaicert, organization.id);
  expect(res.errors).toBeUndefined();
  return res.data!.recordObservedIncident.id as string;
}

async function listed(token: string, filter: Record<string, unknown> = {}): Promise<string[]> {
  const res = await graph().query(LIST, { token, variables: { filter } });
  expect(res.errors).toBeUndefined();
  return res.data!.observedCases.edges.map((e: { node: { id: string } }) => e.node.id);
}

describe('recordObservedIncident', () => {
  it('records what ThaiCERT saw; the organization is asked to notify', async () => {
    const res = await record(graph().tokens.thaicert, bank.id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordObservedIncident).toMatchObject({
      threatCategory: 'CAT4_MALICIOUS_LOGIC',
      level: 'SERIOUS',
      notificationPending: true,
      notification: null,
      notifiedAt: null,
      organization: { id: bank.id },
    });
  });

  it.each([
    ['an organization', async () => bank.token, 'FORBIDDEN'],
    ['a regulator', () => graph().token(regulatorCaller(demo.regulatorId)), 'FORBIDDEN'],
  ])('is refused to %s', async (_who, token, code) => {
    const res = await record(await token(), bank.id);
    expect(codes(res)).toEqual([code]);
    expect(res.data?.recordObservedIncident ?? null).toBeNull();
  });

  it('is NOT_FOUND for an unregistered organization and BAD_USER_INPUT for a time in the future', async () => {
    expect(codes(await record(graph().tokens.ncsa, '00000000-0000-4000-8000-000000000000'))).toEqual(['NOT_FOUND']);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(codes(await record(graph().tokens.ncsa, bank.id, { observedAt: future }))).toEqual(['BAD_USER_INPUT']);
  });

  it('starts none of the organization’s deadlines and is not one of its incidents', async () => {
    const organization = await newOrganization(graph());
    await observedAt(organization);
    const res = await graph().query(`query ($id: ID!) { incidents(first: 10, filter: { organizationId: $id }) { totalCount } }`, {
      token: graph().tokens.ncsa,
      variables: { id: organization.id },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.incidents.totalCount).toBe(0);
  });
});

describe('observedCases', () => {
  it('lists all for ThaiCERT and NCSA, its own for an organization, its supervised organizations’ for a regulator', async () => {
    const atBank = await observedAt(bank);
    const atTelco = await observedAt(telco);
    for (const token of [graph().tokens.thaicert, graph().tokens.ncsa])
      expect(await listed(token)).toEqual(expect.arrayContaining([atBank, atTelco]));
    const ownBank = await listed(bank.token);
    expect(ownBank).toContain(atBank);
    expect(ownBank).not.toContain(atTelco);
    const bot = await listed(await graph().token(regulatorCaller(demo.regulatorId)));
    expect(bot).toContain(atBank);
    expect(bot).not.toContain(atTelco);
    const other = await listed(await graph().token(organizationCaller(demo.organization('chaophraya-bank'))));
    expect(other).not.toContain(atBank);
  });
});

describe('the organization’s notification answers the observed case', () => {
  it('links both ways and leaves the case no longer pending', async () => {
    const organization = await newOrganization(graph());
    const observedCaseId = await observedAt(organization);
    const res = await notify(graph(), organization, minimalReport(), { observedCaseId });
    expect(res.errors).toBeUndefined();
    const incidentId = res.data!.notifyIncident.id as string;
    const read = await graph().query(
      `query ($id: ID!) { incident(id: $id) { observedCase { id notificationPending notification { id } } } }`,
      { token: organization.token, variables: { id: incidentId } },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.incident.observedCase).toEqual({ id: observedCaseId, notificationPending: false, notification: { id: incidentId } });
    expect(await listed(graph().tokens.thaicert, { organizationId: organization.id, notificationPending: true })).toEqual([]);
    expect(await listed(graph().tokens.thaicert, { organizationId: organization.id, notificationPending: false })).toEqual([
      observedCaseId,
    ]);
  });

  it('is CONFLICT when the case is already answered, NOT_FOUND for another organization’s case, and creates nothing then', async () => {
    const organization = await newOrganization(graph());
    const observedCaseId = await observedAt(organization);
    expect((await notify(graph(), organization, minimalReport(), { observedCaseId })).errors).toBeUndefined();
    expect(codes(await notify(graph(), organization, minimalReport(), { observedCaseId }))).toEqual(['CONFLICT']);
    expect(codes(await notify(graph(), bank, minimalReport(), { observedCaseId }))).toEqual(['NOT_FOUND']);
    const res = await graph().query(`query ($id: ID!) { incidents(first: 10, filter: { organizationId: $id }) { totalCount } }`, {
      token: graph().tokens.ncsa,
      variables: { id: organization.id },
    });
    expect(res.data!.incidents.totalCount).toBe(1);
  });
});

const EVENTS = `subscription ($after: Int) { incidentEvents(afterSequence: $after) { type incident { id } observedCase { id } } }`;
const eventOf = (r: Received) =>
  r.data?.incidentEvents as { type: string; incident: { id: string } | null; observedCase: { id: string } | null } | undefined;

describe('the live OBSERVED event', () => {
  it('reaches the organization, its regulator, ThaiCERT and NCSA, not another regulator or organization', async () => {
    const after = await streamHead(graph().gatewayUrl, 'incidentEvents', graph().tokens.ncsa);
    const subscribers = {
      organization: connection(bank.token).subscribe(EVENTS, { after }),
      regulator: connection(await graph().token(regulatorCaller(demo.regulatorId))).subscribe(EVENTS, { after }),
      otherRegulator: connection(await graph().token(regulatorCaller(demo.regulator('nbtc')))).subscribe(EVENTS, { after }),
      otherOrganization: connection(telco.token).subscribe(EVENTS, { after }),
      thaicert: connection(graph().tokens.thaicert).subscribe(EVENTS, { after }),
      ncsa: connection(graph().tokens.ncsa).subscribe(EVENTS, { after }),
    };
    const observedCaseId = await observedAt(bank);
    // Sentinels every subscriber sees one of: a notification from each organization, sent after.
    const sentinels = [(await notified(graph(), bank)).id, (await notified(graph(), telco)).id];
    const got: Record<string, string[]> = {};
    for (const [name, sub] of Object.entries(subscribers)) {
      const before = await sub.before((r) => eventOf(r)?.type === 'NOTIFIED' && sentinels.includes(eventOf(r)!.incident!.id));
      got[name] = before.map((r) => `${eventOf(r)?.type} ${eventOf(r)?.observedCase?.id === observedCaseId ? 'observed' : 'other'}`);
    }
    expect(got).toEqual({
      organization: ['OBSERVED observed'],
      regulator: ['OBSERVED observed'],
      otherRegulator: [],
      otherOrganization: [],
      thaicert: ['OBSERVED observed'],
      ncsa: ['OBSERVED observed'],
    });
  });
});
