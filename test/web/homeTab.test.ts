import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeWith } from '../helpers/crossChecks';
import { mockEc } from '../helpers/mockEc';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { admin } from '../helpers/soap';

/**
 * The dashboard's first tab: "pay a demo notice" is one click (POST /admin/demo-payment), which opens the
 * payment's timeline; a step the node refuses is shown where the button is, in the API's words.
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let server: RunningServer;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite` });
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describeWith('chromium')('the first tab', () => {
  it('pays a demo notice in one click and opens its timeline', async () => {
    await page.goto(`${server.baseUrl}/`);
    expect(await page.locator('#tabs a.active').textContent()).toBe('Inizio');
    await page.click('#demo-pay');
    await page.waitForURL(/#payments\/[0-9a-f]{32}$/);
    const token = new URL(page.url()).hash.split('/')[1]!;
    await page.locator('#token-detail .timeline').waitFor();
    expect(await page.locator('#token-detail .timeline .event').allTextContents()).toEqual(expect.arrayContaining(['ACTIVATE', 'OUTCOME_OK']));
    const flash = (await page.locator('#flash .alert.ok').textContent())!;
    const notice = /avviso (\d{18})/.exec(flash)![1]!;
    expect(flash).toContain('15,00');
    expect(flash).toContain(token);
    const api = await admin<{ noticeNumber: string; idPSP: string; outcome: string }>(server.baseUrl, `/admin/tokens/${token}`);
    expect(api.body).toMatchObject({ noticeNumber: notice, idPSP: '60000000001', outcome: 'OK' });
    // the receipt reaches the mock EC: the auto-refresh shows it on the timeline
    await page.locator('#token-detail .timeline .event', { hasText: 'RECEIPT_NOTIFIED' }).waitFor({ timeout: 10_000 });
    // the latest exchanges on the first tab: the whole flow
    await page.click('#tabs a[data-tab="home"]');
    await page.locator('#list-recent tbody tr', { hasText: 'sendPaymentOutcome' }).waitFor();
    expect(await page.locator('#list-recent tbody').textContent()).toContain('verifyPaymentNotice');
  });

  it('shows the refused step where the button is, and stays on the tab', async () => {
    await mockEc(server.baseUrl).queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_SYSTEM_ERROR' });
    await page.goto(`${server.baseUrl}/#home`);
    await page.click('#demo-pay');
    const problem = page.locator('#demo-payment .alert.ko');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/^422 Unprocessable Entity: verifyPaymentNotice of notice \d{18} answered KO: PPT_/);
    expect(new URL(page.url()).hash).toBe('#home');
  });

  it('speaks English too', async () => {
    await page.goto(`${server.baseUrl}/?lang=en#home`);
    expect(await page.locator('#demo-pay').textContent()).toBe('Pay a demo notice');
    expect(await page.locator('#tabs a.active').textContent()).toBe('Start');
    expect(errors).toEqual([]);
  });

  it('links the browsable API documents, which open from there', async () => {
    await page.goto(`${server.baseUrl}/?lang=en#home`);
    await page.click('a[href="/api-docs"]');
    await page.waitForURL(/\/api-docs$/);
    await page.locator('.swagger-ui .opblock-summary-path', { hasText: '/admin/reset' }).first().waitFor();
  });
});
