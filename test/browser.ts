import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { launchChromium } from './chromium.js';

export { CHROMIUM_PATH, launchChromium } from './chromium.js';

/**
 * Real Chromium for browser tests (`test/browser/*.browser.ts`, `npm run test:browser`): Debian's
 * `chromium` driven by playwright-core, one browser per test file, a browser context per person.
 * Every page of a person is watched: each request is logged, any request to a host other than this
 * machine is blocked and recorded, console errors and uncaught page errors are collected. After
 * each test, every person opened in it must have stayed on 127.0.0.1 with no console error.
 */

/** Where {@link screenshot} writes: `test-artifacts/screenshots/<name>.png` under the project. */
export const SCREENSHOT_FOLDER = join(import.meta.dirname, '..', 'test-artifacts', 'screenshots');

/** This machine: loopback names and addresses, and URLs that fetch nothing (`data:`, `blob:`, `about:`). */
export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return ['data:', 'blob:', 'about:'].includes(parsed.protocol);
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

/** What one person may see go wrong without failing the test: console errors a test causes on purpose. */
export interface PersonOptions extends BrowserContextOptions {
  /** Console errors and page errors matching one of these are recorded but not counted against the page. @default [] */
  allowConsoleErrors?: RegExp[];
}

/** One person at the browser: a context of their own (cookies, storage), and what their pages did. */
export interface Person {
  context: BrowserContext;
  /** Every request URL their pages made, WebSockets included, in order. */
  readonly requests: string[];
  /** Requests to another host, blocked before they left. */
  readonly blocked: string[];
  /** Console messages of type error, and uncaught page errors (`pageerror: …`). */
  readonly consoleErrors: string[];
  /** A new page, at `path` on the gateway when given (e.g. `/graphql`). */
  open(path?: string): Promise<Page>;
  /** Fails unless every request stayed on this machine and no unexpected console error occurred (so far). */
  expectClean(): void;
}

/** The browser of one test file; see {@link useBrowser}. */
export interface TestBrowser {
  /** A new person: a fresh browser context whose relative URLs go to the gateway. */
  person(options?: PersonOptions): Promise<Person>;
}

function watch(context: BrowserContext, allowed: RegExp[]): Omit<Person, 'open' | 'context'> {
  const requests: string[] = [];
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  const watchPage = (page: Page) => {
    page.on('request', (request) => requests.push(request.url()));
    page.on('websocket', (socket) => {
      requests.push(socket.url());
      // Not routed: one to another host fails at name resolution (chromium.ts) and is recorded here.
      if (!isLocalUrl(socket.url())) blocked.push(socket.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url || page.url()})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.stack ?? error.message}`));
  };
  context.on('page', watchPage);
  return {
    requests,
    blocked,
    consoleErrors,
    expectClean() {
      expect(blocked, 'requests that would have left 127.0.0.1').toEqual([]);
      expect(
        requests.filter((url) => !isLocalUrl(url)),
        'requests to another host',
      ).toEqual([]);
      expect(
        consoleErrors.filter((text) => !allowed.some((pattern) => pattern.test(text))),
        'console errors',
      ).toEqual([]);
    },
  };
}

/**
 * A new person in `browser`: a fresh context (Thai locale, Bangkok time, a laptop's screen, unless
 * `options` say otherwise) whose relative URLs go to `baseUrl`, every page of it watched. Most tests
 * want {@link useBrowser}, which also closes and checks the person after the test.
 */
export async function newPerson(browser: Browser, baseUrl: string, options: PersonOptions = {}): Promise<Person> {
  const { allowConsoleErrors = [], ...contextOptions } = options;
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'th-TH',
    timezoneId: 'Asia/Bangkok',
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block', // a service worker's requests would pass the route handler by
    ...contextOptions,
  });
  // Below the test's timeout, so a page that never shows what a test waits for fails naming it.
  context.setDefaultTimeout(20_000);
  const watched = watch(context, allowConsoleErrors);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    watched.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return {
    ...watched,
    context,
    async open(path) {
      const page = await context.newPage();
      if (path !== undefined) await page.goto(path);
      return page;
    },
  };
}

/**
 * `const browser = useBrowser(() => graph().gatewayUrl);` in a test file: Chromium is launched
 * before its tests and closed after them; the people a test opens are closed after it, and each
 * must be clean (see {@link Person.expectClean}) or the test fails.
 */
export function useBrowser(baseUrl: () => string): TestBrowser {
  let browser: Browser | undefined;
  let people: Person[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    const opened = people;
    people = [];
    await Promise.all(opened.map((person) => person.context.close()));
    for (const person of opened) person.expectClean();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async person(options) {
      if (!browser) throw new Error('the browser is not launched yet: call it inside a test');
      const person = await newPerson(browser, baseUrl(), options);
      people.push(person);
      return person;
    },
  };
}

/** Writes the page as `test-artifacts/screenshots/<name>.png` (the whole page), returning the file's path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_FOLDER, { recursive: true });
  const path = join(SCREENSHOT_FOLDER, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
