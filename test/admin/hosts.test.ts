import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer, type RunningServer } from '../helpers/server';
import { EC, envelope, freshNotice, verifyXml } from '../helpers/soap';

type Answer = { status: number; type: string | undefined; headers: http.IncomingHttpHeaders; text: string };

/** Raw HTTP, because fetch will not send a Host header of our choosing. */
function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path, method, headers: { ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const SOAP = { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: 'verifyPaymentNotice' };
const verify = () => envelope(verifyXml(freshNotice()));
const cart = () =>
  JSON.stringify({
    paymentNotices: [{ noticeNumber: freshNotice(), fiscalCode: EC, amount: 1234, companyName: 'Comune di Test', description: 'TARI' }],
    returnUrls: { returnOkUrl: 'https://ec.example.it/ok', returnCancelUrl: 'https://ec.example.it/ko', returnErrorUrl: 'https://ec.example.it/err' },
  });
const CART_HEADERS = { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': 'demo-ec-66666666666' };
const problemOf = (a: Answer) => {
  expect(a.type).toMatch(/^application\/problem\+json/);
  return JSON.parse(a.text) as { title: string; status: number; detail: string };
};
const faultOf = (a: Answer) => {
  expect(a.type).toMatch(/^text\/xml/);
  expect(a.text).toContain('<soap:Fault><faultcode>soap:Client</faultcode>');
  return a.text;
};

// one request on every surface: SOAP (both paths), ?wsdl, /admin, REST, the pull API, pages, the mock EC
const SURFACES: [string, string, string, Record<string, string>, (() => string)?][] = [
  ['SOAP', 'POST', '/node-for-psp/v1', SOAP, verify],
  ['SOAP (webservices/input)', 'POST', '/webservices/input', SOAP, verify],
  ['WSDL', 'GET', '/node-for-psp/v1?wsdl', {}],
  ['admin', 'GET', '/admin/clock', {}],
  ['health', 'GET', '/health', {}],
  ['carts', 'POST', '/checkout/ec/v1/carts', CART_HEADERS, cart],
  ['pull', 'GET', '/pagopa-gpd-payments-pull/v1/info', {}],
  ['dashboard', 'GET', '/', {}],
  ['mock EC SOAP', 'POST', '/mock-ec/v1', { 'Content-Type': 'text/xml; charset=UTF-8', SOAPAction: 'paVerifyPaymentNotice' }, () => '<x/>'],
  ['mock EC WSDL', 'GET', '/mock-ec/v1?wsdl', {}],
  ['mock EC control', 'DELETE', '/mock-ec/v1/history', {}],
];

describe('a server reachable from other machines: --host 0.0.0.0 --admin-token t', () => {
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:', args: ['--host', '0.0.0.0', '--admin-token', 't'] });
    base = `http://127.0.0.1:${new URL(server.baseUrl).port}`;
  });
  afterAll(async () => {
    await server?.stop();
  });
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('warns at start-up that it is reachable, and says the admin API wants the token', () => {
    expect(server.stderr()).toMatch(/WARN listening on 0\.0\.0\.0, reachable from other machines/);
    expect(server.stdout()).toContain('AUTH  /admin and the mock EC control API want Authorization: Bearer');
  });

  it.each([
    ['GET', '/admin/clock'],
    ['POST', '/admin/clock/reset'],
    ['GET', '/admin/registry'],
    ['PUT', '/admin/registry'],
    ['GET', '/admin/journal'],
    ['POST', '/mock-ec/v1/response/paSendRTV2'],
    ['DELETE', '/mock-ec/v1/response'],
    ['GET', `/mock-ec/v1/history/${'3'.repeat(18)}/paSendRTV2`],
    ['DELETE', '/mock-ec/v1/history'],
    // pagoPA mode's control API
    ['GET', '/mock-ec/info'],
    ['POST', '/mock-ec/response/paVerifyPaymentNotice'],
    ['DELETE', '/mock-ec/response'],
    ['GET', `/mock-ec/history/${'3'.repeat(18)}/paSendRTV2`],
  ])('%s %s: 401 without the token and with a wrong one', async (method, path) => {
    const none = await send(base, method, path);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="pagopa-node-emulator admin"');
    expect(problemOf(none)).toEqual({
      type: 'https://pagopa-node-emulator/problems/unauthenticated',
      title: 'Unauthorized',
      status: 401,
      detail: 'this API wants Authorization: Bearer <the --admin-token>',
    });
    for (const wrong of [auth('tt'), auth('T'), auth(''), { Authorization: 'Basic dDp0' }, { Authorization: 't' }]) {
      const a = await send(base, method, path, wrong);
      expect({ wrong, status: a.status }).toEqual({ wrong, status: 401 });
      expect(problemOf(a).detail).toBe('the admin token is not the one this server was started with');
    }
  });

  it('the token is wanted whatever the case of the path (express routes /ADMIN/… to the admin API too)', async () => {
    for (const path of ['/ADMIN/clock', '/Admin/registry', '/admin/Clock']) {
      expect({ path, status: (await send(base, 'GET', path)).status }).toEqual({ path, status: 401 });
    }
  });

  it('admits the right token', async () => {
    expect((await send(base, 'GET', '/admin/clock', auth('t'))).status).toBe(200);
    expect((await send(base, 'GET', '/admin/clock', { Authorization: 'bearer t' })).status).toBe(200);
    expect((await send(base, 'POST', '/admin/clock/advance', { ...auth('t'), 'Content-Type': 'application/json' }, '{"ms":0}')).status).toBe(200);
    expect((await send(base, 'DELETE', '/mock-ec/v1/history', auth('t'))).status).toBe(204);
    const q = await send(
      base,
      'POST',
      '/mock-ec/v1/response/paVerifyPaymentNotice',
      { ...auth('t'), 'Content-Type': 'application/json' },
      '{"action":"invalid","noticeNumber":"311111111111111111"}',
    );
    expect(q.status).toBe(201);
    expect((await send(base, 'DELETE', '/mock-ec/v1/response', auth('t'))).status).toBe(204);
  });

  it('SOAP, the WSDL, the REST APIs, the pages and the mock EC SOAP endpoint do not want the token', async () => {
    expect((await send(base, 'POST', '/node-for-psp/v1', SOAP, verify())).text).toContain('<outcome>OK</outcome>');
    expect((await send(base, 'GET', '/node-for-psp/v1?wsdl')).status).toBe(200);
    expect((await send(base, 'GET', '/health')).status).toBe(200);
    expect((await send(base, 'GET', '/')).status).toBe(200);
    expect((await send(base, 'POST', '/checkout/ec/v1/carts', CART_HEADERS, cart())).status).toBe(302);
    expect((await send(base, 'GET', '/mock-ec/v1?wsdl')).status).toBe(200);
    // pagoPA mode's SOAP endpoint: family 04 of EC 77777777777
    const pagopa = await send(
      base,
      'POST',
      '/mock-ec',
      { 'Content-Type': 'text/xml; charset=utf-8' },
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><pafn:paVerifyPaymentNoticeReq xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><qrCode><fiscalCode>77777777777</fiscalCode><noticeNumber>302040000000000001</noticeNumber></qrCode></pafn:paVerifyPaymentNoticeReq></s:Body></s:Envelope>',
    );
    expect(pagopa.text).toContain('<amount>100.00</amount>');
  });

  it.each(SURFACES.map((s) => [s[0], s] as const))('%s: a foreign Host is a 403 (DNS rebinding)', async (_, [name, method, path, headers, body]) => {
    const a = await send(base, method, path, { ...headers, ...auth('t'), Host: `rebound.example:${new URL(base).port}` }, body?.());
    expect(a.status).toBe(403);
    const expected = 'Host "rebound.example:' + new URL(base).port + '" is not a name of this server; start it with --allowed-hosts rebound.example to admit it';
    if (method === 'POST' && name.includes('SOAP')) expect(faultOf(a)).toContain(`<detail>${expected.replace(/"/g, '&quot;')}</detail>`);
    else expect(problemOf(a)).toEqual({ type: 'https://pagopa-node-emulator/problems/forbidden', title: 'Forbidden', status: 403, detail: expected });
  });

  it('loopback names and the bind address are this server, whatever the port', async () => {
    const port = new URL(base).port;
    for (const host of [`localhost:${port}`, `LOCALHOST:${port}`, 'localhost', `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, `0.0.0.0:${port}`, 'app.localhost:1']) {
      const a = await send(base, 'GET', '/node-for-psp/v1?wsdl', { Host: host });
      expect({ host, status: a.status }).toEqual({ host, status: 200 });
      expect(a.text).toContain(`<soap:address location="http://${host}/node-for-psp/v1"/>`);
    }
    for (const host of ['127.0.0.1.rebound.example', 'localhost.example', '10.255.255.1', `[::2]:${port}`]) {
      expect({ host, status: (await send(base, 'GET', '/health', { Host: host })).status }).toEqual({ host, status: 403 });
    }
  });
});

describe('--allowed-hosts and cross-site requests on a loopback server (no token)', () => {
  let server: RunningServer;
  let base: string;
  let port: string;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:', args: ['--allowed-hosts', 'nodo.example, Other.Example.'] });
    base = server.baseUrl;
    port = new URL(base).port;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('admits the configured names on every surface (any port), and still refuses the others', async () => {
    for (const [name, method, path, headers, body] of SURFACES) {
      for (const host of ['nodo.example:8443', 'nodo.example', 'other.example', 'NODO.EXAMPLE:1']) {
        const a = await send(base, method, path, { ...headers, Host: host }, body?.());
        expect({ name, host, forbidden: a.status === 403 }).toEqual({ name, host, forbidden: false });
      }
      expect({ name, status: (await send(base, method, path, { ...headers, Host: 'evil.example' }, body?.())).status }).toEqual({ name, status: 403 });
    }
    const wsdl = await send(base, 'GET', '/node-for-psp/v1?wsdl', { Host: 'nodo.example:8443' });
    expect(wsdl.text).toContain('<soap:address location="http://nodo.example:8443/node-for-psp/v1"/>');
  });

  it('the cart Location names an allowed Host, never a foreign one', async () => {
    const a = await send(base, 'POST', '/checkout/ec/v1/carts', { ...CART_HEADERS, Host: 'nodo.example:8443' }, cart());
    expect(a.status).toBe(302);
    expect(a.headers.location).toMatch(/^http:\/\/nodo\.example:8443\/checkout\/carts\/[0-9a-f-]+$/);
    const evil = await send(base, 'POST', '/checkout/ec/v1/carts', { ...CART_HEADERS, Host: 'evil.example' }, cart());
    expect(evil.status).toBe(403);
    expect(evil.headers.location).toBeUndefined();
  });

  it('refuses a cross-site text/plain SOAP POST (Origin or Sec-Fetch-Site) with a 403 soap:Fault, and journals nothing', async () => {
    const notice = freshNotice();
    const body = envelope(verifyXml(notice));
    const plain = { 'Content-Type': 'text/plain', SOAPAction: 'verifyPaymentNotice' };
    for (const h of <Record<string, string>[]>[
      { Origin: 'http://evil.example' },
      { Origin: 'null' },
      { Origin: `http://localhost:${Number(port) + 1}` },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'http://nodo.example', 'Sec-Fetch-Site': 'cross-site' },
    ]) {
      const a = await send(base, 'POST', '/node-for-psp/v1', { ...plain, ...h }, body);
      expect({ h, status: a.status }).toEqual({ h, status: 403 });
      expect(faultOf(a)).toContain('<faultstring>Forbidden</faultstring><detail>cross-site request refused</detail>');
    }
    const journal = await send(base, 'GET', `/admin/journal?noticeNumber=${notice}`);
    expect(JSON.parse(journal.text).total).toBe(0);
    // this server's own pages, the allowed names' pages and non-browser clients are served
    for (const h of <Record<string, string>[]>[
      {},
      { Origin: base },
      { Origin: base, 'Sec-Fetch-Site': 'same-origin' },
      { Origin: 'https://nodo.example' },
      { Origin: 'http://other.example:8080' },
    ]) {
      const a = await send(base, 'POST', '/node-for-psp/v1', { ...SOAP, ...h }, envelope(verifyXml(freshNotice())));
      expect({ h, status: a.status, ok: a.text.includes('<outcome>OK</outcome>') }).toEqual({ h, status: 200, ok: true });
    }
  });

  it('refuses a cross-site simple POST to the mock EC control API: the page cannot make it refuse every receipt', async () => {
    const override = JSON.stringify({ action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', times: 1000 });
    for (const path of ['/mock-ec/v1/response/paSendRTV2', '/mock-ec/v1/response/paSendRT']) {
      const a = await send(base, 'POST', path, { 'Content-Type': 'text/plain', Origin: 'http://evil.example' }, override);
      expect(a.status).toBe(403);
      expect(problemOf(a)).toEqual({ type: 'https://pagopa-node-emulator/problems/forbidden', title: 'Forbidden', status: 403, detail: 'cross-site request refused' });
    }
    expect((await send(base, 'DELETE', '/mock-ec/v1/history', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    // nothing was queued: the first override a legitimate client queues is the first in line
    const ok = await send(
      base,
      'POST',
      '/mock-ec/v1/response/paSendRTV2',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ action: 'invalid', noticeNumber: '311111111111111111' }),
    );
    expect(ok.status).toBe(201);
    expect(JSON.parse(ok.text)).toEqual({ queued: 1 });
    expect((await send(base, 'DELETE', '/mock-ec/v1/response', { Origin: base })).status).toBe(204);
  });

  it('refuses a cross-site state change on /admin; reads are not refused', async () => {
    const a = await send(base, 'POST', '/admin/clock/advance', { 'Content-Type': 'text/plain', Origin: 'http://evil.example' }, '{"ms":1}');
    expect(problemOf(a)).toEqual({ type: 'https://pagopa-node-emulator/problems/forbidden', title: 'Forbidden', status: 403, detail: 'cross-site request refused' });
    expect((await send(base, 'GET', '/admin/clock', { Origin: 'http://evil.example' })).status).toBe(200);
  });
});

describe('NODO_ALLOWED_HOSTS and --public-url', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ db: 'sqlite::memory:', args: ['--public-url', 'https://pagopa.example.org/nodo/'], env: { NODO_ALLOWED_HOSTS: 'env.example' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('takes the allowed hosts from the environment, and the public URL host is allowed too', async () => {
    expect((await send(server.baseUrl, 'GET', '/health', { Host: 'env.example' })).status).toBe(200);
    expect((await send(server.baseUrl, 'GET', '/health', { Host: 'pagopa.example.org' })).status).toBe(200);
    expect((await send(server.baseUrl, 'GET', '/health', { Host: 'evil.example' })).status).toBe(403);
  });

  it('addresses the cart Location, the WSDL and the mock EC WSDL to the public URL, whatever the Host', async () => {
    for (const host of [undefined, 'env.example:9000']) {
      const h: Record<string, string> = host ? { Host: host } : {};
      const a = await send(server.baseUrl, 'POST', '/checkout/ec/v1/carts', { ...CART_HEADERS, ...h }, cart());
      expect(a.status).toBe(302);
      expect(a.headers.location).toMatch(/^https:\/\/pagopa\.example\.org\/nodo\/checkout\/carts\/[0-9a-f-]+$/);
      const wsdl = await send(server.baseUrl, 'GET', '/node-for-psp/v1?wsdl', h);
      expect(wsdl.text).toContain('<soap:address location="https://pagopa.example.org/nodo/node-for-psp/v1"/>');
      expect(wsdl.text).toContain('schemaLocation="https://pagopa.example.org/nodo/node-for-psp/v1?xsd=nodeForPsp.xsd"');
      const mock = await send(server.baseUrl, 'GET', '/mock-ec/v1?wsdl', h);
      expect(mock.text).toContain('location="https://pagopa.example.org/nodo/mock-ec/v1"');
    }
    expect(server.stdout()).toContain('URL   links, Location and WSDL addresses use https://pagopa.example.org/nodo');
  });

  it('a page of the public URL may change state (its Origin is this server)', async () => {
    const a = await send(server.baseUrl, 'POST', '/admin/clock/reset', { Origin: 'https://pagopa.example.org' });
    expect(a.status).toBe(200);
  });
});
