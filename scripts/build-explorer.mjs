// Bundles the explorer (GraphiQL, see gateway/explorer/page.js) into dist/explorer: one script,
// one stylesheet, the fonts and images they use, and the page. Run by `npm run build`; the gateway
// serves the folder (gateway/src/explorer.ts). Nothing is fetched from a CDN at build or run time.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
export const EXPLORER_FOLDER = join(ROOT, 'dist', 'explorer');

// Only same-origin files: the Content-Security-Policy the gateway sends allows no inline script.
const PAGE = `<!doctype html>
<html lang="th">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GraphQL explorer</title>
    <link rel="stylesheet" href="/explorer/page.css" />
    <style>html, body, #explorer { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="explorer"></div>
    <script src="/explorer/page.js"></script>
  </body>
</html>
`;

/** Builds the explorer into `folder`; `index.html` is written last, so its presence marks a finished build. */
export async function buildExplorer(folder = EXPLORER_FOLDER) {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await build({
    entryPoints: { page: join(ROOT, 'gateway', 'explorer', 'page.js') },
    outdir: folder,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
    logLevel: 'warning',
  });
  await writeFile(join(folder, 'index.html'), PAGE);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildExplorer();
