import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { mockEc } from '../helpers/mockEc';
import { ROOT, startServer, tempDir, type RunningServer } from '../helpers/server';
import { admin, freshNotice, NodeForPsp, type SoapResult } from '../helpers/soap';

/**
 * The dashboard's screenshots for the README, 1280 px wide:
 *   docs/dashboard.png          the first tab: one-click demo payment, endpoints, the latest exchanges
 *   docs/dashboard-journal.png  a journal exchange (activatePaymentNotice) with its XML inline
 *   docs/dashboard-mock-ec.png  the Mock EC tab: a queued fault, the history with one exchange open
 * Not a test (no `.test.ts`, so `npm test` skips it); run it by hand after `npm run build`:
 *   npx jest --testMatch '**\/test/web/screenshots.ts' test/web/screenshots.ts
 */
let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
const docs = (name: string) => path.join(ROOT, 'docs', name);

beforeAll(async () => {
  server = await startServer({ db: `sqlite:${path.join(tempDir(), 'nodo.sqlite')}` });
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  // a few payments in different states, so the lists look like a working day
  const nodo = await NodeForPsp.connect(server.wsdlUrl);
  const token = (r: { result: SoapResult }) => r.result.paymentToken as string;
  const failed = token(await nodo.activate(freshNotice()));
  await nodo.outcome(failed, 'KO', { details: null });
  const paid = token(await nodo.activateV2(freshNotice()));
  await nodo.outcomeV2([paid], 'OK');
  for (let i = 0; i < 2; i++) await admin(server.baseUrl, '/admin/demo-payment', { method: 'POST' });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('takes docs/dashboard.png: the first tab', async () => {
  await page.goto(`${server.baseUrl}/`);
  await page.locator('#list-recent tbody tr').nth(7).waitFor();
  await page.screenshot({ path: docs('dashboard.png'), fullPage: true });
});

it('takes docs/dashboard-journal.png: an exchange with its XML inline', async () => {
  const list = await admin<{ items: { id: number }[] }>(server.baseUrl, '/admin/journal?operation=activatePaymentNotice&outcome=OK&limit=1');
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(`${server.baseUrl}/#journal/${list.body.items[0]!.id}`);
  await page.locator('#journal-detail .xml-block pre', { hasText: '<paymentToken>' }).waitFor();
  await page.screenshot({ path: docs('dashboard-journal.png') });
});

it('takes docs/dashboard-mock-ec.png: queued answers and the history', async () => {
  const mock = mockEc(server.baseUrl);
  await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', description: 'avviso non trovato' });
  await admin(server.baseUrl, '/admin/demo-payment', { method: 'POST' });
  await mock.queue('paGetPaymentV2', { action: 'delay', delayMs: 2000, times: 0 });
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.goto(`${server.baseUrl}/#mockEc`);
  const faulted = page.locator('#list-mock-history tbody tr', { has: page.locator('.badge', { hasText: 'fault' }) });
  await faulted.locator('button.link').click();
  await page.locator('#list-mock-history tr.mock-exchange pre', { hasText: 'PAA_PAGAMENTO_SCONOSCIUTO' }).waitFor();
  await page.screenshot({ path: docs('dashboard-mock-ec.png') });
});
