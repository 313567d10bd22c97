import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { freshNotice } from '../helpers/soap';
import { call, expectEveryOperationCalled, type CallOptions } from './ownCalls';

/** openapi/carts.yaml against the running emulator: both versions of POST /carts, our GET extension, the refusals. */
const EC = '66666666666';
const KEY = 'demo-ec-66666666666';
const URLS = { returnOkUrl: 'https://ec.example.it/ok', returnCancelUrl: 'https://ec.example.it/ko', returnErrorUrl: 'https://ec.example.it/err' };
const line = (extra: object = {}) => ({ noticeNumber: freshNotice(), fiscalCode: EC, amount: 1234, companyName: 'Comune di Test', description: 'TARI', ...extra });
const cart = (v: 1 | 2, notices = [line()], extra: object = {}) => ({
  paymentNotices: notices,
  returnUrls: v === 2 ? { ...URLS, returnWaitingUrl: 'https://ec.example.it/wait' } : URLS,
  ...extra,
});

describe('openapi/carts.yaml', () => {
  let server: RunningServer;
  const req = (method: string, path: string, opts: CallOptions = {}) => call(server.baseUrl, method, path, { key: KEY, ...opts });

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([1, 2] as const)('v%i: 302 to the checkout page, then the cart is readable through both versions', async (v) => {
    const created = await req('POST', `/checkout/ec/v${v}/carts`, {
      body: cart(v, [line(), line()], { idCart: `cart-${v}`, emailNotice: 'mario.rossi@example.com', allCCP: false }),
    });
    expect(created.status).toBe(302);
    const id = new URL(created.headers.get('location')!).pathname.split('/').pop()!;
    for (const read of [1, 2]) {
      const a = await req('GET', `/checkout/ec/v${read}/carts/${id}`);
      expect(a.body).toMatchObject({ id, idCart: `cart-${v}`, version: v, origin: 'api', status: 'OPEN', paymentNotices: [{ status: 'OPEN' }, { status: 'OPEN' }] });
    }
  });

  it('a cart paid, and one failed, on the checkout page: the read shows the method, the tokens, the failure', async () => {
    const ids: string[] = [];
    for (const action of ['pay', 'fail']) {
      const created = await req('POST', '/checkout/ec/v2/carts', { body: cart(2) });
      const page = new URL(created.headers.get('location')!);
      const html = await (await fetch(page)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
      const posted = await fetch(page, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${csrf}` },
        body: new URLSearchParams({ csrf, action, method: 'CP', email: 'payer@example.org' }).toString(),
      });
      expect(posted.status).toBeLessThan(400);
      ids.push(page.pathname.split('/').pop()!);
    }
    const paid = await req('GET', `/checkout/ec/v2/carts/${ids[0]}`);
    expect(paid.body).toMatchObject({ status: 'PAID', paymentMethod: 'CP', paymentNotices: [{ status: 'PAID', paymentToken: expect.any(String) }] });
    expect((await req('GET', `/checkout/ec/v1/carts/${ids[1]}`)).body.status).toBe('FAILED');
  });

  it.each([1, 2] as const)('v%i: 400 schema, 401 no key, 403 another EC’s key, 413 too large, 422 what the node refuses', async (v) => {
    const carts = `/checkout/ec/v${v}/carts`;
    expect((await req('POST', carts, { body: cart(v, []) })).status).toBe(400);
    expect((await req('POST', carts, { key: null, body: cart(v) })).status).toBe(401);
    expect((await req('POST', carts, { key: 'demo-ec-88888888888', body: cart(v) })).status).toBe(403);
    expect((await req('POST', carts, { body: cart(v, [line({ description: 'x'.repeat(1_100_000) })]) })).status).toBe(413);
    const twice = line();
    expect((await req('POST', carts, { body: cart(v, [twice, twice]) })).status).toBe(422);
    const unknownEc = await req('POST', carts, { body: cart(v, [line({ fiscalCode: '12345678901' })]) });
    expect(unknownEc.status).toBe(422);
    expect(unknownEc.body.detail).toContain('PPT_DOMINIO_SCONOSCIUTO');
  });

  it.each([1, 2] as const)('GET v%i: 404 unknown, 401 no key, 400 a malformed %-escape', async (v) => {
    expect((await req('GET', `/checkout/ec/v${v}/carts/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await req('GET', `/checkout/ec/v${v}/carts/00000000-0000-4000-8000-000000000000`, { key: null })).status).toBe(401);
    expect((await req('GET', `/checkout/ec/v${v}/carts/%E0%A4%A`)).status).toBe(400);
  });

  it('every operation of carts.yaml was called', () => {
    expectEveryOperationCalled('carts.yaml');
  });
});
