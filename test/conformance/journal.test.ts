/**
 * The SOAP journal, black box, on every engine: GET /admin/journal lists every exchange newest first with
 * its time, operation, caller, notice, token, outcome and fault code; each filter narrows the list;
 * GET /admin/journal/:id/request.xml and response.xml give back the exchange byte for byte, the channel
 * password masked. Bad queries are 400 problem JSON, unknown ids 404.
 *
 * The exchanges are hand-written envelopes (postSoap validates every answer against the official XSD),
 * so the test knows each request exactly. Among them are requests that failed the XSD with keys the
 * journal columns cannot hold (a 39-character idPSP, an element where idPSP text belongs) and an
 * unreadable body with a NUL byte: they must be journaled like the others, without losing their batch.
 * The journal is written in batches (~20 ms): the test polls until the rows are there.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { DETAILS, EC, ECOMMERCE, PSP, activateXml, admin, advanceClock, credsXml, envelope, freshNotice, postSoap, verifyXml, type RawResponse } from '../helpers/soap';
import { assertValidResponse } from '../helpers/xsd';

const HOUR = 3_600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Item {
  id: number;
  at: string;
  requestId: string;
  operation: string | null;
  idPSP: string | null;
  idChannel: string | null;
  fiscalCode: string | null;
  noticeNumber: string | null;
  token: string | null;
  outcome: string;
  faultCode: string | null;
  httpStatus: number;
  durationUs: number;
  links: { request: string; response: string };
}
interface Page {
  total: number;
  limit: number;
  offset: number;
  items: Item[];
}
interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}

function outcomeXml(paymentToken: string, outcome: 'OK' | 'KO'): string {
  const payer = `<payer><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier><fullName>Mario Rossi</fullName></payer>`;
  const details = `<details><paymentMethod>${DETAILS.paymentMethod}</paymentMethod><paymentChannel>${DETAILS.paymentChannel}</paymentChannel><fee>${DETAILS.fee}</fee>${payer}<applicationDate>${DETAILS.applicationDate}</applicationDate><transferDate>${DETAILS.transferDate}</transferDate></details>`;
  return `<nod:sendPaymentOutcomeReq>${credsXml()}<paymentToken>${paymentToken}</paymentToken><outcome>${outcome}</outcome>${outcome === 'OK' ? details : ''}</nod:sendPaymentOutcomeReq>`;
}

/** What the journal must have stored as the request: the body, password content masked, nothing else. */
const masked = (xml: string) => xml.replace(/<password>[\s\S]*?<\/password>/g, '<password>***</password>');

/** The fields the journal indexes, in the listing's spelling. */
type Row = Pick<Item, 'operation' | 'idPSP' | 'idChannel' | 'fiscalCode' | 'noticeNumber' | 'token' | 'outcome' | 'faultCode' | 'httpStatus'>;
const row = (r: Partial<Row>): Row => ({
  operation: null,
  idPSP: null,
  idChannel: null,
  fiscalCode: null,
  noticeNumber: null,
  token: null,
  outcome: 'OK',
  faultCode: null,
  httpStatus: 200,
  ...r,
});
const project = (i: Item): Row => ({
  operation: i.operation,
  idPSP: i.idPSP,
  idChannel: i.idChannel,
  fiscalCode: i.fiscalCode,
  noticeNumber: i.noticeNumber,
  token: i.token,
  outcome: i.outcome,
  faultCode: i.faultCode,
  httpStatus: i.httpStatus,
});

/** One exchange as the test made it: the exact request, the exact answer, and the row it must leave. */
interface Exchange {
  name: string;
  request: string;
  response: RawResponse;
  expected: Row;
}

