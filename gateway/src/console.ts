import express from 'express';

import { builtPages, sendPage } from './pages.js';

/** Where `npm run build` puts the console (console/vite.config.ts), from the working directory as the supergraph is. */
export const CONSOLE_FOLDER = 'dist/console';

/** A demo token the console's sign-in page offers in development (minted by `npm start`, never in production). */
export interface DemoSignIn {
  role: string;
  subject: string;
  token: string;
}

/**
 * The console (console/), served from `folder`: its page at `/`, its hashed assets at `/assets`
 * (cached for a year: a new build has new names), and the demo tokens for its sign-in page at
 * `/console/demo-sign-in.json` (development: none unless `npm start` gave them). It talks to `/graphql` like any other client.
 */
export function consoleRoutes(folder: string = CONSOLE_FOLDER, demoSignIn: readonly DemoSignIn[] = []): express.Router {
  const { root, page, built } = builtPages(folder, 'console');
  const router = express.Router();
  router.get('/', built, (_req, res) => sendPage(res, page));
  router.use('/assets', built, express.static(`${root}/assets`, { index: false, fallthrough: false, immutable: true, maxAge: '365d' }));
  // Always answered, empty without demo tokens: a 404 would be an error in every sign-in page's console.
  router.get('/console/demo-sign-in.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(demoSignIn);
  });
  return router;
}
