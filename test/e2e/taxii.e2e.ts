import { describe, expect, it } from 'vitest';

import { published } from '../advisories.js';
import { demo, organizationCaller, regulatorCaller, useGraph } from '../graph.js';
import { added } from '../indicators.js';
import { stixProblems } from '../stix-schema.js';

/**
 * The TAXII 2.1 API as a partner's client uses it: plain HTTP, the TAXII media type, Bearer
 * tokens, and paging by following `next` until `more` is false.
 */

const graph = useGraph();
const TAXII = 'application/taxii+json;version=2.1';
const root = () => `${graph().gatewayUrl.replace(/\/graphql$/, '')}/taxii2`;

async function taxii(path: string, token?: string, accept = TAXII) {
  const res = await fetch(path.startsWith('http') ? path : `${root()}${path}`, {
    headers: { accept, ...(token && { authorization: `Bearer ${token}` }) },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

type Collection = { id: string; title: string; can_read: boolean; can_write: boolean; media_types: string[] };

async function collections(token?: string): Promise<Collection[]> {
  const res = await taxii('/api/collections/', token);
  expect(res.status).toBe(200);
  return res.body!.collections as Collection[];
}

async function collectionOf(label: string, token = graph().tokens.thaicert): Promise<string> {
  const found = (await collections(token)).find((c) => c.title.endsWith(`TLP:${label}`));
  expect(found, label).toBeDefined();
  return found!.id;
}

type StixObject = { id: string; type: string; modified?: string; created?: string; [property: string]: unknown };

/** Every page of a collection from `query`, following `next`; `between` runs after each page (to add objects meanwhile). */
async function walk(collectionId: string, token: string, query: string, between: (page: number) => Promise<void> = async () => {}) {
  const objects: StixObject[] = [];
  let next: string | undefined;
  for (let page = 0; ; page++) {
    const res = await taxii(`/api/collections/${collectionId}/objects/?${query}${next ? `&next=${encodeURIComponent(next)}` : ''}`, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('content-type')).toBe(TAXII);
    const got = (res.body!.objects ?? []) as StixObject[];
    if (got.length > 0) {
      expect(res.headers.get('x-taxii-date-added-first')).toMatch(/^\d{4}-/);
      expect(res.headers.get('x-taxii-date-added-last')! >= res.headers.get('x-taxii-date-added-first')!).toBe(true);
    }
    objects.push(...got);
    if (!res.body!.more) {
      expect(res.body!.next).toBeUndefined();
      return objects;
    }
    next = res.body!.next as string;
    expect(next).toBeTruthy();
    await between(page);
    if (page > 200) throw new Error('paging does not end');
  }
}

const versionOf = (o: StixObject) => `${o.id}@${o.modified ?? o.created}`;

describe('TAXII 2.1', () => {
  it('serves discovery and the API root as TAXII JSON, and refuses an unacceptable Accept with 406', async () => {
    const discovery = await taxii('/');
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('content-type')).toBe(TAXII);
    expect(discovery.body).toMatchObject({ title: expect.any(String), default: `${root()}/api/`, api_roots: [`${root()}/api/`] });
    const apiRoot = await taxii(discovery.body!.api_roots[0]);
    expect(apiRoot.body).toMatchObject({ versions: [TAXII], max_content_length: expect.any(Number) });
    expect((await taxii('/', undefined, 'application/taxii+json')).status).toBe(200);
    expect((await taxii('/', undefined, '*/*')).status).toBe(200);
    for (const accept of ['text/html', 'application/taxii+json;version=2.0', 'application/json']) {
      const refused = await taxii('/api/collections/', graph().tokens.thaicert, accept);
      expect([accept, refused.status, refused.body]).toEqual([
        accept,
        406,
        expect.objectContaining({ title: 'Not acceptable', http_status: '406' }),
      ]);
    }
  });

  it('lists the collections per TLP label the caller may read, read-only', async () => {
    const g = graph();
    const titles = async (token?: string) => (await collections(token)).map((c) => c.title.replace(/.* — /, '')).sort();
    expect(await titles()).toEqual(['TLP:CLEAR']);
    expect(await titles(g.tokens.regulator)).toEqual(['TLP:AMBER', 'TLP:CLEAR', 'TLP:GREEN']);
    expect(await titles(g.tokens.organization)).toEqual(['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:CLEAR', 'TLP:GREEN', 'TLP:RED']);
    expect(await titles(g.tokens.thaicert)).toEqual(['TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:CLEAR', 'TLP:GREEN', 'TLP:RED']);
    for (const collection of await collections(g.tokens.thaicert)) {
      expect(collection).toMatchObject({ can_read: true, can_write: false, media_types: ['application/stix+json;version=2.1'] });
      expect((await taxii(`/api/collections/${collection.id}/`, g.tokens.thaicert)).body).toEqual(collection);
    }
  });

  it('answers 401, 403 and 404 with TAXII error messages', async () => {
    const g = graph();
    const amber = await collectionOf('AMBER');
    const red = await collectionOf('RED');
    const cases: [string, string | undefined, number][] = [
      [`/api/collections/${amber}/objects/`, undefined, 401],
      [`/api/collections/${red}/`, g.tokens.regulator, 403],
      [`/api/collections/${red}/objects/`, g.tokens.regulator, 403],
      ['/api/collections/00000000-0000-4000-8000-000000000000/objects/', g.tokens.thaicert, 404],
      ['/api/nothing-here/', g.tokens.thaicert, 404],
      [`/api/collections/${amber}/objects/indicator--00000000-0000-4000-8000-000000000000/`, g.tokens.thaicert, 404],
      [`/api/collections/${amber}/objects/?limit=0`, g.tokens.thaicert, 400],
      [`/api/collections/${amber}/objects/?next=not-ours`, g.tokens.thaicert, 400],
      [`/api/collections/${amber}/objects/?added_after=yesterday`, g.tokens.thaicert, 400],
    ];
    for (const [path, token, status] of cases) {
      const res = await taxii(path, token);
      expect([path, res.status, res.headers.get('content-type'), res.body]).toEqual([
        path,
        status,
        TAXII,
        expect.objectContaining({ title: expect.any(String), http_status: String(status) }),
      ]);
    }
    expect((await taxii(`/api/collections/${amber}/objects/`)).headers.get('www-authenticate')).toBe('Bearer');
  });

  it('pages with limit and next until more is false, losing and repeating nothing while objects are added between pages', async () => {
    const g = graph();
    const green = await collectionOf('GREEN');
    const since = new Date(Date.now() - 1).toISOString();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await added(g, { tlp: 'GREEN', value: `192.0.2.${10 + i}` })).id);
    for (let i = 0; i < 2; i++) made.push((await published(g, { tlp: 'GREEN' })).id);
    const addedMeanwhile: string[] = [];
    const objects = await walk(green, g.tokens.thaicert, `added_after=${since}&limit=3`, async (page) => {
      if (page < 3) addedMeanwhile.push((await added(g, { tlp: 'GREEN', value: `198.51.100.${200 + page}` })).id);
    });
    const versions = objects.map(versionOf);
    expect(new Set(versions).size).toBe(versions.length);
    const names = objects.filter((o) => o.type === 'indicator').map((o) => String(o.name));
    for (const value of [...[10, 11, 12, 13, 14].map((n) => `192.0.2.${n}`), ...[200, 201, 202].map((n) => `198.51.100.${n}`)]) {
      expect(names, value).toContainEqual(`IP address ${value}`);
    }
    expect(objects.filter((o) => o.type === 'report')).toHaveLength(2);
    expect(addedMeanwhile).toHaveLength(3);
    // The shared objects were added before `since`: not repeated with each page.
    expect(objects.filter((o) => o.type === 'identity' || o.type === 'marking-definition')).toEqual([]);
    // Everything, with what it refers to, is valid STIX 2.1.
    const everything = await walk(green, g.tokens.thaicert, 'limit=1000');
    expect(stixProblems({ type: 'bundle', id: 'bundle--6d5fb2f4-4c1b-4a4e-9d3b-2f1e0c8a7b61', objects: everything } as never)).toEqual([]);
    // The manifest lists the same versions; match[type] narrows.
    const manifest = await taxii(`/api/collections/${green}/manifest/?added_after=${since}&limit=1000`, g.tokens.thaicert);
    expect(manifest.body!.objects.map((o: { id: string; version: string }) => `${o.id}@${o.version}`)).toEqual(versions);
    expect(manifest.body!.objects[0]).toMatchObject({ date_added: expect.any(String), media_type: 'application/stix+json;version=2.1' });
    const reports = await taxii(`/api/collections/${green}/objects/?added_after=${since}&match[type]=report`, g.tokens.thaicert);
    expect(reports.body!.objects.map((o: StixObject) => o.type)).toEqual(['report', 'report']);
    const one = await taxii(`/api/collections/${green}/objects/${reports.body!.objects[0].id}/`, g.tokens.thaicert);
    expect(one.body!.objects).toEqual([reports.body!.objects[0]]);
  }, 120_000);

  it('shows an organization outside an AMBER advisory’s and indicator’s target sectors none of their objects', async () => {
    const g = graph();
    const telelink = await g.token(organizationCaller(demo.organization('thai-telelink'))); // IT_TELECOM
    const nbtc = await g.token(regulatorCaller(demo.regulator('nbtc')));
    const since = new Date(Date.now() - 1).toISOString();
    const indicator = await added(g, { tlp: 'AMBER', value: '203.0.113.99', targetSectorIds: ['BANKING_FINANCE'] });
    const advisory = await published(g, { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] });
    const amber = await collectionOf('AMBER', telelink);
    // A report by its ThaiCERT identifier (its first external reference), anything else by its name.
    const seenBy = async (token: string) =>
      (await walk(amber, token, `added_after=${since}`)).map((o) =>
        String(o.type === 'report' ? (o.external_references as { external_id: string }[])[0]!.external_id : (o.name ?? o.type)),
      );
    expect(await seenBy(telelink)).toEqual([]);
    expect(await seenBy(nbtc)).toEqual([]);
    for (const token of [g.tokens.organization, g.tokens.regulator, g.tokens.thaicert]) {
      expect(await seenBy(token)).toEqual(expect.arrayContaining(['IP address 203.0.113.99', advisory.identifier]));
    }
    const direct = await g.query(`query ($id: ID!) { indicator(id: $id) { id } }`, { token: telelink, variables: { id: indicator.id } });
    expect(direct.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('restricted reads through the exchange formats', () => {
  /** The READ lines of a subject, once at least `atLeast` reached NCSA's trail (or 10 s passed). */
  async function readLines(subject: string, atLeast: number) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const res = await graph().query(
        `query ($filter: AuditFilter) { auditTrail(first: 100, filter: $filter) { edges { node { action targetType targetId } } } }`,
        { token: graph().tokens.ncsa, variables: { filter: { subject, kind: 'READ' } } },
      );
      expect(res.errors).toBeUndefined();
      const lines = (res.data!.auditTrail.edges as { node: { action: string; targetType: string; targetId: string } }[]).map((e) => e.node);
      if (lines.length >= atLeast || Date.now() > deadline) return lines;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('are audited as over /graphql: an AMBER advisory and indicator read over TAXII, over MISP and as indicators', async () => {
    const g = graph();
    const run = Date.now();
    const since = new Date(run - 1).toISOString();
    const indicator = await added(g, { tlp: 'AMBER', value: '203.0.113.123', targetSectorIds: ['BANKING_FINANCE'] });
    const advisory = await published(g, { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] });
    const clear = await added(g, { tlp: 'CLEAR', value: '203.0.113.124' });
    const expected = [
      { action: 'ADVISORY_AMBER', targetType: 'Advisory', targetId: advisory.id },
      { action: 'INDICATOR_AMBER', targetType: 'Indicator', targetId: indicator.id },
    ];
    const reader = (how: string) => ({ ...regulatorCaller(demo.regulatorId), subject: `audit-${run}-${how}` });

    const overTaxii = await g.token(reader('taxii'));
    await walk(await collectionOf('AMBER', overTaxii), overTaxii, `added_after=${since}`);
    const overMisp = await g.token(reader('misp'));
    expect(
      (await fetch(`${root().replace(/\/taxii2$/, '')}/misp/manifest.json`, { headers: { authorization: `Bearer ${overMisp}` } })).status,
    ).toBe(200);
    for (const [how, token] of [
      ['taxii', overTaxii],
      ['misp', overMisp],
    ] as const) {
      const lines = await readLines(`audit-${run}-${how}`, 2);
      expect([
        how,
        lines.filter((l) => [advisory.id, indicator.id].includes(l.targetId)).sort((a, b) => a.action.localeCompare(b.action)),
      ]).toEqual([how, expected]);
      expect(lines.map((l) => l.targetId)).not.toContain(clear.id);
      expect(token).toBeTruthy();
    }
    const overGraphql = await g.token(reader('graphql'));
    const listed = await g.query(`query ($id: ID!) { indicator(id: $id) { stix } }`, {
      token: overGraphql,
      variables: { id: indicator.id },
    });
    expect(listed.errors).toBeUndefined();
    expect(await readLines(`audit-${run}-graphql`, 1)).toEqual([
      { action: 'INDICATOR_AMBER', targetType: 'Indicator', targetId: indicator.id },
    ]);
  });
});
