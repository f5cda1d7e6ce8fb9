import { randomUUID } from 'node:crypto';

import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { codes, newOrganization, notified, type TestOrganization } from '../incidents.js';
import { connect, streamHead, type Received, type WsConnection } from '../ws-client.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
let bank: TestOrganization;
let telco: TestOrganization;
let incidentId: string;
const open: WsConnection[] = [];
const connection = (token: string) => {
  const c = connect(graph().gatewayUrl, token);
  open.push(c);
  return c;
};

beforeAll(async () => {
  bank = await newOrganization(graph());
  telco = await newOrganization(graph(), demo.regulator('nbtc'), 'IT_TELECOM');
  incidentId = (await notified(graph(), bank)).id;
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
});

const tokens = {
  'the organization itself': async () => bank.token,
  'another organization': () => graph().token(organizationCaller(demo.organization('chaophraya-bank'))),
  'its supervising regulator': () => graph().token(regulatorCaller(demo.regulatorId)),
  'another regulator': () => graph().token(regulatorCaller(demo.regulator('nbtc'))),
  ThaiCERT: async () => graph().tokens.thaicert,
  NCSA: async () => graph().tokens.ncsa,
};
type Who = keyof typeof tokens;

const COMMENT = `mutation ($incidentId: ID!, $text: String!) { addIncidentComment(incidentId: $incidentId, text: $text) {
  id text authorRole authorSubject authorRegulatorId writtenAt
} }`;
const COMMENTS = `query ($id: ID!, $first: Int, $after: String) { incident(id: $id) {
  comments(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { text authorRole } } }
} }`;

async function comment(who: Who, text: string, id = incidentId) {
  return graph().query(COMMENT, { token: await tokens[who](), variables: { incidentId: id, text } });
}

