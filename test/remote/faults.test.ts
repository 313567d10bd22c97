import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type EcPrimitive, type MockEcClient, type Override } from '../helpers/mockEc';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { NodeForPsp, type SoapResult } from '../helpers/soap';
import {
  EC,
  EC2,
  IBAN,
  IBAN2,
  PSP,
  PSP_EXT,
  activate,
  euros,
  expectNodeRequest,
  field,
  freshNav,
  journal,
  outcomeOnlyBody,
  paymentOkBody,
  publishNotice,
  SHORT_TIMEOUT_MS,
  verifyOkBody,
  writeRegistry,
  type StationKey,
} from './helpers';

/**
 * Every way an EC station can fail paVerifyPaymentNotice, paGetPayment (V1 station) and paGetPaymentV2
 * (V2 station), made to happen by the built-in mock EC, and the exact fault the PSP gets for each (spec
 * §4.1–§4.3, §6). After each failure the same PSP request is sent again with the mock EC behaving: it
 * succeeds, so a failed EC call never locks the notice. Every request the mock EC received validates
 * against the official paForNode.xsd and names the EC, broker and station the registry resolves.
 * The PSP's channel (60000000001_01 / the extended-fault-bean one) has no flagStandIn: no Stand-In here.
 */

interface Primitive {
  ec: EcPrimitive;
  station: StationKey;
  requestElement: string;
  responseElement: string;
  /** the PSP-side call; `creds` picks the PSP broker (extended fault bean or not) */
  call(nodo: NodeForPsp, nav: string, amountCents: number, creds: object): Promise<SoapResult>;
}

const PAYMENT_NOTE = 'idCart-42 nota del PSP';
const PRIMITIVES: Primitive[] = [
  {
    ec: 'paVerifyPaymentNotice',
    station: 'v2',
    requestElement: 'paVerifyPaymentNoticeReq',
    responseElement: 'paVerifyPaymentNoticeRes',
    call: async (nodo, nav, _amount, creds) => (await nodo.verify(nav, creds)).result,
  },
  {
    ec: 'paGetPayment',
    station: 'v1',
    requestElement: 'paGetPaymentReq',
    responseElement: 'paGetPaymentRes',
    call: (nodo, nav, amount, creds) => activate(nodo, false, nav, amount, creds, { paymentNote: PAYMENT_NOTE }),
  },
  {
    ec: 'paGetPaymentV2',
    station: 'v2',
    requestElement: 'paGetPaymentV2Request',
    responseElement: 'paGetPaymentV2Response',
    call: (nodo, nav, amount, creds) => activate(nodo, true, nav, amount, creds, { paymentNote: PAYMENT_NOTE }),
  },
];

interface Case {
  name: string;
  /** verify-only or getPayment-only cases */
  only?: 'verify' | 'payment';
  extended?: boolean;
  override(p: Primitive, nav: string): Override;
  fault: { faultCode: string; id?: string; description?: string | RegExp; originalFaultCode?: string; originalFaultString?: string; originalDescription?: string | null };
  journal: { outcome: string; faultCode: string; httpStatus?: number };
}

