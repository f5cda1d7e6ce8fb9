import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = join(import.meta.dirname, '..');
export const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/**
 * URLs in the bundled libraries' code that load nothing: XML namespace names, and the links in
 * their error messages and docs (React's error decoder, GraphiQL's warning about two graphql
 * copies, markdown-it's examples, Mantine's theming note) — text, never fetched. Anything else
 * pointing off the machine fails.
 */
export const INERT_URLS = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.w3.org/1998/Math/MathML',
  'https://reactjs.org/docs/error-decoder.html',
  'http://fb.me/use-check-prop-types',
  'https://mantine.dev/theming/colors/',
  'https://yarnpkg.com/en/docs/selective-version-resolutions',
  'https://github.com/graphql/graphiql/blob/master/examples/graphiql-cdn/index.html',
  'https://github.com/graphql/graphiql',
  'https://en.wikipedia.org/wiki/IEEE_floating_point',
  'https://commonmark.org/',
  'https://codemirror.net/5/doc/manual.html',
]);

/** Every absolute URL naming a host in `text`. */
export const hostUrls = (text: string) => [...text.matchAll(/https?:\/\/[a-z0-9.-]+[^\s"'`)<>\\]*/gi)].map((match) => match[0]);

/** The URLs of `text` that could load something from another host. */
export const liveHostUrls = (text: string) => hostUrls(text).filter((url) => !INERT_URLS.has(url.split(/[?#]/)[0]!));

/** A page as a browser opening `url` gets it, and every file it references. */
export async function servedPage(url: string) {
  const page = await fetch(url, { headers: BROWSER });
  const html = await page.text();
  const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!).filter((ref) => !ref.startsWith('data:'));
  const assets = await Promise.all(
    references.map(async (reference) => {
      const response = await fetch(new URL(reference, url));
      return { reference, response, text: await response.text() };
    }),
  );
  return { page, html, references, assets };
}

/**
 * `npm run build` builds the gateway's pages; a test run that has not built one builds it here with
 * `command`, for production as `npm run build` does (the test runner's NODE_ENV=test would give
 * React's development build, its warnings' links and all).
 */
export async function builtBeforeTests(folder: string, command: string[]): Promise<void> {
  if (existsSync(join(ROOT, folder, 'index.html'))) return;
  await promisify(execFile)(command[0]!, command.slice(1), { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' } });
}
