import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { startMockEc, type RunningMockEc } from '../helpers/mockEc';
import { tempDir } from '../helpers/server';
import { head, PaForNode } from './helpers';

// demo notices the standalone mock EC seeds into an empty database (src/ec/demoNotices.ts)
const IMU = buildNoticeNumber(3, '03', '0000000000001');
const PASSO = buildNoticeNumber(3, '04', '0000000000001');

interface Item {
  id: number;
  at: string;
  primitive: string;
  noticeNumber: string;
  request: string;
  response: string | null;
  httpStatus: number | null;
  override: string | null;
}
interface Page {
  total: number;
  limit: number;
  offset: number;
  items: Item[];
}

/**
 * GET /mock-ec/v1/history: everything the mock EC received and answered, newest first, paged and
 * filtered (the dashboard's Mock EC tab reads it); a bad parameter is a 400 problem naming it.
 */
describe('the mock EC history listing', () => {
  let mock: RunningMockEc;
  let pa: PaForNode;
  const get = async (q = '') => {
    const res = await fetch(`${mock.url}/history${q}`);
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Page & { detail?: string } };
  };

  beforeAll(async () => {
    mock = await startMockEc({ db: `sqlite:${tempDir()}/nodo.sqlite` });
    pa = await PaForNode.connect(mock.url);
    await pa.call('paVerifyPaymentNotice', head(IMU));
    await mock.queue('paGetPayment', { action: 'fault', faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', noticeNumber: PASSO });
    await pa.call('paGetPayment', head(PASSO));
    await pa.call('paVerifyPaymentNotice', head(PASSO));
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it('lists every exchange newest first, with ids, request and answer', async () => {
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 3, limit: 20, offset: 0 });
    expect(body.items.map((i) => [i.primitive, i.noticeNumber, i.override])).toEqual([
      ['paVerifyPaymentNotice', PASSO, null],
      ['paGetPayment', PASSO, 'fault'],
      ['paVerifyPaymentNotice', IMU, null],
    ]);
    const ids = body.items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(body.items[1]!.request).toContain(`<noticeNumber>${PASSO}</noticeNumber>`);
    expect(body.items[1]!.response).toContain('PAA_PAGAMENTO_SCONOSCIUTO');
    expect(body.items[1]!.httpStatus).toBe(200);
    // the per-notice query answers the same entries
    expect((await mock.history(PASSO, 'paGetPayment')).map((e) => e.response)).toEqual([body.items[1]!.response]);
  });

  it('filters by primitive and notice, and pages', async () => {
    expect((await get('?primitive=paVerifyPaymentNotice')).body.items.map((i) => i.noticeNumber)).toEqual([PASSO, IMU]);
    expect((await get(`?noticeNumber=${PASSO}`)).body.total).toBe(2);
    expect((await get(`?noticeNumber=${IMU}&primitive=paGetPayment`)).body).toMatchObject({ total: 0, items: [] });
    const second = await get('?limit=1&offset=1');
    expect(second.body).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(second.body.items.map((i) => i.primitive)).toEqual(['paGetPayment']);
    expect((await get('?offset=5')).body).toMatchObject({ total: 3, items: [] });
  });

  it.each([
    ['?limit=0', 'limit must be an integer between 1 and 200, got "0"'],
    ['?limit=201', 'limit must be an integer between 1 and 200, got "201"'],
    ['?offset=-1', 'offset must be an integer between 0 and 2147483647, got "-1"'],
    ['?primitive=paNothing', /^unknown primitive "paNothing"/],
    ['?noticeNumber=123', 'noticeNumber must be 18 digits, got "123"'],
    ['?page=2', /^unknown parameter "page"/],
    ['?limit=1&limit=2', 'limit must be given once'],
  ])('refuses %s with a 400 problem', async (q, detail) => {
    const { status, type, body } = await get(q);
    expect(status).toBe(400);
    expect(type).toMatch(/^application\/problem\+json/);
    expect(body.detail).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
  });

  it('PUT is a 405 naming GET and DELETE; DELETE empties it', async () => {
    const put = await fetch(`${mock.url}/history`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, DELETE');
    await mock.clearHistory();
    expect((await get()).body).toMatchObject({ total: 0, items: [] });
  });
});
