import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { DATABASE_IDS } from '../helpers/databases';
import { startMockEc, type EcPrimitive, type RunningMockEc } from '../helpers/mockEc';
import { assertValidEcMessage } from '../helpers/xsd';
import { EC, freshNav, head, IBAN, PaForNode, postPa, receipt, verifyXml } from './helpers';

// demo notices the standalone mock EC seeds into an empty database (src/ec/demoNotices.ts)
const IMU = buildNoticeNumber(3, '03', '0000000000001');
const TPL = buildNoticeNumber(3, '03', '0000000000002');
const PASSO = buildNoticeNumber(3, '04', '0000000000001');
const AFFISSIONI = buildNoticeNumber(3, '04', '0000000000002');

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The control API of the standalone mock EC, modelled on pagoPA's mock EC: overrides queued per notice or
 * per primitive (fault, invalid, delay, timeout, drop, http, raw), and the history of what it received.
 */
describe.each(DATABASE_IDS)('mock EC overrides and history on %s', (_id, database) => {
  let mock: RunningMockEc;
  let pa: PaForNode;

  beforeAll(async () => {
    // on an empty database the standalone mock EC loads the demo registry and notices, as `start` does
    mock = await startMockEc({ db: await database.create() });
    pa = await PaForNode.connect(mock.url);
  });
  afterEach(async () => {
    await mock.clear();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  const verify = (nav = IMU) => pa.call('paVerifyPaymentNotice', head(nav));

  it('answers the demo notices of the remote stations without any override', async () => {
    expect((await verify(IMU)).result).toMatchObject({ outcome: 'OK', paymentList: { paymentOptionDescription: { amount: '250.00' } } });
    expect((await pa.call('paGetPayment', head(PASSO))).result).toMatchObject({ outcome: 'OK', data: { paymentAmount: '30.00' } });
  });

  it('fault: the given KO once (times defaults to 1), with the catalog faultString and idPA as id by default', async () => {
    expect(await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_SEMANTICA', description: 'not today' })).toEqual({ queued: 1 });
    const ko = await verify();
    expect(ko.result.outcome).toBe('KO');
    expect(ko.result.fault).toEqual({ faultCode: 'PAA_SEMANTICA', faultString: 'Errore semantico.', id: EC, description: 'not today' });
    expect(ko.result.paymentList).toBeUndefined();
    expect((await verify()).result.outcome).toBe('OK');
    await mock.queue('paGetPaymentV2', { action: 'fault', faultCode: 'PAA_CUSTOM', faultString: 'Ente in manutenzione', id: 'ENTE-X' });
    expect((await pa.call('paGetPaymentV2', head(TPL))).result.fault).toEqual({ faultCode: 'PAA_CUSTOM', faultString: 'Ente in manutenzione', id: 'ENTE-X' });
  });

  it.each<[EcPrimitive, string, string]>([
    ['paVerifyPaymentNotice', 'paVerifyPaymentNoticeRes', IMU],
    ['paGetPayment', 'paGetPaymentRes', PASSO],
    ['paGetPaymentV2', 'paGetPaymentV2Response', TPL],
  ])('invalid: %s answers %s, not valid against the official paForNode.xsd (OK and KO alike)', async (op, element, nav) => {
    await mock.queue(op, { action: 'invalid', times: 2 });
    for (const n of [nav, freshNav()]) {
      const r = await postPa(
        mock.url,
        verifyXml(n).replace(
          /paVerifyPaymentNoticeReq/g,
          op === 'paVerifyPaymentNotice' ? 'paVerifyPaymentNoticeReq' : op === 'paGetPayment' ? 'paGetPaymentReq' : 'paGetPaymentV2Request',
        ),
        op,
      );
      expect(r.status).toBe(200);
      expect(r.body).toMatch(new RegExp(`<pafn:${element}>`));
      await expect(assertValidEcMessage(r.body)).rejects.toThrow(/not valid against/);
    }
  });

  it.each<[EcPrimitive, boolean]>([
    ['paSendRT', false],
    ['paSendRTV2', true],
  ])('invalid: %s answers an acknowledgement without outcome, and does not take the receipt', async (op, v2) => {
    const nav = AFFISSIONI;
    const args = { idPA: EC, idBrokerPA: EC, idStation: `${EC}_04`, receipt: receipt(nav, `inv-${op}`, [{ ec: EC, iban: IBAN, cents: 7500 }], v2) };
    await mock.queue(op, { action: 'invalid' });
    const bad = await pa.unchecked(op, args);
    expect(bad.raw).toMatch(new RegExp(`<pafn:${op === 'paSendRT' ? 'paSendRTRes' : 'paSendRTV2Response'}>`));
    await expect(assertValidEcMessage(bad.raw)).rejects.toThrow(/not valid against/);
    // sent again, it is taken the first time
    expect((await pa.call(op, args)).result).toEqual({ outcome: 'OK' });
  });

  it('delay: the normal answer, later; the history marks it', async () => {
    const nav = TPL;
    await mock.clearHistory();
    await mock.queue('paVerifyPaymentNotice', { action: 'delay', delayMs: 300, noticeNumber: nav });
    expect((await verify(nav)).result.outcome).toBe('OK');
    const [h] = await mock.history(nav, 'paVerifyPaymentNotice');
    expect(h).toMatchObject({ override: 'delay', httpStatus: 200 });
    expect(h!.response).toContain('<outcome>OK</outcome>');
  });

  it('timeout: no answer until the client gives up; the held request is released and recorded without a response', async () => {
    const nav = freshNav();
    await mock.queue('paVerifyPaymentNotice', { action: 'timeout', noticeNumber: nav });
    const abort = new AbortController();
    const pending = fetch(mock.url, { method: 'POST', headers: { SOAPAction: 'paVerifyPaymentNotice' }, body: await postPaBody(nav), signal: abort.signal });
    // held: recorded, still without an answer
    const [held] = await waitFor('the held request', async () => {
      const h = await mock.history(nav, 'paVerifyPaymentNotice');
      return h.length ? h : undefined;
    });
    expect(held).toMatchObject({ override: 'timeout', response: null, httpStatus: null });
    abort.abort();
    await expect(pending).rejects.toThrow();
    // the next request for the notice is answered normally
    const r = await postPa(mock.url, verifyXml(nav), 'paVerifyPaymentNotice');
    expect(r.body).toContain('PAA_PAGAMENTO_SCONOSCIUTO');
  });

  it('drop: the connection is closed without an HTTP answer', async () => {
    await mock.queue('paGetPaymentV2', { action: 'drop' });
    await expect(pa.unchecked('paGetPaymentV2', head(TPL))).rejects.toThrow(/socket hang up|ECONNRESET|closed/i);
    const [h] = (await mock.history(TPL, 'paGetPaymentV2')).slice(-1);
    expect(h).toMatchObject({ override: 'drop', response: null, httpStatus: null });
  });

  it('http: a raw HTTP status and body; raw: a body answered verbatim with 200', async () => {
    await mock.queue('paVerifyPaymentNotice', { action: 'http', httpStatus: 503, body: 'Service Unavailable' });
    const down = await postPa(mock.url, verifyXml(IMU), 'paVerifyPaymentNotice');
    expect(down).toEqual({ status: 503, body: 'Service Unavailable' });
    const body =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><x:paVerifyPaymentNoticeRes xmlns:x="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><outcome>KO</outcome></x:paVerifyPaymentNoticeRes></soapenv:Body></soapenv:Envelope>';
    await mock.queue('paVerifyPaymentNotice', { action: 'raw', body });
    expect(await postPa(mock.url, verifyXml(IMU), 'paVerifyPaymentNotice')).toEqual({ status: 200, body });
    await mock.queue('paVerifyPaymentNotice', { action: 'http', httpStatus: 500 });
    expect(await postPa(mock.url, verifyXml(IMU), 'paVerifyPaymentNotice')).toEqual({ status: 500, body: '' });
  });

  it('times: n answers, or 0 = until cleared', async () => {
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', times: 2 });
    expect((await verify()).result.fault?.faultCode).toBe('PAA_SYSTEM_ERROR');
    expect((await verify()).result.fault?.faultCode).toBe('PAA_SYSTEM_ERROR');
    expect((await verify()).result.outcome).toBe('OK');
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', times: 0 });
    for (let i = 0; i < 3; i++) expect((await verify()).result.fault?.faultCode).toBe('PAA_SYSTEM_ERROR');
    await mock.clear();
    expect((await verify()).result.outcome).toBe('OK');
  });

  it('an override for the notice beats one for the whole primitive, whatever the order; FIFO otherwise', async () => {
    const other = TPL;
    expect(await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_PRIMITIVE_1' })).toEqual({ queued: 1 });
    expect(await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_PRIMITIVE_2' })).toEqual({ queued: 2 });
    expect(await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_NOTICE', noticeNumber: IMU })).toEqual({ queued: 3 });
    expect((await verify(IMU)).result.fault?.faultCode).toBe('PAA_NOTICE');
    expect((await verify(IMU)).result.fault?.faultCode).toBe('PAA_PRIMITIVE_1');
    expect((await verify(other)).result.fault?.faultCode).toBe('PAA_PRIMITIVE_2');
    expect((await verify(other)).result.outcome).toBe('OK');
    // overrides are per primitive
    await mock.queue('paGetPayment', { action: 'fault', faultCode: 'PAA_V1_ONLY' });
    expect((await pa.call('paGetPaymentV2', head(TPL))).result.outcome).toBe('OK');
    expect((await pa.call('paGetPayment', head(PASSO))).result.fault?.faultCode).toBe('PAA_V1_ONLY');
  });

  it('GET lists the queued overrides (id, primitive, notice, action, uses left), per primitive and per notice; the Location names each', async () => {
    expect(await mock.queued()).toEqual([]);
    const posted = await fetch(`${mock.url}/response/paVerifyPaymentNotice`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'fault', faultCode: 'PAA_SEMANTICA', times: 2 }),
    });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toEqual({ queued: 1 });
    const location = posted.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${mock.url}/response/paVerifyPaymentNotice/\\d+$`));
    await mock.queue('paVerifyPaymentNotice', { action: 'delay', delayMs: 10, noticeNumber: IMU, times: 0 });
    await mock.queue('paGetPayment', { action: 'drop', noticeNumber: IMU });
    const all = await mock.queued();
    expect(all.map((o) => [o.primitive, o.noticeNumber, o.action, o.usesLeft])).toEqual([
      ['paVerifyPaymentNotice', null, 'fault', 2],
      ['paVerifyPaymentNotice', IMU, 'delay', null],
      ['paGetPayment', IMU, 'drop', 1],
    ]);
    expect(all[0]).toEqual({
      id: Number(location.split('/').pop()),
      primitive: 'paVerifyPaymentNotice',
      noticeNumber: null,
      action: 'fault',
      usesLeft: 2,
      override: { action: 'fault', faultCode: 'PAA_SEMANTICA', times: 2 },
    });
    expect(all[1]!.override).toEqual({ action: 'delay', delayMs: 10, noticeNumber: IMU, times: 0 });
    // ids grow in queueing order
    expect(all[0]!.id).toBeLessThan(all[1]!.id);
    expect(all[1]!.id).toBeLessThan(all[2]!.id);
    expect((await mock.queued('paGetPayment')).map((o) => o.id)).toEqual([all[2]!.id]);
    expect((await mock.queued('paVerifyPaymentNotice', IMU)).map((o) => o.id)).toEqual([all[1]!.id]);
    expect((await mock.queued(undefined, IMU)).map((o) => o.id)).toEqual([all[1]!.id, all[2]!.id]);
    const one = await fetch(location);
    expect(await one.json()).toEqual(all[0]);
    // a use is counted down as it answers
    expect((await verify(TPL)).result.fault?.faultCode).toBe('PAA_SEMANTICA');
    expect((await mock.queued('paVerifyPaymentNotice'))[0]).toMatchObject({ id: all[0]!.id, usesLeft: 1 });
  });

  it('DELETE by id and by notice: a times-0 override that blocks the ones behind it goes alone', async () => {
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_FOREVER', times: 0 });
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_NEXT' });
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_NOTICE_FOREVER', noticeNumber: IMU, times: 0 });
    await mock.queue('paGetPayment', { action: 'fault', faultCode: 'PAA_NOTICE_GET', noticeNumber: IMU });
    for (let i = 0; i < 2; i++) expect((await verify(TPL)).result.fault?.faultCode).toBe('PAA_FOREVER');
    expect((await verify(IMU)).result.fault?.faultCode).toBe('PAA_NOTICE_FOREVER');
    const [forever] = await mock.queued('paVerifyPaymentNotice');
    expect(forever).toMatchObject({ action: 'fault', usesLeft: null, override: { faultCode: 'PAA_FOREVER' } });
    await mock.remove('paVerifyPaymentNotice', forever!.id);
    // the one behind it answers now, once
    expect((await verify(TPL)).result.fault?.faultCode).toBe('PAA_NEXT');
    expect((await verify(TPL)).result.outcome).toBe('OK');
    // removed by notice, for one primitive: the notice's paGetPayment override stays
    await mock.removeNotice(IMU, 'paVerifyPaymentNotice');
    expect((await verify(IMU)).result.outcome).toBe('OK');
    expect((await mock.queued()).map((o) => o.override)).toEqual([{ action: 'fault', faultCode: 'PAA_NOTICE_GET', noticeNumber: IMU, times: 1 }]);
    // and for every primitive
    await mock.removeNotice(IMU);
    expect(await mock.queued()).toEqual([]);
    expect((await pa.call('paGetPayment', head(IMU))).result.outcome).toBe('OK');
    // an id once removed is gone
    const gone = await fetch(`${mock.url}/response/paVerifyPaymentNotice/${forever!.id}`, { method: 'DELETE' });
    expect(gone.status).toBe(404);
  });

  it('history: what it received and answered, oldest first; receipts under the receipt’s notice; [] when none; DELETE clears', async () => {
    await mock.clearHistory();
    expect(await mock.history(IMU, 'paVerifyPaymentNotice')).toEqual([]);
    const first = await verify(IMU);
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_SEMANTICA' });
    const second = await verify(IMU);
    const h = await mock.history(IMU, 'paVerifyPaymentNotice');
    expect(h).toHaveLength(2);
    expect(h[0]).toEqual({
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      primitive: 'paVerifyPaymentNotice',
      noticeNumber: IMU,
      idPA: EC,
      idBrokerPA: EC,
      idStation: `${EC}_03`,
      request: first.request,
      response: first.raw,
      httpStatus: 200,
      override: null,
    });
    expect(h[1]).toMatchObject({ response: second.raw, override: 'fault' });
    expect(Date.parse(h[0]!.at)).toBeLessThanOrEqual(Date.parse(h[1]!.at));
    expect(await mock.history(IMU, 'paGetPayment')).toEqual([]);

    // a notice the mock does not know: answered KO, recorded all the same
    const nav = freshNav();
    const args = { idPA: EC, idBrokerPA: EC, idStation: `${EC}_03`, receipt: receipt(nav, `hist-${nav}`, [{ ec: EC, iban: IBAN, cents: 18000 }], true) };
    await pa.unchecked('paSendRTV2', args);
    const rt = await mock.history(nav, 'paSendRTV2');
    expect(rt).toHaveLength(1);
    expect(rt[0]!.request).toContain(`<receiptId>hist-${nav}</receiptId>`);
    await assertValidEcMessage(rt[0]!.request);

    await mock.clearHistory();
    expect(await mock.history(IMU, 'paVerifyPaymentNotice')).toEqual([]);
  });

  it('refuses bad control requests with problem JSON', async () => {
    const post = (path: string, body: string) => fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const cases: [Promise<Response>, number, RegExp][] = [
      [post('/response/paDemandPaymentNotix', JSON.stringify({ action: 'fault', faultCode: 'PAA_X' })), 400, /unknown primitive "paDemandPaymentNotix"/],
      [post('/response/paVerifyPaymentNotice', '{not json'), 400, /not valid JSON/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'explode' })), 400, /action must be one of/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'fault' })), 400, /faultCode is required/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'delay' })), 400, /delayMs is required/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'raw' })), 400, /body is required/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'http', httpStatus: 99 })), 400, /httpStatus must be an integer/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'drop', noticeNumber: '123' })), 400, /noticeNumber must be 18 digits/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'drop', times: -1 })), 400, /times must be an integer/],
      [post('/response/paVerifyPaymentNotice', JSON.stringify({ action: 'timeout', delayMs: 5 })), 400, /unknown field delayMs/],
      [post('/response/paVerifyPaymentNotice', '[]'), 400, /JSON object/],
      [fetch(`${mock.url}/history/${IMU}/nope`), 400, /unknown primitive "nope"/],
      [fetch(`${mock.url}/history/12/paSendRT`), 400, /18 digits/],
      [fetch(`${mock.url}/nothing-here`), 404, /no mock EC resource/],
      [fetch(`${mock.url}/response/paSendRT`, { method: 'PUT' }), 405, /allowed: GET, POST, DELETE/],
      [fetch(`${mock.url}/response`, { method: 'POST' }), 405, /allowed: GET, DELETE/],
      [fetch(`${mock.url}/response/paSendRT/999999`, { method: 'DELETE' }), 404, /no paSendRT override with id 999999/],
      [fetch(`${mock.url}/response/paSendRT/abc`), 404, /no paSendRT override with id abc/],
      [fetch(`${mock.url}/response/paSendRT?noticeNumber=12`, { method: 'DELETE' }), 400, /noticeNumber must be 18 digits, got "12"/],
      [fetch(`${mock.url}/response/nope/1`, { method: 'DELETE' }), 400, /unknown primitive "nope"/],
      [fetch(mock.url, { method: 'PUT' }), 405, /allowed: GET, POST/],
    ];
    for (const [res, status, detail] of cases) {
      const r = await res;
      expect(r.status).toBe(status);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      const body = (await r.json()) as { type: string; title: string; status: number; detail: string };
      expect(body).toMatchObject({ type: expect.stringMatching(/^https:\/\/pagopa-node-emulator\/problems\/[a-z-]+$/), status });
      expect(body.detail).toMatch(detail);
    }
    // nothing was queued by the refused requests
    expect((await verify()).result.outcome).toBe('OK');
  });

  it('SIGTERM with requests held by timeout and delay overrides: they are released and the process exits 0', async () => {
    const own = await startMockEc({ db: await database.create() });
    const nav = freshNav();
    await own.queue('paVerifyPaymentNotice', { action: 'timeout', noticeNumber: nav });
    await own.queue('paGetPayment', { action: 'delay', delayMs: 600_000, noticeNumber: nav });
    const held = [
      fetch(own.url, { method: 'POST', headers: { SOAPAction: 'paVerifyPaymentNotice' }, body: await postPaBody(nav) }).catch((e: Error) => e),
      fetch(own.url, { method: 'POST', headers: { SOAPAction: 'paGetPayment' }, body: (await postPaBody(nav)).replace(/paVerifyPaymentNoticeReq/g, 'paGetPaymentReq') }).catch(
        (e: Error) => e,
      ),
    ];
    await waitFor('both held requests', async () =>
      (await own.history(nav, 'paVerifyPaymentNotice')).length && (await own.history(nav, 'paGetPayment')).length ? true : undefined,
    );
    expect(await own.stop('SIGTERM')).toBe(0);
    // fetch rejects (TypeError of another realm than jest's): no answer ever came
    for (const r of await Promise.all(held)) expect((r as Error).message).toBe('fetch failed');
  });
});

async function postPaBody(nav: string): Promise<string> {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><soapenv:Body>${verifyXml(nav)}</soapenv:Body></soapenv:Envelope>`;
}