const ERR = 'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE';
const raw = (body: string): Override => ({ action: 'raw', body });
const CASES: Case[] = [
  {
    name: 'EC fault, broker without extendedFaultBean: PPT_ERRORE_EMESSO_DA_PAA, id = EC, the PAA fault folded into description',
    override: () => ({ action: 'fault', faultCode: 'PAA_PAGAMENTO_SCADUTO', faultString: 'Pagamento scaduto', description: 'scaduto il 2026-01-31', id: 'idDellEnte' }),
    fault: {
      faultCode: 'PPT_ERRORE_EMESSO_DA_PAA',
      id: EC,
      description: 'FaultString PA: Pagamento scaduto; FaultCode PA: PAA_PAGAMENTO_SCADUTO; Description PA: scaduto il 2026-01-31',
      originalFaultCode: undefined,
      originalFaultString: undefined,
      originalDescription: undefined,
    },
    journal: { outcome: 'KO', faultCode: 'PAA_PAGAMENTO_SCADUTO', httpStatus: 200 },
  },
  {
    name: 'EC fault, broker with extendedFaultBean: PPT_ERRORE_EMESSO_DA_PAA, id = EC, original* fields',
    extended: true,
    override: () => ({ action: 'fault', faultCode: 'PAA_CIAO', faultString: "Errore dell'ente", description: 'dettaglio', id: 'idDellEnte' }),
    fault: {
      faultCode: 'PPT_ERRORE_EMESSO_DA_PAA',
      id: EC,
      description: 'Errore restituito dalla PAA.',
      originalFaultCode: 'PAA_CIAO',
      originalFaultString: "Errore dell'ente",
      originalDescription: 'dettaglio',
    },
    journal: { outcome: 'KO', faultCode: 'PAA_CIAO', httpStatus: 200 },
  },
  {
    name: 'no answer within the station timeout: PPT_STAZIONE_INT_PA_TIMEOUT',
    override: () => ({ action: 'timeout' }),
    // the station's own timeout from the registry, not the 7 s default
    fault: { faultCode: 'PPT_STAZIONE_INT_PA_TIMEOUT', id: 'NodoDeiPagamentiSPC', description: new RegExp(`within ${SHORT_TIMEOUT_MS} ms`) },
    journal: { outcome: 'FAULT', faultCode: 'PPT_STAZIONE_INT_PA_TIMEOUT', httpStatus: 0 },
  },
  {
    name: 'connection dropped without an answer: PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE',
    override: () => ({ action: 'drop' }),
    fault: { faultCode: 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', id: 'NodoDeiPagamentiSPC' },
    journal: { outcome: 'FAULT', faultCode: 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', httpStatus: 0 },
  },
  {
    name: 'HTTP 503: PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO',
    override: () => ({ action: 'http', httpStatus: 503, body: 'Service Unavailable' }),
    fault: { faultCode: 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO', id: 'NodoDeiPagamentiSPC', description: /HTTP 503/ },
    journal: { outcome: 'FAULT', faultCode: 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO', httpStatus: 503 },
  },
  {
    name: 'XSD-invalid answer: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    override: () => ({ action: 'invalid' }),
    fault: { faultCode: ERR, id: 'NodoDeiPagamentiSPC', description: /paForNode\.xsd/ },
    journal: { outcome: 'FAULT', faultCode: ERR, httpStatus: 200 },
  },
  {
    name: 'outcome KO without fault: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    override: (p) => raw(outcomeOnlyBody(p.responseElement, 'KO')),
    fault: { faultCode: ERR, description: /outcome KO without fault/ },
    journal: { outcome: 'FAULT', faultCode: ERR, httpStatus: 200 },
  },
  {
    name: 'outcome OK without data: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    override: (p) => raw(outcomeOnlyBody(p.responseElement, 'OK')),
    fault: { faultCode: ERR, description: /outcome OK without (data|paymentList)/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  {
    name: 'verify OK without companyName and fiscalCodePA: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'verify',
    override: () => raw(verifyOkBody({ omit: ['fiscalCodePA', 'companyName'] })),
    fault: { faultCode: ERR, description: /outcome OK without fiscalCodePA, companyName/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  {
    name: 'paymentAmount is not the sum of the transfers: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'payment',
    override: (p, nav) =>
      raw(
        paymentOkBody(
          p.ec === 'paGetPaymentV2',
          nav,
          [
            { id: 1, cents: 10000 },
            { id: 2, cents: 2000, ec: EC2, iban: IBAN2 },
          ],
          12050,
        ),
      ),
    fault: { faultCode: ERR, description: /paymentAmount 120\.50 is not the sum of the transferAmounts \(120\.00\)/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  {
    name: 'a transfer to an EC unknown to the registry: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'payment',
    override: (p, nav) =>
      raw(
        paymentOkBody(p.ec === 'paGetPaymentV2', nav, [
          { id: 1, cents: 10050 },
          { id: 2, cents: 2000, ec: '12345678901', iban: IBAN2 },
        ]),
      ),
    fault: { faultCode: ERR, description: /transfer 2: fiscalCodePA 12345678901 is not a creditor institution known to pagoPA/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  {
    name: 'a transfer to a disabled EC: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'payment',
    override: (p, nav) => raw(paymentOkBody(p.ec === 'paGetPaymentV2', nav, [{ id: 1, cents: 12050, ec: '11111122223', iban: 'IT21Q0760101600000000546200' }])),
    fault: { faultCode: ERR, description: /creditor institution 11111122223 is disabled/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  {
    name: 'an IBAN not registered for the transfer EC: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'payment',
    // IBAN2 is registered, but for 88888888888, not for the transfer's EC
    override: (p, nav) =>
      raw(
        paymentOkBody(p.ec === 'paGetPaymentV2', nav, [
          { id: 1, cents: 10050 },
          { id: 2, cents: 2000, iban: IBAN2 },
        ]),
      ),
    fault: { faultCode: ERR, description: new RegExp(`transfer 2: IBAN ${IBAN2} is not registered for creditor institution ${EC}`) },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  {
    name: 'the same idTransfer twice: PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'payment',
    override: (p, nav) =>
      raw(
        paymentOkBody(p.ec === 'paGetPaymentV2', nav, [
          { id: 1, cents: 10050 },
          { id: 1, cents: 2000, ec: EC2, iban: IBAN2 },
        ]),
      ),
    fault: { faultCode: ERR, description: /idTransfer values must be 1\.\.2 in order, found 1, 1$/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  // idTransfer is the transfer's position: receipts, stamps and reporting flows address transfers by it
  {
    name: 'idTransfer 1 and 3 (a gap): PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'payment',
    override: (p, nav) =>
      raw(
        paymentOkBody(p.ec === 'paGetPaymentV2', nav, [
          { id: 1, cents: 10050 },
          { id: 3, cents: 2000, ec: EC2, iban: IBAN2 },
        ]),
      ),
    fault: { faultCode: ERR, description: /idTransfer values must be 1\.\.2 in order, found 1, 3$/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
  {
    name: 'idTransfer 2 then 1 (out of order): PPT_STAZIONE_INT_PA_ERRORE_RESPONSE',
    only: 'payment',
    override: (p, nav) =>
      raw(
        paymentOkBody(p.ec === 'paGetPaymentV2', nav, [
          { id: 2, cents: 10050 },
          { id: 1, cents: 2000, ec: EC2, iban: IBAN2 },
        ]),
      ),
    fault: { faultCode: ERR, description: /idTransfer values must be 1\.\.2 in order, found 2, 1$/ },
    journal: { outcome: 'FAULT', faultCode: ERR },
  },
];

describe.each(DATABASE_IDS)('remote EC station failures on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    const registry = writeRegistry(tempDir());
    server = await startServer({ db: await database.create(), args: ['--registry', registry] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  for (const p of PRIMITIVES) {
    const cases = CASES.filter((c) => !c.only || (c.only === 'verify') === (p.ec === 'paVerifyPaymentNotice'));
    describe(`${p.ec} (station ${p.station})`, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav(p.station), {
          transfers: [
            { cents: 10050, iban: IBAN },
            { cents: 2000, ec: EC2, iban: IBAN2 },
          ],
        });
        const creds = c.extended ? PSP_EXT : PSP;
        expect(await ec.queue(p.ec, { noticeNumber: nav, times: 1, ...c.override(p, nav) })).toEqual({ queued: 1 });

        const failed = await p.call(nodo, nav, amountCents, creds);
        expect(failed.outcome).toBe('KO');
        const { description, ...exact } = c.fault;
        const fault = failed.fault!;
        expect({ faultCode: fault.faultCode, ...(exact.id ? { id: fault.id } : {}) }).toEqual({ faultCode: exact.faultCode, ...(exact.id ? { id: exact.id } : {}) });
        for (const k of ['originalFaultCode', 'originalFaultString', 'originalDescription'] as const) if (k in exact) expect([k, fault[k]]).toEqual([k, exact[k]]);
        if (typeof description === 'string') expect(fault.description).toBe(description);
        else if (description) expect(fault.description).toMatch(description);

        // what the station received: the official schema, the registry's ids, the PSP's amount and note
        const received = await ec.history(nav, p.ec);
        expect(received).toHaveLength(1);
        await expectNodeRequest(received[0]!.request, p.requestElement, p.station, nav);
        if (p.ec !== 'paVerifyPaymentNotice') {
          expect([field(received[0]!.request, 'amount'), field(received[0]!.request, 'paymentNote')]).toEqual([euros(amountCents), PAYMENT_NOTE]);
        }

        // the notice is not locked: the same request succeeds once the station behaves
        const again = await p.call(nodo, nav, amountCents, creds);
        expect([again.outcome, again.fault?.faultCode]).toEqual(['OK', undefined]);
        if (p.ec !== 'paVerifyPaymentNotice') expect(again.paymentToken).toMatch(/^[0-9a-f]{32}$/);
        expect(await ec.history(nav, p.ec)).toHaveLength(2);

        // the journal shows both outbound exchanges, newest first
        const rows = (await journal(server.baseUrl, { direction: 'out', noticeNumber: nav, operation: p.ec })).items;
        expect(rows.map((r) => [r.direction, r.stationCode, r.fiscalCode, r.outcome, r.faultCode])).toEqual([
          ['out', `${EC}_${p.station === 'v1' ? '14' : '13'}`, EC, 'OK', null],
          ['out', `${EC}_${p.station === 'v1' ? '14' : '13'}`, EC, c.journal.outcome, c.journal.faultCode],
        ]);
        if (c.journal.httpStatus !== undefined) expect(rows[1]!.httpStatus).toBe(c.journal.httpStatus);
      });
    });
  }

  it('nothing listening at the station: PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE on verify, paGetPayment and paGetPaymentV2, journaled', async () => {
    const v2 = freshNav('downV2');
    const v1 = freshNav('downV1');
    const verify = (await nodo.verify(v2, PSP)).result;
    const act1 = await activate(nodo, false, v1, 1000, PSP);
    const act2 = await activate(nodo, true, v2, 1000, PSP);
    for (const r of [verify, act1, act2]) expect([r.outcome, r.fault?.faultCode, r.fault?.id]).toEqual(['KO', 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', 'NodoDeiPagamentiSPC']);
    expect(verify.fault!.description).toContain('127.0.0.1:1');
    const rows = (await journal(server.baseUrl, { direction: 'out', station: `${EC}_30` })).items;
    expect(rows.filter((r) => r.noticeNumber === v2).map((r) => [r.operation, r.outcome, r.faultCode, r.httpStatus])).toEqual([
      ['paGetPaymentV2', 'FAULT', 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', 0],
      ['paVerifyPaymentNotice', 'FAULT', 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', 0],
    ]);
    const req = await fetch(`${server.baseUrl}${rows[0]!.links.request}`);
    await expectNodeRequest(await req.text(), 'paGetPaymentV2Request', 'downV2', v2);
  });
});
