import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { screenshot, useBrowser, type Person } from '../browser.js';
import { useGraph } from '../graph.js';

/**
 * The console as its people use it, each in a browser of their own against the real graph: an
 * organization files ก1 and a partial ก2 through the forms while its regulator's desk shows the
 * incident appear and change live; ThaiCERT assesses it and the organization reads the
 * recommendation; the regulator submits and prints its ก3; the public page draws its charts. The
 * harness fails any test whose pages logged a console error or asked for anything off 127.0.0.1.
 */
const graph = useGraph();
const browser = useBrowser(() => graph().gatewayUrl);

/** A person signed in with `token` (kept in the tab's session storage, as the sign-in page keeps it), reading `language`. */
async function signedIn(token: string, language: 'th' | 'en' = 'th'): Promise<Person> {
  const person = await browser.person();
  // Run in each page, written as text (the tests compile without the DOM's types); not in a blob: tab, where storage is denied.
  await person.context.addInitScript(
    `if (location.protocol === 'http:') { sessionStorage.setItem('console.token', ${JSON.stringify(token)}); localStorage.setItem('console.language', '${language}'); }`,
  );
  return person;
}

/** A Bangkok wall time an hour ago, as a `datetime-local` field takes it. */
const anHourAgoInBangkok = () => new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 16);

const incidentIdOf = (page: Page) => /#\/incidents\/([\w-]+)/.exec(page.url())?.[1];

describe('the console in Chromium', () => {
  it('signs in with a pasted token and shows the person’s own page', async () => {
    const person = await browser.person();
    const page = await person.open('/');
    await page.getByLabel('โทเคนเข้าใช้งาน (JWT)').fill(graph().tokens.regulator);
    await page.locator('form').getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL(/#\/regulator$/);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toMatch(/ธนาคารแห่งประเทศไทย/);
  });

  it('files ก1 then a partial ก2 through the forms while the regulator’s desk shows it appear and change live; ThaiCERT’s recommendation reaches the organization', async () => {
    const desk = await (await signedIn(graph().tokens.regulator)).open('/#/regulator');
    await desk.getByTestId('incident-row').first().waitFor();
    await screenshot(desk, 'regulator-desk');

    const organization = await signedIn(graph().tokens.organization);
    const form = await organization.open('/#/organization/notify');
    await form.getByRole('radio', { name: 'ร้ายแรง', exact: true }).check();
    await form.getByRole('checkbox', { name: 'การบุกรุกโดยการใช้มัลแวร์' }).check();
    await form.getByLabel('วัน เวลา ที่หน่วยงานทราบเหตุภัยคุกคาม').fill(anHourAgoInBangkok());
    await screenshot(form, 'organization-notify');
    await form.getByTestId('notify-submit').click();
    await form.waitForURL(/#\/incidents\/[\w-]+$/);
    const incidentId = incidentIdOf(form)!;

    // Live: the desk was not reloaded.
    const row = desk.locator(`[data-testid="incident-row"][data-incident-id="${incidentId}"]`);
    await row.waitFor();
    await expect.poll(() => row.getByTestId('incident-status').textContent()).toMatch(/แจ้งเหตุแล้ว \(ก1\)/);
    await expect.poll(() => row.textContent()).toMatch(/ก2: เหลือ/);
    expect(await row.locator('[data-overdue="true"]').count()).toBe(0);

    await form.getByTestId('panel-report').click();
    await form.getByTestId('report-save').waitFor();
    await form.getByLabel(/สถานที่ตั้งของเครื่อง/).fill('กรุงเทพมหานคร อาคาร 2 ห้อง 301');
    await form.getByLabel('อยู่ในขั้นตอนการสอบสวน', { exact: true }).check();
    await form.getByTestId('report-save').click();
    await form.getByTestId('report-saved').waitFor();
    await screenshot(form, 'organization-report');
    await expect.poll(() => row.getByTestId('incident-status').textContent()).toMatch(/ส่งรายงานแล้ว \(ก2\)/);
    await expect.poll(() => row.textContent()).toMatch(/ก2: ส่งแล้ว/);

    const analyst = await (await signedIn(graph().tokens.thaicert, 'en')).open(`/#/incidents/${incidentId}`);
    const assessment = analyst.getByTestId('assessment-form');
    await assessment.getByLabel('Assessed threat level').click();
    await analyst.getByRole('option', { name: 'Critical (a)' }).click();
    await assessment.getByLabel('Reason for the assessment').fill('Ransomware reached the core banking network');
    const recommendation = 'Isolate the core banking segment and rotate every domain credential';
    await assessment.getByLabel('Recommendations to limit the damage (the organization sees them)').fill(recommendation);
    await assessment.getByRole('button', { name: 'Record the assessment' }).click();
    await analyst.getByRole('status').filter({ hasText: 'Assessment recorded' }).waitFor();
    await screenshot(analyst, 'thaicert-incident');

    const own = await organization.open(`/#/incidents/${incidentId}`);
    await expect.poll(() => own.getByTestId('incident-recommendations').textContent()).toContain(recommendation);
  });

  it('lets the regulator enter and submit its ก3 and print it', async () => {
    const page = await (await signedIn(graph().tokens.regulator)).open('/#/regulator');
    await page.getByRole('link', { name: 'สรุปประจำปี (ก3)' }).click();
    for (const [entry, count] of [
      ['training', '3'],
      ['unsuccessfulAttempts', '120'],
      ['explainedAnomalies', '7'],
    ] as const) {
      await page.getByTestId(`entry-${entry}`).fill(count);
    }
    await page.getByRole('button', { name: 'ส่งสรุปประจำปี' }).click();
    await page.locator('[data-testid="summary-status"][data-status="SUBMITTED"]').waitFor();
    expect(await page.locator('[data-category="CAT1_UNSUCCESSFUL_ACTIVITY_ATTEMPT"]').textContent()).toContain('120');
    await screenshot(page, 'regulator-annual-summary');
    const [printed] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'พิมพ์แบบ ก3' }).click()]);
    await expect.poll(() => printed.textContent('body')).toMatch(/เอกสาร ก3/);
  });

  it('draws the public statistics as charts for everyone, with no token', async () => {
    const page = await (await browser.person()).open('/#/public');
    await page.getByTestId('public-total').waitFor();
    await expect.poll(() => page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await screenshot(page, 'public');
  });

  it('shows ThaiCERT’s national triage and the organization’s own incidents', async () => {
    const triage = await (await signedIn(graph().tokens.thaicert)).open('/#/thaicert');
    await triage.getByTestId('triage-table').waitFor();
    await screenshot(triage, 'thaicert-triage');
    const mine = await (await signedIn(graph().tokens.organization)).open('/#/organization');
    await mine.getByTestId('my-incidents').waitFor();
    await screenshot(mine, 'organization-incidents');
  });
});
