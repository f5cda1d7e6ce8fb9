import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { parse, validate, type GraphQLSchema } from 'graphql';
import { exportSPKI, generateKeyPair } from 'jose';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

import { CONSOLE_FOLDER } from '../../gateway/src/console.js';
import { apiSchema } from '../api-schema.js';
import { useGraph } from '../graph.js';
import { BROWSER, builtBeforeTests, hostUrls, liveHostUrls, ROOT, servedPage } from '../served-pages.js';

/**
 * The console is a client of the public API like any other: served by the gateway at `/` from its
 * own built files under the same-origin page policy, and every GraphQL document it sends is valid
 * against the API schema a third party sees.
 */
const graph = useGraph({ subgraphs: ['organizations', 'incidents', 'advisories', 'statistics'] });
const origin = () => new URL('/', graph().gatewayUrl).href;

beforeAll(
  () =>
    builtBeforeTests(CONSOLE_FOLDER, [
      process.execPath,
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'console/vite.config.ts',
      '--logLevel',
      'warn',
    ]),
  120_000,
);

/** Every `gql` template of the console's sources, with where it is. */
async function consoleDocuments(): Promise<{ where: string; text: string }[]> {
  const folder = join(ROOT, 'console', 'src');
  const files = (await readdir(folder, { recursive: true })).filter((file) => /\.tsx?$/.test(file));
  const documents: { where: string; text: string }[] = [];
  for (const file of files) {
    const path = join(folder, file);
    const source = ts.createSourceFile(path, await readFile(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
    const visit = (node: ts.Node): void => {
      if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'gql') {
        const where = `${relative(ROOT, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        // Self-contained documents only: an interpolated fragment would be validated here without what it brings.
        expect(ts.isNoSubstitutionTemplateLiteral(node.template), `${where} interpolates`).toBe(true);
        documents.push({ where, text: (node.template as ts.NoSubstitutionTemplateLiteral).text });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return documents;
}

describe('the console', () => {
  it('is served at / from the gateway’s own files only, under the same-origin page policy, its assets cached for good', async () => {
    const { page, html, references, assets } = await servedPage(origin());
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/(^|; )default-src 'self'(;|$)/);
    expect(policy).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(policy).toMatch(/(^|; )connect-src 'self' ws: wss:(;|$)/);
    expect(html).toContain('<div id="console">');
    expect(hostUrls(html)).toEqual([]);
    expect(references.length).toBeGreaterThanOrEqual(2);
    for (const { reference, response, text } of assets) {
      expect(reference, 'hashed, under /assets').toMatch(/^\/assets\/[\w-]+\.(js|css)$/);
      expect(response.status, reference).toBe(200);
      expect(response.headers.get('cache-control'), reference).toMatch(/max-age=31536000.*immutable/);
      expect(liveHostUrls(text), reference).toEqual([]);
    }
    const js = assets.filter((asset) => asset.reference.endsWith('.js')).map((asset) => asset.text);
    expect(js.join('')).toContain('/graphql');
  });

  it('offers no demo tokens unless the graph was started with them (npm start)', async () => {
    const offered = await fetch(new URL('/console/demo-sign-in.json', origin()));
    expect(offered.status).toBe(200);
    expect(await offered.json()).toEqual([]);
  });

  it('answers a missing asset 404, not with the page', async () => {
    const missing = await fetch(new URL('/assets/no-such-file.js', origin()), { headers: BROWSER });
    expect(missing.status).toBe(404);
  });

  describe('in production', () => {
    let production: Record<string, string | undefined>;
    beforeAll(async () => {
      const { publicKey } = await generateKeyPair('ES256', { extractable: true });
      production = { NODE_ENV: 'production', JWT_SECRET: undefined, JWT_PUBLIC_KEY: await exportSPKI(publicKey), JWT_ALGORITHMS: 'ES256' };
    });

    it('is served, with no demo tokens; CONSOLE=off turns it off', async () => {
      const served = await graph().gateway(production);
      expect((await fetch(new URL('/', served.url), { headers: BROWSER })).status).toBe(200);
      expect(await (await fetch(new URL('/console/demo-sign-in.json', served.url))).json()).toEqual([]);
      const off = await graph().gateway({ ...production, CONSOLE: 'off' });
      const page = await fetch(new URL('/', off.url), { headers: BROWSER });
      expect(page.status).toBe(404);
      expect(await page.text()).not.toMatch(/<div id="console">/);
    });
  });

  describe('its GraphQL documents', () => {
    let schema: GraphQLSchema;
    beforeAll(async () => {
      schema = await apiSchema(graph());
    });

    it('are each one named operation, valid against the API schema a third party sees', async () => {
      const documents = await consoleDocuments();
      expect(documents.length).toBeGreaterThan(3);
      const names = new Set<string>();
      for (const { where, text } of documents) {
        const document = parse(text);
        expect(
          validate(schema, document).map((error) => error.message),
          where,
        ).toEqual([]);
        for (const definition of document.definitions) {
          expect(definition.kind, where).toBe('OperationDefinition');
          const name = 'name' in definition ? definition.name?.value : undefined;
          expect(name, where).toMatch(/^Console[A-Z]\w+$/);
          expect(names.has(name!), `${where}: ${name} is named twice`).toBe(false);
          names.add(name!);
        }
      }
    });
  });
});
