import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { describeWith } from '../helpers/crossChecks';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type EcPrimitive, type HistoryEntry } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { admin, advanceClock, runJob } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { freshNav, paForNode, publishNotice, waitFor } from '../receipts/helpers';
import { EC_KEY, startEcServer, type EcServer } from './ecServer';

/**
 * The checkout journey of issue 5 in a real browser (Debian's chromium through playwright-core): an EC
 * web application (ecServer.ts) creates a cart and sends the browser to the emulator's page, the payer
 * pays, fails, cancels or leaves the payment pending, and the browser comes back to the EC's return URL.
 * The receipts go to station 66666666666_03, the emulator's built-in mock EC over real HTTP: what it
 * received is read from its history and validated against the official paForNode.xsd.
 *
 * Every flow runs on SQLite and, when NODO_TEST_PG_URL is set, on PostgreSQL (about 8 s an engine).
 * Order matters inside an engine: the pending and expired-cart tests move the emulator's clock forward.
 */
let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type CartView = {
  id: string;
  idCart?: string;
  version: number;
  status: string;
  paymentMethod?: string;
  paymentNotices: { noticeNumber: string; amount: number; status: string; paymentToken: string | null }[];
};

/** Collapses the no-break spaces Intl puts before € so amounts read as typed. */
const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describeWith('chromium').each(DATABASE_IDS)('the checkout journey in the browser on %s', (_engine, database) => {
  let server: RunningServer;
  let ec: EcServer;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    ec = await startEcServer(server.baseUrl);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await ec?.stop();
    await server?.stop();
  });

  /** A fresh browser profile (own cookies: CSRF, language). */
  async function newPage(ctx?: BrowserContext): Promise<Page> {
    const context = ctx ?? (await browser.newContext());
    if (!ctx) contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    return page;
  }

  /** Publishes the notices in the archive the mock EC answers from. */
  async function publish(amounts: number[]): Promise<string[]> {
    const navs = amounts.map(() => freshNav('03'));
    for (const [i, nav] of navs.entries()) await publishNotice(server.baseUrl, nav, [{ cents: amounts[i]! }]);
    return navs;
  }

  /** The EC's /start: cart created, 302 followed; the browser lands on the checkout page. */
  async function openCart(page: Page, q: { v: 1 | 2; navs: string[]; amounts: number[]; idCart?: string; email?: string }): Promise<string> {
    const res = await page.goto(ec.startUrl(q));
    expect(res?.status()).toBe(200);
    expect(page.url()).toMatch(new RegExp(`^${server.baseUrl}/checkout/carts/[0-9a-f-]{36}$`));
    const created = ec.created[ec.created.length - 1]!;
    expect(created.status).toBe(302);
    expect(page.url()).toBe(created.location);
    return created.cartId!;
  }

  const cartOf = async (id: string) => {
    const r = await admin<CartView>(server.baseUrl, `/checkout/ec/v2/carts/${id}`, { headers: { 'Ocp-Apim-Subscription-Key': EC_KEY } });
    expect(r.status).toBe(200);
    return r.body;
  };
  const history = (nav: string, primitive: EcPrimitive): Promise<HistoryEntry[]> => mockEc(server.baseUrl).history(nav, primitive);
  const journalTotal = async (q: string) => {
    const r = await admin<{ total: number }>(server.baseUrl, `/admin/journal?${q}`);
    expect(r.status).toBe(200);
    return r.body.total;
  };
  const clockOffset = async () => (await admin<{ offsetMs: number }>(server.baseUrl, '/admin/clock')).body.offsetMs;
  const button = (page: Page, action: 'pay' | 'fail' | 'cancel' | 'pending') => page.locator(`button[name=action][value=${action}]`);
  const actionsOn = async (page: Page) => {
    const buttons = await page.locator('button[name=action]').all();
    return Promise.all(buttons.map((b) => b.getAttribute('value')));
  };
  /** The notices can be put in a cart again (the node's checkPosition lets them through). */
  const newCartStatus = async (navs: string[]) => (await ec.createCart({ v: 2, navs })).status;

  it('Pay: the EC creates a cart of 2 notices, the payer pays, lands on returnOkUrl; receipts at the station within 1 s, PAID, e-mail in the outbox', async () => {
    const amounts = [3000, 1550];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 2, navs, amounts });

    expect(await page.getAttribute('html', 'lang')).toBe('it');
    for (const [i, nav] of navs.entries()) {
      const row = page.locator(`.notice[data-notice="${nav}"]`);
      const text = norm(await row.textContent());
      expect(text).toContain('Comune di Test');
      expect(text).toContain(`Avviso ${nav}`);
      expect(text).toContain('66666666666');
      expect(norm(await row.locator('.amount').textContent())).toBe(i === 0 ? '30,00 €' : '15,50 €');
    }
    expect(await page.locator('.notice').count()).toBe(2);
    expect(norm(await page.locator('[data-testid=total]').textContent())).toBe('45,50 €');
    // the Pay button adds the fee of the chosen method, as the page says it will (the card's by default)
    expect(norm(await button(page, 'pay').textContent())).toBe('Paga 46,50 €');
    expect(norm(await page.locator('[data-testid=fee]').textContent())).toBe('1,00 €');
    expect(await actionsOn(page)).toEqual(['pay', 'fail', 'pending', 'cancel']);

    await page.check('input[name=method][value=PPAL]');
    expect(norm(await button(page, 'pay').textContent())).toBe('Paga 47,00 €');
    expect(norm(await page.locator('[data-testid=fee-label]').textContent())).toBe('Commissione (PayPal)');
    expect(norm(await page.locator('[data-testid=fee]').textContent())).toBe('1,50 €');
    expect(norm(await page.locator('[data-testid=total-with-fee]').textContent())).toBe('47,00 €');
    await page.check('input[name=method][value=JIF]');
    expect(norm(await button(page, 'pay').textContent())).toBe('Paga 46,00 €');
    await page.check('input[name=method][value=PPAL]');
    await page.fill('#email', 'payer@example.org');
    const offset = await clockOffset();
    const clicked = Date.now() + offset;
    await Promise.all([page.waitForURL(`${ec.url}/ok`), button(page, 'pay').click()]);
    expect(await page.locator('[data-testid=ec-outcome]').textContent()).toBe('ok');
    expect(ec.hitsOf('ok')).toBe(1);

    const cart = await cartOf(cartId);
    expect(cart).toMatchObject({ id: cartId, version: 2, status: 'PAID', paymentMethod: 'PPAL' });
    expect(cart.paymentNotices.map((n) => [n.noticeNumber, n.amount, n.status])).toEqual([
      [navs[0], 3000, 'PAID'],
      [navs[1], 1550, 'PAID'],
    ]);
    for (const [i, nav] of navs.entries()) {
      const token = cart.paymentNotices[i]!.paymentToken;
      expect(token).toMatch(/^\S+$/);
      // the station got the receipt, within a second of the click (the mock EC stamps it with the emulator's clock)
      const [rt, ...more] = await waitFor(
        `paSendRTV2 of ${nav}`,
        () => history(nav, 'paSendRTV2'),
        (h) => h.length > 0,
        5000,
      );
      expect(more).toEqual([]);
      expect(Date.parse(rt!.at) - clicked).toBeLessThan(1000);
      await assertValidEcMessage(rt!.request);
      const { element, body } = paForNode(rt!.request);
      expect(element).toBe('paSendRTV2Request');
      expect(body.receipt).toMatchObject({
        receiptId: token,
        noticeNumber: nav,
        fiscalCode: '66666666666',
        paymentAmount: (amounts[i]! / 100).toFixed(2),
        idPSP: '36892710904',
        paymentMethod: 'other',
        paymentNote: cartId,
      });
      // the EC was asked for the payment with the cart id as paymentNote (no idCart in this cart)
      const gets = await history(nav, 'paGetPaymentV2');
      expect(gets).toHaveLength(1);
      await assertValidEcMessage(gets[0]!.request);
      expect(paForNode(gets[0]!.request).body.paymentNote).toBe(cartId);
    }

    const outbox = await admin<{ total: number; items: { to: string; subject: string; body: string }[] }>(server.baseUrl, `/admin/outbox?cartId=${cartId}`);
    expect(outbox.body.total).toBe(1);
    expect(outbox.body.items[0]!.to).toBe('payer@example.org');
    // what the Pay button said: the notices, PayPal's fee, and the total paid
    expect(norm(outbox.body.items[0]!.subject)).toBe('Ricevuta pagoPA: hai pagato 47,00 €');
    const mail = norm(outbox.body.items[0]!.body);
    expect(mail).toContain('il pagamento di 47,00 € è andato a buon fine');
    expect(mail).toContain('Importo: 45,50 € Commissione (PayPal): 1,50 € Totale pagato: 47,00 €');
    for (const n of cart.paymentNotices) expect(outbox.body.items[0]!.body).toContain(n.paymentToken!);
    // the page, reloaded, shows the outcome instead of the buttons
    await page.goto(`${server.baseUrl}/checkout/carts/${cartId}`);
    expect(await page.getAttribute('[data-testid=outcome]', 'data-status')).toBe('PAID');
    expect(await button(page, 'pay').count()).toBe(0);
    expect(norm(await page.locator('[data-testid=paid-total]').textContent())).toBe('47,00 €');
  });

  it('Payment fails: back to returnErrorUrl, no receipt, the notices payable again', async () => {
    const amounts = [1000, 2000];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 2, navs, amounts });
    await Promise.all([page.waitForURL(`${ec.url}/error`), button(page, 'fail').click()]);
    expect(await page.locator('[data-testid=ec-outcome]').textContent()).toBe('error');

    const cart = await cartOf(cartId);
    expect(cart.status).toBe('FAILED');
    expect(cart.paymentNotices.map((n) => n.status)).toEqual(['FAILED', 'FAILED']);
    for (const nav of navs) {
      // activated (the EC was asked), then the outcome KO: no receipt for anyone
      expect(await history(nav, 'paGetPaymentV2')).toHaveLength(1);
      expect(await history(nav, 'paSendRTV2')).toEqual([]);
      expect(await journalTotal(`operation=activatePaymentNoticeV2&noticeNumber=${nav}&outcome=OK`)).toBe(1);
    }
    expect(await journalTotal(`operation=sendPaymentOutcomeV2&token=${cart.paymentNotices[0]!.paymentToken}&outcome=OK`)).toBe(1);
    const rcpts = await admin<{ total: number }>(server.baseUrl, `/admin/receipts?noticeNumber=${navs[0]}`);
    expect(rcpts.body.total).toBe(0);
    expect(await newCartStatus(navs)).toBe(302);
  });

  it('Cancel: back to returnCancelUrl, nothing activated', async () => {
    const amounts = [1200];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 2, navs, amounts });
    await Promise.all([page.waitForURL(`${ec.url}/cancel`), button(page, 'cancel').click()]);
    expect(await page.locator('[data-testid=ec-outcome]').textContent()).toBe('cancel');
    const cart = await cartOf(cartId);
    expect(cart.status).toBe('CANCELLED');
    expect(cart.paymentNotices[0]).toMatchObject({ status: 'CANCELLED', paymentToken: null });
    expect(await history(navs[0]!, 'paGetPaymentV2')).toEqual([]);
    expect(await journalTotal(`operation=activatePaymentNoticeV2&noticeNumber=${navs[0]}`)).toBe(0);
    expect(await newCartStatus(navs)).toBe(302);
  });

  it('a double click on Pay and a second tab paying the same cart: one payment, one receipt per notice, both tabs on returnOkUrl', async () => {
    const amounts = [2500, 500];
    const navs = await publish(amounts);
    const context = await browser.newContext();
    contexts.push(context);
    const first = await newPage(context);
    const cartId = await openCart(first, { v: 2, navs, amounts, idCart: 'EC-CART-42' });
    const second = await newPage(context);
    await second.goto(`${server.baseUrl}/checkout/carts/${cartId}`);
    expect(await button(second, 'pay').count()).toBe(1);
    const okBefore = ec.hitsOf('ok');
    // every form post that left the browser: the double click and the second tab must really race
    const posts: string[] = [];
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url() === `${server.baseUrl}/checkout/carts/${cartId}`) posts.push(r.url());
    });
    const outcomesBefore = await journalTotal('operation=sendPaymentOutcomeV2&idPSP=36892710904');

    for (const p of [first, second]) await p.fill('#email', 'twice@example.org');
    // the EC takes 400 ms to answer each paGetPaymentV2: whoever claims the cart first is still at it when
    // the other requests arrive, so they really meet a cart being paid
    for (const nav of navs) await mockEc(server.baseUrl).queue('paGetPaymentV2', { action: 'delay', delayMs: 400, noticeNumber: nav, times: 1 });
    // and a third post of the same form, with the same browser's cookie, straight from node
    const csrf = await first.inputValue('input[name=csrf]');
    const third = () =>
      fetch(`${server.baseUrl}/checkout/carts/${cartId}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${csrf}` },
        body: new URLSearchParams({ csrf, action: 'pay', method: 'CP', email: 'twice@example.org' }).toString(),
      });
    const [, , , , thirdRes] = await Promise.all([
      arrivesAt(first, `${ec.url}/ok`),
      arrivesAt(second, `${ec.url}/ok`),
      button(first, 'pay').dblclick(),
      button(second, 'pay').click(),
      third(),
    ]);
    expect(thirdRes.status).toBe(303);
    expect(thirdRes.headers.get('location')).toBe(`${ec.url}/ok`);
    expect(await first.locator('[data-testid=ec-outcome]').textContent()).toBe('ok');
    expect(await second.locator('[data-testid=ec-outcome]').textContent()).toBe('ok');
    expect(ec.hitsOf('ok') - okBefore).toBeGreaterThanOrEqual(2);
    // chromium may fold the double click's two submissions into one request: the second tab races it anyway
    expect(posts.length).toBeGreaterThanOrEqual(2);

    const cart = await cartOf(cartId);
    expect(cart).toMatchObject({ status: 'PAID', idCart: 'EC-CART-42' });
    expect((await journalTotal('operation=sendPaymentOutcomeV2&idPSP=36892710904')) - outcomesBefore).toBe(1);
    expect(await journalTotal(`operation=sendPaymentOutcomeV2&token=${cart.paymentNotices[0]!.paymentToken}&outcome=OK`)).toBe(1);
    for (const nav of navs) {
      expect(await journalTotal(`operation=activatePaymentNoticeV2&noticeNumber=${nav}`)).toBe(1);
      const gets = await history(nav, 'paGetPaymentV2');
      expect(gets).toHaveLength(1);
      // the EC's own idCart goes to it as paymentNote
      expect(paForNode(gets[0]!.request).body.paymentNote).toBe('EC-CART-42');
      await waitFor(
        `paSendRTV2 of ${nav}`,
        () => history(nav, 'paSendRTV2'),
        (h) => h.length > 0,
        5000,
      );
    }
    // one e-mail, whoever won
    expect((await admin<{ total: number }>(server.baseUrl, `/admin/outbox?cartId=${cartId}`)).body.total).toBe(1);
    // late retries would show here: give the outbox a moment, then still one receipt per notice
    await new Promise((r) => setTimeout(r, 300));
    for (const nav of navs) expect(await history(nav, 'paSendRTV2')).toHaveLength(1);
  });

  it('CSRF: a post without the token, or from another origin, gets the 403 page and activates nothing', async () => {
    const amounts = [900];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 2, navs, amounts });
    const cartUrl = `${server.baseUrl}/checkout/carts/${cartId}`;
    const token = await page.inputValue('input[name=csrf]');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    const [cookie] = (await page.context().cookies(server.baseUrl)).filter((c) => c.name === 'nodo_csrf');
    expect(cookie?.value).toBe(token);

    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(cartUrl, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const pay = { action: 'pay', method: 'CP', email: '' };
    // no token, no cookie (a plain client)
    const none = await post(pay);
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('Richiesta non valida');
    // the cookie but no field, and a field that does not match
    expect((await post(pay, { Cookie: `nodo_csrf=${token}` })).status).toBe(403);
    expect((await post({ ...pay, csrf: 'f'.repeat(32) }, { Cookie: `nodo_csrf=${token}` })).status).toBe(403);
    // even the right token, from another origin
    expect((await post({ ...pay, csrf: token }, { Cookie: `nodo_csrf=${token}`, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ ...pay, csrf: token }, { Cookie: `nodo_csrf=${token}`, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);

    // in the browser: a page of another origin (the EC server's port) posts the form, even with the right
    // token; the SameSite=Strict cookie goes along (same host, so same site), the Origin check refuses it
    const forged = `${ec.url}/forge?${new URLSearchParams({ to: cartUrl, ...pay, csrf: token })}`;
    await page.goto(forged);
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('#forged')]);
    expect(refused?.status()).toBe(403);
    expect(refused?.request().headers()['origin']).toBe(ec.url);
    expect(norm(await page.locator('h1').textContent())).toBe('Richiesta non valida');

    expect((await cartOf(cartId)).status).toBe('OPEN');
    expect(await history(navs[0]!, 'paGetPaymentV2')).toEqual([]);
    expect(await journalTotal(`operation=activatePaymentNoticeV2&noticeNumber=${navs[0]}`)).toBe(0);
    // the same request with the token and no foreign origin is accepted (cancel: still nothing activated)
    const accepted = await post({ action: 'cancel', csrf: token }, { Cookie: `nodo_csrf=${token}` });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(`${ec.url}/cancel`);
  });

  it('manual entry at /checkout: verify shows the notice, proceed, Pay, the page says paid; an unknown notice shows the node fault', async () => {
    const [nav] = await publish([4200]);
    const page = await newPage();
    await page.goto(`${server.baseUrl}/checkout`);
    await page.fill('#fiscalCode', '66666666666');
    await page.fill('#noticeNumber', nav!);
    const [checked] = await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=verify]')]);
    expect(checked?.status()).toBe(200);
    const verified = page.locator('[data-testid=verified]');
    await verified.waitFor();
    const found = norm(await verified.textContent());
    expect(found).toContain('Comune di Test');
    expect(found).toContain(`Avviso ${nav}`);
    expect(found).toContain('42,00 €');
    expect(await page.locator('[data-testid=node-fault]').count()).toBe(0);

    await Promise.all([page.waitForURL(new RegExp(`^${server.baseUrl}/checkout/carts/[0-9a-f-]{36}$`)), page.click('button[name=action][value=proceed]')]);
    const cartId = page.url().split('/').pop()!;
    expect(await page.locator(`.notice[data-notice="${nav}"]`).count()).toBe(1);
    expect(norm(await page.locator('[data-testid=total]').textContent())).toBe('42,00 €');
    await Promise.all([page.waitForNavigation(), button(page, 'pay').click()]);
    expect(page.url()).toBe(`${server.baseUrl}/checkout/carts/${cartId}`);
    const outcome = page.locator('[data-testid=outcome]');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-status')).toBe('PAID');
    expect(norm(await page.locator('h1').textContent())).toBe('Pagamento riuscito');
    expect(await page.locator('[data-testid=notice-status]').textContent()).toBe('pagato');
    // the evidence: the journal export of this payment, and its timeline in the dashboard
    const token = (await cartOf(cartId)).paymentNotices[0]!.paymentToken!;
    const zipHref = await page.getAttribute('[data-testid=journal-zip]', 'href');
    expect(zipHref).toBe(`/admin/journal/export?noticeNumber=${nav}&token=${token}&format=zip`);
    const zip = await fetch(server.baseUrl + zipHref);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const xml = await fetch(server.baseUrl + (await page.getAttribute('[data-testid=journal-xml]', 'href')));
    expect(xml.status).toBe(200);
    expect(await xml.text()).toContain(`<paymentToken>${token}</paymentToken>`);
    const timeline = page.locator('[data-testid=timeline]');
    expect(await timeline.count()).toBe(1);
    await Promise.all([page.waitForURL(`${server.baseUrl}/#payments/${token}`), timeline.click()]);
    // the dashboard opens on that payment's own card (its script reads the token from the hash)
    await page.locator('#view h2', { hasText: token }).waitFor();
    await page.goBack();
    const [rt] = await waitFor(
      'paSendRTV2',
      () => history(nav!, 'paSendRTV2'),
      (h) => h.length > 0,
      5000,
    );
    await assertValidEcMessage(rt!.request);

    // a notice the EC does not know: the node's own answer, with the EC's code under it
    const unknown = freshNav('03');
    await page.goto(`${server.baseUrl}/checkout`);
    await page.fill('#fiscalCode', '66666666666');
    await page.fill('#noticeNumber', unknown);
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=verify]')]);
    expect(answer?.status()).toBe(422);
    // what the node answers the e-commerce PSP: its broker has the extended fault bean (demo registry),
    // so the EC's own code comes as originalFaultCode
    const facts = page.locator('[data-testid=node-fault] dl dt');
    expect(await facts.allTextContents()).toEqual(['faultCode', 'description', 'originalFaultCode', 'originalDescription']);
    const values = (await page.locator('[data-testid=node-fault] dl dd').allTextContents()).map(norm);
    expect(values[0]).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    expect(values[2]).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
    expect(await page.locator('button[name=action][value=proceed]').count()).toBe(0);
  });

  it('the English link switches the page language', async () => {
    const amounts = [700];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 2, navs, amounts });
    expect(norm(await button(page, 'pay').textContent())).toBe('Paga 8,00 €');
    await Promise.all([page.waitForURL(`${server.baseUrl}/checkout/carts/${cartId}?lang=en`), page.click('a.lang:has-text("English")')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(norm(await button(page, 'pay').textContent())).toBe('Pay €8.00');
    expect(norm(await page.locator('[data-testid=fee-label]').textContent())).toBe('Fee (Credit or debit card)');
    expect(norm(await button(page, 'pending').textContent())).toBe('Leave pending');
    expect(norm(await page.locator('h1').textContent())).toBe('Payment summary');
    expect(norm(await page.locator('a.lang').textContent())).toBe('Italiano');
    // the choice sticks (cookie) without the query parameter
    await page.goto(`${server.baseUrl}/checkout/carts/${cartId}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('a v1 cart has no Leave pending button, and a forged pending post is refused', async () => {
    const amounts = [800];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 1, navs, amounts });
    expect(await actionsOn(page)).toEqual(['pay', 'fail', 'cancel']);
    // the page's own form with a pending button added (what a hand-edited page would post)
    // (a string: the test tsconfig has no DOM types)
    await page.evaluate(`document.querySelector('form').insertAdjacentHTML('beforeend', '<button id="forged" name="action" value="pending">x</button>')`);
    const [res] = await Promise.all([page.waitForNavigation(), page.click('#forged')]);
    expect(res?.status()).toBe(400);
    expect((await cartOf(cartId)).status).toBe('OPEN');
    expect(await journalTotal(`operation=activatePaymentNoticeV2&noticeNumber=${navs[0]}`)).toBe(0);
    await Promise.all([page.waitForURL(`${ec.url}/cancel`), button(page, 'cancel').click()]);
  });

  it('v2 Leave pending: back to returnWaitingUrl, tokens PAYING; past checkout.tokenExpirationMillis mod3CancelV2 frees the notices', async () => {
    const amounts = [1100, 2200];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 2, navs, amounts });
    await Promise.all([page.waitForURL(`${ec.url}/waiting`), button(page, 'pending').click()]);
    expect(await page.locator('[data-testid=ec-outcome]').textContent()).toBe('waiting');
    await page.close(); // the payer closes the browser

    const cart = await cartOf(cartId);
    expect(cart.status).toBe('PENDING');
    const listed = async (status: string) =>
      (await admin<{ items: { id: string }[] }>(server.baseUrl, `/admin/carts?status=${status}&noticeNumber=${navs[0]}&limit=500`)).body.items.map((c) => c.id);
    expect(await listed('PENDING')).toEqual([cartId]);
    expect(await listed('EXPIRED')).toEqual([]);
    const tokens = cart.paymentNotices.map((n) => n.paymentToken!);
    expect(cart.paymentNotices.map((n) => n.status)).toEqual(['PENDING', 'PENDING']);
    for (const t of tokens) expect((await admin<{ status: string }>(server.baseUrl, `/admin/tokens/${t}`)).body.status).toBe('PAYING');
    // in payment: a new cart of them is refused
    expect(await newCartStatus(navs)).toBe(422);
    expect(ec.created[ec.created.length - 1]!.body).toContain('PPT_PAGAMENTO_IN_CORSO');

    // the job does nothing before the tokens expire…
    await runJob(server.baseUrl, 'mod3CancelV2');
    for (const t of tokens) expect((await admin<{ status: string }>(server.baseUrl, `/admin/tokens/${t}`)).body.status).toBe('PAYING');
    // …and frees the notices after
    expect((await advanceClock(server.baseUrl, 900_001)).status).toBe(200);
    const job = await runJob(server.baseUrl, 'mod3CancelV2');
    expect(job.status).toBe(200);
    expect(job.body.processed).toBeGreaterThanOrEqual(2);
    for (const t of tokens) expect((await admin<{ status: string }>(server.baseUrl, `/admin/tokens/${t}`)).body.status).not.toBe('PAYING');
    expect(await newCartStatus(navs)).toBe(302);
    for (const nav of navs) expect(await history(nav, 'paSendRTV2')).toEqual([]);
    // an EC that polls learns the payment did not happen: the cart follows its tokens
    const after = await cartOf(cartId);
    expect(after.status).toBe('EXPIRED');
    // the admin list filters on the same state
    expect(await listed('EXPIRED')).toContain(cartId);
    expect(await listed('PENDING')).not.toContain(cartId);
    expect(after.paymentNotices.map((n) => n.status)).toEqual(['EXPIRED', 'EXPIRED']);
    const reopened = await newPage();
    await reopened.goto(`${server.baseUrl}/checkout/carts/${cartId}`);
    expect(await reopened.locator('[data-testid=outcome]').getAttribute('data-status')).toBe('EXPIRED');
    expect(await reopened.locator('button[name=action]').count()).toBe(0);
  });

  it('an expired cart: the page says the session expired (410) and Pay is not possible', async () => {
    const amounts = [1300];
    const navs = await publish(amounts);
    const page = await newPage();
    const cartId = await openCart(page, { v: 2, navs, amounts });
    expect((await advanceClock(server.baseUrl, 10 * 60_000 + 1)).status).toBe(200);

    // the page was open: its Pay button posts, and the answer is the expiry page
    const [res] = await Promise.all([page.waitForNavigation(), button(page, 'pay').click()]);
    expect(res?.status()).toBe(410);
    expect(await page.getAttribute('[data-testid=outcome]', 'data-status')).toBe('EXPIRED');
    expect(norm(await page.locator('h1').textContent())).toBe('Sessione scaduta');
    expect(await button(page, 'pay').count()).toBe(0);
    // reopened: the same
    const again = await page.goto(`${server.baseUrl}/checkout/carts/${cartId}`);
    expect(again?.status()).toBe(410);
    expect(await button(page, 'pay').count()).toBe(0);

    expect((await cartOf(cartId)).status).toBe('EXPIRED');
    expect(await history(navs[0]!, 'paGetPaymentV2')).toEqual([]);
    expect(await journalTotal(`operation=activatePaymentNoticeV2&noticeNumber=${navs[0]}`)).toBe(0);
  });

  it("the cart expiry in the browser's own time zone (New York here), the UTC time without script; the Pay button's default total without script", async () => {
    const amounts = [1600];
    const navs = await publish(amounts);
    const context = await browser.browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await newPage(context);
    const cartId = await openCart(page, { v: 2, navs, amounts });
    const { expiresAt } = (await admin<{ expiresAt: string }>(server.baseUrl, `/admin/carts/${cartId}`)).body;
    const expires = page.locator('time[data-testid=expires]');
    expect(await expires.getAttribute('datetime')).toBe(expiresAt);
    const inNewYork = new Intl.DateTimeFormat('it-IT', { hour: '2-digit', minute: '2-digit', timeZone: 'America/New_York' }).format(new Date(expiresAt));
    const inUtc = expiresAt.slice(11, 16);
    expect(inNewYork).not.toBe(inUtc);
    const shown = norm(await expires.textContent());
    expect(shown.startsWith(inNewYork)).toBe(true);
    expect(shown).toMatch(/GMT-[45]$/);

    // a browser without script: the server's UTC time, and the default method's total on the button
    const plain = await browser.browser.newContext({ javaScriptEnabled: false, timezoneId: 'America/New_York' });
    contexts.push(plain);
    const noJs = await newPage(plain);
    await noJs.goto(`${server.baseUrl}/checkout/carts/${cartId}`);
    expect(norm(await noJs.locator('time[data-testid=expires]').textContent())).toBe(`${inUtc} UTC`);
    expect(norm(await button(noJs, 'pay').textContent())).toBe('Paga 17,00 €');
    await noJs.check('input[name=method][value=MYBK]');
    expect(norm(await button(noJs, 'pay').textContent())).toBe('Paga 17,00 €');
    // the method chosen without script is the one paid and charged: the e-mail says so
    await noJs.fill('#email', 'nojs@example.org');
    await Promise.all([noJs.waitForURL(`${ec.url}/ok`), button(noJs, 'pay').click()]);
    const mail = await admin<{ items: { subject: string; body: string }[] }>(server.baseUrl, `/admin/outbox?cartId=${cartId}`);
    expect(norm(mail.body.items[0]!.subject)).toBe('Ricevuta pagoPA: hai pagato 16,80 €');
    expect(norm(mail.body.items[0]!.body)).toContain('Commissione (MyBank): 0,80 €');
  });

  for (const lang of ['it', 'en'] as const) {
    it(`manual entry (${lang}): every validation error at once, each at its field, required fields marked and explained`, async () => {
      const words = {
        it: {
          legend: 'I campi segnati con * sono obbligatori.',
          title: 'Il modulo contiene 2 errori:',
          fc: 'Il codice fiscale dell’ente è di 11 cifre.',
          nav: 'Il codice avviso è di 18 cifre.',
        },
        en: {
          legend: 'Fields marked * are required.',
          title: 'The form has 2 errors:',
          fc: 'The creditor institution fiscal code has 11 digits.',
          nav: 'The notice code has 18 digits.',
        },
      }[lang];
      const page = await newPage();
      await page.goto(`${server.baseUrl}/checkout?lang=${lang}`);
      expect(norm(await page.locator('[data-testid=required-legend]').textContent())).toBe(`* ${words.legend}`);
      for (const id of ['fiscalCode', 'noticeNumber']) {
        const input = page.locator(`#${id}`);
        expect(await input.getAttribute('required')).not.toBeNull();
        expect(await input.getAttribute('aria-invalid')).toBeNull();
        expect(norm(await page.locator(`label[for=${id}] .req`).textContent())).toBe('*');
      }
      expect(await page.locator('.field-error').count()).toBe(0);

      await page.fill('#fiscalCode', '1234');
      await page.fill('#noticeNumber', '3021');
      const [res] = await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=verify]')]);
      expect(res?.status()).toBe(400);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      const summary = page.locator('[data-testid=errors]');
      expect(norm(await summary.locator('strong').textContent())).toBe(words.title);
      expect((await summary.locator('li').allTextContents()).map(norm)).toEqual([words.fc, words.nav]);
      for (const [id, message] of [
        ['fiscalCode', words.fc],
        ['noticeNumber', words.nav],
      ] as const) {
        const input = page.locator(`#${id}`);
        expect(await input.getAttribute('aria-invalid')).toBe('true');
        // the message the field points at, right after it, and what was typed kept
        const describedBy = (await input.getAttribute('aria-describedby'))!;
        expect(norm(await page.locator(`[id="${describedBy}"]`).textContent())).toBe(message);
        expect(await page.locator(`#${id} + .field-error`).getAttribute('id')).toBe(describedBy);
      }
      expect(await page.inputValue('#fiscalCode')).toBe('1234');
      expect(await page.inputValue('#noticeNumber')).toBe('3021');
      // nothing reached the node
      expect(await page.locator('[data-testid=node-fault]').count()).toBe(0);

      // one field fixed: one error left, the fixed field no longer marked
      await page.fill('#fiscalCode', '66666666666');
      await Promise.all([page.waitForNavigation(), page.click('button[name=action][value=verify]')]);
      expect(await page.locator('[data-testid=errors] li').count()).toBe(1);
      expect(await page.getAttribute('#fiscalCode', 'aria-invalid')).toBeNull();
      expect(await page.getAttribute('#noticeNumber', 'aria-invalid')).toBe('true');
    });
  }

  it('no script errors on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});

/**
 * Waits until `page` shows `url`. A double click submits the form twice: the browser aborts the first
 * navigation for the second (net::ERR_ABORTED), which waitForURL reports as a failure although the page does
 * arrive; on a loaded machine that happens often enough to matter. Any other failure is one.
 */
async function arrivesAt(page: { waitForURL(url: string, opts: { timeout: number }): Promise<void> }, url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await page.waitForURL(url, { timeout: Math.max(1, until - Date.now()) });
      return;
    } catch (err) {
      if (!/ERR_ABORTED|frame was detached/.test(String(err)) || Date.now() > until) throw err;
    }
  }
}
