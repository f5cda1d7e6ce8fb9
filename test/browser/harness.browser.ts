import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isLocalUrl, launchChromium, newPerson, screenshot, type PersonOptions } from '../browser.js';

/**
 * The browser harness itself (test/browser.ts) can fail a test: a request off the machine is
 * blocked and recorded, a console error or an uncaught page error is collected, and each makes
 * `expectClean` throw. A plain local page stands in for the gateway.
 */
let browser: Browser;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>local</title><p>local'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function openLocal(options?: PersonOptions) {
  const person = await newPerson(browser, baseUrl, options);
  const page = await person.open('/');
  return { person, page };
}

describe('the browser harness', () => {
  it('passes a page that stays on 127.0.0.1, logging its requests', async () => {
    const { person, page } = await openLocal();
    await page.evaluate(() => fetch('/more').then((r) => r.text()));
    expect(person.requests).toEqual([`${baseUrl}/`, `${baseUrl}/more`]);
    expect(() => person.expectClean()).not.toThrow();
    await person.context.close();
  });

  it('blocks and records a request to another host, and fails the page for it', async () => {
    const { person, page } = await openLocal();
    const outcome = await page.evaluate(() =>
      fetch('https://example.com/tracker.js').then(
        () => 'loaded',
        () => 'refused',
      ),
    );
    expect(outcome).toBe('refused');
    expect(person.blocked).toEqual(['https://example.com/tracker.js']);
    expect(() => person.expectClean()).toThrow(/left 127\.0\.0\.1/);
    await person.context.close();
  });

  it('records a WebSocket to another host, which does not connect, and fails the page for it', async () => {
    const { person, page } = await openLocal({ allowConsoleErrors: [/WebSocket connection/] });
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const socket = new WebSocket('wss://example.org/live');
          socket.onclose = resolve;
        }),
    );
    expect(person.blocked).toEqual(['wss://example.org/live']);
    expect(() => person.expectClean()).toThrow(/left 127\.0\.0\.1/);
    await person.context.close();
  });

  it('collects console errors and uncaught page errors, and fails the page for those not allowed', async () => {
    const { person, page } = await openLocal({ allowConsoleErrors: [/expected by the test/] });
    await page.evaluate(() => console.error('expected by the test'));
    expect(() => person.expectClean()).not.toThrow();
    await page.evaluate(() => setTimeout(() => console.error('something broke'), 0));
    await page.evaluate(() =>
      setTimeout(() => {
        throw new TypeError('uncaught in the page');
      }, 0),
    );
    await expect.poll(() => person.consoleErrors.length).toBe(3);
    expect(person.consoleErrors[1]).toMatch(/^something broke/);
    expect(person.consoleErrors[2]).toMatch(/^pageerror: TypeError: uncaught in the page/);
    expect(() => person.expectClean()).toThrow(/console errors/);
    await person.context.close();
  });

  it('knows this machine: loopback names and addresses, and URLs that fetch nothing', () => {
    for (const url of [
      'http://127.0.0.1:4000/graphql',
      'ws://localhost:4000/graphql',
      'http://[::1]:4000/',
      'data:text/plain,x',
      'blob:x',
      'about:blank',
    ]) {
      expect(isLocalUrl(url), url).toBe(true);
    }
    for (const url of [
      'https://fonts.googleapis.com/css',
      'wss://example.org/',
      'http://10.0.0.1/',
      'http://127.0.0.1.example.com/',
      'ftp://127.0.0.1/',
    ]) {
      expect(isLocalUrl(url), url).toBe(false);
    }
  });

  it('writes a screenshot under test-artifacts/screenshots', async () => {
    const { person, page } = await openLocal();
    const path = await screenshot(page, 'harness-local-page');
    expect(path).toMatch(/test-artifacts\/screenshots\/harness-local-page\.png$/);
    expect((await stat(path)).size).toBeGreaterThan(0);
    await person.context.close();
  });
});
