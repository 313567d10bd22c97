import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoRegistry } from '../helpers/conformance';
import { DATABASE_IDS } from '../helpers/databases';
import { expectOpenApiResponse } from '../helpers/openapi';
import { startServer, type RunningServer } from '../helpers/server';
import { freshNotice, NodeForPsp, PSP_V2 } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { ARCHIVE, EC, EC2, GPD_PAYMENTS_SPEC, IBAN2, freshNav, pay, paForNode, publishNotice, receiptsOf, tokenOf, waitFor } from './helpers';

const BASE = '/gpd/payments-receipts-service/v1';
const LIST = '/payments/{organizationfiscalcode}/receipts';
const ONE = '/payments/{organizationfiscalcode}/receipts/{iuv}';
const KEYS: Record<string, string> = { [EC]: 'demo-ec-66666666666', [EC2]: 'demo-ec-88888888888' };

interface Answer {
  status: number;
  text: string;
  json: any;
  contentType: string | null;
  requestId: string | null;
}

async function get(baseUrl: string, path: string, key: string | null, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${baseUrl}${BASE}${path}`, { headers: { ...(key ? { 'Ocp-Apim-Subscription-Key': key } : {}), ...headers } });
  const text = await res.text();
  const contentType = res.headers.get('content-type');
  return { status: res.status, text, json: /json/.test(contentType ?? '') && text ? JSON.parse(text) : undefined, contentType, requestId: res.headers.get('x-request-id') };
}

/**
 * ECs hosted on the emulator (archive and synthetic stations) get their receipts stored, NOTIFIED in the
 * outcome's own transaction, and read them through GPD's receipts API (gpd_payments.json): the list
 * (PaymentsResult) and one receipt by IUV, the paSendRT(V2) envelope as stored. Every answer is checked
 * against the official OpenAPI file.
 */
describe.each(DATABASE_IDS)('stored receipts and the GPD receipts API on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  const list = async (org: string, query = '', key: string | null = KEYS[org]!) => {
    const a = await get(server.baseUrl, `/payments/${org}/receipts${query}`, key);
    // 400 is not in the official file; its 403 has no schema, only APIM's body as the example (compared below)
    if (a.status !== 400 && a.status !== 403) expectOpenApiResponse(GPD_PAYMENTS_SPEC, LIST, 'get', a.status, a.json ?? (a.text || undefined));
    return a;
  };
  const one = async (org: string, iuv: string, query = '', key: string | null = KEYS[org]!) => {
    const a = await get(server.baseUrl, `/payments/${org}/receipts/${iuv}${query}`, key);
    if (a.status !== 400 && a.status !== 403) expectOpenApiResponse(GPD_PAYMENTS_SPEC, ONE, 'get', a.status, a.json ?? (a.text || undefined));
    return a;
  };
  const navs: string[] = [];

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    // two archive notices (segregation code ARCHIVE: station 66666666666_02, V2), the first with a transfer to 88888888888 (archive station, broadcast)
    navs.push(freshNav(ARCHIVE), freshNav(ARCHIVE));
    await publishNotice(server.baseUrl, navs[0]!, [{ cents: 2000 }, { cents: 500, ec: EC2, iban: IBAN2 }]);
    await publishNotice(server.baseUrl, navs[1]!, [{ cents: 1500 }]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('an archive station holds its receipt at once: stored and NOTIFIED with the outcome, no HTTP', async () => {
    const { token } = await pay(nodo, navs[0]!, 2500, true);
    // no waiting: the outcome's transaction already did it
    const receipts = await receiptsOf(server.baseUrl, navs[0]!);
    expect(receipts.map((r) => [r.recipientFiscalCode, r.stationCode, r.backend, r.primitive, r.status, r.attempts])).toEqual([
      [EC, '66666666666_02', 'archive', 'paSendRTV2', 'NOTIFIED', 0],
      [EC2, '88888888888_01', 'archive', 'paSendRTV2', 'NOTIFIED', 0],
    ]);
    const t = await tokenOf(server.baseUrl, token);
    expect(t.status).toBe('NOTIFIED');
    expect(t.events.map((e) => e.event)).toEqual(['ACTIVATE', 'OUTCOME_OK', 'RECEIPT_NOTIFIED']);
    await pay(nodo, navs[1]!, 1500, true);
  });

  it('GET /payments/{org}/receipts/{iuv}: the receipt as delivered (application/xml), for the owner and for the broadcast EC', async () => {
    const iuv = navs[0]!.slice(1);
    const mine = await one(EC, iuv);
    expect(mine.status).toBe(200);
    expect(mine.contentType).toMatch(/^application\/xml/);
    expect((await assertValidEcMessage(mine.text)).element).toBe('paSendRTV2Request');
    const { body } = paForNode(mine.text);
    expect(body).toMatchObject({ idPA: EC, idStation: '66666666666_02', receipt: { noticeNumber: navs[0], fiscalCode: EC, creditorReferenceId: iuv, paymentAmount: '25.00' } });

    const copy = await one(EC2, iuv);
    expect(copy.status).toBe(200);
    expect(paForNode(copy.text).body).toMatchObject({ idPA: EC2, idBrokerPA: EC2, idStation: '88888888888_01', receipt: { fiscalCode: EC } });
    // the same receipt through the authorised broker's segregation codes; another code is not its to read
    expect((await one(EC, iuv, `?segregationCodes=02,${ARCHIVE}`)).status).toBe(200);
    const other = await one(EC, iuv, '?segregationCodes=02,03');
    expect(other.status).toBe(422);
    expect(other.json.detail).toContain(`segregation code ${ARCHIVE}`);
  });

  it("GET /payments/{org}/receipts: the EC's receipts, newest first, paged and filtered as GPD does", async () => {
    const all = await list(EC);
    expect(all.status).toBe(200);
    expect(all.requestId).toBeTruthy();
    expect(all.json).toMatchObject({ currentPageNumber: 0, length: 2, totalPages: 1 });
    expect(all.json.results).toEqual([
      { organizationFiscalCode: EC, iuv: navs[1]!.slice(1), debtor: 'RSSMRA80A01H501U', paymentDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      { organizationFiscalCode: EC, iuv: navs[0]!.slice(1), debtor: 'RSSMRA80A01H501U', paymentDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    ]);
    const page = await list(EC, '?pageSize=1&pageNum=1');
    expect(page.json).toMatchObject({ currentPageNumber: 1, length: 1, totalPages: 2, results: [{ iuv: navs[0]!.slice(1) }] });
    expect((await list(EC, `?debtorOrIuv=${navs[0]!.slice(1)}`)).json.results.map((r: { iuv: string }) => r.iuv)).toEqual([navs[0]!.slice(1)]);
    expect((await list(EC, '?debtorOrIuv=RSSMRA')).json.length).toBe(2);
    expect((await list(EC, `?debtor=RSSMRA80A01H501U&service=GPD&segregationCodes=${ARCHIVE}`)).json.length).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect((await list(EC, `?from=${today}&to=${today}`)).json.length).toBe(2);
    // empty pages are "no receipts found"
    for (const q of ['?debtor=VRDGPP80A01H501U', '?service=ACA', '?segregationCodes=02', '?from=2099-01-01', '?to=2000-01-01', '?pageNum=5']) {
      const a = await list(EC, q);
      expect([q, a.status]).toEqual([q, 404]);
      expect(a.json).toMatchObject({ status: 404, title: 'Not Found' });
    }
    expect((await list(EC2)).json.results).toEqual([expect.objectContaining({ organizationFiscalCode: EC2, iuv: navs[0]!.slice(1) })]);
  });

  it('bad parameters are a 400 naming the parameter', async () => {
    for (const [q, word] of [
      ['?pageSize=0', 'pageSize'],
      ['?pageSize=101', 'pageSize'],
      ['?pageNum=-1', 'pageNum'],
      ['?from=yesterday', 'from'],
      ['?segregationCodes=1', 'segregationCodes'],
      ['?service=XYZ', 'service'],
      ['?debtorOrIuv=a%25', 'debtorOrIuv'],
    ]) {
      const a = await list(EC, q!);
      expect([q, a.status]).toEqual([q, 400]);
      expect(a.contentType).toMatch(/application\/problem\+json/);
      expect(a.json.detail).toContain(word);
    }
  });

  it('unknown receipts are 404; the subscription key is checked first (401 without a body, 403 for another EC)', async () => {
    const missing = await one(EC, '01999999999999999');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ status: 404, title: 'Not Found' });
    expect(missing.requestId).toBeTruthy();
    const echoed = await get(server.baseUrl, `/payments/${EC}/receipts`, KEYS[EC]!, { 'X-Request-Id': 'req-123' });
    expect(echoed.requestId).toBe('req-123');

    const anonymous = await one(EC, navs[0]!.slice(1), '', null);
    expect([anonymous.status, anonymous.text]).toEqual([401, '']);
    const foreign = await one(EC, navs[0]!.slice(1), '', KEYS[EC2]!);
    expect(foreign.status).toBe(403);
    expect(foreign.json).toEqual({ statusCode: 403, message: 'You are not allowed to access this resource.' });
    expect((await list(EC, '', null)).status).toBe(401);
  });

  it("only ECs hosted here: a remote station's receipt is not in GPD; a synthetic station's is", async () => {
    const remote = freshNav('03');
    await publishNotice(server.baseUrl, remote, [{ cents: 800 }]);
    await pay(nodo, remote, 800, true);
    await waitFor(
      'remote receipt',
      () => receiptsOf(server.baseUrl, remote),
      (rs) => rs[0]?.status === 'NOTIFIED',
    );
    expect((await one(EC, remote.slice(1))).status).toBe(404);

    const synthetic = freshNotice();
    await pay(nodo, synthetic, 1000, false);
    const stored = await one(EC, synthetic.slice(1));
    expect(stored.status).toBe(200);
    expect(paForNode(stored.text).body).toMatchObject({ idStation: '66666666666_01', receipt: { noticeNumber: synthetic } });
  });

  it('a stored receipt is the one of its day: renaming the PSP and its channel afterwards changes nothing in it; the admin reads the same', async () => {
    const iuv = navs[0]!.slice(1);
    const before = (await one(EC, iuv)).text;
    expect(paForNode(before).body.receipt).toMatchObject({ PSPCompanyName: 'PSP di test', idChannel: PSP_V2.idChannel });
    const [primary] = await receiptsOf(server.baseUrl, navs[0]!);
    const adminXml = async () => (await fetch(`${server.baseUrl}/admin/receipts/${primary!.id}/xml`)).text();
    expect(await adminXml()).toBe(before);
    const put = async (doc: object) =>
      expect((await fetch(`${server.baseUrl}/admin/registry`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) })).status).toBe(200);
    const renamed = demoRegistry();
    renamed.psps.find((p) => p.pspCode === PSP_V2.idPSP)!.businessName = 'PSP rinominato';
    renamed.channels.find((c) => c.channelCode === PSP_V2.idChannel)!.description = 'canale rinominato';
    await put(renamed);
    try {
      expect((await one(EC, iuv)).text).toBe(before);
      expect(await adminXml()).toBe(before);
      // a payment made now carries the new names: the registry did change
      const nav = freshNav(ARCHIVE);
      await publishNotice(server.baseUrl, nav, [{ cents: 700 }]);
      await pay(nodo, nav, 700, true);
      expect(paForNode((await one(EC, nav.slice(1))).text).body.receipt).toMatchObject({ PSPCompanyName: 'PSP rinominato', channelDescription: 'canale rinominato' });
    } finally {
      await put(demoRegistry());
    }
  });
});
