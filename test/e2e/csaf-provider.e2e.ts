import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';

import { draft, published } from '../advisories.js';
import { checkedCsaf, csafProviderValidators, csafSchemaValidator } from '../csaf-schema.js';
import { demo, organizationCaller, useGraph } from '../graph.js';

/**
 * ThaiCERT as a CSAF 2.0 trusted provider, walked as a CSAF aggregator walks one (CSAF 2.0 §7.3):
 * provider-metadata.json (validated against OASIS's schema) → ThaiCERT's public key → each ROLIE
 * feed (validated) → each document, its `.sha256`/`.sha512` and `.asc` checked against the bytes
 * served, the document validated by BSI's validator (strict schema, every mandatory test) — for the
 * public and for callers of several roles. The graph's public address is an https one
 * (PUBLIC_BASE_URL), as partners see it behind TLS; the walker reaches it at the test gateway.
 */
const PUBLIC_BASE_URL = 'https://csaf.thaicert.example';
const graph = useGraph({ PUBLIC_BASE_URL });

let validators: ReturnType<typeof csafProviderValidators>;
let validateCsaf: ReturnType<typeof csafSchemaValidator>;
beforeAll(() => {
  validators = csafProviderValidators();
  validateCsaf = csafSchemaValidator();
});

/** GET a provider URL: its public address, reached at the test gateway. */
function get(url: string, token?: string): Promise<Response> {
  expect(url.startsWith(`${PUBLIC_BASE_URL}/`), url).toBe(true);
  const at = new URL(url.slice(PUBLIC_BASE_URL.length), graph().gatewayUrl).toString();
  return fetch(at, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

const wellKnown = (path: string) => `${PUBLIC_BASE_URL}/.well-known/csaf${path}`;

async function expectRefusal(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(code);
}

/** Documents BSI's validator already passed, by SHA-512: each walk checks every document, but validates each text once. */
const validated = new Set<string>();

interface Walked {
  /** Tracking ids per CSAF TLP label, in feed order; a label refused to the caller is absent. */
  feeds: Map<string, string[]>;
  /** Each document's parsed JSON, by its tracking id. */
  documents: Map<string, Record<string, any>>;
}

/** Walks the provider as an aggregator with `token` (none: the public), checking every step; returns what it found. */
async function walk(token?: string): Promise<Walked> {
  const metadataRes = await get(wellKnown('/provider-metadata.json'));
  expect(metadataRes.status).toBe(200);
  expect(metadataRes.headers.get('content-type')).toMatch(/^application\/json/);
  const metadata = (await metadataRes.json()) as Record<string, any>;
  expect(validators.metadata(metadata), JSON.stringify(validators.metadata.errors)).toBe(true);
  expect(metadata).toMatchObject({
    role: 'csaf_trusted_provider',
    canonical_url: wellKnown('/provider-metadata.json'),
    publisher: { category: 'coordinator', name: expect.stringContaining('ThaiCERT') },
  });

  // §7.1.20: the key that signs, at the URL the metadata gives, with the fingerprint it gives.
  const [published] = metadata.public_openpgp_keys as { fingerprint: string; url: string }[];
  const keyRes = await get(published!.url);
  expect(keyRes.status).toBe(200);
  const key = await openpgp.readKey({ armoredKey: await keyRes.text() });
  expect(key.getFingerprint().toUpperCase()).toBe(published!.fingerprint);

  const found: Walked = { feeds: new Map(), documents: new Map() };
  const feeds = metadata.distributions.flatMap((d: any) => d.rolie?.feeds ?? []) as { tlp_label: string; url: string }[];
  expect(feeds.map((f) => f.tlp_label)).toEqual(['WHITE', 'GREEN', 'AMBER', 'RED']);
  for (const { tlp_label: tlp, url } of feeds) {
    const feedRes = await get(url, token);
    if (tlp !== 'WHITE' && !token) {
      await expectRefusal(feedRes, 401, 'UNAUTHENTICATED'); // §7.1.5: access protected
      continue;
    }
    expect(feedRes.status).toBe(200);
    const feed = (await feedRes.json()) as Record<string, any>;
    expect(validators.feed(feed), JSON.stringify(validators.feed.errors)).toBe(true);
    expect(feed.feed.link).toEqual([{ rel: 'self', href: url }]);
    const entries = feed.feed.entry as Record<string, any>[];
    const folder = url.slice(0, url.lastIndexOf('/') + 1);
    for (const entry of entries) await checkEntry(entry, tlp, folder, key, token, found);
    found.feeds.set(
      tlp,
      entries.map((e) => e.id as string),
    );

    // §7.1.12, §7.1.13: the same documents, by path in the folder; changes.csv latest first.
    const paths = entries.map((e) => (e.content.src as string).slice(folder.length));
    const index = await get(`${folder}index.txt`, token);
    expect(index.status).toBe(200);
    expect((await index.text()).split('\n').filter(Boolean).sort()).toEqual([...paths].sort());
    const changes = await get(`${folder}changes.csv`, token);
    expect(changes.status).toBe(200);
    const lines = (await changes.text()).split('\n').filter(Boolean);
    const dates = lines.map((line) => JSON.parse(`[${line}]`) as [string, string]);
    expect(dates.map(([path]) => path).sort()).toEqual([...paths].sort());
    expect(dates.map(([, date]) => date)).toEqual(
      dates
        .map(([, date]) => date)
        .sort()
        .reverse(),
    );
    for (const [path, date] of dates) {
      const id = entries.find((e) => (e.content.src as string).endsWith(`/${path}`))!.id as string;
      expect(found.documents.get(id)!.document.tracking.current_release_date).toBe(date);
    }
  }
  return found;
}

/** One feed entry: its document, hash files and signature, each as served, checked against each other and the standard. */
async function checkEntry(
  entry: Record<string, any>,
  tlp: string,
  folder: string,
  key: openpgp.PublicKey,
  token: string | undefined,
  found: Walked,
) {
  const link = (rel: string) => (entry.link as { rel: string; href: string }[]).filter((l) => l.rel === rel).map((l) => l.href);
  const [self] = link('self');
  expect(entry.content).toEqual({ type: 'application/json', src: self });
  const res = await get(self!, token);
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());

  // §7.1.18: each hash file starts with the hex digest of exactly these bytes.
  expect(link('hash').sort()).toEqual([`${self}.sha256`, `${self}.sha512`]);
  for (const algorithm of ['sha256', 'sha512']) {
    const hashRes = await get(`${self}.${algorithm}`, token);
    expect(hashRes.status).toBe(200);
    const digest = createHash(algorithm).update(bytes).digest('hex');
    expect((await hashRes.text()).split(/\s+/)[0]).toBe(digest);
  }

  // §7.1.19: a detached OpenPGP signature over these bytes by the published key.
  expect(link('signature')).toEqual([`${self}.asc`]);
  const signatureRes = await get(`${self}.asc`, token);
  expect(signatureRes.status).toBe(200);
  const { signatures } = await openpgp.verify({
    message: await openpgp.createMessage({ binary: bytes }),
    signature: await openpgp.readSignature({ armoredSignature: await signatureRes.text() }),
    verificationKeys: key,
  });
  await expect(signatures[0]!.verified).resolves.toBe(true);

  // §7.1.1: a valid CSAF document, checked as §7.3.2 says (schema, then every mandatory test).
  const document = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, any>;
  const sha512 = createHash('sha512').update(bytes).digest('hex');
  if (!validated.has(sha512)) {
    expect(validateCsaf(document), JSON.stringify(validateCsaf.errors, null, 2)).toBe(true);
    expect(await checkedCsaf(document, 'csaf-provider.e2e.ts')).toEqual([]);
    validated.add(sha512);
  }
  const { tracking } = document.document;
  expect(entry.id).toBe(tracking.id);
  expect(document.document.distribution.tlp.label).toBe(tlp);
  expect(tracking.status).toBe('final');
  // §7.1.11 and §5.1: <tlp folder>/<year of initial_release_date>/<tracking id lower-cased>.json, its own `self` reference.
  expect(self).toBe(`${folder}${tracking.initial_release_date.slice(0, 4)}/${tracking.id.toLowerCase()}.json`);
  expect(document.document.references.filter((r: { category: string }) => r.category === 'self')).toEqual([
    { category: 'self', summary: expect.any(String), url: self },
  ]);
  expect(tracking.version).toBe(tracking.revision_history.at(-1).number);
  expect(entry.updated).toBe(tracking.current_release_date);
  found.documents.set(tracking.id, document);
}

const token = (organizationKey: string) => graph().token(organizationCaller(demo.organization(organizationKey)));

describe('ThaiCERT as a CSAF trusted provider', () => {
  let clear: { identifier: string };
  let amber: { id: string; identifier: string };
  let strict: { identifier: string };
  let red: { identifier: string };
  let draftTitle: string;

  beforeAll(async () => {
    clear = await published(graph(), { tlp: 'CLEAR' });
    amber = await published(graph(), { tlp: 'AMBER', targetSectorIds: ['BANKING_FINANCE'] });
    strict = await published(graph(), { tlp: 'AMBER_STRICT', recipientOrganizationIds: [demo.organization('chaophraya-bank')] });
    red = await published(graph(), { tlp: 'RED', affectedProducts: [], recipientOrganizationIds: [demo.organizationId] });
    const drafted = await draft(graph(), { tlp: 'CLEAR' });
    expect(drafted.errors).toBeUndefined();
    draftTitle = (
      await graph().query(`query ($id: ID!) { advisory(id: $id) { titleEn } }`, {
        token: graph().tokens.thaicert,
        variables: { id: drafted.data!.draftAdvisory.id },
      })
    ).data!.advisory.titleEn;
  });

  const titles = (walked: Walked) => [...walked.documents.values()].map((d) => d.document.title as string);

  it('serves the public its metadata, key and TLP:WHITE feed, every document valid, hashed and signed; the other feeds only with a token', async () => {
    const walked = await walk();
    expect([...walked.feeds.keys()]).toEqual(['WHITE']);
    expect(walked.feeds.get('WHITE')).toContain(clear.identifier);
    expect(walked.feeds.get('WHITE')!.length).toBeGreaterThan(1); // the demo data's CLEAR advisories too
    expect(titles(walked)).not.toContain(draftTitle);
  });

  it('lists an AMBER advisory for the organizations of its sector and their regulator, not for another sector', async () => {
    const bank = await walk(await token('krungsiam-bank'));
    expect(bank.feeds.get('AMBER')).toContain(amber.identifier);
    expect(bank.feeds.get('GREEN')).toBeDefined();
    const regulator = await walk(graph().tokens.regulator);
    expect(regulator.feeds.get('AMBER')).toContain(amber.identifier);
    const telecom = await walk(await token('thai-telelink'));
    expect(telecom.feeds.get('AMBER')).not.toContain(amber.identifier);
    // Nor by its URL: 404, as if there were none.
    const url = bank.documents.get(amber.identifier)!.document.references.find((r: { category: string }) => r.category === 'self').url;
    for (const suffix of ['', '.sha256', '.sha512', '.asc']) {
      await expectRefusal(await get(`${url}${suffix}`, await token('thai-telelink')), 404, 'NOT_FOUND');
      await expectRefusal(await get(`${url}${suffix}`), 401, 'UNAUTHENTICATED');
    }
  });

  it('lists AMBER+STRICT (in the AMBER feed) and RED only for their named recipients and ThaiCERT, and drafts never', async () => {
    const recipientOfRed = await walk(await token('krungsiam-bank'));
    expect(recipientOfRed.feeds.get('RED')).toEqual(expect.arrayContaining([red.identifier]));
    expect(recipientOfRed.feeds.get('AMBER')).not.toContain(strict.identifier);
    const recipientOfStrict = await walk(await token('chaophraya-bank'));
    expect(recipientOfStrict.feeds.get('AMBER')).toContain(strict.identifier);
    expect(recipientOfStrict.feeds.get('RED')).not.toContain(red.identifier);
    expect(recipientOfStrict.documents.get(strict.identifier)!.document.distribution.text).toContain('AMBER+STRICT');
    const regulator = await walk(graph().tokens.regulator);
    expect(regulator.feeds.get('RED')).not.toContain(red.identifier);
    expect(regulator.feeds.get('AMBER')).not.toContain(strict.identifier);
    const thaicert = await walk(graph().tokens.thaicert);
    for (const [tlp, advisory] of [
      ['WHITE', clear],
      ['AMBER', amber],
      ['AMBER', strict],
      ['RED', red],
    ] as const) {
      expect(thaicert.feeds.get(tlp)).toContain(advisory.identifier);
    }
    expect(titles(thaicert)).not.toContain(draftTitle);
  });

  it('puts an update first in changes.csv, with the tracking revision history grown; a withdrawal stays served as a final revision', async () => {
    const advisory = await published(graph(), { tlp: 'CLEAR' });
    const url = async () => {
      const res = await graph().query(`query ($id: ID!) { advisory(id: $id) { version csafDocument { url path } } }`, {
        variables: { id: advisory.id },
      });
      return res.data!.advisory as { version: number; csafDocument: { url: string; path: string } };
    };
    const before = await url();
    const revised = await graph().query(
      `mutation ($id: ID!, $v: Int!) { reviseAdvisory(id: $id, expectedVersion: $v, input: { summaryEn: "Exploited in the wild" }, changeSummary: "Active exploitation confirmed") { version } }`,
      { token: graph().tokens.thaicert, variables: { id: advisory.id, v: before.version } },
    );
    expect(revised.errors).toBeUndefined();
    const changes = await (await get(wellKnown('/white/changes.csv'))).text();
    expect(changes.split('\n')[0]).toMatch(new RegExp(`^"${before.csafDocument.path}","`));
    const walked = await walk();
    const document = walked.documents.get(advisory.identifier)!;
    expect(document.document.tracking).toMatchObject({ version: '2', status: 'final' });
    expect(document.document.tracking.revision_history.map((r: { summary: string }) => r.summary)).toEqual([
      'Initial publication',
      'Active exploitation confirmed',
    ]);
    expect(changes.split('\n')[0]).toContain(document.document.tracking.current_release_date);

    const withdrawn = await graph().query(
      `mutation ($id: ID!, $v: Int!) { withdrawAdvisory(id: $id, expectedVersion: $v, reason: "Vendor retracted the issue") { version } }`,
      { token: graph().tokens.thaicert, variables: { id: advisory.id, v: revised.data!.reviseAdvisory.version } },
    );
    expect(withdrawn.errors).toBeUndefined();
    const after = (await walk()).documents.get(advisory.identifier)!;
    expect(after.document.tracking).toMatchObject({ version: '3', status: 'final' });
    expect(after.document.tracking.revision_history.at(-1).summary).toBe('Withdrawn: Vendor retracted the issue');
    expect((await url()).csafDocument.url).toBe(before.csafDocument.url);
  });

  it('audits each restricted advisory a feed lists or a document serves, as reading it over /graphql would be', async () => {
    const subject = `csaf-audit-${Date.now()}`;
    const reader = await graph().token({ ...organizationCaller(demo.organizationId), subject });
    const feed = (await (await get(wellKnown('/amber/csaf-feed-tlp-amber.json'), reader)).json()) as Record<string, any>;
    const entry = (feed.feed.entry as { id: string; content: { src: string } }[]).find((e) => e.id === amber.identifier)!;
    expect((await get(entry.content.src, reader)).status).toBe(200);
    const deadline = Date.now() + 10_000;
    let lines: { action: string; targetId: string }[] = [];
    while (lines.length < 2 && Date.now() < deadline) {
      const res = await graph().query(
        `query ($filter: AuditFilter) { auditTrail(first: 100, filter: $filter) { edges { node { action targetId } } } }`,
        { token: graph().tokens.ncsa, variables: { filter: { subject, kind: 'READ' } } },
      );
      expect(res.errors).toBeUndefined();
      lines = (res.data!.auditTrail.edges as { node: { action: string; targetId: string } }[])
        .map((e) => e.node)
        .filter((l) => l.targetId === amber.id);
      if (lines.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // One line for the feed's request, one for the document's.
    expect(lines).toEqual([
      { action: 'ADVISORY_AMBER', targetId: amber.id },
      { action: 'ADVISORY_AMBER', targetId: amber.id },
    ]);
  });

  it('is served in safelist mode too: its operations are the gateway’s own', async () => {
    const manifest = join(await mkdtemp(join(tmpdir(), 'safelist-')), 'operations.json');
    const body = 'query Sectors { sectors { id } }';
    const id = createHash('sha256').update(body).digest('hex');
    await writeFile(
      manifest,
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id, name: 'Sectors', type: 'query', body }] }),
    );
    const gateway = await graph().gateway({ OPERATION_SAFELIST: manifest });
    const base = new URL(gateway.url).origin;
    expect((await fetch(`${base}/.well-known/csaf/provider-metadata.json`)).status).toBe(200);
    const feed = await fetch(`${base}/.well-known/csaf/amber/csaf-feed-tlp-amber.json`, {
      headers: { authorization: `Bearer ${graph().tokens.thaicert}` },
    });
    expect(feed.status).toBe(200);
    expect(((await feed.json()) as { feed: { entry: unknown[] } }).feed.entry.length).toBeGreaterThan(0);
  });

  it('refuses what is not there, and a bad token, as JSON with the code', async () => {
    await expectRefusal(await get(wellKnown('/white/2026/th-cert-1999-9999.json')), 404, 'NOT_FOUND');
    await expectRefusal(await get(wellKnown('/openpgp/0123456789ABCDEF0123456789ABCDEF01234567.asc')), 404, 'NOT_FOUND');
    await expectRefusal(await get(wellKnown('/purple/index.txt')), 404, 'NOT_FOUND');
    await expectRefusal(await get(wellKnown('/amber/csaf-feed-tlp-amber.json'), 'not-a-token'), 401, 'UNAUTHENTICATED');
  });
});
