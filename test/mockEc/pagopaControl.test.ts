import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startMockEc, type RunningMockEc } from '../helpers/mockEc';
import { tempDir } from '../helpers/server';
import { bodyChild, control, customVerify, EC_TE, envelope, getPaymentReq, PA_NS, post, postmanNotice, sendRtReq, SOAP_NS, verifyReq } from './pagopaHelpers';

const EXPRESS_TEXT = 'text/html; charset=utf-8';

/**
 * pagoPA's control API of its mock EC, on /mock-ec of the standalone mock (uat-environment.md §3): the
 * calls of pagoPA's queue collection (queue.test.postman.collection.json) and of its node test suite,
 * with their exact statuses and texts; raw XML answers queued per primitive, one-shot, FIFO.
 */
describe('pagoPA control API of the mock EC (/mock-ec)', () => {
  let mock: RunningMockEc;
  let url: string;
  let ctl: ReturnType<typeof control>;

  beforeAll(async () => {
    mock = await startMockEc({ db: `sqlite:${tempDir()}/mock.sqlite` });
    url = `${mock.baseUrl}/mock-ec`;
    ctl = control(url);
  });
  afterEach(async () => {
    await ctl.clear();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  const verify = (notice = '302010000000000000') => post(url, verifyReq(notice), { SOAPAction: 'paVerifyPaymentNoticeReq' });

  it('the queue collection, call by call', async () => {
    expect(await ctl.clear()).toEqual({ status: 200, contentType: EXPRESS_TEXT, text: 'all queues cleared' });
    const info = await ctl.call('GET', '/info');
    expect([info.status, info.contentType, JSON.parse(info.text)]).toEqual([200, 'application/json; charset=utf-8', { status: 'iamalive' }]);
    expect(await ctl.push('paVerifyPaymentNotice', customVerify('99.99', 'CUSTOM RESPONSE TEST'))).toMatchObject({ status: 200, text: 'paVerifyPaymentNotice saved. 1 pushed' });
    expect(await ctl.push('paVerifyPaymentNotice', customVerify('55.55', 'CUSTOM RESPONSE TEST 2'))).toMatchObject({ status: 200, text: 'paVerifyPaymentNotice saved. 2 pushed' });
    const first = await verify();
    expect(first.status).toBe(200);
    expect(first.body).toContain('99.99');
    expect(first.body).toContain('CUSTOM RESPONSE TEST');
    // sent as posted, byte for byte
    expect(first.body).toBe(customVerify('99.99', 'CUSTOM RESPONSE TEST'));
    const second = await verify();
    expect(second.body).toContain('55.55');
    expect(second.body).toContain('CUSTOM RESPONSE TEST 2');
    const third = await verify();
    expect(bodyChild(third.body).value.paymentList.paymentOptionDescription.amount).toBe('120.00');
    expect(await ctl.push('paVerifyPaymentNotice', customVerify('11.11', 'X'), '?override=true')).toMatchObject({ status: 200, text: 'paVerifyPaymentNotice updated' });
    expect(await ctl.clear('paVerifyPaymentNotice')).toMatchObject({ status: 200, text: 'paVerifyPaymentNotice queue cleared' });
    expect(await ctl.push('primitiveInesistente', customVerify('1.00', 'X'))).toMatchObject({ status: 400, text: 'unknown primitive' });
  });

  it('override=true (or True) replaces the newest entry, or adds one to an empty queue', async () => {
    expect((await ctl.push('paVerifyPaymentNotice', customVerify('1.00', 'A'), '?override=True')).text).toBe('paVerifyPaymentNotice updated');
    expect((await ctl.push('paVerifyPaymentNotice', customVerify('2.00', 'B'))).text).toBe('paVerifyPaymentNotice saved. 2 pushed');
    expect((await ctl.push('paVerifyPaymentNotice', customVerify('3.00', 'C'), '?override=true')).text).toBe('paVerifyPaymentNotice updated');
    expect((await verify()).body).toContain('<amount>1.00</amount>');
    expect((await verify()).body).toContain('<amount>3.00</amount>');
    expect((await verify()).body).toContain('<amount>120.00</amount>');
    // override=false is a plain push
    expect((await ctl.push('paVerifyPaymentNotice', customVerify('4.00', 'D'), '?override=false')).text).toBe('paVerifyPaymentNotice saved. 1 pushed');
  });

  it('one queue per primitive, shared by every notice and EC; each entry answers once', async () => {
    await ctl.push('paGetPayment', customVerify('7.00', 'for paGetPayment'));
    expect(bodyChild((await verify(postmanNotice('04'))).body).value.paymentList.paymentOptionDescription.amount).toBe('100.00');
    const any = await post(url, getPaymentReq('399990000000000000'));
    expect(any.body).toContain('for paGetPayment');
    expect(bodyChild((await post(url, getPaymentReq(postmanNotice('00')))).body).value.data.paymentAmount).toBe('120.00');
  });

  it('<delay>: held that long, then sent without it, re-serialised with an XML declaration', async () => {
    await ctl.push('paVerifyPaymentNotice', customVerify('12.34', 'slow', '<delay>600</delay>'));
    const a = await verify();
    expect(a.ms).toBeGreaterThanOrEqual(580);
    expect(a.status).toBe(200);
    expect(a.body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><soapenv:Envelope/);
    expect(a.body).not.toContain('delay');
    expect(bodyChild(a.body).value).toMatchObject({ outcome: 'OK', paymentList: { paymentOptionDescription: { amount: '12.34' } }, paymentDescription: 'slow' });
    // old primitives: the <delay> of the inner xxxRisposta
    await ctl.push(
      'paaVerificaRPT',
      `<soapenv:Envelope xmlns:soapenv="${SOAP_NS}" xmlns:ppt="http://ws.pagamenti.telematici.gov/"><soapenv:Body><ppt:paaVerificaRPTRisposta><paaVerificaRPTRisposta><delay>300</delay><esito>KO</esito></paaVerificaRPTRisposta></ppt:paaVerificaRPTRisposta></soapenv:Body></soapenv:Envelope>`,
    );
    const old = await post(url, envelope('<ppt:paaVerificaRPT/>', 'xmlns:ppt="http://ws.pagamenti.telematici.gov/"'));
    expect(old.ms).toBeGreaterThanOrEqual(280);
    expect(old.body).toContain('<paaVerificaRPTRisposta><esito>KO</esito></paaVerificaRPTRisposta>');
  });

  it('queued answers that crash pagoPA’s mock: 500 (irraggiungibile, not an Envelope, <response>error</response>, pspNotifyPayment PAA_ERRORE_MOCK)', async () => {
    const crash = { status: 500, body: 'Internal Server Error :( ' };
    await ctl.push('paVerifyPaymentNotice', customVerify('1.00', 'x', '<irraggiungibile/>'));
    expect(await verify()).toMatchObject(crash);
    await ctl.push('paVerifyPaymentNotice', '<response>error</response>');
    expect(await verify()).toMatchObject(crash);
    await ctl.push('paVerifyPaymentNotice', `<paf:paVerifyPaymentNoticeRes xmlns:paf="${PA_NS}"><outcome>OK</outcome></paf:paVerifyPaymentNoticeRes>`);
    expect(await verify()).toMatchObject(crash);
    const notify = envelope('<pfn:pspNotifyPaymentReq><idPSP>AGID_01</idPSP></pfn:pspNotifyPaymentReq>', 'xmlns:pfn="http://pagopa-api.pagopa.gov.it/psp/pspForNode.xsd"');
    await ctl.push(
      'pspNotifyPayment',
      `<soapenv:Envelope xmlns:soapenv="${SOAP_NS}"><soapenv:Body><pfn:pspNotifyPaymentRes xmlns:pfn="x"><outcome>KO</outcome><fault><faultCode>PAA_ERRORE_MOCK</faultCode></fault></pfn:pspNotifyPaymentRes></soapenv:Body></soapenv:Envelope>`,
    );
    expect(await post(url, notify)).toMatchObject(crash);
    // each was used once: the normal answers are back
    expect((await verify()).status).toBe(200);
    expect(bodyChild((await post(url, notify)).body).value.outcome).toBe('OK');
  });

  it('refusals: unknown primitive, ill-formed or empty XML (400); DELETE of an unknown queue; unknown paths (404)', async () => {
    const cases: [Promise<{ status: number; text: string }>, number, RegExp][] = [
      [ctl.push('paVerifyPaymentNoticeX', customVerify('1.00', 'x')), 400, /^unknown primitive$/],
      [ctl.push('paVerifyPaymentNotice', '<soapenv:Envelope><unclosed>'), 400, /not well-formed XML/],
      [ctl.push('paVerifyPaymentNotice', '{"action":"fault"}'), 400, /not well-formed XML/],
      [ctl.push('paVerifyPaymentNotice', ''), 400, /empty body/],
      [ctl.clear('nope'), 200, /^unknown nope$/],
      [ctl.call('GET', '/response'), 404, /^Cannot GET \/mock-ec\/response$/],
      [ctl.call('GET', '/nothing'), 404, /^Cannot GET \/mock-ec\/nothing$/],
      [ctl.call('GET', ''), 404, /^Cannot GET \/mock-ec$/],
    ];
    for (const [call, status, text] of cases) {
      const r = await call;
      expect(r.status).toBe(status);
      expect(r.text).toMatch(text);
    }
    // nothing was queued by the refusals
    expect(bodyChild((await verify()).body).value.paymentList.paymentOptionDescription.amount).toBe('120.00');
  });

  it('history: the last exchange per notice and primitive as xml2js JSON (request tags lower-cased), receipts also under 3+IUV; 500 when none', async () => {
    const notice = '302000000000000042';
    expect(await ctl.history(notice, 'paSendRT')).toEqual({ status: 500, json: { details: `no paSendRT received for notice ${notice}` } });
    expect((await ctl.history(notice, 'nope')).status).toBe(500);
    await post(url, sendRtReq(notice));
    const h = await ctl.history(notice, 'paSendRT');
    expect(h.status).toBe(200);
    // what pagoPA's node test suite reads
    const req = h.json.request['soapenv:envelope']['soapenv:body'][0]['pafn:pasendrtreq'][0];
    expect(req.receipt[0].transferlist[0].transfer.map((t: any) => t.idtransfer[0])).toEqual(['1', '2']);
    expect(req.idpa).toEqual([EC_TE]);
    expect(h.json.request['soapenv:envelope'].$).toEqual({ 'xmlns:soapenv': SOAP_NS, 'xmlns:pafn': PA_NS });
    expect(h.json.request['soapenv:envelope']['soapenv:header']).toEqual(['']);
    expect(h.json.response['soapenv:Envelope']['soapenv:Body'][0]['paf:paSendRTRes'][0].outcome[0]).toBe('OK');
    // the receipt's IUV with aux digit 3: the same exchange
    const other = '399000000000000042';
    await post(url, sendRtReq(other).replace(`<creditorReferenceId>${other.slice(1)}`, '<creditorReferenceId>01234567890123456'));
    expect((await ctl.history('301234567890123456', 'paSendRT')).json).toEqual((await ctl.history(other, 'paSendRT')).json);

    // the last exchange only; an overridden one records what was sent
    await verify(notice);
    await ctl.push('paVerifyPaymentNotice', customVerify('8.88', 'last'));
    await verify(notice);
    const v = await ctl.history(notice, 'paVerifyPaymentNotice');
    expect(v.json.response['soapenv:Envelope']['soapenv:Body'][0]['paf:paVerifyPaymentNoticeRes'][0].paymentList[0].paymentOptionDescription[0].amount).toEqual(['8.88']);
    expect(v.json.request['soapenv:envelope']['soapenv:body'][0]['pafn:paverifypaymentnoticereq'][0].qrcode[0].noticenumber).toEqual([notice]);
  });

  it('history of a request without a notice: paDemandPaymentNotice under the notice it answered', async () => {
    await post(
      url,
      envelope(
        `<pafn:paDemandPaymentNoticeRequest><idPA>${EC_TE}</idPA><idServizio>00001</idServizio><datiSpecificiServizioRequest>PHg+PC94Pg==</datiSpecificiServizioRequest></pafn:paDemandPaymentNoticeRequest>`,
      ),
    );
    const h = await ctl.history('311018891531183500', 'paDemandPaymentNotice');
    expect(h.status).toBe(200);
    expect(h.json.request['soapenv:envelope']['soapenv:body'][0]['pafn:pademandpaymentnoticerequest'][0].idservizio).toEqual(['00001']);
  });

  it('these queues are not the JSON overrides of /mock-ec/v1, and the reverse', async () => {
    await ctl.push('paVerifyPaymentNotice', customVerify('6.66', 'pagoPA queue'));
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_JSON_QUEUE' });
    const ours = await post(mock.url, verifyReq(postmanNotice('00')).replace(/77777777777/g, '66666666666'), { SOAPAction: 'paVerifyPaymentNotice' });
    expect(ours.body).toContain('PAA_JSON_QUEUE');
    expect((await verify()).body).toContain('6.66');
    await mock.clear();
  });
});

describe('pagoPA control API behind an admin token', () => {
  let mock: RunningMockEc;
  const token = 's3cret-token';

  beforeAll(async () => {
    mock = await startMockEc({ db: `sqlite:${tempDir()}/mock.sqlite`, args: ['--admin-token', token] });
  });
  afterAll(async () => {
    await mock?.stop();
  });

  it('info, response and history want the token; POST /mock-ec (SOAP) does not; a cross-site SOAP POST is a soap:Fault', async () => {
    const url = `${mock.baseUrl}/mock-ec`;
    for (const [method, path] of [
      ['GET', '/info'],
      ['POST', '/response/paVerifyPaymentNotice'],
      ['DELETE', '/response'],
      ['GET', `/history/${postmanNotice('00')}/paVerifyPaymentNotice`],
    ]) {
      const r = await fetch(`${url}${path}`, { method, ...(method === 'POST' ? { body: customVerify('1.00', 'x'), headers: { 'Content-Type': 'application/xml' } } : {}) });
      expect([method, path, r.status]).toEqual([method, path, 401]);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
    const authed = control(url, { Authorization: `Bearer ${token}` });
    expect((await authed.call('GET', '/info')).status).toBe(200);
    expect((await authed.push('paVerifyPaymentNotice', customVerify('4.44', 'with token'))).text).toBe('paVerifyPaymentNotice saved. 1 pushed');
    // the SOAP endpoint is what EC stations are: no token
    const soap = await post(url, verifyReq(postmanNotice('00')));
    expect(soap.body).toContain('4.44');
    const crossSite = await post(url, verifyReq(postmanNotice('00')), { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body).toContain('soap:Fault');
  });
});
