import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeWith } from '../helpers/crossChecks';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { admin } from '../helpers/soap';

/**
 * The dashboard's Mock EC tab drives the built-in mock EC's control API: what is queued, a form that
 * queues one more answer (the API's own refusals shown as it words them), removing one or all, and the
 * history of what the mock received and answered, each exchange's XML inline.
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let server: RunningServer;
let page: Page;
let mock: MockEcClient;
const errors: string[] = [];
const NOTICE = '303000000000000123';

beforeAll(async () => {
  server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite` });
  mock = mockEc(server.baseUrl);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const queuedRows = () => page.locator('#mock-queued tbody tr');
const form = (name: string) => page.locator(`#mock-add [name="${name}"]`);
const visibleFields = () => page.locator('#mock-add .field[data-field]:not([hidden]) label').allTextContents();

describeWith('chromium')('the Mock EC tab', () => {
  it('lists what is queued and removes one', async () => {
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', noticeNumber: NOTICE });
    await mock.queue('paGetPayment', { action: 'delay', delayMs: 250, times: 2 });
    await page.goto(`${server.baseUrl}/#mockEc`);
    expect(await page.locator('#tabs a.active').textContent()).toBe('Mock EC');
    await queuedRows().nth(1).waitFor();
    expect(await queuedRows().nth(0).textContent()).toMatch(/paVerifyPaymentNotice.*303000000000000123.*fault.*PAA_PAGAMENTO_SCONOSCIUTO/);
    expect(await queuedRows().nth(1).textContent()).toMatch(/paGetPayment.*ogni avviso.*delay.*250 ms/);
    expect(await queuedRows().nth(1).locator('td.num').last().textContent()).toBe('2');
    await queuedRows().nth(0).locator('button', { hasText: 'Rimuovi' }).click();
    await page.locator('#mock-queued tbody tr').filter({ hasText: 'paVerifyPaymentNotice' }).waitFor({ state: 'detached' });
    expect((await mock.queued()).map((o) => o.primitive)).toEqual(['paGetPayment']);
  });

  it('queues from the form, which shows only the fields the action takes; the API’s refusals are shown', async () => {
    expect(await visibleFields()).toEqual(['Primitiva', 'Codice avviso', 'Risposta', 'faultCode', 'description', 'Volte']);
    await form('primitive').selectOption('paGetPaymentV2');
    await form('action').selectOption('delay');
    expect(await visibleFields()).toEqual(['Primitiva', 'Codice avviso', 'Risposta', 'delayMs', 'Volte']);
    await form('noticeNumber').fill('123');
    await page.click('#mock-add button[type="submit"]');
    await page.locator('#mock-form .alert.ko', { hasText: 'noticeNumber must be 18 digits' }).waitFor();
    await form('noticeNumber').fill(NOTICE);
    await form('delayMs').fill('soon');
    await page.click('#mock-add button[type="submit"]');
    await page.locator('#mock-form .alert.ko', { hasText: 'delayMs must be an integer from 0 to 600000' }).waitFor();
    // the typed input is kept while it is refused
    expect(await form('noticeNumber').inputValue()).toBe(NOTICE);
    await form('delayMs').fill('40');
    await page.click('#mock-add button[type="submit"]');
    await page.locator('#mock-form .alert.ok', { hasText: 'In coda' }).waitFor();
    await queuedRows().filter({ hasText: 'paGetPaymentV2' }).waitFor();
    expect(await form('noticeNumber').inputValue()).toBe('');

    await form('primitive').selectOption('paSendRTV2');
    await form('action').selectOption('http');
    expect(await visibleFields()).toEqual(['Primitiva', 'Codice avviso', 'Risposta', 'httpStatus', 'body', 'Volte']);
    await form('httpStatus').fill('503');
    await form('body').fill('<busy/>');
    await form('times').fill('0');
    await page.click('#mock-add button[type="submit"]');
    await queuedRows().filter({ hasText: 'paSendRTV2' }).waitFor();
    expect(await queuedRows().filter({ hasText: 'paSendRTV2' }).textContent()).toContain('finché non rimossa');

    const queued = await mock.queued();
    expect(queued.map((o) => o.override)).toEqual([
      { action: 'delay', delayMs: 250, times: 2 },
      { action: 'delay', delayMs: 40, times: 1, noticeNumber: NOTICE },
      { action: 'http', httpStatus: 503, body: '<busy/>', times: 0 },
    ]);
    await page.click('#mock-remove-all');
    await page.locator('#mock-queued p', { hasText: 'Nessuna risposta in coda' }).waitFor();
    expect(await mock.queued()).toEqual([]);
  });

  it('shows the history, newest first, each exchange’s XML opening under its row and staying open', async () => {
    await form('primitive').selectOption('paVerifyPaymentNotice');
    await form('action').selectOption('fault');
    await form('faultCode').fill('PAA_PAGAMENTO_SCONOSCIUTO');
    await form('description').fill('mai visto');
    await page.click('#mock-add button[type="submit"]');
    await queuedRows().first().waitFor();
    // a demo payment meets that answer at its first step
    const refused = await admin<{ detail: string }>(server.baseUrl, '/admin/demo-payment', { method: 'POST' });
    expect(refused.status).toBe(422);
    // and one goes through: verify, paGetPaymentV2, paSendRTV2 at the mock
    expect((await admin(server.baseUrl, '/admin/demo-payment', { method: 'POST' })).status).toBe(201);

    const history = page.locator('#list-mock-history tbody tr:not(.mock-exchange)');
    const faulted = history.filter({ has: page.locator('.badge', { hasText: 'fault' }) });
    await faulted.waitFor({ timeout: 8000 });
    expect(await history.first().textContent()).not.toContain('paVerifyPaymentNotice');
    await page.locator('#mock-queued p', { hasText: 'Nessuna risposta in coda' }).waitFor();
    await faulted.locator('button.link').click();
    const exchange = page.locator('#list-mock-history tr.mock-exchange');
    await exchange.locator('.xml-block', { hasText: 'Risposta inviata' }).locator('pre', { hasText: '<faultCode>PAA_PAGAMENTO_SCONOSCIUTO</faultCode>' }).waitFor();
    expect(await exchange.locator('.xml-block', { hasText: 'Richiesta ricevuta' }).locator('pre').textContent()).toMatch(/\n {6}<idStation>66666666666_03<\/idStation>\n/);
    expect(await faulted.getAttribute('aria-expanded')).toBe('true');
    // the next refresh draws the rows again: the exchange stays open
    await page.evaluate(`document.querySelector('#list-mock-history tr.mock-exchange').dataset.old = '1'`);
    await page.locator('#list-mock-history tr.mock-exchange:not([data-old])').waitFor({ timeout: 8000 });
    // closed again with a click on its row
    await faulted.locator('td').nth(1).click();
    await exchange.waitFor({ state: 'detached' });

    await page.selectOption('#list-mock-history select[name="primitive"]', 'paSendRTV2');
    await page.click('#list-mock-history button:has-text("Filtra")');
    await page.locator('#list-mock-history .page-of', { hasText: '1–1 di 1' }).waitFor();
    await page.click('#mock-clear-history');
    await page.locator('#list-mock-history .page-of', { hasText: '0–0 di 0' }).waitFor();
    expect((await (await fetch(`${server.baseUrl}/mock-ec/v1/history`)).json()) as { total: number }).toMatchObject({ total: 0 });
    expect(errors).toEqual([]);
  });
});
