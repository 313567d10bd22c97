import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { expectOpenApiResponse } from '../helpers/openapi';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { admin, DETAILS, ECOMMERCE, NodeForPsp, PSP, PSP_V2 } from '../helpers/soap';
import { stampXml, toBase64 } from '../helpers/stamps';
import { EC, EC2, IBAN, IBAN2, freshNav, pay, publishNotice, receiptsOf, tokenOf } from '../receipts/helpers';
import { activate as activateRemote, freshNav as remoteNav, publishNotice as publishRemote, writeRegistry } from '../remote/helpers';

const SPEC = 'pagopa-api/openapi/biz_events.json';
const BASE = '/bizevents/service/v1';
const BY_IUR = '/organizations/{organizationfiscalcode}/receipts/{iur}';
const BY_IUV = '/organizations/{organizationfiscalcode}/receipts/{iur}/paymentoptions/{iuv}';
const KEYS: Record<string, string> = { [EC]: 'demo-ec-66666666666', [EC2]: 'demo-ec-88888888888', '77777777777': 'demo-ec-77777777777' };

interface Answer {
  status: number;
  text: string;
  json: any;
  contentType: string | null;
  requestId: string | null;
}

/** The demo registry's PSP 60000000001 (registry/demo.yaml), as its receipts name it. */
const PSP_FIELDS = { idPSP: '60000000001', pspFiscalCode: '60000000001', pspPartitaIVA: '60000000001', pspCompanyName: 'PSP di test' };
const NULL_ADDRESS = { streetName: null, civicNumber: null, postalCode: null, city: null, stateProvinceRegion: null, country: null };
const PAYER = { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U', fullName: 'Mario Rossi', ...NULL_ADDRESS, email: null };

/**
 * biz-events receipt recovery (reporting spec §7, biz_events.json): an EC reads by IUR (= the payment token in
 * model 3) the receipt of a payment whose OK outcome the node has recorded, right after the outcome and
 * whatever happened to paSendRT. Every answer the file declares is validated against it; the service writes
 * null for absent values, which the file (generated from Java classes) does not declare nullable.
 */
describe.each(DATABASE_IDS)('biz-events receipts on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;

  const get = async (path: string, key: string | null, headers: Record<string, string> = {}): Promise<Answer> => {
    const res = await fetch(`${server.baseUrl}${BASE}${path}`, { headers: { ...(key ? { 'Ocp-Apim-Subscription-Key': key } : {}), ...headers } });
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    return { status: res.status, text, json: /json/.test(contentType ?? '') && text ? JSON.parse(text) : undefined, contentType, requestId: res.headers.get('x-request-id') };
  };
  /** GET by IUR, validated against the file (400 is the emulator's own, not in the file) */
  const byIur = async (org: string, iur: string, key: string | null = KEYS[org] ?? null, headers: Record<string, string> = {}) => {
    const a = await get(`/organizations/${org}/receipts/${iur}`, key, headers);
    if (a.status !== 400) expectOpenApiResponse(SPEC, BY_IUR, 'get', a.status, a.json ?? (a.text || undefined), { nullable: true });
    return a;
  };
  const byIuv = async (org: string, iur: string, iuv: string, key: string | null = KEYS[org] ?? null) => {
    const a = await get(`/organizations/${org}/receipts/${iur}/paymentoptions/${iuv}`, key);
    if (a.status !== 400) expectOpenApiResponse(SPEC, BY_IUV, 'get', a.status, a.json ?? (a.text || undefined), { nullable: true });
    return a;
  };
  const outcomeAt = async (token: string) => (await admin<{ outcomeAt: string }>(server.baseUrl, `/admin/tokens/${token}`)).body.outcomeAt;

  // paid in beforeAll: a V2 multi-beneficiary payment (remote V2 station, mock EC) and a V1 one (remote V1 station)
  const multi = { nav: '', token: '' };
  const single = { nav: '', token: '' };

  beforeAll(async () => {
    // the demo registry plus a station where nothing listens (Stand-In, test/remote/helpers.ts)
    server = await startServer({ db: await database.create(), args: ['--registry', writeRegistry(tempDir())] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    multi.nav = freshNav('03');
    await publishNotice(server.baseUrl, multi.nav, [{ cents: 2000 }, { cents: 550, ec: EC2, iban: IBAN2 }]);
    multi.token = (await pay(nodo, multi.nav, 2550, true)).token;
    single.nav = freshNav('04');
    await publishNotice(server.baseUrl, single.nav, [{ cents: 3000 }]);
    single.token = (await pay(nodo, single.nav, 3000, false)).token;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('V2, multi-beneficiary: the primary EC reads the receipt by IUR right after the outcome, every field from the payment', async () => {
    const a = await byIur(EC, multi.token);
    expect(a.status).toBe(200);
    expect(a.contentType).toMatch(/^application\/json/);
    const at = await outcomeAt(multi.token);
    // the whole answer, in the file's field order: the EC's data (publishNotice), the outcome's details (DETAILS), the registry's PSP
    expect(a.json).toStrictEqual({
      receiptId: multi.token,
      noticeNumber: multi.nav,
      fiscalCode: EC,
      outcome: 'OK',
      creditorReferenceId: multi.nav.slice(1),
      paymentAmount: 25.5,
      description: `Avviso ${multi.nav}`,
      companyName: 'Comune di Test',
      officeName: 'Ufficio Tributi',
      debtor: { ...PAYER, email: 'mario.rossi@example.com' },
      transferList: [
        {
          idTransfer: 1,
          transferAmount: 20,
          fiscalCodePA: EC,
          iban: IBAN,
          mbdAttachment: null,
          remittanceInformation: 'quota 1',
          transferCategory: '9/0101101IM/',
          metadata: [{ key: 'quota', value: '1' }],
        },
        {
          idTransfer: 2,
          transferAmount: 5.5,
          fiscalCodePA: EC2,
          iban: IBAN2,
          mbdAttachment: null,
          remittanceInformation: 'quota 2',
          transferCategory: '9/0101101IM/',
          metadata: [{ key: 'quota', value: '2' }],
        },
      ],
      ...PSP_FIELDS,
      idChannel: PSP_V2.idChannel,
      channelDescription: 'canale versione primitive 2',
      payer: PAYER,
      paymentMethod: DETAILS.paymentMethod,
      fee: 1,
      primaryCiIncurredFee: null,
      idBundle: null,
      idCiBundle: null,
      paymentDateTime: at.slice(0, 10),
      paymentDateTimeFormatted: at.slice(0, 19),
      applicationDate: DETAILS.applicationDate,
      transferDate: DETAILS.transferDate,
      metadata: null,
    });
    // neither the V2 paymentNote nor standIn: CtReceiptModelResponse has no place for them
    expect(Object.keys(a.json)).not.toEqual(expect.arrayContaining(['paymentNote']));
    expect(a.json).not.toHaveProperty('standIn');
  });

  it('the secondary EC of the transfers finds the same receipt by IUR; an EC outside the transfers does not', async () => {
    const mine = await byIur(EC, multi.token);
    const theirs = await byIur(EC2, multi.token);
    expect(theirs.status).toBe(200);
    expect(theirs.json).toStrictEqual(mine.json);
    const other = await byIur('77777777777', multi.token);
    expect(other.status).toBe(404);
    expect(other.json).toMatchObject({ code: 'BZ_404_002', detail: `Not found a biz event for the Organization Fiscal Code 77777777777 and IUR ${multi.token}` });
  });

  it('a stamp transfer: mbdAttachment is the stamp the PSP issued, iban null', async () => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 2000 }, { cents: 1600, stamp: true }]);
    const act = await nodo.activateV2(nav, { amount: '36.00' }, ECOMMERCE);
    const token = act.result.paymentToken as string;
    const stamp = toBase64(stampXml());
    const details = { ...DETAILS, marcheDaBollo: { marcaDaBollo: [{ paymentToken: token, idTransfer: 2, MBDAttachment: stamp }] } };
    expect((await nodo.outcomeV2([token], 'OK', { details }, ECOMMERCE)).result.outcome).toBe('OK');
    const a = await byIur(EC, token);
    expect(a.status).toBe(200);
    expect(a.json.transferList).toEqual([
      expect.objectContaining({ idTransfer: 1, transferAmount: 20, iban: IBAN, mbdAttachment: null }),
      expect.objectContaining({ idTransfer: 2, transferAmount: 16, fiscalCodePA: EC, iban: null, mbdAttachment: stamp }),
    ]);
  });

  it('V1: the receipt of a sendPaymentOutcome on a V1 channel and a V1 station', async () => {
    const a = await byIur(EC, single.token);
    expect(a.status).toBe(200);
    const at = await outcomeAt(single.token);
    expect(a.json).toMatchObject({
      receiptId: single.token,
      noticeNumber: single.nav,
      creditorReferenceId: single.nav.slice(1),
      paymentAmount: 30,
      transferList: [{ idTransfer: 1, transferAmount: 30, fiscalCodePA: EC, iban: IBAN, mbdAttachment: null }],
      ...PSP_FIELDS,
      idChannel: PSP.idChannel,
      channelDescription: 'canale ATTIVATO_PRESSO_PSP',
      fee: 1,
      paymentDateTime: at.slice(0, 10),
      paymentDateTimeFormatted: at.slice(0, 19),
    });
  });

  it('the key may also come as the subscription-key query parameter; X-Request-Id is echoed, or made up', async () => {
    const a = await get(`/organizations/${EC}/receipts/${single.token}?subscription-key=${KEYS[EC]}`, null, { 'X-Request-Id': 'req-bz-1' });
    expect([a.status, a.requestId]).toEqual([200, 'req-bz-1']);
    const b = await byIur(EC, single.token);
    expect(b.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('deprecated /paymentoptions/{iuv}: the primary EC and its IUV; a secondary EC or another IUV is BZ_404_001', async () => {
    const iuv = multi.nav.slice(1);
    const a = await byIuv(EC, multi.token, iuv);
    expect(a.status).toBe(200);
    expect(a.json).toStrictEqual((await byIur(EC, multi.token)).json);
    const secondary = await byIuv(EC2, multi.token, iuv);
    expect([secondary.status, secondary.contentType]).toEqual([404, 'application/json']);
    expect(secondary.json).toEqual({
      type: 'https://pagopa-node-emulator/problems/bizevents-not-found',
      title: 'Biz Event not found',
      status: 404,
      detail: `Not found a biz event for the Organization Fiscal Code ${EC2} and IUR ${multi.token} and IUV ${iuv}`,
      code: 'BZ_404_001',
    });
    const otherIuv = await byIuv(EC, multi.token, single.nav.slice(1));
    expect(otherIuv.json).toMatchObject({ status: 404, code: 'BZ_404_001' });
  });

  it('404 BZ_404_002: an unknown IUR, a token not paid yet, a KO outcome', async () => {
    const unknown = await byIur(EC, 'f'.repeat(32), KEYS[EC], { 'X-Request-Id': 'req-bz-404' });
    expect([unknown.status, unknown.contentType, unknown.requestId]).toEqual([404, 'application/json', 'req-bz-404']);
    expect(unknown.json).toEqual({
      type: 'https://pagopa-node-emulator/problems/bizevents-not-found',
      title: 'Biz Event not found',
      status: 404,
      detail: `Not found a biz event for the Organization Fiscal Code ${EC} and IUR ${'f'.repeat(32)}`,
      code: 'BZ_404_002',
    });

    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 1200 }]);
    const act = await nodo.activateV2(nav, { amount: '12.00' });
    const token = act.result.paymentToken as string;
    expect((await byIur(EC, token)).status).toBe(404);
    expect((await nodo.outcomeV2([token], 'KO')).result.outcome).toBe('OK');
    expect((await byIur(EC, token)).json).toMatchObject({ status: 404, code: 'BZ_404_002' });
    expect((await tokenOf(server.baseUrl, token)).status).toBe('FAILED');
  });

  it('401 without a body: no key, an unknown key, a key of another EC', async () => {
    for (const key of [null, 'no-such-key', KEYS['77777777777']!, KEYS[EC2]!]) {
      const a = await byIur(EC, single.token, key, { 'X-Request-Id': 'req-bz-401' });
      expect([a.status, a.text, a.requestId]).toEqual([401, '', 'req-bz-401']);
    }
    expect((await byIuv(EC, single.token, single.nav.slice(1), null)).status).toBe(401);
  });

  it('400 problem JSON for malformed path parameters, naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      [`/organizations/6666666666/receipts/${single.token}`, /^organizationfiscalcode must be the 11-digit fiscal code/],
      [`/organizations/${EC}/receipts/${'a'.repeat(36)}`, /^iur must be 1 to 35 printable characters/],
      [`/organizations/${EC}/receipts/a%20b`, /^iur must be 1 to 35 printable characters/],
      [`/organizations/${EC}/receipts/${single.token}/paymentoptions/${'1'.repeat(36)}`, /^iuv must be 1 to 35 printable characters/],
    ];
    for (const [path, detail] of cases) {
      const a = await get(path, KEYS[EC]!);
      expect([a.status, a.contentType]).toEqual([400, 'application/json']);
      expect(a.json).toMatchObject({ type: 'https://pagopa-node-emulator/problems/bad-parameter', title: 'Bad Request', status: 400, detail: expect.stringMatching(detail) });
    }
  });

  it('Stand-In: a payment taken while the station is down is a biz event at once, its paSendRTV2 still undelivered (standIn is not in the model)', async () => {
    const { nav, amountCents } = await publishRemote(server.baseUrl, remoteNav('downV2'), { payStandIn: true });
    const act = await activateRemote(nodo, true, nav, amountCents, PSP_V2);
    expect(act).toMatchObject({ outcome: 'OK', standin: true });
    expect((await nodo.outcomeV2([act.paymentToken as string], 'OK')).result.outcome).toBe('OK');
    // nothing listens on the station: its receipt cannot have been delivered
    expect((await receiptsOf(server.baseUrl, nav)).map((r) => [r.stationCode, r.status === 'NOTIFIED'])).toEqual([['66666666666_30', false]]);
    const a = await byIur(EC, act.paymentToken as string);
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ receiptId: act.paymentToken, noticeNumber: nav, paymentAmount: amountCents / 100, outcome: 'OK' });
    expect(a.json).not.toHaveProperty('standIn');
  });

  it('the journal records each exchange as bizevents.<operationId>: keys, status, the request line (key masked) and the JSON answer', async () => {
    const a = await get(`/organizations/${EC}/receipts/${single.token}?subscription-key=${KEYS[EC]}`, null, { 'X-Request-Id': 'req-bz-journal' });
    expect(a.status).toBe(200);
    const page = await admin<{
      items: {
        id: number;
        requestId: string;
        operation: string;
        fiscalCode: string;
        noticeNumber: string | null;
        token: string;
        outcome: string;
        faultCode: string | null;
        httpStatus: number;
      }[];
    }>(server.baseUrl, `/admin/journal?operation=bizevents.getOrganizationReceiptIur&token=${single.token}`);
    expect(page.status).toBe(200);
    const row = page.body.items.find((r) => r.requestId === 'req-bz-journal')!;
    expect(row).toMatchObject({
      operation: 'bizevents.getOrganizationReceiptIur',
      fiscalCode: EC,
      noticeNumber: single.nav,
      token: single.token,
      outcome: 'OK',
      faultCode: null,
      httpStatus: 200,
    });
    const request = await fetch(`${server.baseUrl}/admin/journal/${row.id}/request.xml`);
    expect(request.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await request.text()).toBe(`GET ${BASE}/organizations/${EC}/receipts/${single.token}?subscription-key=***\nX-Request-Id: req-bz-journal`);
    const response = await fetch(`${server.baseUrl}/admin/journal/${row.id}/response.xml`);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(await response.text())).toStrictEqual(a.json);

    // a 404 carries its code; a 401 is journaled too
    await byIur(EC, 'e'.repeat(32), KEYS[EC], { 'X-Request-Id': 'req-bz-journal-404' });
    await byIuv(EC, 'e'.repeat(32), '1'.repeat(17), null);
    const misses = await admin<{ items: { requestId: string; operation: string; outcome: string; faultCode: string | null; httpStatus: number }[] }>(
      server.baseUrl,
      `/admin/journal?token=${'e'.repeat(32)}`,
    );
    expect(misses.body.items.map((r) => [r.operation, r.outcome, r.faultCode, r.httpStatus])).toEqual([
      ['bizevents.getOrganizationReceiptIuvIur', 'KO', null, 401],
      ['bizevents.getOrganizationReceiptIur', 'KO', 'BZ_404_002', 404],
    ]);
  });
});
