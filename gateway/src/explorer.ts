import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import express from 'express';

/** Where `npm run build` puts the explorer (scripts/build-explorer.mjs), from the working directory as the supergraph is. */
export const EXPLORER_FOLDER = 'dist/explorer';

/**
 * What the explorer's page may load and reach: its own origin only, so no third-party script runs
 * where users paste their tokens. GraphiQL sets inline styles and embeds its fonts as data URLs;
 * subscriptions go over WebSocket to the same host (`'self'` does not cover ws: in every browser).
 */
export const EXPLORER_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A browser opening `/graphql`: a GET asking for HTML before JSON and carrying no query (those are GraphQL's). */
const isBrowserPage = (req: express.Request): boolean =>
  req.method === 'GET' && req.query.query === undefined && req.accepts('application/json', 'text/html') === 'text/html';

/**
 * GraphiQL, served from `folder` (see {@link EXPLORER_FOLDER}): the page at `/graphql` for
 * browsers, its bundled script, stylesheet and fonts at `/explorer`. A folder not built is said
 * plainly (503) rather than served half.
 */
export function explorerRoutes(folder: string = EXPLORER_FOLDER): express.Router {
  const root = resolve(folder);
  const page = join(root, 'index.html');
  const router = express.Router();
  // Middleware, not routes: a route would make the router answer OPTIONS /graphql itself, ahead of CORS.
  const built: express.RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', EXPLORER_POLICY);
    if (existsSync(page)) return next();
    res.status(503).type('text/plain').send(`The explorer is not built: run npm run build (it writes ${folder})\n`);
  };
  router.use('/graphql', (req, res, next) => (req.path === '/' && isBrowserPage(req) ? built(req, res, next) : next('router')));
  router.use('/graphql', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(page);
  });
  router.use('/explorer', built, express.static(root, { index: false, fallthrough: false }));
  return router;
}
