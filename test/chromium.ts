import { chromium, type Browser } from 'playwright-core';

/** How the browser tests and the bench run Chromium; no vitest here, so the bench can import it. */

/** Debian's package (`apt-get install chromium`): `npx playwright install` cannot reach its CDN here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Below the route handler: a name that is not this machine's resolves nowhere, so nothing the
  // handler cannot see (a WebSocket, a prefetch) reaches off the machine either.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

/** Debian's Chromium, headless, with a fresh temporary profile (playwright-core makes one per launch and removes it on close). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