describe('regulator comments (SPEC §3)', () => {
  it('the supervising regulator, ThaiCERT and NCSA comment, each with its identity and the time', async () => {
    const before = Date.now();
    const regulator = await comment('its supervising regulator', '  กรุณาส่งรายงาน ก2 ภายในวันนี้  ');
    expect(regulator.errors).toBeUndefined();
    expect(regulator.data!.addIncidentComment).toMatchObject({
      text: 'กรุณาส่งรายงาน ก2 ภายในวันนี้',
      authorRole: 'REGULATOR',
      authorSubject: regulatorCaller(demo.regulatorId).subject,
      authorRegulatorId: demo.regulatorId,
    });
    expect(Date.parse(regulator.data!.addIncidentComment.writtenAt)).toBeGreaterThanOrEqual(before - 1000);
    for (const [who, role] of [
      ['ThaiCERT', 'THAICERT'],
      ['NCSA', 'NCSA'],
    ] as const) {
      const res = await comment(who, `ความเห็นจาก ${role}`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.addIncidentComment).toMatchObject({
        authorRole: role,
        authorSubject: `test-${role.toLowerCase()}`,
        authorRegulatorId: null,
      });
    }
  });

  it('refuses a regulator that does not supervise the organization with NOT_FOUND, as for an unknown incident', async () => {
    const other = await comment('another regulator', 'ความเห็น');
    expect(other.data?.addIncidentComment).toBeNull();
    expect(codes(other)).toEqual(['NOT_FOUND']);
    const unknown = await comment('another regulator', 'ความเห็น', randomUUID());
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(other.errors![0]!.message.replace(incidentId, 'ID')).toBe(unknown.errors![0]!.message.replace(/[0-9a-f-]{36}/, 'ID'));
  });

  it.each(['the organization itself', 'another organization'] as const)('refuses %s as an author (FORBIDDEN)', async (who) => {
    const res = await comment(who, 'ความเห็น');
    expect(res.data?.addIncidentComment).toBeNull();
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it.each([
    ['blank', '   \n\t '],
    ['too long', 'ก'.repeat(10_001)],
    ['with a NUL', 'ok\u0000'],
  ])('refuses a text that is %s with BAD_USER_INPUT', async (_what, text) => {
    const res = await comment('ThaiCERT', text);
    expect(res.data?.addIncidentComment).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it.each([
    ['the organization itself', true],
    ['its supervising regulator', true],
    ['ThaiCERT', true],
    ['NCSA', true],
    ['another organization', false],
    ['another regulator', false],
  ] as const)('%s reads the comments, oldest first: %s', async (who, reads) => {
    const id = (await notified(graph(), bank)).id;
    for (const text of ['หนึ่ง', 'สอง', 'สาม']) expect((await comment('ThaiCERT', text, id)).errors).toBeUndefined();
    const res = await graph().query(COMMENTS, { token: await tokens[who](), variables: { id, first: 2 } });
    if (!reads) {
      expect(res.data?.incident).toBeNull();
      expect(codes(res)).toEqual(['NOT_FOUND']);
      return;
    }
    expect(res.errors).toBeUndefined();
    const first = res.data!.incident.comments;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = await graph().query(COMMENTS, {
      token: await tokens[who](),
      variables: { id, first: 2, after: first.pageInfo.endCursor },
    });
    const texts = [...first.edges, ...next.data!.incident.comments.edges].map((e: { node: { text: string } }) => e.node.text);
    expect(texts).toEqual(['หนึ่ง', 'สอง', 'สาม']);
  });

  it('is append-only: the API has no way to change one, and the database refuses to', async () => {
    const written = await comment('NCSA', 'ถ้อยคำเดิม');
    const commentId = written.data!.addIncidentComment.id as string;
    const introspection = await graph().query(`{ __type(name: "Mutation") { fields { name } } }`, { token: graph().tokens.ncsa });
    const commentMutations = introspection
      .data!.__type.fields.map((f: { name: string }) => f.name)
      .filter((n: string) => /comment/i.test(n));
    expect(commentMutations).toEqual(['addIncidentComment']);
    const client = new pg.Client({ connectionString: graph().databaseUrl });
    await client.connect();
    try {
      await expect(client.query(`update incidents.incident_comment set text = 'แก้ไข' where id = $1`, [commentId])).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query(`delete from incidents.incident_comment where id = $1`, [commentId])).rejects.toThrow(/append-only/);
      await expect(client.query(`truncate incidents.incident_comment`)).rejects.toThrow(/append-only/);
      const { rows } = await client.query(`select text from incidents.incident_comment where id = $1`, [commentId]);
      expect(rows).toEqual([{ text: 'ถ้อยคำเดิม' }]);
    } finally {
      await client.end();
    }
  });
});

const EVENTS = `subscription ($after: Int) { incidentEvents(afterSequence: $after) { type incident { id } } }`;
const eventOf = (r: Received) => r.data?.incidentEvents as { type: string; incident: { id: string } } | undefined;

/**
 * The events each subscriber got before its sentinel (a notification from `bank` or `telco` sent
 * after the rest), each as its type and whether it was about `about`.
 */
async function eventsBeforeSentinels(subscribers: Record<string, ReturnType<WsConnection['subscribe']>>, about = incidentId) {
  const sentinels = [(await notified(graph(), bank)).id, (await notified(graph(), telco)).id];
  const out: Record<string, string[]> = {};
  for (const [name, sub] of Object.entries(subscribers)) {
    const before = await sub.before((r) => eventOf(r)?.type === 'NOTIFIED' && sentinels.includes(eventOf(r)!.incident.id));
    out[name] = before.map((r) => `${eventOf(r)?.type} ${eventOf(r)?.incident.id === about ? 'incident' : 'other'}`);
  }
  return out;
}

describe('the live COMMENTED event', () => {
  it('reaches the organization, its regulator and ThaiCERT, not another regulator', async () => {
    const after = await streamHead(graph().gatewayUrl, 'incidentEvents', graph().tokens.ncsa);
    const subscribers = {
      organization: connection(bank.token).subscribe(EVENTS, { after }),
      regulator: connection(await tokens['its supervising regulator']()).subscribe(EVENTS, { after }),
      otherRegulator: connection(await tokens['another regulator']()).subscribe(EVENTS, { after }),
      thaicert: connection(graph().tokens.thaicert).subscribe(EVENTS, { after }),
    };
    expect((await comment('its supervising regulator', 'โปรดยืนยันการแจ้งเหตุ')).errors).toBeUndefined();
    expect(await eventsBeforeSentinels(subscribers)).toEqual({
      organization: ['COMMENTED incident'],
      regulator: ['COMMENTED incident'],
      otherRegulator: [],
      thaicert: ['COMMENTED incident'],
    });
  });
});

const CASE = `id assignee status statusSince reportedAt version firstResponseAt timeToFirstResponseSeconds timeInStatus { status seconds }`;

async function caseOf(id: string) {
  const res = await graph().query(`query ($id: ID!) { incident(id: $id) { case { ${CASE} } } }`, {
    token: graph().tokens.thaicert,
    variables: { id },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.incident.case;
}

function assign(token: string, incidentId: string, assignee: string, expectedVersion: number) {
  return graph().query(
    `mutation ($incidentId: ID!, $assignee: String!, $expectedVersion: Int!) {
      assignIncidentCase(incidentId: $incidentId, assignee: $assignee, expectedVersion: $expectedVersion) { ${CASE} } }`,
    { token, variables: { incidentId, assignee, expectedVersion } },
  );
}

function unassign(token: string, incidentId: string, expectedVersion: number) {
  return graph().query(
    `mutation ($incidentId: ID!, $expectedVersion: Int!) { unassignIncidentCase(incidentId: $incidentId, expectedVersion: $expectedVersion) { ${CASE} } }`,
    { token, variables: { incidentId, expectedVersion } },
  );
}

function move(token: string, incidentId: string, status: string, expectedVersion: number) {
  return graph().query(
    `mutation ($incidentId: ID!, $status: HandlingStatus!, $expectedVersion: Int!) {
      changeIncidentCaseStatus(incidentId: $incidentId, status: $status, expectedVersion: $expectedVersion) { ${CASE} } }`,
    { token, variables: { incidentId, status, expectedVersion } },
  );
}

async function cases(filter: Record<string, unknown>) {
  const res = await graph().query(
    `query ($filter: IncidentCaseFilter) { incidentCases(first: 100, filter: $filter) { totalCount edges { node { id } } } }`,
    {
      token: graph().tokens.ncsa,
      variables: { filter },
    },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.incidentCases.edges.map((e: { node: { id: string } }) => e.node.id) as string[];
}

describe('the analyst case workflow (ThaiCERT 3.4(4))', () => {
  it('opens a case for every incident notified: in triage, unassigned, untouched', async () => {
    const { id } = await notified(graph(), bank);
    expect(await caseOf(id)).toMatchObject({
      id,
      assignee: null,
      status: 'TRIAGE',
      version: 1,
      firstResponseAt: null,
      timeToFirstResponseSeconds: null,
      timeInStatus: [
        { status: 'TRIAGE', seconds: expect.any(Number) },
        { status: 'IN_PROGRESS', seconds: 0 },
        { status: 'WAITING_FOR_ORGANIZATION', seconds: 0 },
        { status: 'RESOLVED', seconds: 0 },
      ],
    });
  });

  it.each(['the organization itself', 'its supervising regulator'] as const)(
    'is hidden from %s: field, queries and mutations',
    async (who) => {
      const token = await tokens[who]();
      const { id } = await notified(graph(), bank);
      const field = await graph().query(`query ($id: ID!) { incident(id: $id) { id case { status assignee } } }`, {
        token,
        variables: { id },
      });
      expect(field.data?.incident).toEqual({ id, case: null });
      expect(codes(field)).toEqual(['FORBIDDEN']);
      for (const query of [`{ incidentCases { totalCount } }`, `{ incidentCase(id: "${id}") { status } }`]) {
        expect(codes(await graph().query(query, { token }))).toEqual(['FORBIDDEN']);
      }
      expect(codes(await assign(token, id, 'analyst-somchai', 1))).toEqual(['FORBIDDEN']);
      expect(codes(await unassign(token, id, 1))).toEqual(['FORBIDDEN']);
      expect(codes(await move(token, id, 'IN_PROGRESS', 1))).toEqual(['FORBIDDEN']);
      expect((await caseOf(id)).version).toBe(1);
    },
  );

  it('keeps each assignment and change of status with who, when, from and to, and computes the response times from them', async () => {
    const { id } = await notified(graph(), bank);
    const assigned = await assign(graph().tokens.thaicert, id, '  analyst-somchai ', 1);
    expect(assigned.errors).toBeUndefined();
    expect(assigned.data!.assignIncidentCase).toMatchObject({ assignee: 'analyst-somchai', status: 'TRIAGE', version: 2 });
    expect((await move(graph().tokens.ncsa, id, 'WAITING_FOR_ORGANIZATION', 2)).errors).toBeUndefined();
    expect((await move(graph().tokens.thaicert, id, 'IN_PROGRESS', 3)).errors).toBeUndefined();
    expect((await unassign(graph().tokens.thaicert, id, 4)).errors).toBeUndefined();

    const res = await graph().query(
      `query ($id: ID!) { incidentCase(id: $id) { ${CASE} transitions(first: 10) { edges { node { kind by at fromStatus toStatus fromAssignee toAssignee } } } } }`,
      { token: graph().tokens.thaicert, variables: { id } },
    );
    expect(res.errors).toBeUndefined();
    const incidentCase = res.data!.incidentCase;
    const steps = incidentCase.transitions.edges.map((e: { node: Record<string, string | null> }) => e.node);
    expect(steps.map(({ at: _at, ...rest }: Record<string, string | null>) => rest)).toEqual([
      {
        kind: 'ASSIGNED',
        by: 'test-thaicert',
        fromStatus: 'TRIAGE',
        toStatus: 'TRIAGE',
        fromAssignee: null,
        toAssignee: 'analyst-somchai',
      },
      {
        kind: 'STATUS_CHANGED',
        by: 'test-ncsa',
        fromStatus: 'TRIAGE',
        toStatus: 'WAITING_FOR_ORGANIZATION',
        fromAssignee: 'analyst-somchai',
        toAssignee: 'analyst-somchai',
      },
      {
        kind: 'STATUS_CHANGED',
        by: 'test-thaicert',
        fromStatus: 'WAITING_FOR_ORGANIZATION',
        toStatus: 'IN_PROGRESS',
        fromAssignee: 'analyst-somchai',
        toAssignee: 'analyst-somchai',
      },
      {
        kind: 'UNASSIGNED',
        by: 'test-thaicert',
        fromStatus: 'IN_PROGRESS',
        toStatus: 'IN_PROGRESS',
        fromAssignee: 'analyst-somchai',
        toAssignee: null,
      },
    ]);
    const ms = (iso: string) => Date.parse(iso);
    const reportedAt = ms(incidentCase.reportedAt);
    expect(incidentCase).toMatchObject({
      assignee: null,
      status: 'IN_PROGRESS',
      version: 5,
      statusSince: steps[2].at,
      firstResponseAt: steps[0].at,
    });
    expect(incidentCase.timeToFirstResponseSeconds).toBe(Math.floor((ms(steps[0].at) - reportedAt) / 1000));
    const spent = Object.fromEntries(incidentCase.timeInStatus.map((t: { status: string; seconds: number }) => [t.status, t.seconds]));
    expect(spent).toMatchObject({
      TRIAGE: Math.floor((ms(steps[1].at) - reportedAt) / 1000),
      WAITING_FOR_ORGANIZATION: Math.floor((ms(steps[2].at) - ms(steps[1].at)) / 1000),
      RESOLVED: 0,
    });
    expect(spent.IN_PROGRESS).toBeGreaterThanOrEqual(Math.floor((Date.now() - 60_000 - ms(steps[2].at)) / 1000));
  });

  it('refuses a stale version, a change to where the case already is and a transition it cannot make with CONFLICT', async () => {
    const { id } = await notified(graph(), bank);
    const thaicert = graph().tokens.thaicert;
    expect((await assign(thaicert, id, 'analyst-a', 1)).errors).toBeUndefined();
    expect(codes(await assign(thaicert, id, 'analyst-b', 1))).toEqual(['CONFLICT']); // stale
    expect(codes(await assign(thaicert, id, 'analyst-a', 2))).toEqual(['CONFLICT']); // already hers
    expect(codes(await move(thaicert, id, 'TRIAGE', 2))).toEqual(['CONFLICT']);
    expect((await move(thaicert, id, 'RESOLVED', 2)).errors).toBeUndefined();
    expect(codes(await move(thaicert, id, 'WAITING_FOR_ORGANIZATION', 3))).toEqual(['CONFLICT']);
    expect((await move(thaicert, id, 'IN_PROGRESS', 3)).errors).toBeUndefined(); // reopened
    expect((await unassign(thaicert, id, 4)).errors).toBeUndefined();
    expect(codes(await unassign(thaicert, id, 5))).toEqual(['CONFLICT']);
    expect(codes(await assign(thaicert, randomUUID(), 'analyst-a', 1))).toEqual(['NOT_FOUND']);
    expect(codes(await assign(thaicert, id, '   ', 5))).toEqual(['BAD_USER_INPUT']);
    expect((await caseOf(id)).version).toBe(5);
  });

  it('lists an analyst’s queue, the unassigned queue and a status, the oldest report first, in the national list', async () => {
    const analyst = `analyst-${randomUUID()}`;
    const [first, second, third] = [
      (await notified(graph(), telco)).id,
      (await notified(graph(), bank)).id,
      (await notified(graph(), bank)).id,
    ];
    expect((await assign(graph().tokens.thaicert, first!, analyst, 1)).errors).toBeUndefined();
    expect((await assign(graph().tokens.ncsa, second!, analyst, 1)).errors).toBeUndefined();
    expect((await move(graph().tokens.thaicert, second!, 'IN_PROGRESS', 2)).errors).toBeUndefined();
    expect(await cases({ assignee: analyst })).toEqual([first, second]);
    expect(await cases({ assignee: analyst, status: 'IN_PROGRESS' })).toEqual([second]);
    expect(await cases({ assignee: analyst, status: 'RESOLVED' })).toEqual([]);
    const unassigned = await cases({ unassigned: true });
    expect(unassigned).toContain(third);
    expect(unassigned).not.toContain(first);
    expect(await cases({ unassigned: false, status: 'IN_PROGRESS' })).toContain(second);
    expect(
      codes(
        await graph().query(`{ incidentCases(filter: { assignee: "x", unassigned: true }) { totalCount } }`, {
          token: graph().tokens.ncsa,
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('sends its live events to ThaiCERT and NCSA subscribers only, never to the organization or its regulator', async () => {
    const { id } = await notified(graph(), bank);
    const after = await streamHead(graph().gatewayUrl, 'incidentEvents', graph().tokens.ncsa);
    const subscribers = {
      organization: connection(bank.token).subscribe(EVENTS, { after }),
      regulator: connection(await tokens['its supervising regulator']()).subscribe(EVENTS, { after }),
      thaicert: connection(graph().tokens.thaicert).subscribe(EVENTS, { after }),
      ncsa: connection(graph().tokens.ncsa).subscribe(EVENTS, { after }),
    };
    expect((await assign(graph().tokens.thaicert, id, 'analyst-somchai', 1)).errors).toBeUndefined();
    expect((await move(graph().tokens.thaicert, id, 'IN_PROGRESS', 2)).errors).toBeUndefined();
    expect(await eventsBeforeSentinels(subscribers, id)).toEqual({
      organization: [],
      regulator: [],
      thaicert: ['CASE_ASSIGNED incident', 'CASE_STATUS_CHANGED incident'],
      ncsa: ['CASE_ASSIGNED incident', 'CASE_STATUS_CHANGED incident'],
    });
  });
});