describe.each(DATABASE_IDS)('journal on %s', (_id, database) => {
  let server: RunningServer;
  const exchanges: Exchange[] = [];
  let token = '';
  let items: Item[] = [];
  const notices = Array.from({ length: 7 }, () => freshNotice());

  const list = (query = '') => admin<Page>(server.baseUrl, `/admin/journal${query}`);
  /** ids of the listed rows, newest first */
  const ids = async (query: string) => {
    const r = await list(query);
    expect(r.status).toBe(200);
    return r.body.items.map((i) => i.id);
  };
  /** journal ids of exchanges 1..n, in the order made (the listing test checks rows and exchanges match) */
  const idsOf = (...n: number[]) => n.map((k) => items[items.length - k].id);

  async function exchange(name: string, xml: string, soapAction: string | undefined, expected: Partial<Row>): Promise<RawResponse> {
    const r = await postSoap(server.soapUrl, xml, soapAction);
    exchanges.push({ name, request: xml, response: r, expected: row(expected) });
    return r;
  }

  /** Polls the listing until `n` rows are there (the writer flushes every ~20 ms). */
  async function waitForRows(n: number): Promise<Page> {
    for (let attempt = 0; ; attempt++) {
      const r = await list('?limit=500');
      expect(r.status).toBe(200);
      if (r.body.total >= n || attempt === 200) return r.body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    const [n1, n2, n3, n4, n5, n6, n7] = notices;
    const pspKeys = { idPSP: PSP.idPSP, idChannel: PSP.idChannel, fiscalCode: EC };

    await exchange('verify', envelope(verifyXml(n1)), 'verifyPaymentNotice', { operation: 'verifyPaymentNotice', ...pspKeys, noticeNumber: n1 });
    const a = await exchange('activate', envelope(activateXml(n1)), 'activatePaymentNotice', { operation: 'activatePaymentNotice', ...pspKeys, noticeNumber: n1 });
    token = a.payload.paymentToken as string;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    // the activation's row carries the token it issued (it is only in the response)
    exchanges[1].expected.token = token;
    // the outcome names only its token: the row carries the token's notice (issue 15 item 6)
    await exchange('outcome', envelope(outcomeXml(token, 'OK')), 'sendPaymentOutcome', {
      operation: 'sendPaymentOutcome',
      idPSP: PSP.idPSP,
      idChannel: PSP.idChannel,
      noticeNumber: n1,
      token,
    });
    await exchange('activate again (KO)', envelope(activateXml(n1)), 'activatePaymentNotice', {
      operation: 'activatePaymentNotice',
      ...pspKeys,
      noticeNumber: n1,
      outcome: 'KO',
      faultCode: 'PPT_PAGAMENTO_DUPLICATO',
    });
    await exchange('verify by another PSP', envelope(verifyXml(n2, EC, ECOMMERCE)), undefined, {
      operation: 'verifyPaymentNotice',
      idPSP: ECOMMERCE.idPSP,
      idChannel: ECOMMERCE.idChannel,
      fiscalCode: EC,
      noticeNumber: n2,
    });
    await exchange('unknown SOAPAction', envelope(verifyXml(n3)), 'nodoVerificaRPT', { outcome: 'FAULT', faultCode: 'PPT_SOAPACTION_ERRATA', httpStatus: 400 });
    await exchange('idPSP of 39 characters (longer than its column)', envelope(verifyXml(n4, EC, { ...PSP, idPSP: '6'.repeat(39) })), 'verifyPaymentNotice', {
      operation: 'verifyPaymentNotice',
      idChannel: PSP.idChannel,
      fiscalCode: EC,
      noticeNumber: n4,
      outcome: 'KO',
      faultCode: 'PPT_SINTASSI_EXTRAXSD',
    });
    // not XML (NUL is not an XML character), and PostgreSQL text cannot hold it either
    await exchange('a NUL byte', `${envelope(verifyXml(n5)).slice(0, 40)}\u0000`, 'verifyPaymentNotice', { outcome: 'FAULT', faultCode: 'soap:Client', httpStatus: 400 });
    await exchange('an element where idPSP text belongs', envelope(verifyXml(n5).replace(`<idPSP>${PSP.idPSP}</idPSP>`, '<idPSP><x/></idPSP>')), 'verifyPaymentNotice', {
      operation: 'verifyPaymentNotice',
      idChannel: PSP.idChannel,
      fiscalCode: EC,
      noticeNumber: n5,
      outcome: 'KO',
      faultCode: 'PPT_SINTASSI_EXTRAXSD',
    });
    const cdata = await exchange(
      'password as CDATA',
      envelope(verifyXml(n6).replace(`<password>${PSP.password}</password>`, `<password><![CDATA[${PSP.password}]]></password>`)),
      'verifyPaymentNotice',
      {
        operation: 'verifyPaymentNotice',
        ...pspKeys,
        noticeNumber: n6,
      },
    );
    expect(cdata.payload.outcome).toBe('OK');
    // an hour later, by the emulator's clock
    expect((await advanceClock(server.baseUrl, HOUR)).status).toBe(200);
    await exchange('verify an hour later', envelope(verifyXml(n7)), 'verifyPaymentNotice', { operation: 'verifyPaymentNotice', ...pspKeys, noticeNumber: n7 });

    const page = await waitForRows(exchanges.length);
    items = page.items;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the answers were what the rows will say (the exchanges themselves)', () => {
    expect(exchanges.map((e) => [e.name, e.response.status])).toEqual(exchanges.map((e) => [e.name, e.expected.httpStatus]));
    for (const e of exchanges) {
      if (!e.response.isFault) {
        expect([e.name, e.response.payload.outcome, e.response.payload.fault?.faultCode ?? null]).toEqual([e.name, e.expected.outcome, e.expected.faultCode]);
      }
    }
  });

  it('lists every exchange, newest first, with time, operation, caller, notice, token, outcome and fault code', async () => {
    const page = await list('?limit=500');
    expect(page.status).toBe(200);
    expect({ total: page.body.total, limit: page.body.limit, offset: page.body.offset }).toEqual({ total: exchanges.length, limit: 500, offset: 0 });
    expect(page.body.items.map(project)).toEqual([...exchanges].reverse().map((e) => e.expected));
    const listed = page.body.items.map((i) => i.id);
    expect(listed).toEqual([...listed].sort((x, y) => y - x));
    expect(new Set(listed).size).toBe(listed.length);
    const times = page.body.items.map((i) => Date.parse(i.at));
    for (const [k, i] of page.body.items.entries()) {
      expect(new Date(times[k]).toISOString()).toBe(i.at);
      if (k > 0) expect(times[k - 1]).toBeGreaterThanOrEqual(times[k]);
      expect(i.requestId).toMatch(UUID);
      expect(Number.isInteger(i.durationUs) && i.durationUs >= 0).toBe(true);
      expect(i.links).toEqual({ request: `/admin/journal/${i.id}/request.xml`, response: `/admin/journal/${i.id}/response.xml` });
    }
    // the clock moved an hour between the last two exchanges
    expect(times[0] - times[1]).toBeGreaterThanOrEqual(HOUR);
    expect(times[0] - times[1]).toBeLessThan(HOUR + 60_000);
    // the default page is 50 rows: all of them here
    expect((await ids('')).length).toBe(exchanges.length);
  });

  it("noticeNumber narrows to that notice's verify, activations and outcome", async () => {
    expect(await ids(`?noticeNumber=${notices[0]}`)).toEqual(idsOf(4, 3, 2, 1));
    expect(await ids(`?noticeNumber=${notices[3]}`)).toEqual(idsOf(7));
    expect(await ids('?noticeNumber=000000000000000000')).toEqual([]);
  });

  it('token narrows to the activation that issued it and the outcome that used it', async () => {
    expect(await ids(`?token=${token}`)).toEqual(idsOf(3, 2));
  });

  it('idPSP narrows to the caller', async () => {
    expect(await ids(`?idPSP=${ECOMMERCE.idPSP}`)).toEqual(idsOf(5));
    expect(await ids(`?idPSP=${PSP.idPSP}`)).toEqual(idsOf(11, 10, 4, 3, 2, 1));
  });

  it('operation narrows to one primitive', async () => {
    expect(await ids('?operation=verifyPaymentNotice')).toEqual(idsOf(11, 10, 9, 7, 5, 1));
    expect(await ids('?operation=activatePaymentNotice')).toEqual(idsOf(4, 2));
    expect(await ids('?operation=sendPaymentOutcome')).toEqual(idsOf(3));
    expect(await ids('?operation=sendPaymentOutcomeV2')).toEqual([]);
  });

  it('outcome narrows to OK, KO or FAULT', async () => {
    expect(await ids('?outcome=OK')).toEqual(idsOf(11, 10, 5, 3, 2, 1));
    expect(await ids('?outcome=KO')).toEqual(idsOf(9, 7, 4));
    expect(await ids('?outcome=FAULT')).toEqual(idsOf(8, 6));
  });

  it('from/to narrow to a time range (ISO date-time or epoch ms, both ends inclusive)', async () => {
    const last = items[0];
    const lastMs = Date.parse(last.at);
    expect(await ids(`?from=${encodeURIComponent(last.at)}`)).toEqual(idsOf(11));
    expect(await ids(`?from=${lastMs}`)).toEqual(idsOf(11));
    expect(await ids(`?to=${lastMs - 1}`)).toEqual(idsOf(10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
    expect(await ids(`?from=${lastMs}&to=${lastMs}`)).toEqual(idsOf(11));
    expect(await ids(`?from=${lastMs + 1}`)).toEqual([]);
    const first = Date.parse(items[items.length - 1].at);
    expect(await ids(`?from=${first}&to=${encodeURIComponent(new Date(lastMs - 1).toISOString())}`)).toEqual(idsOf(10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
  });

  it('filters combine, and limit/offset page through the result', async () => {
    expect(await ids(`?idPSP=${PSP.idPSP}&operation=activatePaymentNotice&outcome=OK`)).toEqual(idsOf(2));
    expect(await ids(`?noticeNumber=${notices[0]}&outcome=KO`)).toEqual(idsOf(4));
    const page = await list('?outcome=OK&limit=2&offset=1');
    expect({ total: page.body.total, limit: page.body.limit, offset: page.body.offset, ids: page.body.items.map((i) => i.id) }).toEqual({
      total: 6,
      limit: 2,
      offset: 1,
      ids: idsOf(10, 5),
    });
    // an empty value is no filter
    expect(await ids('?outcome=&noticeNumber=')).toEqual(items.map((i) => i.id));
  });

  it('request.xml is the exact request with the password masked; response.xml the exact answer', async () => {
    for (const [k, e] of exchanges.entries()) {
      const [id] = idsOf(k + 1);
      const req = await fetch(`${server.baseUrl}/admin/journal/${id}/request.xml`);
      const text = await req.text();
      const operation = e.expected.operation ?? 'unknown';
      expect([e.name, req.status, req.headers.get('content-type'), req.headers.get('content-disposition')]).toEqual([
        e.name,
        200,
        'text/xml; charset=utf-8',
        `attachment; filename=${id}-${operation}-request.xml`,
      ]);
      expect(text).not.toContain(PSP.password);
      // the NUL byte of the unreadable request is stored as U+FFFD
      expect([e.name, text]).toEqual([e.name, masked(e.request).replace(/\u0000/g, '\uFFFD')]);
      if (e.request.includes('<password>')) expect(text).toContain('<password>***</password>');

      const res = await fetch(`${server.baseUrl}/admin/journal/${id}/response.xml`);
      const body = await res.text();
      expect([e.name, res.status, res.headers.get('content-type'), res.headers.get('content-disposition')]).toEqual([
        e.name,
        200,
        'text/xml; charset=utf-8',
        `attachment; filename=${id}-${operation}-response.xml`,
      ]);
      expect([e.name, body]).toEqual([e.name, e.response.body]);
      await assertValidResponse(body);
    }
  });

  it('the password never appears in any stored request, even sent as CDATA', async () => {
    const cdata = exchanges.findIndex((e) => e.name === 'password as CDATA');
    const [id] = idsOf(cdata + 1);
    const text = await (await fetch(`${server.baseUrl}/admin/journal/${id}/request.xml`)).text();
    expect(text).toContain('<password>***</password>');
    expect(text).not.toContain('CDATA');
    expect(text).not.toContain(PSP.password);
  });

  it.each([
    ['?outcome=MAYBE', 'outcome must be one of OK, KO, FAULT, got "MAYBE"'],
    [
      '?operation=nodoVerificaRPT',
      'operation must be one of demandPaymentNotice, verificaBollettino, verifyPaymentNotice, activatePaymentNotice, activatePaymentNoticeV2, sendPaymentOutcome, sendPaymentOutcomeV2, nodoInviaFlussoRendicontazione, nodoChiediTemplateInformativaPSP, nodoChiediInformativaPA, nodoChiediCatalogoServiziV2, paGetPaymentsByDebtor, nodoChiediElencoFlussiRendicontazione, nodoChiediFlussoRendicontazione, paDemandPaymentNotice, paVerifyPaymentNotice, paGetPayment, paGetPaymentV2, paSendRT, paSendRTV2, bizevents.getOrganizationReceiptIur, bizevents.getOrganizationReceiptIuvIur, fdr-psp.createEmptyFlow, fdr-psp.addPaymentToExistingFlow, fdr-psp.deletePaymentFromExistingFlow, fdr-psp.publishFlow, fdr-psp.deleteExistingFlow, fdr-psp.getAllFlowsNotInPublishedStatus, fdr-psp.getSingleFlowNotInPublishedStatus, fdr-psp.getPaymentsForFlowNotInPublishedStatus, fdr-psp.getAllFlowsInPublishedStatus, fdr-psp.getSingleFlowInPublishedStatus, fdr-psp.getPaymentsForFlowInPublishedStatus, fdr-org.getAllPublishedFlows, fdr-org.getSinglePublishedFlow, fdr-org.getPaymentsFromPublishedFlow, fdr-psp, fdr-org, got "nodoVerificaRPT"',
    ],
    ['?from=not-a-date', 'from must be an ISO date-time or epoch milliseconds, got "not-a-date"'],
    ['?to=yesterday', 'to must be an ISO date-time or epoch milliseconds, got "yesterday"'],
    ['?from=2026-13-45T00:00:00Z', 'from must be an ISO date-time or epoch milliseconds, got "2026-13-45T00:00:00Z"'],
    ['?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z', 'from must not be after to'],
    ['?limit=0', 'limit must be an integer between 1 and 500, got "0"'],
    ['?limit=501', 'limit must be an integer between 1 and 500, got "501"'],
    ['?offset=-1', 'offset must be an integer between 0 and 2147483647, got "-1"'],
    ['?token=a&token=b', 'token must be given once, as a plain value'],
    ['?notice=302110000000000001', 'unknown parameter "notice"; known: noticeNumber, token, idPSP, fiscalCode, operation, outcome, direction, station, from, to, limit, offset'],
  ])('GET /admin/journal%s → 400 problem JSON', async (query, detail) => {
    const res = await fetch(`${server.baseUrl}/admin/journal${query}`);
    expect({ status: res.status, contentType: res.headers.get('content-type') }).toEqual({ status: 400, contentType: 'application/problem+json' });
    expect(await res.json()).toEqual({ type: 'https://pagopa-node-emulator/problems/bad-parameter', title: 'Bad Request', status: 400, detail });
  });

  it.each(['999999', 'abc', '1.5'])('an unknown id (%s) → 404 problem JSON, for request.xml and response.xml', async (id) => {
    for (const part of ['request.xml', 'response.xml']) {
      const res = await fetch(`${server.baseUrl}/admin/journal/${id}/${part}`);
      expect({ status: res.status, contentType: res.headers.get('content-type') }).toEqual({ status: 404, contentType: 'application/problem+json' });
      expect((await res.json()) as Problem).toEqual({ type: 'https://pagopa-node-emulator/problems/not-found', title: 'Not Found', status: 404, detail: `no journal entry ${id}` });
    }
  });
});
