import { exportSPKI, generateKeyPair } from 'jose';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { screenshot, useBrowser } from '../browser.js';
import { useGraph } from '../graph.js';
import { newOrganization, notified } from '../incidents.js';
import { streamHead } from '../ws-client.js';

/**
 * The explorer (GraphiQL at `/graphql`) as a person uses it in Chromium: it renders from the
 * gateway's own files, takes a token pasted in its headers editor, runs queries and subscriptions
 * (over graphql-ws) with it, and shows the schema's Thai labels in its docs pane. After each test
 * the harness checks that no request left 127.0.0.1 and that the console logged no error.
 */
const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
const browser = useBrowser(() => graph().gatewayUrl);

/** Replaces the text of the CodeMirror editor in `region` as a paste does (no brackets auto-closed). */
async function paste(page: Page, region: string, text: string) {
  await page.getByRole('region', { name: region }).locator('.CodeMirror:visible').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

/** The explorer open in a new person's browser, with `token` pasted into its headers editor when given. */
async function openExplorer(token?: string, gatewayUrl?: string) {
  const person = await browser.person(gatewayUrl ? { baseURL: gatewayUrl } : {});
  const page = await person.open('/graphql');
  await page.getByText('NCSA graph').waitFor();
  await page.getByRole('region', { name: 'Query Editor' }).locator('.CodeMirror').first().waitFor();
  if (token) {
    await page.getByRole('button', { name: 'Headers' }).click();
    await paste(page, 'Headers', JSON.stringify({ Authorization: `Bearer ${token}` }));
  }
  return { person, page };
}

/** Puts `query` in the query editor and runs it. */
async function run(page: Page, query: string) {
  await paste(page, 'Query Editor', query);
  await page.getByRole('button', { name: /Execute query/ }).click();
}

/** Another gateway over the graph, configured as in production (tokens checked with a public key), and `env`. */
async function productionGateway(env: Record<string, string>) {
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: undefined,
    JWT_PUBLIC_KEY: await exportSPKI(publicKey),
    JWT_ALGORITHMS: 'ES256',
  };
  return (await graph().gateway({ ...production, ...env })).url;
}

/** Waits for `text` to appear in the result pane. */
const result = (page: Page, text: string) => page.getByRole('region', { name: 'Result Window' }).getByText(text).waitFor();

describe('the explorer in Chromium', () => {
  it('renders for the public, its schema loaded, every request to 127.0.0.1', async () => {
    const { person, page } = await openExplorer();
    await run(page, '{ sectors { id } }');
    await result(page, '"BANKING_FINANCE"');
    await screenshot(page, 'explorer');
    expect(person.requests.some((url) => url.endsWith('/explorer/page.js'))).toBe(true);
  });

  it('runs a query with a token pasted into its headers editor', async () => {
    const { page } = await openExplorer(graph().tokens.regulator);
    await run(page, '{ me { role subject } }');
    await result(page, '"REGULATOR"');
  });

  it('runs a subscription over graphql-ws, signed in by the pasted token, and shows an event as it arrives', async () => {
    const { person, page } = await openExplorer(graph().tokens.regulator);
    // From the stream's head: the event is replayed however soon after subscribing it is caused.
    const after = await streamHead(graph().gatewayUrl, 'incidentEvents', graph().tokens.regulator);
    await run(page, `subscription { incidentEvents(afterSequence: ${after}) { type incident { id } } }`);
    await page.getByRole('button', { name: /Stop/ }).waitFor();
    const incident = await notified(graph(), await newOrganization(graph()));
    await result(page, `"${incident.id}"`);
    await result(page, '"NOTIFIED"');
    await screenshot(page, 'explorer-subscription');
    await page.getByRole('button', { name: /Stop/ }).click();
    expect(person.requests.filter((url) => url.startsWith('ws://127.0.0.1'))).toHaveLength(1);
  });

  it.each([
    ['in development', 'explorer-docs', async () => undefined],
    ['in production with EXPLORER=on', 'explorer-docs-production', () => productionGateway({ EXPLORER: 'on' })],
  ])('shows the Thai labels of enum values in its docs pane, %s', async (_where, name, gatewayUrl) => {
    const { page } = await openExplorer(undefined, await gatewayUrl());
    await page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByRole('combobox').fill('ThreatLevel');
    await docs.getByRole('option', { name: 'ThreatLevel', exact: true }).click();
    await docs.getByText('ร้ายแรง | Serious', { exact: true }).waitFor();
    await screenshot(page, name);
  });
});
