import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { ARCHIVE, EC, EC2, IBAN2, freshNav, pay, publishNotice } from '../receipts/helpers';
import { call, expectEveryOperationCalled, type CallOptions } from './ownCalls';

/** openapi/biz-events.yaml against the running emulator: receipts of paid notices by IUR (and IUV), and the refusals. */
const BASE = '/bizevents/service/v1/organizations';
const KEY = 'demo-ec-66666666666';

describe('openapi/biz-events.yaml', () => {
  let server: RunningServer;
  const v2 = { nav: freshNav(ARCHIVE), token: '' };
  const v1 = { nav: freshNav(ARCHIVE), token: '' };
  const get = (path: string, opts: CallOptions = {}) => call(server.baseUrl, 'GET', `${BASE}${path}`, { key: KEY, ...opts });

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
    const nodo = await NodeForPsp.connect(server.wsdlUrl);
    // V2 with a second beneficiary and transfer metadata; V1 with a single transfer
    await publishNotice(server.baseUrl, v2.nav, [{ cents: 2000 }, { cents: 550, ec: EC2, iban: IBAN2 }]);
    v2.token = (await pay(nodo, v2.nav, 2550, true)).token;
    await publishNotice(server.baseUrl, v1.nav, [{ cents: 1500 }]);
    v1.token = (await pay(nodo, v1.nav, 1500, false)).token;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('by IUR: the primary EC and a secondary beneficiary find it; X-Request-Id echoed', async () => {
    const mine = await get(`/${EC}/receipts/${v2.token}`, { headers: { 'X-Request-Id': 'biz-1' } });
    expect(mine.body).toMatchObject({ receiptId: v2.token, noticeNumber: v2.nav, outcome: 'OK', paymentAmount: 25.5 });
    expect(mine.headers.get('x-request-id')).toBe('biz-1');
    expect((await get(`/${EC2}/receipts/${v2.token}`, { key: 'demo-ec-88888888888' })).status).toBe(200);
    expect((await get(`/${EC}/receipts/${v1.token}`)).body.transferList).toHaveLength(1);
  });

  it('by IUR and IUV (the primary EC only)', async () => {
    expect((await get(`/${EC}/receipts/${v1.token}/paymentoptions/${v1.nav.slice(1)}`)).body).toMatchObject({ receiptId: v1.token, creditorReferenceId: v1.nav.slice(1) });
    const other = await get(`/${EC2}/receipts/${v2.token}/paymentoptions/${v2.nav.slice(1)}`, { key: 'demo-ec-88888888888' });
    expect([other.status, other.body.code]).toEqual([404, 'BZ_404_001']);
  });

  it('404 with the service code, 400 for a path parameter, 401 without a body', async () => {
    expect((await get(`/${EC}/receipts/no-such-token`)).body).toMatchObject({ status: 404, code: 'BZ_404_002', title: 'Biz Event not found' });
    expect((await get(`/6666/receipts/${v2.token}`)).status).toBe(400);
    expect((await get(`/${EC}/receipts/${v2.token}/paymentoptions/${'9'.repeat(36)}`)).status).toBe(400);
    const malformed = await get(`/${EC}/receipts/%E0%A4%A`);
    expect([malformed.status, malformed.contentType]).toEqual([400, 'application/problem+json']);
    for (const path of [`/${EC}/receipts/${v2.token}`, `/${EC}/receipts/${v2.token}/paymentoptions/${v2.nav.slice(1)}`]) {
      expect(await get(path, { key: null })).toMatchObject({ status: 401, text: '' });
      expect(await get(path, { key: 'demo-ec-77777777777' })).toMatchObject({ status: 401, text: '' });
    }
  });

  it('every operation of biz-events.yaml was called', () => {
    expectEveryOperationCalled('biz-events.yaml');
  });
});
