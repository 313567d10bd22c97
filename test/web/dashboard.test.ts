import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Download, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeWith } from '../helpers/crossChecks';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { freshNotice, NodeForPsp, PSP, type SoapResult } from '../helpers/soap';

/**
 * The dashboard at / in a real browser (Debian's chromium): a notice paid over SOAP, found by its token
 * through the search box, its event timeline; the journal filtered and one exchange downloaded as the
 * SOAP XML it was; the page exported as JSON; a receipt shown and re-sent; a job; a demo cart paid on its
 * checkout page, listed with the e-mail the payer typed and its e-mail in the outbox; English one click
 * away, every table header in the page's language. One browser for the file, one page per database.
 * (Inline XML, the auto-refresh, the first tab and the Mock EC tab have files of their own.)
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describeWith('chromium').each(DATABASE_IDS)('the dashboard on %s', (_id, database) => {
  let server: RunningServer;
  let page: Page;
  const nav = freshNotice();
  const other = freshNotice();
  let token = '';
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    const nodo = await NodeForPsp.connect(server.wsdlUrl);
    for (const n of [other, nav]) {
      expect((await nodo.verify(n)).result.outcome).toBe('OK');
      const a = await nodo.activate(n);
      token = (a.result as SoapResult).paymentToken as string;
      expect((await nodo.outcome(token, 'OK')).result.outcome).toBe('OK');
    }
    page = await (await browser.newContext()).newPage();
    page.on('pageerror', (err) => errors.push(String(err)));
  });
  afterAll(async () => {
    await page?.context().close();
    await server?.stop();
  });

  const text = async (d: Download) => fs.readFileSync((await d.path())!, 'utf8');
  const rows = (list: string) => page.locator(`#list-${list} tbody tr`);

  it('opens in Italian and finds a token: its payment and event timeline', async () => {
    await page.goto(`${server.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('it');
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard dell’operatore');
    expect(await page.locator('#tabs a').allTextContents()).toEqual([
      'Inizio',
      'Registro',
      'Avvisi',
      'Pagamenti',
      'Ricevute',
      'Journal',
      'Carrelli ed e-mail',
      'Rendicontazione',
      'Mock EC',
      'Operatore',
    ]);
    // the first tab opens by default
    expect(await page.locator('#tabs a.active').textContent()).toBe('Inizio');
    await page.locator('#demo-pay').waitFor();
    // both payments listed on the payments tab
    await page.click('#tabs a[data-tab="payments"]');
    await page.locator('#list-payments .page-of', { hasText: '1–2 di 2' }).waitFor();

    await page.fill('#q', token);
    await page.press('#q', 'Enter');
    await page.locator('#token-detail .timeline').waitFor();
    expect(new URL(page.url()).hash).toBe(`#payments/${token}`);
    expect(await page.locator('#token-detail .timeline .event').allTextContents()).toEqual(['ACTIVATE', 'OUTCOME_OK', 'RECEIPT_NOTIFIED']);
    expect(await page.locator('#token-detail h2').textContent()).toContain('NOTIFIED');
    expect(await page.locator('#token-detail dl').textContent()).toContain(nav);
    // the search filtered the list to this token
    await page.locator('#list-payments .page-of', { hasText: '1–1 di 1' }).waitFor();
    expect(await rows('payments').first().textContent()).toContain(token);
    expect(await page.locator('#flash').textContent()).toContain('pagamenti: 1');
  });

  it('filters the journal and downloads one exchange as its SOAP XML', async () => {
    await page.click('#tabs a[data-tab="journal"]');
    await page.locator('#list-journal .dash-filters').waitFor();
    await page.click('#list-journal button:has-text("Azzera")');
    await page.locator('#list-journal .page-of', { hasText: '1–6 di 6' }).waitFor();

    await page.selectOption('#list-journal select[name="operation"]', 'activatePaymentNotice');
    await page.fill('#list-journal input[name="noticeNumber"]', nav);
    await page.click('#list-journal button:has-text("Filtra")');
    await page.locator('#list-journal .page-of', { hasText: '1–1 di 1' }).waitFor();
    const row = rows('journal').first();
    expect(await row.textContent()).toContain('activatePaymentNotice');
    expect(await row.textContent()).toContain(token);

    const [request] = await Promise.all([page.waitForEvent('download'), row.locator('a', { hasText: 'request.xml' }).click()]);
    expect(request.suggestedFilename()).toMatch(/^\d+-activatePaymentNotice-request\.xml$/);
    const xml = await text(request);
    expect(xml).toContain('activatePaymentNoticeReq');
    expect(xml).toContain(`<noticeNumber>${nav}</noticeNumber>`);
    expect(xml).not.toContain(PSP.password);
    const [response] = await Promise.all([page.waitForEvent('download'), row.locator('a', { hasText: 'response.xml' }).click()]);
    const answer = await text(response);
    expect(answer).toContain('activatePaymentNoticeRes');
    expect(answer).toContain(`<paymentToken>${token}</paymentToken>`);

    const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#journal-export')]);
    expect(exported.suggestedFilename()).toMatch(/^journal-.*\.json$/);
    const doc = JSON.parse(await text(exported)) as { total: number; filter: Record<string, string>; items: { operation: string; noticeNumber: string; token: string }[] };
    expect(doc.filter).toEqual({ operation: 'activatePaymentNotice', noticeNumber: nav });
    expect(doc.total).toBe(1);
    expect(doc.items.map((i) => [i.operation, i.noticeNumber, i.token])).toEqual([['activatePaymentNotice', nav, token]]);
  });

  it('shows the receipt with its attempts and its XML inline, and re-sends it', async () => {
    await page.goto(`${server.baseUrl}/#payments/${token}`);
    await page.click('#token-detail a:has-text("Ricevute di questo token")');
    await page.locator('#list-receipts .page-of', { hasText: '1–1 di 1' }).waitFor();
    await rows('receipts').first().click();
    await page.locator('#receipt-detail button:has-text("Rinvia ora")').waitFor();
    const xml = page.locator('#receipt-detail .xml-block', { hasText: 'XML inviato' });
    expect(await xml.locator('a', { hasText: 'Scarica' }).getAttribute('href')).toMatch(/^\/admin\/receipts\/\d+\/xml$/);
    await xml.locator('pre', { hasText: `<noticeNumber>${nav}</noticeNumber>` }).waitFor();
    await page.click('#receipt-detail button:has-text("Rinvia ora")');
    await page.locator('#flash .alert.ok', { hasText: 'rinviata' }).waitFor();
  });

  it('runs a job; creates a demo cart on the first tab, pays it on its page, lists it with the payer’s e-mail', async () => {
    await page.click('#tabs a[data-tab="operator"]');
    await page.click('button[data-job="mod3CancelV2"]');
    await page.locator('pre', { hasText: '"job": "mod3CancelV2"' }).waitFor();
    await page.click('#tabs a[data-tab="home"]');
    await page.click('button:has-text("Crea e prepara il checkout")');
    const link = page.locator('#demo-checkout');
    await link.waitFor();
    const checkoutUrl = (await link.getAttribute('href'))!;
    expect(checkoutUrl).toMatch(new RegExp(`^${server.baseUrl}/checkout/carts/[0-9a-f-]{36}$`));
    expect(await link.getAttribute('target')).toBe('_blank');
    const notice = /avviso (\d{18})/.exec((await page.locator('.alert.ok', { has: link }).textContent())!)![1]!;
    // the cart, open, with that notice and the same checkout link
    await page.click('#tabs a[data-tab="carts"]');
    await page.locator('#list-carts .page-of', { hasText: '1–1 di 1' }).waitFor();
    const cart = rows('carts').first();
    expect(await cart.textContent()).toContain(notice);
    expect(await cart.locator('.badge').first().textContent()).toBe('OPEN');
    expect(await cart.locator('a', { hasText: 'Apri il checkout' }).getAttribute('href')).toBe(checkoutUrl);

    // paid on its page with the e-mail the payer types: the list shows that address, the outbox the e-mail
    const csrf = '0123456789abcdef0123456789abcdef';
    const paid = await fetch(checkoutUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${csrf}`, Origin: server.baseUrl },
      body: new URLSearchParams({ csrf, action: 'pay', method: 'PPAL', email: 'payer@example.org' }).toString(),
    });
    expect(paid.status).toBe(303);
    const api = (await (await fetch(`${server.baseUrl}/admin/carts?noticeNumber=${notice}`)).json()) as { items: { payerEmail?: string; emailNotice?: string }[] };
    expect(api.items[0]!.payerEmail).toBe('payer@example.org');
    // the auto-refresh brings the new state in
    await cart.locator('td:nth-child(3) .badge', { hasText: 'PAID' }).waitFor();
    expect(await cart.textContent()).toContain('payer@example.org');
    expect(await page.locator('#list-carts th').allTextContents()).toEqual(['Id carrello', 'Origine', 'Stato', 'Avvisi', 'E-mail', 'Creato', 'Scade', 'Concluso', '']);
    await rows('outbox').first().locator('text=payer@example.org').waitFor();
    expect(await page.locator('#list-outbox th').allTextContents()).toEqual(['#', 'Creato', 'A', 'Oggetto', 'Carrello']);
  });

  it('switches to English and keeps the tab', async () => {
    await page.click('#tabs a[data-tab="journal"]');
    await page.click('a.lang');
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(new URL(page.url()).hash).toBe('#journal');
    await expect(page.locator('h1').textContent()).resolves.toBe('Operator dashboard');
    expect(await page.locator('#tabs a').allTextContents()).toEqual([
      'Start',
      'Registry',
      'Notices',
      'Payments',
      'Receipts',
      'Journal',
      'Carts and e-mail',
      'Rendicontazione',
      'Mock EC',
      'Operator',
    ]);
    await page.locator('#list-journal button', { hasText: 'Export this page as JSON' }).waitFor();
    await page.locator('#list-journal .page-of', { hasText: / of \d+$/ }).waitFor();
    expect(await page.locator('#list-journal th').allTextContents()).toContain('Operation');
    await page.click('#tabs a[data-tab="carts"]');
    await page.locator('#list-outbox .page-of', { hasText: / of \d+$/ }).waitFor();
    expect(await page.locator('#list-carts th').allTextContents()).toEqual(['Cart id', 'Origin', 'Status', 'Notices', 'E-mail', 'Created', 'Expires', 'Completed', '']);
    expect(await page.locator('#list-outbox th').allTextContents()).toEqual(['#', 'Created', 'To', 'Subject', 'Cart']);
    expect(await page.locator('.dash-live label').textContent()).toContain('Auto-refresh');
    // the language stays for the next visit (cookie)
    await page.goto(`${server.baseUrl}/#registry`);
    await page.locator('h2', { hasText: 'Station–EC associations' }).waitFor();
    expect(await page.locator('h2:has-text("Configuration") + div th').allTextContents()).toEqual(['Key', 'Value']);
    expect(errors).toEqual([]);
  });
});
