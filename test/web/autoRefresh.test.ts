import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeWith } from '../helpers/crossChecks';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { admin } from '../helpers/soap';

/**
 * The dashboard refreshes itself (issue 15 item 7): the view on screen re-fetches every 3 s while the tab
 * is visible, keeping the reader's scroll position, open <details>, focus and typed input; it waits while
 * a form holds unsent input, while the switch is off and while the tab is hidden.
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let server: RunningServer;
let page: Page;
const errors: string[] = [];
const requested: string[] = [];

const demoPayment = async () => expect((await admin(server.baseUrl, '/admin/demo-payment', { method: 'POST' })).status).toBe(201);
/** how many requests whose URL contains `match` the page made during `action` and the `ms` after it */
async function requestsDuring(ms: number, match: string, action?: () => Promise<unknown>): Promise<number> {
  const from = requested.length;
  await action?.();
  await page.waitForTimeout(ms);
  return requested.slice(from).filter((u) => u.includes(match)).length;
}
const pageOf = (list: string, text: string) => page.locator(`#list-${list} .page-of`, { hasText: text }).waitFor({ timeout: 8000 });

beforeAll(async () => {
  server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite` });
  await demoPayment();
  // a cart paid on its page: one e-mail in the outbox, whose text is a <details>
  const cart = await admin<{ checkoutUrl: string }>(server.baseUrl, '/admin/demo-cart', { method: 'POST' });
  const csrf = '0123456789abcdef0123456789abcdef';
  const paid = await fetch(cart.body.checkoutUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${csrf}`, Origin: server.baseUrl },
    body: new URLSearchParams({ csrf, action: 'pay', method: 'PPAL', email: 'payer@example.org' }).toString(),
  });
  expect(paid.status).toBe(303);
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('request', (r) => requested.push(r.url()));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describeWith('chromium')('the dashboard’s auto-refresh', () => {
  it('re-fetches the list on screen: a payment made elsewhere appears, "last updated" moves', async () => {
    await page.goto(`${server.baseUrl}/#payments`);
    await pageOf('payments', '1–2 di 2');
    expect(await page.isChecked('#auto-refresh')).toBe(true);
    const before = await page.textContent('#last-updated');
    expect(before).toMatch(/^aggiornato alle \d{2}:\d{2}:\d{2}$/);
    await demoPayment();
    await pageOf('payments', '1–3 di 3');
    expect(await page.textContent('#last-updated')).not.toBe(before);
  });

  it('redraws without losing the scroll position, an open <details> or the focused link', async () => {
    await page.setViewportSize({ width: 1280, height: 500 });
    await page.goto(`${server.baseUrl}/#carts`);
    const details = page.locator('#list-outbox details').first();
    await details.locator('summary').click();
    expect(await details.getAttribute('open')).toBe('');
    const link = page.locator('#list-carts tbody a.mono').first();
    await link.focus();
    const linkText = await link.textContent();
    await page.evaluate('window.scrollTo(0, 260)');
    // a mark on the elements drawn now: gone once the lists are drawn again
    await page.evaluate(`document.querySelectorAll('#view details, #view a').forEach((e) => (e.dataset.old = '1'))`);
    await page.waitForResponse((r) => r.url().includes('/admin/outbox'), { timeout: 8000 });
    await page.locator('#list-outbox details:not([data-old])').first().waitFor({ state: 'attached' });
    await page.waitForTimeout(200);
    expect(await page.evaluate('window.scrollY')).toBe(260);
    expect(await page.locator('#list-outbox details').first().getAttribute('open')).toBe('');
    expect(await page.locator('#list-outbox details').first().textContent()).toContain('Ricevuta pagoPA');
    expect(await page.evaluate(`[document.activeElement.tagName, document.activeElement.textContent, document.activeElement.dataset.old === undefined]`)).toEqual([
      'A',
      linkText,
      true,
    ]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('waits while a filter holds input not yet sent, and keeps it', async () => {
    await page.goto(`${server.baseUrl}/#payments`);
    await pageOf('payments', '1–3 di 3');
    await page.fill('#list-payments input[name="idPSP"]', '6000');
    await demoPayment();
    expect(await requestsDuring(4500, '/admin/payments')).toBe(0);
    expect(await page.inputValue('#list-payments input[name="idPSP"]')).toBe('6000');
    // sent: the filter applies, and refreshing starts again
    await page.fill('#list-payments input[name="idPSP"]', '60000000001');
    await page.click('#list-payments button:has-text("Filtra")');
    // the demo payments, not the cart's (paid as pagoPA's e-commerce PSP)
    await pageOf('payments', '1–3 di 3');
    expect(await requestsDuring(4500, '/admin/payments?idPSP=60000000001')).toBeGreaterThan(0);
  });

  it('the switch turns it off (and stays off on reload), on again refreshes at once', async () => {
    await page.goto(`${server.baseUrl}/#journal`);
    await page.uncheck('#auto-refresh');
    expect(await requestsDuring(4000, '/admin/journal')).toBe(0);
    await page.reload();
    await page.locator('#list-journal .page-of').waitFor();
    expect(await page.isChecked('#auto-refresh')).toBe(false);
    expect(await requestsDuring(4000, '/admin/journal')).toBe(0);
    expect(await requestsDuring(1000, '/admin/journal', () => page.check('#auto-refresh'))).toBeGreaterThan(0);
  });

  it('stops while the tab is hidden and refreshes as soon as it is visible again', async () => {
    await page.goto(`${server.baseUrl}/#receipts`);
    await page.locator('#list-receipts .page-of').waitFor();
    await page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })`);
    expect(await requestsDuring(4000, '/admin/receipts')).toBe(0);
    const visible = `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' }); document.dispatchEvent(new Event('visibilitychange'))`;
    expect(await requestsDuring(800, '/admin/receipts', () => page.evaluate(visible))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('with an admin token: asks once, does not ask again every few seconds when refused, then refreshes with it', async () => {
    const guarded = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite`, args: ['--admin-token', 's3cret-token'] });
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      let answer = '';
      const prompts: string[] = [];
      tab.on('dialog', (d) => {
        prompts.push(d.message());
        return answer ? d.accept(answer) : d.dismiss();
      });
      const sent: (string | null)[] = [];
      tab.on('request', (r) => {
        if (r.url().includes('/admin/payments')) sent.push(r.headers().authorization ?? null);
      });
      await tab.goto(`${guarded.baseUrl}/#payments`);
      await tab.locator('#list-payments .alert.ko', { hasText: '401' }).waitFor();
      await tab.waitForTimeout(4000);
      expect(prompts).toHaveLength(1);
      // the operator goes on: the next list asks again, and the token given is used from then on
      answer = 's3cret-token';
      await tab.click('#tabs a[data-tab="journal"]');
      await tab.locator('#list-journal .page-of').waitFor();
      await tab.click('#tabs a[data-tab="payments"]');
      await tab.locator('#list-payments .page-of', { hasText: '0–0 di 0' }).waitFor();
      const before = sent.length;
      await tab.waitForTimeout(3500);
      expect(sent.slice(before)).toEqual(expect.arrayContaining(['Bearer s3cret-token']));
      expect(sent.slice(before)).not.toContain(null);
      expect(prompts).toHaveLength(2);
    } finally {
      await context.close();
      await guarded.stop();
    }
  });
});
