import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { itWith } from '../helpers/crossChecks';
import { DATABASE_IDS } from '../helpers/databases';
import { expectOpenApiResponse, expectOpenApiSchema } from '../helpers/openapi';
import { startServer, type RunningServer } from '../helpers/server';
import { advanceClock, freshNotice, NodeForPsp } from '../helpers/soap';
import { ARCHIVE, freshNav, pay, publishNotice } from '../receipts/helpers';

/**
 * The Checkout carts API of issue 5 over HTTP, against the official checkout_v1.json / checkout_v2.json
 * (spec §10.1): the 302 and the page it points at, our GET extension, the subscription key (401/403/404),
 * every 400 of the schema (bodies checked against the file's 400 response) and the 422s the real service
 * adds (bodies checked against the file's ProblemJson schema, since the files declare no 401/403/404/422).
 * No error answer may carry a stack trace. The last test moves the emulator's clock forward.
 */
const SPEC = { 1: 'pagopa-api/openapi/checkout_v1.json', 2: 'pagopa-api/openapi/checkout_v2.json' } as const;
const EC = '66666666666';
const EC2 = '88888888888';
const KEY_66 = 'demo-ec-66666666666';
const KEY_88 = 'demo-ec-88888888888';
const KEY_BROKER = 'demo-broker-66666666666';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const URLS_V1 = {
  returnOkUrl: 'https://ec.example.it/pagopa/ok.html?session=42',
  returnCancelUrl: 'https://ec.example.it/pagopa/cancel.html',
  returnErrorUrl: 'http://ec.example.it:8080/pagopa/error.html',
};
const URLS_V2 = { ...URLS_V1, returnWaitingUrl: 'https://ec.example.it/pagopa/waiting.html' };
const urlsOf = (v: 1 | 2) => (v === 2 ? URLS_V2 : URLS_V1);
const RETURN_URL_FIELDS = { 1: ['returnOkUrl', 'returnCancelUrl', 'returnErrorUrl'], 2: ['returnOkUrl', 'returnCancelUrl', 'returnErrorUrl', 'returnWaitingUrl'] } as const;

type Json = Record<string, any>;

/** A payable notice (synthetic station 66666666666_01, segregation code 02) as a cart line. */
function notice(extra: Json = {}): Json {
  return { noticeNumber: freshNotice(), fiscalCode: EC, amount: 1234, companyName: 'Comune di Test', description: 'TARI 2026 rata unica', ...extra };
}
function cart(v: 1 | 2, notices: Json[] = [notice()], extra: Json = {}): Json {
  return { paymentNotices: notices, returnUrls: urlsOf(v), ...extra };
}

interface Answer {
  status: number;
  contentType: string | null;
  location: string | null;
  text: string;
  body: any;
}

/** A stack frame ("    at fn (file:1:2)"), or a source path, anywhere in an answer. */
function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s*at \S/);
  expect(text).not.toMatch(/\bat [\w.<>$]+ \(/);
  expect(text).not.toMatch(/(\/work\/|node_modules|dist\/src|\/src\/|\.[jt]s:\d+)/);
  expect(text).not.toMatch(/(TypeError|ReferenceError|SyntaxError: Unexpected|SQLITE_|duplicate key value)/);
}

