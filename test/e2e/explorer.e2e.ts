import { join } from 'node:path';

import { exportSPKI, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import { EXPLORER_FOLDER } from '../../gateway/src/explorer.js';
import { useGraph } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';
import { BROWSER, builtBeforeTests, hostUrls, liveHostUrls, ROOT, servedPage } from '../served-pages.js';

/**
 * The explorer (GraphiQL) is the gateway's own: a browser opening `/graphql` gets a page whose
 * every file the gateway serves itself, under a policy that lets nothing else load; production
 * serves it only with EXPLORER=on; GraphQL requests are answered as before.
 */
const graph = useGraph({ subgraphs: ['organizations'] });

beforeAll(() => builtBeforeTests(EXPLORER_FOLDER, [process.execPath, join(ROOT, 'scripts', 'build-explorer.mjs')]), 120_000);

describe('the explorer', () => {
  it('is served to a browser in development, from the gateway’s own files only, under a same-origin policy', async () => {
    const { page, html, references, assets } = await servedPage(graph().gatewayUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(policy).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(policy).toMatch(/(^|; )connect-src 'self' ws: wss:(;|$)/);
    expect(html).toMatch(/GraphQL explorer/);
    expect(html).not.toMatch(/apollo/i);

    expect(references.sort()).toEqual(['/explorer/page.css', '/explorer/page.js']);
    for (const { reference, response, text } of assets) {
      expect(response.status, reference).toBe(200);
      expect(text.length, reference).toBeGreaterThan(1000);
    }
    expect(hostUrls(html)).toEqual([]);
    const css = assets.find((asset) => asset.reference.endsWith('.css'))!.text;
    expect(hostUrls(css)).toEqual([]);
    expect(css).not.toMatch(/@import/);
    const js = assets.find((asset) => asset.reference.endsWith('.js'))!.text;
    expect(liveHostUrls(js)).toEqual([]);
    // The fetcher: HTTP and graphql-ws to the page's own origin, the token in the headers editor.
    expect(js).toContain('/graphql');
    expect(js).toContain('Bearer ');
  });

  it('answers GraphQL as before: a POST, and a GET carrying a query', async () => {
    const posted = await graph().query('{ sectors { id } }');
    expect(posted.errors).toBeUndefined();
    expect(posted.data?.sectors.length).toBeGreaterThan(0);
    const url = new URL(graph().gatewayUrl);
    url.searchParams.set('query', '{ sectors { id } }');
    const got = await fetch(url, { headers: { ...BROWSER, 'apollo-require-preflight': 'true' } });
    expect(got.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(((await got.json()) as any).data.sectors.length).toBeGreaterThan(0);
  });

  describe('in production', () => {
    let production: Record<string, string | undefined>;
    beforeAll(async () => {
      const { publicKey } = await generateKeyPair('ES256', { extractable: true });
      production = { NODE_ENV: 'production', JWT_SECRET: undefined, JWT_PUBLIC_KEY: await exportSPKI(publicKey), JWT_ALGORITHMS: 'ES256' };
    });

    it('is not served without EXPLORER=on, nor any landing page', async () => {
      const { url } = await graph().gateway(production);
      const page = await fetch(url, { headers: BROWSER });
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(await page.text()).not.toMatch(/<html/i);
      expect((await fetch(new URL('/explorer/page.js', url))).status).toBe(404);
      expect((await graphqlRequest(url, '{ sectors { id } }')).errors).toBeUndefined();
    });

    it('is served with EXPLORER=on, with the introspection its docs pane reads, Thai descriptions included', async () => {
      const { url } = await graph().gateway({ ...production, EXPLORER: 'on' });
      const { page, html, assets } = await servedPage(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(html).toMatch(/GraphQL explorer/);
      expect(assets.map(({ response }) => response.status)).toEqual([200, 200]);
      const schema = await graphqlRequest(url, '{ __schema { types { description fields { description } } } }');
      expect(schema.errors).toBeUndefined();
      expect(JSON.stringify(schema.data)).toMatch(/[\u0E00-\u0E7F]/);
      expect((await graphqlRequest(url, '{ sectors { id } }')).errors).toBeUndefined();
    });
  });
});
