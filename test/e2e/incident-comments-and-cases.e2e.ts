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

/** The events each subscriber got before its sentinel: a notification from `bank` or `telco` sent after the rest. */
async function eventsBeforeSentinels(subscribers: Record<string, ReturnType<WsConnection['subscribe']>>) {
  const sentinels = [(await notified(graph(), bank)).id, (await notified(graph(), telco)).id];
  const out: Record<string, string[]> = {};
  for (const [name, sub] of Object.entries(subscribers)) {
    const before = await sub.before((r) => eventOf(r)?.type === 'NOTIFIED' && sentinels.includes(eventOf(r)!.incident.id));
    out[name] = before.map((r) => `${eventOf(r)?.type} ${eventOf(r)?.incident.id === incidentId ? 'incident' : 'other'}`);
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
