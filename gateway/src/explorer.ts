import express from 'express';

import { builtPages, sendPage } from './pages.js';

/** Where `npm run build` puts the explorer (scripts/build-explorer.mjs), from the working directory as the supergraph is. */
export const EXPLORER_FOLDER = 'dist/explorer';

/** A browser opening `/graphql`: a GET asking for HTML before JSON and carrying no query (those are GraphQL's). */
const isBrowserPage = (req: express.Request): boolean =>
  req.method === 'GET' && req.query.query === undefined && req.accepts('application/json', 'text/html') === 'text/html';

/**
 * GraphiQL, served from `folder` (see {@link EXPLORER_FOLDER}): the page at `/graphql` for
 * browsers, its bundled script, stylesheet and fonts at `/explorer`.
 */
export function explorerRoutes(folder: string = EXPLORER_FOLDER): express.Router {
  const { root, page, built } = builtPages(folder, 'explorer');
  const router = express.Router();
  // Middleware, not routes: a route would make the router answer OPTIONS /graphql itself, ahead of CORS.
  router.use('/graphql', (req, res, next) => (req.path === '/' && isBrowserPage(req) ? built(req, res, next) : next('router')));
  router.use('/graphql', (_req, res) => sendPage(res, page));
  router.use('/explorer', built, express.static(root, { index: false, fallthrough: false }));
  return router;
}
