import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { admin } from '../helpers/soap';
import { assertValidEcMessage, assertValidResponse } from '../helpers/xsd';
import { paForNode, receiptsOf, waitFor } from '../receipts/helpers';

/**
 * The checkout's side of /admin: the demo cart (a fresh notice published and its checkout page), the
 * carts list with its filters, the e-mail outbox, and the same-origin guard on state-changing /admin
 * requests. The page is driven here with plain HTTP, as a browser without script would (form posts with
 * the CSRF cookie); test/checkout/browser*.test.ts drives it in chromium.
 */
describe.each(DATABASE_IDS)('checkout admin on %s', (_id, database) => {
  let server: RunningServer;
  let demo: { cartId: string; checkoutUrl: string; fiscalCode: string; noticeNumber: string };

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    const created = await admin<typeof demo>(server.baseUrl, '/admin/demo-cart', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ amountCents: 4321 }),
    });
    expect(created.status).toBe(201);
    demo = created.body;
  });
  afterAll(async () => {
    await server?.stop();
  });

  type CartPage = {
    total: number;
    items: {
      id: string;
      status: string;
      origin: string;
      checkoutUrl: string;
      paymentNotices: { noticeNumber: string; status: string; paymentToken: string | null; amount: number }[];
    }[];
  };
  const carts = (q: string) => admin<CartPage>(server.baseUrl, `/admin/carts${q}`);

  it('POST /admin/demo-cart publishes a notice of station 66666666666_03 and answers its checkout page', async () => {
    expect(demo).toMatchObject({ fiscalCode: '66666666666', noticeNumber: expect.stringMatching(/^303\d{15}$/), checkoutUrl: `${server.baseUrl}/checkout/carts/${demo.cartId}` });
    const page = await fetch(demo.checkoutUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(demo.noticeNumber);
    expect(html).toContain('43,21');
    // without script the Pay button states the default method's total: the notice plus the card's 1,00 € fee
    expect(html).toMatch(/<button class="primary" name="action" value="pay">Paga 44,21\s€<\/button>/);
    expect(html).toMatch(/<time data-local datetime="[^"]+Z" data-testid="expires">\d\d:\d\d UTC<\/time>/);
    // the notice is in the archive: a verify through the node finds it
    const verify = await fetch(`${server.baseUrl}/admin/carts/${demo.cartId}`);
    expect(((await verify.json()) as { status: string }).status).toBe('OPEN');
  });

  it('refuses a bad demo-cart body and bad carts filters with problem JSON', async () => {
    const bad = await admin<{ status: number; detail: string }>(server.baseUrl, '/admin/demo-cart', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ amountCents: 0 }),
    });
    expect(bad).toMatchObject({ status: 400, body: { status: 400, detail: 'amountCents must be an integer between 1 and 99999999' } });
    expect((await carts('?status=PAYING')).status).toBe(400);
    expect((await carts('?noticeNumber=123')).status).toBe(400);
    expect((await carts('?limit=0')).status).toBe(400);
    expect((await carts('?nope=1')).status).toBe(400);
    expect((await admin(server.baseUrl, '/admin/carts/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('pays the demo cart through the page: own result page, PAID cart, receipt at the station, e-mail in the outbox', async () => {
    const csrf = '0123456789abcdef0123456789abcdef';
    const clicked = Date.now();
    const res = await fetch(demo.checkoutUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${csrf}`, Origin: server.baseUrl },
      body: new URLSearchParams({ csrf, action: 'pay', method: 'PPAL', email: 'payer@example.org' }).toString(),
    });
    // a demo cart has no EC return URLs: the browser comes back to the page, which shows the outcome
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/checkout/carts/${demo.cartId}`);
    const result = await (await fetch(demo.checkoutUrl)).text();
    expect(result).toContain('data-status="PAID"');
    expect(result).toMatch(/data-testid="paid-total">44,71\s€</);

    const [receipt] = await waitFor(
      'receipt',
      () => receiptsOf(server.baseUrl, demo.noticeNumber),
      (rs) => rs[0]?.status === 'NOTIFIED',
      5000,
    );
    expect(receipt.stationCode).toBe('66666666666_03');
    expect(Date.parse(receipt.notifiedAt!) - clicked).toBeLessThan(1000);
    // what the station got: paGetPaymentV2 with the cart id as paymentNote, then a valid paSendRTV2
    const ec = mockEc(server.baseUrl);
    const [get] = await ec.history(demo.noticeNumber, 'paGetPaymentV2');
    expect(paForNode(get.request).body.paymentNote).toBe(demo.cartId);
    const [rt] = await ec.history(demo.noticeNumber, 'paSendRTV2');
    await assertValidEcMessage(rt.request);
    expect(paForNode(rt.request).body.receipt.paymentMethod).toBe('other');

    const paid = await carts(`?status=PAID&noticeNumber=${demo.noticeNumber}`);
    expect(paid.body.total).toBe(1);
    expect(paid.body.items[0]).toMatchObject({
      id: demo.cartId,
      origin: 'demo',
      paymentNotices: [{ noticeNumber: demo.noticeNumber, status: 'PAID', paymentToken: receipt.token, amount: 4321 }],
    });
    expect((await carts('?status=OPEN')).body.total).toBe(0);

    const outbox = await admin<{ total: number; items: { cartId: string; to: string; subject: string; body: string }[] }>(server.baseUrl, `/admin/outbox?cartId=${demo.cartId}`);
    expect(outbox.body.total).toBe(1);
    // the notice, PayPal's fee, and the total the payer paid (Intl writes a no-break space before €)
    expect(outbox.body.items[0]).toMatchObject({ to: 'payer@example.org', subject: expect.stringMatching(/^Ricevuta pagoPA: hai pagato 44,71\s€$/) });
    expect(outbox.body.items[0].body).toMatch(/\nImporto: 43,21\s€\nCommissione \(PayPal\): 1,50\s€\nTotale pagato: 44,71\s€\n/);
    expect(outbox.body.items[0].body).toContain(receipt.token);
    // the outcome page links to that payment's timeline and to its journal export
    expect(result).toContain(`href="/#payments/${receipt.token}"`);
    expect(result).toContain(`href="/admin/journal/export?noticeNumber=${demo.noticeNumber}&#38;token=${receipt.token}&#38;format=zip"`);
  });

  it("journals the page's SOAP exchanges as the e-commerce PSP's, every answer valid against the official XSD", async () => {
    type Entry = { id: number; operation: string; idPSP: string; idChannel: string; outcome: string; noticeNumber: string | null };
    const journal = await admin<{ items: Entry[] }>(server.baseUrl, `/admin/journal?idPSP=36892710904&direction=in`);
    expect(journal.body.items.map((e) => [e.operation, e.idChannel, e.outcome])).toEqual([
      ['sendPaymentOutcomeV2', '36892710904_02', 'OK'],
      ['activatePaymentNoticeV2', '36892710904_02', 'OK'],
    ]);
    for (const e of journal.body.items) {
      const response = await (await fetch(`${server.baseUrl}/admin/journal/${e.id}/response.xml`)).text();
      expect(await assertValidResponse(response)).toEqual({ element: `${e.operation}Response`, isFault: false });
    }
    const activation = await (await fetch(`${server.baseUrl}/admin/journal/${journal.body.items[1].id}/request.xml`)).text();
    expect(activation).toContain(`<paymentNote>${demo.cartId}</paymentNote>`);
    expect(activation).toContain('<touchPoint>CHECKOUT</touchPoint>');
    expect(activation).toContain('<amount>43.21</amount>');
  });

  it('shows what the node activated when the EC declared another amount', async () => {
    const other = await admin<typeof demo>(server.baseUrl, '/admin/demo-cart', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ amountCents: 1000 }),
    });
    const body = {
      paymentNotices: [{ noticeNumber: other.body.noticeNumber, fiscalCode: '66666666666', amount: 999, companyName: 'Comune di Test', description: 'prezzo sbagliato' }],
      returnUrls: {
        returnOkUrl: 'http://ec.example/ok',
        returnCancelUrl: 'http://ec.example/cancel',
        returnErrorUrl: 'http://ec.example/error',
        returnWaitingUrl: 'http://ec.example/waiting',
      },
      emailNotice: 'payer@example.org',
    };
    const created = await fetch(`${server.baseUrl}/checkout/ec/v2/carts`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': 'demo-ec-66666666666' },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(302);
    const location = created.headers.get('location')!;
    const csrf = 'fedcba9876543210fedcba9876543210';
    const paid = await fetch(location, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${csrf}` },
      body: new URLSearchParams({ csrf, action: 'pay', method: 'CP' }).toString(),
    });
    expect(paid.headers.get('location')).toBe('http://ec.example/ok');
    const cartId = location.split('/').pop()!;
    const view = await admin<{ paymentNotices: { amount: number; activatedAmount?: number }[] }>(
      server.baseUrl,
      `/checkout/ec/v1/carts/${cartId}?subscription-key=demo-ec-66666666666`,
    );
    expect(view.body.paymentNotices[0]).toMatchObject({ amount: 999, activatedAmount: 1000 });
    const mail = await admin<{ items: { subject: string }[] }>(server.baseUrl, `/admin/outbox?cartId=${cartId}`);
    // what the node activated (10,00 €, not the cart's 9,99 €) plus the card's fee
    expect(mail.body.items[0].subject).toMatch(/11,00\s€$/);
    expect(await (await fetch(location)).text()).toContain('10,00');
  });

  it('manual entry without script: both fields wrong gives both messages at once (400), in the chosen language; an unreadable path a translated 400 page', async () => {
    const csrf = '00112233445566778899aabbccddeeff';
    const post = (lang: string, fields: Record<string, string>) =>
      fetch(`${server.baseUrl}/checkout?lang=${lang}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${csrf}` },
        body: new URLSearchParams({ csrf, action: 'verify', ...fields }).toString(),
      });
    const italian = await post('it', { fiscalCode: '', noticeNumber: 'abc' });
    expect(italian.status).toBe(400);
    const html = await italian.text();
    expect(html).toContain('Il modulo contiene 2 errori:');
    expect(html).toContain('<p class="field-error" id="fiscalCode-error" data-testid="fiscalCode-error">Inserisci il codice fiscale dell’ente creditore: 11 cifre.</p>');
    expect(html).toContain('<p class="field-error" id="noticeNumber-error" data-testid="noticeNumber-error">Il codice avviso è di 18 cifre.</p>');
    expect(html).toContain('required aria-invalid="true" aria-describedby="fiscalCode-error"');
    expect(html).toContain('required aria-invalid="true" aria-describedby="noticeNumber-error"');
    const en = await (await post('en', { fiscalCode: '12', noticeNumber: '' })).text();
    expect(en).toContain('The form has 2 errors:');
    expect(en).toContain('The creditor institution fiscal code has 11 digits.');
    expect(en).toContain('Enter the notice code: 18 digits.');

    const bad = await fetch(`${server.baseUrl}/checkout/carts/%E0%A4%A?lang=en`);
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('The request cannot be read.');
    expect(page).not.toMatch(/Failed to decode|URIError/);
  });

  it('refuses a state-changing /admin request from another site, and allows its own origin and non-browser clients', async () => {
    const run = (headers: Record<string, string>) => admin<{ title?: string }>(server.baseUrl, '/admin/jobs/idempotencyCacheClean/run', { method: 'POST', headers });
    expect(await run({ Origin: 'http://evil.example' })).toMatchObject({ status: 403, body: { title: 'Forbidden' } });
    expect((await run({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await run({ Origin: server.baseUrl, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await run({})).status).toBe(200);
    // reads stay open (the dashboard of another host may link here)
    expect((await admin(server.baseUrl, '/admin/carts', { headers: { Origin: 'http://evil.example' } })).status).toBe(200);
  });
});
