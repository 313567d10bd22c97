import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { ARCHIVE, EC, freshNav, pay, publishNotice } from '../receipts/helpers';
import { call, expectEveryOperationCalled, type CallOptions } from './ownCalls';

/** openapi/gpd-receipts.yaml against the running emulator: the list and one receipt, with their refusals. */
const BASE = `/gpd/payments-receipts-service/v1/payments/${EC}/receipts`;

describe('openapi/gpd-receipts.yaml', () => {
  let server: RunningServer;
  const nav = freshNav(ARCHIVE);
  const get = (path: string, opts: CallOptions = {}) => call(server.baseUrl, 'GET', path, { key: 'demo-ec-66666666666', ...opts });

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
    await publishNotice(server.baseUrl, nav, [{ cents: 1500 }]);
    await pay(await NodeForPsp.connect(server.wsdlUrl), nav, 1500, true);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the receipts; an empty page is 404; a bad parameter 400', async () => {
    const list = await get(`${BASE}?pageSize=5&from=2000-01-01&service=GPD`);
    expect(list.status).toBe(200);
    expect(list.body.results).toContainEqual(expect.objectContaining({ organizationFiscalCode: EC, iuv: nav.slice(1), debtor: 'RSSMRA80A01H501U' }));
    expect((await get(`${BASE}?pageNum=999`)).status).toBe(404);
    expect((await get(`${BASE}?pageSize=0`)).status).toBe(400);
  });

  it('one receipt as XML; unknown 404, another segregation code 422, bad segregationCodes 400', async () => {
    const one = await get(`${BASE}/${nav.slice(1)}`, { headers: { 'X-Request-Id': 'rcpt-1' } });
    expect(one.status).toBe(200);
    expect(one.contentType).toMatch(/^application\/xml/);
    expect(one.text).toContain('paSendRTV2');
    expect(one.headers.get('x-request-id')).toBe('rcpt-1');
    expect((await get(`${BASE}/${freshNav(ARCHIVE).slice(1)}`)).status).toBe(404);
    expect((await get(`${BASE}/${nav.slice(1)}?segregationCodes=01,03`)).status).toBe(422);
    expect((await get(`${BASE}/${nav.slice(1)}?segregationCodes=abc`)).status).toBe(400);
    expect((await get(`${BASE}/%E0%A4%A`)).body.type).toMatch(/bad-request$/);
  });

  it('the gateway: 401 without a body, 403 APIM JSON', async () => {
    for (const path of [BASE, `${BASE}/${nav.slice(1)}`]) {
      expect(await get(path, { key: null })).toMatchObject({ status: 401, text: '' });
      expect((await get(path, { key: 'demo-ec-88888888888' })).body).toEqual({ statusCode: 403, message: 'You are not allowed to access this resource.' });
    }
  });

  it('every operation of gpd-receipts.yaml was called', () => {
    expectEveryOperationCalled('gpd-receipts.yaml');
  });
});
