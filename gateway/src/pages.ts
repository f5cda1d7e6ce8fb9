import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import express from 'express';

/**
 * What the gateway's pages (the explorer, the console) may load and reach: their own origin only,
 * so no third-party script runs where people paste their tokens. GraphiQL and Mantine set inline
 * styles; GraphiQL embeds its fonts as data URLs; subscriptions go over WebSocket to the same host
 * (`'self'` does not cover ws: in every browser).
 */
export const PAGE_POLICY = [
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

/** A folder `npm run build` writes, whose `index.html` is written last and so marks a finished build. */
export interface BuiltPages {
  root: string;
  page: string;
  /** Sets the page policy and goes on when the folder is built; otherwise says plainly (503) what to run, rather than serve half. */
  built: express.RequestHandler;
}

export function builtPages(folder: string, what: string): BuiltPages {
  const root = resolve(folder);
  const page = join(root, 'index.html');
  const built: express.RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    if (existsSync(page)) return next();
    res.status(503).type('text/plain').send(`The ${what} is not built: run npm run build (it writes ${folder})\n`);
  };
  return { root, page, built };
}

/** The page itself is never cached: a new build's hashed assets must be picked up at the next load. */
export function sendPage(res: express.Response, page: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.sendFile(page);
}
