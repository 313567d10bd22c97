import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASES } from '../helpers/databases';
import { expectOpenApiResponse, expectOpenApiSchema } from '../helpers/openapi';
import { startServer, type RunningServer } from '../helpers/server';
import { freshNotice } from '../helpers/soap';
import { freshArchiveNav, inDays, KEY_66, KEY_88 } from '../aca/helpers';

/**
 * Every REST surface answers its errors from one catalog (src/rest/problems.ts): for each surface, one
 * bad request per kind of problem it can produce, with the exact status, Content-Type and body. Then the
 * numeric query parameters of every list, fed huge, negative, exponent, hex, empty and repeated values:
 * a 400 naming the parameter, never a 500.
 */
const TYPE = 'https://pagopa-node-emulator/problems/';
const PROBLEM = 'application/problem+json';
const ACA = '/aca/v1/paCreatePosition';
const GPD = '/aca/debt-positions-service/v1/organizations/66666666666/debtpositions';
const PULL = '/pagopa-gpd-payments-pull/v1/payment-notices/v1';
const MOCK = '/mock-ec/v1';
const HUGE = '99999999999999999999';

interface Answer {
  status: number;
  contentType: string | null;
  allow: string | null;
  body: Record<string, unknown>;
}

describe('REST problems', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function call(method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
    const res = await fetch(`${server.baseUrl}${path}`, { method, headers: opts.headers, body: opts.body });
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type'), allow: res.headers.get('allow'), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  const json = (body: unknown, extra: Record<string, string> = {}) => ({
    headers: { 'Content-Type': 'application/json', ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const keyed = (key: string, body?: unknown) => (body === undefined ? { headers: { 'Ocp-Apim-Subscription-Key': key } } : json(body, { 'Ocp-Apim-Subscription-Key': key }));

  /** The answer is exactly this problem: status, media type, and no field beyond RFC 7807's (plus `instance` when given). */
  function expectProblem(a: Answer, kind: string, status: number, title: string, detail: string | RegExp, extra: { contentType?: string; instance?: string } = {}): void {
    expect({ status: a.status, contentType: a.contentType }).toEqual({ status, contentType: extra.contentType ?? PROBLEM });
    expect(a.body).toEqual({
      type: TYPE + kind,
      title,
      status,
      detail: typeof detail === 'string' ? detail : expect.stringMatching(detail),
      ...(extra.instance ? { instance: extra.instance } : {}),
    });
    expect(JSON.stringify(a.body)).not.toMatch(/\bat .*\.js:\d+/);
  }

  function acaRequest(iuv: string, extra: object = {}) {
    return {
      paFiscalCode: '66666666666',
      entityType: 'F',
      entityFiscalCode: 'RSSMRA80A01H501U',
      entityFullName: 'Mario Rossi',
      iuv,
      amount: 12345,
      description: 'TARI 2026',
      expirationDate: inDays(30),
      ...extra,
    };
  }

  describe('/admin', () => {
    it.each([
      ['/admin/journal?offset=' + HUGE, `offset must be an integer between 0 and 2147483647, got "${HUGE}"`],
      ['/admin/payments?status=SOMETIMES', 'status must be one of PAYING, PAID, NOTIFIED, FAILED, CANCELLED, got "SOMETIMES"'],
      ['/admin/notices?colour=red', 'unknown parameter "colour"; known: fiscalCode, noticeNumber, status, limit, offset'],
      ['/admin/debtors/lowercase/open-notices', 'taxCode must be a fiscal code: 16 characters A-Z 0-9 (F) or 11 digits (G)'],
    ])('GET %s → 400 bad-parameter', async (path, detail) => {
      expectProblem(await call('GET', path), 'bad-parameter', 400, 'Bad Request', detail);
    });

    it.each([
      ['/admin/journal/12345/request.xml', 'no journal entry 12345'],
      ['/admin/receipts/777', 'no receipt 777'],
      ['/admin/tokens/nope', 'no token nope'],
      ['/admin/carts/not-a-cart', 'no cart not-a-cart'],
      ['/admin/no-such-thing', 'no resource at GET /admin/no-such-thing'],
    ])('GET %s → 404 not-found', async (path, detail) => {
      expectProblem(await call('GET', path), 'not-found', 404, 'Not Found', detail);
    });

    it('an unknown job → 404 not-found', async () => {
      expectProblem(await call('POST', '/admin/jobs/nope/run'), 'not-found', 404, 'Not Found', /^unknown job "nope" \(known: mod3CancelV2, /);
    });

    it('a body the demo cart cannot take → 400 bad-body, 400 for broken JSON, 415 for text, 413 past the limit', async () => {
      expectProblem(await call('POST', '/admin/demo-cart', json({ amountCents: 0 })), 'bad-body', 400, 'Bad Request', 'amountCents must be an integer between 1 and 99999999');
      expectProblem(await call('POST', '/admin/demo-cart', json('{"amountCents": ')), 'bad-body', 400, 'Bad Request', /^request body is not valid JSON: /);
      expectProblem(
        await call('POST', '/admin/demo-cart', { headers: { 'Content-Type': 'text/plain' }, body: '{"amountCents":100}' }),
        'unsupported-media-type',
        415,
        'Unsupported Media Type',
        'Content-Type must be application/json (got "text/plain")',
      );
      expectProblem(
        await call('POST', '/admin/demo-cart', json({ description: 'x'.repeat(200_000) })),
        'payload-too-large',
        413,
        'Payload Too Large',
        'the request body exceeds 100 kB',
      );
    });

    it('a state change from another site → 403 forbidden', async () => {
      expectProblem(
        await call('POST', '/admin/jobs/mod3CancelV2/run', { headers: { Origin: 'http://evil.example' } }),
        'forbidden',
        403,
        'Forbidden',
        'cross-site request refused',
      );
    });
  });

  describe('ACA and GPD', () => {
    it("no key → 401 unauthenticated, another EC's key → 403 forbidden (paCreatePosition)", async () => {
      const { iuv } = freshArchiveNav();
      const none = await call('POST', ACA, json(acaRequest(iuv)));
      expectProblem(none, 'unauthenticated', 401, 'Unauthorized', /^Access denied due to missing subscription key/);
      const other = await call('POST', ACA, keyed(KEY_88, acaRequest(iuv)));
      expectProblem(other, 'forbidden', 403, 'Forbidden', 'the subscription key may not act for creditor institution 66666666666');
      expectOpenApiSchema('pagopa-api/openapi/paCreatePosition.json', 'ProblemJson', other.body);
    });

    it('a body that breaks the schema, is not JSON, is not application/json, or is too large → 400/400/400/413', async () => {
      const { iuv } = freshArchiveNav();
      const schema = await call('POST', ACA, keyed(KEY_66, acaRequest(iuv, { amount: 'ten' })));
      expectProblem(schema, 'bad-body', 400, 'Bad Request', /amount/);
      expectOpenApiResponse('pagopa-api/openapi/paCreatePosition.json', '/paCreatePosition', 'POST', 400, schema.body);
      expectProblem(
        await call('POST', ACA, { headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': KEY_66 }, body: '{' }),
        'bad-body',
        400,
        'Bad Request',
        /^request body is not valid JSON: /,
      );
      expectProblem(
        await call('POST', ACA, { headers: { 'Content-Type': 'text/plain', 'Ocp-Apim-Subscription-Key': KEY_66 }, body: '{}' }),
        'bad-body',
        400,
        'Bad Request',
        'Content-Type must be application/json (got "text/plain")',
      );
      const big = await call('POST', ACA, keyed(KEY_66, acaRequest(iuv, { description: 'x'.repeat(1_100_000) })));
      expectProblem(big, 'payload-too-large', 413, 'Payload Too Large', 'the request body exceeds 1 MB');
    });

    it('a state that forbids the change → 409 conflict (GPD publish) and 409 aca-unauthorized-action (ACA on an INVALID position)', async () => {
      const { iuv } = freshArchiveNav();
      expect((await call('POST', ACA, keyed(KEY_66, acaRequest(iuv)))).status).toBe(200);
      const publish = await call('POST', `${GPD}/ACA_66666666666_${iuv}/publish`, keyed(KEY_66));
      expectProblem(publish, 'conflict', 409, 'Conflict', `Debt position ACA_66666666666_${iuv} is VALID: only a DRAFT position can be published`);
      expectOpenApiResponse('pagopa-api/openapi/gpd-4-aca.json', '/organizations/{organizationfiscalcode}/debtpositions/{iupd}/publish', 'POST', 409, publish.body);
      expect((await call('POST', ACA, keyed(KEY_66, acaRequest(iuv, { amount: 0 })))).status).toBe(200);
      const again = await call('POST', ACA, keyed(KEY_66, acaRequest(iuv)));
      expectProblem(again, 'aca-unauthorized-action', 409, 'Unauthorized action', `Unauthorized action on debt position with iuv ${iuv}: it is INVALID`);
    });

    it('an unknown position → 404 not-found; a bad list parameter → 400 bad-parameter', async () => {
      const missing = await call('GET', `${GPD}/NOPE`, keyed(KEY_66));
      expectProblem(missing, 'not-found', 404, 'Not Found', 'No debt position found with creditor institution code 66666666666 and iupd NOPE');
      expectOpenApiResponse('pagopa-api/openapi/gpd-4-aca.json', '/organizations/{organizationfiscalcode}/debtpositions/{iupd}', 'GET', 404, missing.body);
      const bad = await call('GET', `${GPD}?orderby=COLOUR`, keyed(KEY_66));
      expectProblem(bad, 'bad-parameter', 400, 'Bad Request', 'orderby must be one of INSERTED_DATE, IUPD, STATUS, COMPANY_NAME');
    });

    it('GPD receipts: an IUV outside segregationCodes → 422 unprocessable', async () => {
      const a = await call('GET', '/gpd/payments-receipts-service/v1/payments/66666666666/receipts/01000000000000001?segregationCodes=02', keyed(KEY_66));
      expectProblem(a, 'unprocessable', 422, 'Unprocessable Entity', 'the IUV 01000000000000001 has segregation code 01, not among segregationCodes 02');
    });
  });

  describe('carts', () => {
    const CARTS = '/checkout/ec/v2/carts';
    const URLS = {
      returnOkUrl: 'https://ec.example.it/ok',
      returnCancelUrl: 'https://ec.example.it/ko',
      returnErrorUrl: 'https://ec.example.it/err',
      returnWaitingUrl: 'https://ec.example.it/wait',
    };
    const line = () => ({ noticeNumber: freshNotice(), fiscalCode: '66666666666', amount: 1234, companyName: 'Comune di Test', description: 'TARI' });

    it.each([
      [
        'no key',
        () => call('POST', CARTS, json({ paymentNotices: [line()], returnUrls: URLS })),
        'unauthenticated',
        401,
        'Unauthorized',
        /^Access denied due to missing subscription key/,
      ],
      [
        "another EC's key",
        () => call('POST', CARTS, keyed(KEY_88, { paymentNotices: [line()], returnUrls: URLS })),
        'forbidden',
        403,
        'Forbidden',
        'the subscription key may not act for creditor institution 66666666666',
      ],
      ['a schema violation', () => call('POST', CARTS, keyed(KEY_66, { paymentNotices: [], returnUrls: URLS })), 'bad-body', 400, 'Bad Request', /paymentNotices/],
      [
        'six notices',
        () => call('POST', CARTS, keyed(KEY_66, { paymentNotices: [line(), line(), line(), line(), line(), line()], returnUrls: URLS })),
        'unprocessable',
        422,
        'Unprocessable Entity',
        /^(a cart holds at most 5 payment notices, got 6|.*paymentNotices.*)$/,
      ],
      [
        'an unknown cart',
        () => call('GET', `${CARTS}/00000000-0000-4000-8000-000000000000`, keyed(KEY_66)),
        'not-found',
        404,
        'Not Found',
        'no cart 00000000-0000-4000-8000-000000000000',
      ],
    ] as [string, () => Promise<Answer>, string, number, string, string | RegExp][])(
      '%s → its problem, valid against checkout_v2.json ProblemJson',
      async (_name, run, kind, status, title, detail) => {
        const a = await run();
        if (kind === 'unprocessable' && a.status === 400) return expectProblem(a, 'bad-body', 400, 'Bad Request', detail); // the schema's maxItems may catch it first
        expectProblem(a, kind, status, title, detail);
        expectOpenApiSchema('pagopa-api/openapi/checkout_v2.json', 'ProblemJson', a.body);
      },
    );
  });

  describe('payments-pull (its own ErrorResponse: application/json, PPL code in instance)', () => {
    it('a bad tax code → 400 invalid-tax-code PPL_601', async () => {
      const a = await call('GET', PULL, { headers: { 'x-tax-code': 'short' } });
      expectProblem(a, 'invalid-tax-code', 400, 'Invalid tax code', 'Invalid tax code provided: short', { contentType: 'application/json', instance: 'PPL_601' });
      expectOpenApiResponse('gpd-payments-pull/openapi.json', '/payment-notices/v1', 'GET', 400, a.body);
    });
    it('a bad parameter → 400 bad-parameter PPL_600; a POST → 405 with Allow', async () => {
      const a = await call('GET', `${PULL}?page=${HUGE}`, { headers: { 'x-tax-code': 'RSSMRA80A01H501U' } });
      expectProblem(a, 'bad-parameter', 400, 'Bad Request', `Bad request: page must be an integer between 0 and 2147483647, got "${HUGE}"`, {
        contentType: 'application/json',
        instance: 'PPL_600',
      });
      expectOpenApiResponse('gpd-payments-pull/openapi.json', '/payment-notices/v1', 'GET', 400, a.body);
      const post = await call('POST', PULL);
      expectProblem(post, 'method-not-allowed', 405, 'Method Not Allowed', 'POST is not supported', { contentType: 'application/json', instance: 'PPL_600' });
      expect(post.allow).toBe('GET');
    });
  });

  describe('the mock EC control API', () => {
    it.each([
      ['POST', `${MOCK}/response/paNope`, json({ action: 'drop' }), 'bad-parameter', 400, 'Bad Request', /^unknown primitive "paNope"/],
      ['GET', `${MOCK}/history/12/paSendRT`, {}, 'bad-parameter', 400, 'Bad Request', 'noticeNumber must be 18 digits, got "12"'],
      ['POST', `${MOCK}/response/paSendRT`, json('{nope'), 'bad-body', 400, 'Bad Request', 'request body is not valid JSON'],
      ['POST', `${MOCK}/response/paSendRT`, json({ action: 'explode' }), 'bad-body', 400, 'Bad Request', /^action must be one of/],
      [
        'POST',
        `${MOCK}/response/paSendRT`,
        { headers: { 'Content-Type': 'text/plain' }, body: '{"action":"drop"}' },
        'unsupported-media-type',
        415,
        'Unsupported Media Type',
        'Content-Type must be application/json (got "text/plain")',
      ],
      [
        'POST',
        `${MOCK}/response/paSendRT`,
        json({ action: 'raw', body: 'x'.repeat(300_000) }),
        'payload-too-large',
        413,
        'Payload Too Large',
        'the body must be JSON of at most 262144 bytes',
      ],
      ['GET', `${MOCK}/nothing`, {}, 'not-found', 404, 'Not Found', /^no mock EC resource at \/mock-ec\/v1\/nothing/],
      ['GET', `${MOCK}?xsd=nope.xsd`, {}, 'not-found', 404, 'Not Found', 'GET /mock-ec/v1?wsdl for the WSDL, ?xsd=<file> for a schema'],
      ['PUT', `${MOCK}/history`, {}, 'method-not-allowed', 405, 'Method Not Allowed', 'allowed: GET, DELETE'],
    ] as [string, string, { headers?: Record<string, string>; body?: string }, string, number, string, string | RegExp][])(
      '%s %s → its problem',
      async (method, path, opts, kind, status, title, detail) => {
        const a = await call(method, path, opts);
        expectProblem(a, kind, status, title, detail);
        if (kind === 'method-not-allowed') expect(a.allow).toBe('GET, DELETE');
      },
    );
  });

  describe('?wsdl on the SOAP path', () => {
    it('an unknown schema → 404 not-found', async () => {
      expectProblem(
        await call('GET', '/node-for-psp/v1?xsd=nope.xsd'),
        'not-found',
        404,
        'Not Found',
        'GET /node-for-psp/v1?wsdl or /node-for-pa/v1?wsdl for the WSDL, ?xsd=<file> for a schema',
      );
    });
    it('a Host that is not host[:port] → 400 bad-request', async () => {
      const u = new URL(server.baseUrl);
      const a = await new Promise<Answer>((resolve, reject) => {
        http
          .get({ host: u.hostname, port: u.port, path: '/node-for-psp/v1?wsdl', headers: { Host: 'evil.example/x' } }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () =>
              resolve({ status: res.statusCode!, contentType: res.headers['content-type'] ?? null, allow: null, body: JSON.parse(text) as Record<string, unknown> }),
            );
          })
          .on('error', reject);
      });
      expectProblem(a, 'bad-request', 400, 'Bad Request', 'the Host header must be host[:port]');
    });
  });

  describe('the catalog itself', () => {
    it('GET /problems/{kind} documents a type; an unknown kind is a 404 problem', async () => {
      const doc = await call('GET', '/problems/bad-parameter', { headers: { Accept: 'application/json' } });
      expect(doc).toMatchObject({ status: 200, body: { type: `${TYPE}bad-parameter`, kind: 'bad-parameter', status: 400, title: 'Bad Request' } });
      const page = await fetch(`${server.baseUrl}/problems/conflict`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain(`${TYPE}conflict`);
      expectProblem(await call('GET', '/problems/nope'), 'not-found', 404, 'Not Found', 'no problem type "nope"; GET /problems lists them');
    });
  });

  describe('numeric query parameters: bounded, decimal digits only, given once', () => {
    const BAD = [HUGE, '-1', '1e3', '0x10', '1.5', ' 7'];
    const ADMIN_LISTS = ['/admin/journal', '/admin/receipts', '/admin/payments', '/admin/notices', '/admin/positions', '/admin/carts', '/admin/outbox'];

    it.each(ADMIN_LISTS)('%s: offset and limit', async (list) => {
      for (const v of BAD) {
        expectProblem(
          await call('GET', `${list}?offset=${encodeURIComponent(v)}`),
          'bad-parameter',
          400,
          'Bad Request',
          `offset must be an integer between 0 and 2147483647, got "${v}"`,
        );
        expectProblem(await call('GET', `${list}?limit=${encodeURIComponent(v)}`), 'bad-parameter', 400, 'Bad Request', `limit must be an integer between 1 and 500, got "${v}"`);
      }
      expectProblem(await call('GET', `${list}?offset=1&offset=2`), 'bad-parameter', 400, 'Bad Request', 'offset must be given once, as a plain value');
      expectProblem(await call('GET', `${list}?limit=1&limit=2`), 'bad-parameter', 400, 'Bad Request', 'limit must be given once, as a plain value');
      // empty means "no filter": the defaults; the largest offset is an empty page, not an error
      expect(await call('GET', `${list}?offset=&limit=`)).toMatchObject({ status: 200, body: { limit: 50, offset: 0 } });
      expect(await call('GET', `${list}?offset=2147483647&limit=500`)).toMatchObject({ status: 200, body: { limit: 500, offset: 2147483647, items: [] } });
    });

    it('GPD debt positions: page and limit', async () => {
      for (const v of [...BAD, '']) {
        expectProblem(
          await call('GET', `${GPD}?page=${encodeURIComponent(v)}`, keyed(KEY_66)),
          'bad-parameter',
          400,
          'Bad Request',
          `page must be an integer between 0 and 2147483647, got "${v}"`,
        );
        expectProblem(
          await call('GET', `${GPD}?limit=${encodeURIComponent(v)}`, keyed(KEY_66)),
          'bad-parameter',
          400,
          'Bad Request',
          `limit must be an integer between 1 and 50, got "${v}"`,
        );
      }
      expectProblem(await call('GET', `${GPD}?page=1&page=2`, keyed(KEY_66)), 'bad-parameter', 400, 'Bad Request', 'page must be given once, as a plain value');
      expect((await call('GET', `${GPD}?page=2147483647&limit=50`, keyed(KEY_66))).status).toBe(200);
    });

    it('GPD receipts: pageNum and pageSize', async () => {
      const list = '/gpd/payments-receipts-service/v1/payments/66666666666/receipts';
      for (const v of BAD) {
        expectProblem(
          await call('GET', `${list}?pageNum=${encodeURIComponent(v)}`, keyed(KEY_66)),
          'bad-parameter',
          400,
          'Bad Request',
          `pageNum must be an integer between 0 and 2147483647, got "${v}"`,
        );
        expectProblem(
          await call('GET', `${list}?pageSize=${encodeURIComponent(v)}`, keyed(KEY_66)),
          'bad-parameter',
          400,
          'Bad Request',
          `pageSize must be an integer between 1 and 100, got "${v}"`,
        );
      }
      expectProblem(await call('GET', `${list}?pageNum=1&pageNum=2`, keyed(KEY_66)), 'bad-parameter', 400, 'Bad Request', 'pageNum must be given once, as a plain value');
      // GPD answers an empty page as not found
      expect((await call('GET', `${list}?pageNum=2147483647&pageSize=100`, keyed(KEY_66))).status).toBe(404);
    });

    it('payments-pull: page and limit', async () => {
      const tax = { headers: { 'x-tax-code': 'RSSMRA80A01H501U' } };
      for (const v of [...BAD, '']) {
        const pull = { contentType: 'application/json', instance: 'PPL_600' };
        expectProblem(
          await call('GET', `${PULL}?page=${encodeURIComponent(v)}`, tax),
          'bad-parameter',
          400,
          'Bad Request',
          `Bad request: page must be an integer between 0 and 2147483647, got "${v}"`,
          pull,
        );
        expectProblem(
          await call('GET', `${PULL}?limit=${encodeURIComponent(v)}`, tax),
          'bad-parameter',
          400,
          'Bad Request',
          `Bad request: limit must be an integer between 1 and 100, got "${v}"`,
          pull,
        );
      }
      expectProblem(await call('GET', `${PULL}?page=1&page=2`, tax), 'bad-parameter', 400, 'Bad Request', 'Bad request: page must be given once', {
        contentType: 'application/json',
        instance: 'PPL_600',
      });
      expect(await call('GET', `${PULL}?page=2147483647&limit=100`, tax)).toMatchObject({ status: 200, body: [] });
    });
  });
});
