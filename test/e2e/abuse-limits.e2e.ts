import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { Env } from '../../platform/env.js';
import { useGraph } from '../graph.js';
import { errorCodes, graphqlRequest } from '../graphql-client.js';
import { connect } from '../ws-client.js';

const graph = useGraph();
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

/** Another gateway over the test graph's subgraphs, configured by `env`. */
const gatewayWith = async (env: Env) => (await graph().gateway(env)).url;

const SECTORS = '{ sectors { id } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('operation limits', () => {
  it('refuse a query nested deeper than GRAPHQL_MAX_DEPTH, before any subgraph is asked', async () => {
    const deep = `{ incidents(first: 1) { edges { node { ${'followUpOf { '.repeat(12)}id${' }'.repeat(12)} } } } }`;
    const res = await graph().query(deep, { token: graph().tokens.thaicert });
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toMatch(/depth limit of 12/i);
  });

  it('refuse more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const aliased = `{ ${Array.from({ length: 16 }, (_, i) => `s${i}: sectors { id }`).join(' ')} }`;
    const res = await graph().query(aliased);
    expect(errorCodes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toMatch(/aliases limit of 15/i);
  });

  it('apply to subscriptions over WebSocket too', async () => {
    const ws = connect(graph().gatewayUrl, graph().tokens.thaicert);
    cleanup.defer(ws.dispose);
    const sub = ws.subscribe(`subscription { incidentEvents { incident { ${'followUpOf { '.repeat(12)}id${' }'.repeat(12)} } } }`);
    await sub.waitForEnd();
    expect(JSON.stringify(sub.error)).toMatch(/depth/i);
  });

  it('do not suggest field names, so the schema cannot be mapped by guessing', async () => {
    const res = await graph().query('{ sectorz { id } }');
    expect(res.errors![0]!.message).not.toMatch(/Did you mean/);
  });
});

/** The flood of issue 13: one nested field repeated inside a list, about 3,000 tokens, from anyone. */
const REPEATED = `{ advisories { edges { node { ${'revisions { number } '.repeat(590)}} } } }`;
/** The same with a mistake validation would report: refused without it, validation never ran. */
const REPEATED_AND_INVALID = REPEATED.replace('revisions', 'sectorz { id } revisions');

describe('document size, refused before validation', () => {
  it('refuses the repeated-selection flood from the public by its length (GRAPHQL_ANONYMOUS_MAX_TOKENS)', async () => {
    const res = await graph().query(REPEATED_AND_INVALID);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['OPERATION_TOO_LARGE']);
    expect(res.errors![0]!.extensions).toMatchObject({ limit: 'tokens', max: 1000 });
    expect(res.errors![0]!.message).toMatch(/longer than 1000 tokens.*anonymous/);
  });

  it('refuses it from a signed-in caller by its selections (GRAPHQL_MAX_SELECTIONS)', async () => {
    const res = await graph().query(REPEATED_AND_INVALID, { token: graph().tokens.thaicert });
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['OPERATION_TOO_LARGE']);
    expect(res.errors![0]!.extensions).toMatchObject({ limit: 'selections', max: 500 });
  });

  it('refuses an operation longer than GRAPHQL_MAX_TOKENS from a signed-in caller', async () => {
    const res = await graph().query(`{ sectors { ${'id '.repeat(3100)}} }`, { token: graph().tokens.thaicert });
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['OPERATION_TOO_LARGE']);
    expect(res.errors![0]!.extensions).toMatchObject({ limit: 'tokens', max: 3000 });
  });

  it('let a signed-in caller send more than the public may (GRAPHQL_ANONYMOUS_MAX_SELECTIONS)', async () => {
    const wide = `{ sectors { ${'id '.repeat(150)}} }`;
    const anonymous = await graph().query(wide);
    expect(errorCodes(anonymous)).toEqual(['OPERATION_TOO_LARGE']);
    expect(anonymous.errors![0]!.extensions).toMatchObject({ limit: 'selections', max: 100 });
    expect((await graph().query(wide, { token: graph().tokens.regulator })).errors).toBeUndefined();
  });

  it('apply to subscriptions over WebSocket', async () => {
    const ws = connect(graph().gatewayUrl, graph().tokens.thaicert);
    cleanup.defer(ws.dispose);
    const sub = ws.subscribe(`subscription { advisoryEvents { advisory { ${'revisions { number } '.repeat(300)}} } }`);
    await sub.waitForEnd();
    const [error] = sub.error as { extensions: Record<string, unknown> }[];
    expect(error!.extensions).toEqual({ code: 'OPERATION_TOO_LARGE', limit: 'selections', max: 500 });
  });
});

