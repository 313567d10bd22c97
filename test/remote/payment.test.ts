import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { EC, EC2, IBAN, IBAN2, PSP, PSP_V2, activate, euros, expectNodeRequest, field, freshNav, journal, navOnSegregation, publishNotice, writeRegistry } from './helpers';

/**
 * A payment through remote stations on the built-in mock EC (served by the emulator itself): the PSP
 * gets what the EC answered, the EC receives exactly what pagoPA's node sends (official paForNode.xsd,
 * idPA/idBrokerPA/idStation from the registry, the PSP's amount, paymentNote and dueDate), and the
 * journal holds every outbound exchange, byte for byte what the mock EC received and answered.
 */
describe.each(DATABASE_IDS)('payment through a remote station on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--registry', writeRegistry(tempDir())] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("V2 station: verify → activateV2 (paGetPaymentV2) → outcome OK; the EC answers are relayed, the requests are the node's", async () => {
    const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav('v2'), {
      transfers: [
        { cents: 10050, iban: IBAN },
        { cents: 2000, ec: EC2, iban: IBAN2 },
      ],
      description: 'TARI 2026 rata unica',
    });

    const verify = (await nodo.verify(nav, PSP_V2)).result;
    expect(verify).toMatchObject({ outcome: 'OK', paymentDescription: 'TARI 2026 rata unica', fiscalCodePA: EC, companyName: 'Comune di Test', officeName: 'Ufficio Tributi' });
    expect(verify.paymentList).toMatchObject({ paymentOptionDescription: [{ amount: euros(amountCents), options: 'EQ' }] });
    expect(verify.standin).toBeUndefined();

    const dueDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const act = await activate(nodo, true, nav, amountCents, PSP_V2, { paymentNote: 'carrello 7', dueDate });
    expect(act).toMatchObject({ outcome: 'OK', totalAmount: euros(amountCents), fiscalCodePA: EC, companyName: 'Comune di Test', creditorReferenceId: nav.slice(1) });
    expect(act.standin).toBeUndefined();
    const transfers = (act.transferList as { transfer: { fiscalCodePA: string; IBAN: string; transferAmount: string }[] }).transfer;
    expect(transfers.map((t) => [t.fiscalCodePA, t.IBAN, t.transferAmount])).toEqual([
      [EC, IBAN, '100.50'],
      [EC2, IBAN2, '20.00'],
    ]);

    const [verifyReq] = await ec.history(nav, 'paVerifyPaymentNotice');
    const [getReq] = await ec.history(nav, 'paGetPaymentV2');
    expect(await ec.history(nav, 'paGetPayment')).toEqual([]);
    await expectNodeRequest(verifyReq!.request, 'paVerifyPaymentNoticeReq', 'v2', nav);
    await expectNodeRequest(getReq!.request, 'paGetPaymentV2Request', 'v2', nav);
    expect([field(getReq!.request, 'amount'), field(getReq!.request, 'paymentNote'), field(getReq!.request, 'dueDate')]).toEqual([euros(amountCents), 'carrello 7', dueDate]);
    expect([verifyReq!.idStation, getReq!.idStation, getReq!.idBrokerPA, getReq!.idPA]).toEqual([`${EC}_13`, `${EC}_13`, EC, EC]);

    const outcome = (await nodo.outcomeV2([act.paymentToken as string], 'OK')).result;
    expect(outcome.outcome).toBe('OK');

    // the journal: both outbound exchanges, as exported files identical to what the EC received and answered
    const out = (await journal(server.baseUrl, { direction: 'out', noticeNumber: nav })).items;
    expect(out.filter((r) => r.operation !== 'paSendRTV2').map((r) => [r.operation, r.direction, r.stationCode, r.fiscalCode, r.outcome, r.faultCode, r.httpStatus])).toEqual([
      ['paGetPaymentV2', 'out', `${EC}_13`, EC, 'OK', null, 200],
      ['paVerifyPaymentNotice', 'out', `${EC}_13`, EC, 'OK', null, 200],
    ]);
    const byOp = Object.fromEntries(out.map((r) => [r.operation, r]));
    for (const [op, recorded] of [
      ['paVerifyPaymentNotice', verifyReq!],
      ['paGetPaymentV2', getReq!],
    ] as const) {
      const request = await fetch(`${server.baseUrl}${byOp[op]!.links.request}`);
      expect(request.status).toBe(200);
      expect(request.headers.get('content-disposition')).toContain(`${byOp[op]!.id}-${op}-request.xml`);
      expect(await request.text()).toBe(recorded.request);
      const response = await (await fetch(`${server.baseUrl}${byOp[op]!.links.response}`)).text();
      expect(response).toBe(recorded.response);
      await assertValidEcMessage(response);
    }

    // inbound rows are the PSP's: direction=in never shows an EC exchange, and the station filter only EC ones
    const inbound = (await journal(server.baseUrl, { direction: 'in', noticeNumber: nav })).items;
    // the outcome names only its token; its row carries the token's notice (issue 15 item 6)
    expect(inbound.map((r) => [r.operation, r.direction, r.stationCode])).toEqual([
      ['sendPaymentOutcomeV2', 'in', null],
      ['activatePaymentNoticeV2', 'in', null],
      ['verifyPaymentNotice', 'in', null],
    ]);
    const all = (await journal(server.baseUrl, { noticeNumber: nav })).items;
    expect(new Set(all.map((r) => r.direction))).toEqual(new Set(['in', 'out']));
    const station = (await journal(server.baseUrl, { station: `${EC}_13`, operation: 'paGetPaymentV2', noticeNumber: nav })).items;
    expect(station.map((r) => r.id)).toEqual([byOp.paGetPaymentV2!.id]);
  });

  it('V1 station: activatePaymentNotice calls paGetPayment (not V2), without paymentNote when the PSP gave none', async () => {
    const { nav, amountCents } = await publishNotice(server.baseUrl, freshNav('v1'));
    const act = await activate(nodo, false, nav, amountCents, PSP);
    expect(act).toMatchObject({ outcome: 'OK', totalAmount: euros(amountCents), creditorReferenceId: nav.slice(1) });
    const [getReq] = await ec.history(nav, 'paGetPayment');
    expect(await ec.history(nav, 'paGetPaymentV2')).toEqual([]);
    await expectNodeRequest(getReq!.request, 'paGetPaymentReq', 'v1', nav);
    expect([field(getReq!.request, 'amount'), field(getReq!.request, 'paymentNote'), field(getReq!.request, 'dueDate')]).toEqual([euros(amountCents), undefined, undefined]);
    const rows = (await journal(server.baseUrl, { direction: 'out', noticeNumber: nav })).items;
    expect(rows.map((r) => [r.operation, r.stationCode, r.outcome])).toEqual([['paGetPayment', `${EC}_14`, 'OK']]);
  });

  it("an EC fault relayed on the demo registry's own stations 66666666666_03 (V2) and _04 (V1), and a journal query refused with a clear 400", async () => {
    // the demo's remote stations on /mock-ec/v1, default timeouts: the mock EC answers PAA_PAGAMENTO_SCONOSCIUTO for a notice it does not hold
    for (const [seg, v2] of [
      ['03', true],
      ['04', false],
    ] as const) {
      const nav = navOnSegregation(seg);
      const r = await activate(nodo, v2, nav, 1000, PSP);
      expect([r.outcome, r.fault?.faultCode, r.fault?.id]).toEqual(['KO', 'PPT_ERRORE_EMESSO_DA_PAA', EC]);
      expect(r.fault!.description).toContain('PAA_PAGAMENTO_SCONOSCIUTO');
      const rows = (await journal(server.baseUrl, { direction: 'out', noticeNumber: nav })).items;
      expect(rows.map((x) => [x.operation, x.stationCode, x.outcome, x.faultCode])).toEqual([
        [v2 ? 'paGetPaymentV2' : 'paGetPayment', `${EC}_${seg}`, 'KO', 'PAA_PAGAMENTO_SCONOSCIUTO'],
      ]);
    }
    for (const [query, detail] of [
      ['direction=sideways', 'direction must be one of in, out, got "sideways"'],
      ['operation=paSendRTV3', 'operation must be one of'],
      [`station=${'x'.repeat(36)}`, 'station must be a station code'],
    ] as const) {
      const res = await fetch(`${server.baseUrl}/admin/journal?${query}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { detail: string }).detail).toContain(detail);
    }
  });
});