describe.each(DATABASE_IDS)('the carts API on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** One HTTP call, redirects not followed; `key: null` sends no header. */
  async function send(method: string, path: string, opts: { key?: string | null; body?: unknown; raw?: string; contentType?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (opts.key !== null) headers['Ocp-Apim-Subscription-Key'] = opts.key ?? KEY_66;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
    const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    return { status: res.status, contentType, location: res.headers.get('location'), text, body: /json/.test(contentType ?? '') && text ? JSON.parse(text) : undefined };
  }
  const post = (v: 1 | 2, body: unknown, opts: { key?: string | null; raw?: string; contentType?: string; query?: string } = {}) =>
    send('POST', `/checkout/ec/v${v}/carts${opts.query ?? ''}`, { ...opts, body });
  const read = (id: string, opts: { key?: string | null; v?: 1 | 2 } = {}) => send('GET', `/checkout/ec/v${opts.v ?? 1}/carts/${id}`, opts);

  /**
   * The answer is a problem JSON of `status` that the official file accepts (its 400 response, or its
   * ProblemJson schema for the statuses it does not declare), with no stack trace; returns its detail.
   */
  function problemOf(a: Answer, status: number, v: 1 | 2 = 1): string {
    if (a.status !== status) throw new Error(`expected ${status}, got ${a.status}: ${a.text.slice(0, 500)}`);
    expect(a.contentType).toMatch(/^application\/problem\+json/);
    expect(a.location).toBeNull();
    expect(a.body).toMatchObject({ type: expect.stringMatching(/^https:\/\/pagopa-node-emulator\/problems\/[a-z-]+$/), status });
    expect(typeof a.body.title).toBe('string');
    expect(typeof a.body.detail).toBe('string');
    if (status === 400) expectOpenApiResponse(SPEC[v], '/carts', 'post', 400, a.body);
    else expectOpenApiSchema(SPEC[v], 'ProblemJson', a.body);
    expectNoStackTrace(a.text);
    return a.body.detail as string;
  }

  /** A 302 to our checkout page for a new cart; returns the cart id and the Location. */
  function created(a: Answer, v: 1 | 2): { id: string; location: string } {
    if (a.status !== 302) throw new Error(`expected 302, got ${a.status}: ${a.text.slice(0, 500)}`);
    expectOpenApiResponse(SPEC[v], '/carts', 'post', 302, undefined);
    const location = a.location!;
    const url = new URL(location);
    expect(url.protocol).toBe('http:');
    expect(`${url.protocol}//${url.host}`).toBe(server.baseUrl);
    expect(url.search).toBe('');
    const m = /^\/checkout\/carts\/([^/]+)$/.exec(url.pathname);
    expect(m).not.toBeNull();
    expect(m![1]).toMatch(UUID);
    return { id: m![1]!, location };
  }

  describe('a valid cart', () => {
    // needs the official files: without them expectOpenApiSchema checks nothing (and the run says so)
    itWith('reference')('the ProblemJson check used below can fail', () => {
      expect(() => expectOpenApiSchema(SPEC[1], 'ProblemJson', { type: 'about:blank', status: 'four hundred' })).toThrow(/ProblemJson/);
      expect(() => expectOpenApiSchema(SPEC[2], 'ProblemJson', { status: 99 })).toThrow(/ProblemJson/);
      expect(() => expectOpenApiSchema(SPEC[2], 'NoSuchSchema', {})).toThrow(/no components.schemas.NoSuchSchema/);
      expect(expectOpenApiSchema(SPEC[2], 'ProblemJson', { type: 'about:blank', title: 'Forbidden', status: 403, detail: 'x' })).toBe(true);
    });

    for (const v of [1, 2] as const) {
      it(`v${v}: 302 to the checkout page, which lists the notices; the GET extension shows the cart OPEN`, async () => {
        const lines = [notice({ amount: 1234 }), notice({ amount: 500, companyName: 'Comune di Test – Ufficio Tributi', description: `Rifiuti v${v}` })];
        const idCart = `cart-v${v}-${Date.now()}`;
        const { id, location } = created(await post(v, cart(v, lines, { emailNotice: 'mario.rossi@example.com', idCart, allCCP: false })), v);

        const page = await fetch(location, { redirect: 'manual' });
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        const html = await page.text();
        for (const n of lines) {
          expect(html).toContain(`data-notice="${n.noticeNumber}"`);
          expect(html).toContain(n.noticeNumber);
          expect(html).toContain(n.description);
        }
        expect(html).toContain('Comune di Test – Ufficio Tributi');
        expect(html).toMatch(/12,34/);
        expect(html).toMatch(/17,34/); // the total

        const got = await read(id, { v });
        expect(got.status).toBe(200);
        expect(got.contentType).toMatch(/^application\/json/);
        expect(got.body).toMatchObject({
          id,
          idCart,
          version: v,
          origin: 'api',
          status: 'OPEN',
          emailNotice: 'mario.rossi@example.com',
          allCCP: false,
          checkoutUrl: location,
          completedAt: null,
          paymentNotices: lines.map((n) => ({ ...n, status: 'OPEN', paymentToken: null })),
        });
        expect(got.body.returnUrls).toEqual(urlsOf(v));
        expect(Date.parse(got.body.expiresAt) - Date.parse(got.body.createdAt)).toBe(10 * 60_000);
        // the other version's path reads the same cart
        expect((await read(id, { v: v === 1 ? 2 : 1 })).body).toMatchObject({ id, version: v });
      });
    }

    it('optional fields may be left out; boundary values (5 notices, 140 characters, amount 1, an idCart of 210) are accepted', async () => {
      const lines = [notice({ amount: 1, companyName: 'C'.repeat(140), description: 'D'.repeat(140) }), notice(), notice(), notice(), notice()];
      const { id } = created(await post(2, cart(2, lines, { idCart: 'i'.repeat(210), allCCP: true })), 2);
      const got = await read(id);
      expect(got.body).toMatchObject({ status: 'OPEN', allCCP: true, idCart: 'i'.repeat(210) });
      expect(got.body.paymentNotices).toHaveLength(5);
      expect(got.body.emailNotice).toBeUndefined();
      const bare = created(await post(1, cart(1)), 1);
      const b = await read(bare.id);
      expect(b.body.idCart).toBeUndefined();
      expect(b.body.allCCP).toBeUndefined();
      expect(b.body.returnUrls.returnWaitingUrl).toBeUndefined();
    });
  });

  describe('the subscription key', () => {
    it('is accepted as the Ocp-Apim-Subscription-Key header and as the subscription-key query parameter', async () => {
      created(await post(1, cart(1), { key: KEY_66 }), 1);
      const q = created(await post(2, cart(2), { key: null, query: `?subscription-key=${KEY_66}` }), 2);
      expect((await send('GET', `/checkout/ec/v1/carts/${q.id}?subscription-key=${KEY_66}`, { key: null })).status).toBe(200);
    });

    for (const v of [1, 2] as const) {
      it(`v${v}: missing → 401, unknown → 401, checked before the body`, async () => {
        expect(problemOf(await post(v, cart(v), { key: null }), 401, v)).toMatch(/missing subscription key.*Ocp-Apim-Subscription-Key.*subscription-key/);
        expect(problemOf(await post(v, cart(v), { key: 'demo-ec-99999999999' }), 401, v)).toMatch(/invalid subscription key/);
        expect(problemOf(await post(v, cart(v), { key: null, query: '?subscription-key=nope-nope-nope' }), 401, v)).toMatch(/invalid subscription key/);
        // a broken body without a key is still a 401, not a 400
        expect(problemOf(await post(v, undefined, { key: null, raw: '{"paymentNotices": [' }), 401, v)).toMatch(/missing subscription key/);
        expect(problemOf(await post(v, {}, { key: 'wrong-key-123' }), 401, v)).toMatch(/invalid subscription key/);
      });
    }

    it("another EC's key → 403 naming the EC; a cart mixing ECs names the one the key may not act for", async () => {
      expect(problemOf(await post(1, cart(1), { key: KEY_88 }), 403)).toBe(`the subscription key may not act for creditor institution ${EC}`);
      expect(problemOf(await post(2, cart(2), { key: KEY_88 }), 403, 2)).toBe(`the subscription key may not act for creditor institution ${EC}`);
      const mixed = cart(2, [notice(), notice({ noticeNumber: buildNoticeNumber(3, '01', '7000000000001'), fiscalCode: EC2 })]);
      expect(problemOf(await post(2, mixed, { key: KEY_66 }), 403, 2)).toBe(`the subscription key may not act for creditor institution ${EC2}`);
    });

    it("a key is let through for its own EC's notices (88888888888's own unknown notice reaches the node's check: 422)", async () => {
      const nav = buildNoticeNumber(3, '01', `7${String(Date.now() % 1e12).padStart(12, '0')}`);
      const detail = problemOf(await post(1, cart(1, [notice({ noticeNumber: nav, fiscalCode: EC2 })]), { key: KEY_88 }), 422);
      expect(detail).toContain(`notice ${nav} of ${EC2} cannot be paid: PAA_PAGAMENTO_SCONOSCIUTO`);
    });

    it('a broker key acts for the ECs of its stations, and for no other', async () => {
      const { id } = created(await post(2, cart(2), { key: KEY_BROKER }), 2);
      expect((await read(id, { key: KEY_BROKER })).body).toMatchObject({ id, status: 'OPEN' });
      expect((await read(id, { key: KEY_66 })).status).toBe(200);
      expect(problemOf(await post(2, cart(2, [notice({ fiscalCode: EC2 })]), { key: KEY_BROKER }), 403, 2)).toBe(
        `the subscription key may not act for creditor institution ${EC2}`,
      );
    });

    it("the GET extension: another EC's key → 404 (as if there were no such cart), no or unknown key → 401", async () => {
      const { id } = created(await post(1, cart(1)), 1);
      expect(problemOf(await read(id, { key: KEY_88 }), 404)).toBe(`no cart ${id}`);
      expect(problemOf(await read(id, { key: KEY_88, v: 2 }), 404, 2)).toBe(`no cart ${id}`);
      expect(problemOf(await read(id, { key: null }), 401)).toMatch(/missing subscription key/);
      expect(problemOf(await read(id, { key: 'wrong-key-123' }), 401)).toMatch(/invalid subscription key/);
      expect(problemOf(await read('00000000-0000-4000-8000-000000000000'), 404)).toBe('no cart 00000000-0000-4000-8000-000000000000');
      expect(problemOf(await read('not-a-cart'), 404)).toBe('no cart not-a-cart');
      expect(problemOf(await read(`${id.slice(0, -1)}'`), 404)).toBe(`no cart ${id.slice(0, -1)}'`);
    });
  });

  describe('400: the schema of the official files', () => {
    for (const v of [1, 2] as const) {
      it(`v${v}: a body that is not JSON, not a JSON object, or not sent as application/json`, async () => {
        expect(problemOf(await post(v, undefined, { raw: '{"paymentNotices": [' }), 400, v)).toMatch(/^request body is not valid JSON/);
        // an empty application/json body reads as {}
        expect(problemOf(await post(v, undefined, { raw: '' }), 400, v)).toBe('paymentNotices is required');
        expect(problemOf(await post(v, [cart(v)]), 400, v)).toBe('the request body must be a JSON object');
        // valid JSON, but not an object
        expect(problemOf(await post(v, 'a string'), 400, v)).toBe('the request body must be a JSON object');
        expect(problemOf(await post(v, null), 400, v)).toBe('the request body must be a JSON object');
        expect(problemOf(await post(v, undefined, { raw: JSON.stringify(cart(v)), contentType: 'text/plain' }), 400, v)).toBe(
          'Content-Type must be application/json (got "text/plain")',
        );
        expect(problemOf(await post(v, undefined, { raw: 'paymentNotices=1', contentType: 'application/x-www-form-urlencoded' }), 400, v)).toBe(
          'Content-Type must be application/json (got "application/x-www-form-urlencoded")',
        );
        const none = await fetch(`${server.baseUrl}/checkout/ec/v${v}/carts`, { method: 'POST', headers: { 'Ocp-Apim-Subscription-Key': KEY_66 }, redirect: 'manual' });
        const text = await none.text();
        expect(
          problemOf({ status: none.status, contentType: none.headers.get('content-type'), location: none.headers.get('location'), text, body: JSON.parse(text) }, 400, v),
        ).toBe('Content-Type must be application/json (got none)');
      });

      it(`v${v}: paymentNotices missing, empty, not an array; returnUrls missing; each return URL missing`, async () => {
        const cases: [Json, string][] = [
          [{ returnUrls: urlsOf(v) }, 'paymentNotices is required'],
          [cart(v, []), 'paymentNotices must NOT have fewer than 1 items'],
          [{ ...cart(v), paymentNotices: notice() }, 'paymentNotices must be array'],
          [{ paymentNotices: [notice()] }, 'returnUrls is required'],
          [{ ...cart(v), returnUrls: 'https://ec.example.it/ok' }, 'returnUrls must be object'],
        ];
        for (const field of RETURN_URL_FIELDS[v]) {
          const b = cart(v);
          b.returnUrls = { ...urlsOf(v) };
          delete b.returnUrls[field];
          cases.push([b, `returnUrls.${field} is required`]);
        }
        for (const [body, detail] of cases) expect(problemOf(await post(v, body), 400, v)).toBe(detail);
      });

      it(`v${v}: each field of a payment notice missing or out of the schema`, async () => {
        const cases: [Json, string][] = [];
        for (const field of ['noticeNumber', 'fiscalCode', 'amount', 'companyName', 'description']) {
          const n = notice();
          delete n[field];
          cases.push([n, `paymentNotices[0].${field} is required`]);
        }
        cases.push(
          [notice({ noticeNumber: '30211000000000001' }), 'paymentNotices[0].noticeNumber must NOT have fewer than 18 characters'],
          [notice({ noticeNumber: '3021100000000000012' }), 'paymentNotices[0].noticeNumber must NOT have more than 18 characters'],
          [notice({ noticeNumber: '30211ABCDEFGHIJKLM' }), 'paymentNotices[0].noticeNumber must match pattern "^[0-9]{18}$"'],
          [notice({ noticeNumber: 302110000000000000 }), 'paymentNotices[0].noticeNumber must be string'],
          [notice({ fiscalCode: '6666666666' }), 'paymentNotices[0].fiscalCode must NOT have fewer than 11 characters'],
          [notice({ fiscalCode: '666666666666' }), 'paymentNotices[0].fiscalCode must NOT have more than 11 characters'],
          [notice({ fiscalCode: 'RSSMRA80A01' }), 'paymentNotices[0].fiscalCode must match pattern "^[0-9]{11}$"'],
          [notice({ amount: 0 }), 'paymentNotices[0].amount must be >= 1'],
          [notice({ amount: -100 }), 'paymentNotices[0].amount must be >= 1'],
          [notice({ amount: 12.5 }), 'paymentNotices[0].amount must be integer'],
          [notice({ amount: '1000' }), 'paymentNotices[0].amount must be integer'],
          [notice({ amount: null }), 'paymentNotices[0].amount must be integer'],
          [notice({ companyName: 'C'.repeat(141) }), 'paymentNotices[0].companyName must NOT have more than 140 characters'],
          [notice({ description: 'D'.repeat(141) }), 'paymentNotices[0].description must NOT have more than 140 characters'],
          [notice({ description: 42 }), 'paymentNotices[0].description must be string'],
        );
        for (const [line, detail] of cases) expect(problemOf(await post(v, cart(v, [line])), 400, v)).toBe(detail);
        // the faulty notice is named by its index
        expect(problemOf(await post(v, cart(v, [notice(), notice(), notice({ amount: 0 })])), 400, v)).toBe('paymentNotices[2].amount must be >= 1');
      });

      it(`v${v}: emailNotice not an e-mail, allCCP not a boolean (the official example's "false" included), idCart out of range`, async () => {
        const cases: [Json, string][] = [
          [{ emailNotice: 'not-an-email' }, 'emailNotice must match format "email"'],
          [{ emailNotice: 'mario.rossi@' }, 'emailNotice must match format "email"'],
          [{ emailNotice: 42 }, 'emailNotice must be string'],
          [{ allCCP: 'false' }, 'allCCP must be boolean'],
          [{ allCCP: 0 }, 'allCCP must be boolean'],
          [{ idCart: 'i'.repeat(211) }, 'idCart must NOT have more than 210 characters'],
          [{ idCart: 7 }, 'idCart must be string'],
        ];
        for (const [extra, detail] of cases) expect(problemOf(await post(v, cart(v, [notice()], extra)), 400, v)).toBe(detail);
      });

      it(`v${v}: a return URL that is not an absolute http(s) URL, the official example's relative one included`, async () => {
        const bad = [
          'www.comune.di.prova.it/pagopa/success.html',
          'javascript:alert(1)',
          'JavaScript:alert(document.cookie)//https://ec.example.it/',
          'ftp://ec.example.it/pagopa/ok.html',
          'data:text/html,<script>alert(1)</script>',
          'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
          '//evil.example/ok',
          '/pagopa/ok.html',
          'http://',
          'https:///pagopa/ok.html',
          'file:///etc/passwd',
          'vbscript:msgbox(1)',
          ' https://ec.example.it/ok',
          'https://ec.example.it/ok"><script>alert(1)</script>',
          'https://ec.example.it/ok\r\nSet-Cookie: session=stolen',
          '',
        ];
        for (const field of RETURN_URL_FIELDS[v]) {
          for (const url of bad) {
            const detail = problemOf(await post(v, cart(v, [notice()], { returnUrls: { ...urlsOf(v), [field]: url } })), 400, v);
            expect({ url, detail }).toEqual({ url, detail: expect.stringMatching(new RegExp(`^returnUrls\\.${field} must (match format "uri"|match pattern|NOT have fewer)`)) });
          }
          expect(problemOf(await post(v, cart(v, [notice()], { returnUrls: { ...urlsOf(v), [field]: 42 } })), 400, v)).toBe(`returnUrls.${field} must be string`);
        }
      });
    }

    it('the official example bodies themselves are 400s: relative return URLs and allCCP "false" (a string)', async () => {
      const example = (v: 1 | 2) => ({
        emailNotice: 'my_email@mail.it',
        paymentNotices: [
          {
            noticeNumber: '302012387654312384',
            fiscalCode: '77777777777',
            amount: 1000,
            companyName: 'Università degli Studi di Roma La Sapienza',
            description: 'Pagamento test PostePay',
          },
          {
            noticeNumber: '302012387654312385',
            fiscalCode: '77777777777',
            amount: 2000,
            companyName: 'Università degli Studi di Roma La Sapienza',
            description: 'Pagamento test PostePay',
          },
        ],
        returnUrls: {
          returnOkUrl: 'www.comune.di.prova.it/pagopa/success.html',
          returnCancelUrl: 'www.comune.di.prova.it/pagopa/cancel.html',
          returnErrorUrl: 'www.comune.di.prova.it/pagopa/error.html',
          ...(v === 2 ? { returnWaitingUrl: 'www.comune.di.prova.it/pagopa/waiting.html' } : {}),
        },
        idCart: 'id_cart',
        allCCP: 'false',
      });
      for (const v of [1, 2] as const) {
        expect(problemOf(await post(v, example(v)), 400, v)).toMatch(/^returnUrls\.returnOkUrl must match/);
        const fixed = { ...example(v), returnUrls: urlsOf(v) };
        expect(problemOf(await post(v, fixed), 400, v)).toBe('allCCP must be boolean');
      }
    });

    it('a body the JSON reader cannot decode (unsupported charset, bad or unknown Content-Encoding) is a 400, not a 500', async () => {
      const valid = JSON.stringify(cart(2));
      const raw = async (headers: Record<string, string>, body: Buffer | string): Promise<Answer> => {
        const res = await fetch(`${server.baseUrl}/checkout/ec/v2/carts`, {
          method: 'POST',
          headers: { 'Ocp-Apim-Subscription-Key': KEY_66, ...headers },
          body,
          redirect: 'manual',
        });
        const text = await res.text();
        const contentType = res.headers.get('content-type');
        return { status: res.status, contentType, location: res.headers.get('location'), text, body: /json/.test(contentType ?? '') && text ? JSON.parse(text) : undefined };
      };
      // a gzip body is read (body-parser inflates it): the 400s below are about the body, not the feature
      created(await raw({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipSync(valid)), 2);
      const answers = {
        latin1: await raw({ 'Content-Type': 'application/json; charset=latin1' }, valid),
        notGzip: await raw({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, valid),
        compress: await raw({ 'Content-Type': 'application/json', 'Content-Encoding': 'compress' }, valid),
      };
      expect(Object.fromEntries(Object.entries(answers).map(([k, a]) => [k, a.status]))).toEqual({ latin1: 400, notGzip: 400, compress: 400 });
      for (const a of Object.values(answers)) problemOf(a, 400, 2);
    });

    it('a Host header that is not host[:port] (it would be written into Location) is a 400', async () => {
      const url = new URL(`${server.baseUrl}/checkout/ec/v1/carts`);
      const payload = JSON.stringify(cart(1));
      const a = await new Promise<Answer>((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { Host: 'evil.example/x?', 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': KEY_66, 'Content-Length': Buffer.byteLength(payload) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d) => (text += d));
            res.on('end', () =>
              resolve({
                status: res.statusCode!,
                contentType: res.headers['content-type'] ?? null,
                location: res.headers.location ?? null,
                text,
                body: text ? JSON.parse(text) : undefined,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
      expect(problemOf(a, 400)).toBe('the Host header must be host[:port]');
    });

    it('the GET extension with a cart id that is not valid percent-encoding is a 400 problem, not a 500', async () => {
      expect(problemOf(await read('%E0%A4%A'), 400)).toEqual(expect.any(String));
    });

    it('v1 does not require returnWaitingUrl, v2 does', async () => {
      created(await post(1, cart(1, [notice()], { returnUrls: URLS_V1 })), 1);
      expect(problemOf(await post(2, cart(2, [notice()], { returnUrls: URLS_V1 })), 400, 2)).toBe('returnUrls.returnWaitingUrl is required');
    });

    it('a body over 1 MB is refused as problem JSON', async () => {
      const a = await post(2, cart(2, [notice({ description: 'x'.repeat(1_100_000) })]));
      expect(a.status).toBe(413);
      expect(a.contentType).toMatch(/^application\/problem\+json/);
      expect(a.body).toMatchObject({ status: 413, detail: 'the request body exceeds 1 MB' });
      expectOpenApiSchema(SPEC[2], 'ProblemJson', a.body);
      expectNoStackTrace(a.text);
    });
  });

  describe('422: what the real service refuses after the schema', () => {
    for (const v of [1, 2] as const) {
      it(`v${v}: 6 notices`, async () => {
        const lines = [notice(), notice(), notice(), notice(), notice(), notice()];
        expect(problemOf(await post(v, cart(v, lines)), 422, v)).toBe('a cart holds at most 5 payment notices, got 6');
      });

      it(`v${v}: the same notice twice`, async () => {
        const dup = notice();
        const detail = problemOf(await post(v, cart(v, [dup, notice(), { ...dup, amount: 999 }])), 422, v);
        expect(detail).toBe(`notice ${dup.noticeNumber} of ${EC} is in the cart twice`);
      });
    }

    it('an unknown notice (archive station, never published): PAA_PAGAMENTO_SCONOSCIUTO, naming the notice', async () => {
      const nav = freshNav(ARCHIVE);
      const detail = problemOf(await post(2, cart(2, [notice(), notice({ noticeNumber: nav })])), 422, 2);
      expect(detail).toMatch(new RegExp(`^notice ${nav} of ${EC} cannot be paid: PAA_PAGAMENTO_SCONOSCIUTO \\(.+\\)$`));
    });

    // the node's checkPosition answer (issue 5: "422 … a notice that cannot be paid"); an EC the registry does
    // not know is no other EC's that the key is withheld from
    it('an EC not in the registry: PPT_DOMINIO_SCONOSCIUTO, naming the notice', async () => {
      const nav = freshNotice();
      for (const key of [KEY_66, KEY_BROKER]) {
        const detail = problemOf(await post(1, cart(1, [notice({ noticeNumber: nav, fiscalCode: '12345678901' })]), { key }), 422);
        expect(detail).toMatch(new RegExp(`^notice ${nav} of 12345678901 cannot be paid: PPT_DOMINIO_SCONOSCIUTO \\(.+\\)$`));
      }
    });

    it('a notice on a disabled station, or on a segregation code no station serves', async () => {
      const disabled = buildNoticeNumber(3, '16', `5${String(Date.now() % 1e12).padStart(12, '0')}`);
      expect(problemOf(await post(1, cart(1, [notice({ noticeNumber: disabled })])), 422)).toMatch(
        new RegExp(`^notice ${disabled} of ${EC} cannot be paid: PPT_STAZIONE_INT_PA_DISABILITATA \\(.+\\)$`),
      );
      const aux9 = `9${String(Date.now()).padStart(17, '0').slice(-17)}`;
      expect(problemOf(await post(1, cart(1, [notice({ noticeNumber: aux9 })])), 422)).toMatch(
        new RegExp(`^notice ${aux9} of ${EC} cannot be paid: PPT_STAZIONE_INT_PA_SCONOSCIUTA \\(.+\\)$`),
      );
      const nowhere = buildNoticeNumber(3, '55', `5${String(Date.now() % 1e12).padStart(12, '0')}`);
      expect(problemOf(await post(1, cart(1, [notice({ noticeNumber: nowhere })])), 422)).toMatch(
        new RegExp(`^notice ${nowhere} of ${EC} cannot be paid: PPT_STAZIONE_INT_PA_SCONOSCIUTA \\(.+\\)$`),
      );
    });

    it('a notice already paid over SOAP: PPT_PAGAMENTO_DUPLICATO', async () => {
      const nav = freshNav('03');
      await publishNotice(server.baseUrl, nav, [{ cents: 3000 }]);
      const paid = await pay(nodo, nav, 3000, true);
      expect(paid.outcome.outcome).toBe('OK');
      for (const v of [1, 2] as const) {
        const detail = problemOf(await post(v, cart(v, [notice(), notice({ noticeNumber: nav, amount: 3000 })])), 422, v);
        expect(detail).toMatch(new RegExp(`^notice ${nav} of ${EC} cannot be paid: PPT_PAGAMENTO_DUPLICATO \\(.+\\)$`));
      }
    });

    it('a notice in payment (activated, no outcome yet): PPT_PAGAMENTO_IN_CORSO', async () => {
      const nav = freshNav('03');
      await publishNotice(server.baseUrl, nav, [{ cents: 3000 }]);
      const act = await nodo.activateV2(nav, { amount: '30.00' });
      expect(act.result.outcome).toBe('OK');
      const detail = problemOf(await post(2, cart(2, [notice({ noticeNumber: nav, amount: 3000 })])), 422, 2);
      expect(detail).toMatch(new RegExp(`^notice ${nav} of ${EC} cannot be paid: PPT_PAGAMENTO_IN_CORSO \\(.+\\)$`));
    });

    it('published, unpaid notices on the same stations are accepted (the 422s above are about the notice, not the station)', async () => {
      const remote = freshNav('03');
      const archived = freshNav(ARCHIVE);
      await publishNotice(server.baseUrl, remote, [{ cents: 3000 }]);
      await publishNotice(server.baseUrl, archived, [{ cents: 2500 }]);
      const { id } = created(await post(2, cart(2, [notice({ noticeNumber: remote, amount: 3000 }), notice({ noticeNumber: archived, amount: 2500 })])), 2);
      expect((await read(id)).body.paymentNotices.map((n: Json) => n.noticeNumber)).toEqual([remote, archived]);
    });
  });

  describe('expiry (moves the clock: last)', () => {
    it('10 minutes by default: then the GET extension says EXPIRED and the page answers 410', async () => {
      const { id, location } = created(await post(2, cart(2)), 2);
      const open = await read(id);
      expect(Date.parse(open.body.expiresAt) - Date.parse(open.body.createdAt)).toBe(600_000);
      expect((await advanceClock(server.baseUrl, 590_000)).status).toBe(200);
      expect((await read(id)).body.status).toBe('OPEN');
      expect((await fetch(location)).status).toBe(200);
      expect((await advanceClock(server.baseUrl, 10_001)).status).toBe(200);
      const expired = await read(id);
      expect(expired.status).toBe(200);
      expect(expired.body).toMatchObject({ id, status: 'EXPIRED', completedAt: null });
      const page = await fetch(location, { redirect: 'manual' });
      expect(page.status).toBe(410);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('data-status="EXPIRED"');
      expectNoStackTrace(html);
      // a new cart for the same notices is fine
      created(await post(2, cart(2)), 2);
    });
  });
});