describe('request bodies', () => {
  it('larger than the limit are refused with 413 and a GraphQL-shaped error, no stack trace', async () => {
    const response = await fetch(graph().gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SECTORS, variables: { padding: 'x'.repeat(1_100_000) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('that are not JSON are refused with 400 and a GraphQL-shaped error', async () => {
    const response = await fetch(graph().gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});

describe('persisted queries', () => {
  const persisted = (query: string | undefined, hash: string) => ({
    ...(query ? { query } : {}),
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  });
  const send = (url: string, body: object) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<{ data?: Record<string, unknown>; errors?: { extensions: { code: string } }[] }>,
    );

  it('(APQ) run by hash once registered', async () => {
    const query = '{ sectors { id nameEn } }';
    expect((await send(graph().gatewayUrl, persisted(undefined, sha256(query)))).errors?.[0]?.extensions.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
    expect((await send(graph().gatewayUrl, persisted(query, sha256(query)))).errors).toBeUndefined();
    const byHash = await send(graph().gatewayUrl, persisted(undefined, sha256(query)));
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data?.sectors).toBeDefined();
  });

  describe('in safelist mode (OPERATION_SAFELIST)', () => {
    const registered = 'query Sectors { sectors { id nameTh } }';
    const subscription = 'subscription { advisoryEvents { type } }';
    let url: string;
    beforeAll(async () => {
      const folder = await mkdtemp(join(tmpdir(), 'safelist-'));
      const manifest = join(folder, 'operations.json');
      await writeFile(
        manifest,
        JSON.stringify({
          format: 'apollo-persisted-query-manifest',
          version: 1,
          operations: [
            { id: sha256(registered), name: 'Sectors', type: 'query', body: registered },
            { id: sha256(subscription), name: 'AdvisoryEvents', type: 'subscription', body: subscription },
          ],
        }),
      );
      url = await gatewayWith({ OPERATION_SAFELIST: manifest });
    });

    it('run a registered operation, in full or by its hash alone', async () => {
      expect((await graphqlRequest(url, registered)).errors).toBeUndefined();
      expect((await send(url, persisted(undefined, sha256(registered)))).data?.sectors).toBeDefined();
    });

    it('refuse any other operation with FORBIDDEN, over HTTP and WebSocket', async () => {
      const refused = await graphqlRequest(url, SECTORS);
      expect(refused.status).toBe(403);
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.errors![0]!.message).toMatch(/registered/);
      const ws = connect(url, graph().tokens.thaicert);
      cleanup.defer(ws.dispose);
      const sub = ws.subscribe('subscription { incidentEvents { type } }');
      await sub.waitForEnd();
      expect(JSON.stringify(sub.error)).toMatch(/FORBIDDEN/);
    });
  });
});

describe('browsers and production', () => {
  it('refuse a cross-site simple request (CSRF prevention)', async () => {
    const get = await fetch(`${graph().gatewayUrl}?query=${encodeURIComponent(SECTORS)}`);
    expect(get.status).toBe(400);
    const form = await fetch(graph().gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: SECTORS }),
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toMatch(/Cross-Site Request Forgery/);
  });

  it('turn introspection and the landing page off in production mode', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const url = await gatewayWith({
      NODE_ENV: 'production',
      JWT_SECRET: undefined,
      JWT_PUBLIC_KEY: await exportSPKI(publicKey),
      JWT_ALGORITHMS: 'ES256',
    });
    const introspection = await graphqlRequest(url, '{ __schema { types { name } } }');
    expect(errorCodes(introspection)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/<html/i);
    expect((await graphqlRequest(url, SECTORS)).errors).toBeUndefined();
  });
});
