import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import YAML from 'yaml';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { ROOT, startServer, type RunningServer } from '../helpers/server';
import { admin, advanceClock, NodeForPsp, runJob } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { EC, IBAN, PAYMENT_NOTE, freshNav, pay, paForNode, publishNotice, receipt, receiptsOf, tokenOf, waitFor } from './helpers';

/**
 * Receipts of payments through the demo's remote stations on the built-in mock EC of the same server
 * (spec §4.4, §8.7): 66666666666_03 (primitiveVersion 2 → paSendRTV2) and 66666666666_04 (1 → paSendRT).
 * The receipt is sent as soon as the outcome commits; once the primary EC answers OK the token and the
 * notice are NOTIFIED. What the mock EC received validates against the official paForNode.xsd.
 */
describe.each(DATABASE_IDS)('receipt delivery on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const notified = (nav: string) =>
    waitFor(
      `receipts of ${nav}`,
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs.length > 0 && rs.every((r) => r.status === 'NOTIFIED'),
    );

  it('V2 station: paSendRTV2 to the mock EC, filled as spec §4.4 says; token and notice NOTIFIED', async () => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 2500 }, { cents: 500, iban: 'IT30N0103076271000001823603' }]);
    const before = Date.now();
    const { token, outcome } = await pay(nodo, nav, 3000, true);
    expect(outcome.outcome).toBe('OK');

    const [r] = await notified(nav);
    expect(r).toMatchObject({
      token,
      recipientFiscalCode: EC,
      stationCode: '66666666666_03',
      brokerCode: '66666666666',
      backend: 'remote',
      primitive: 'paSendRTV2',
      isPrimary: true,
      attempts: 1,
      lastError: null,
    });
    const t = await tokenOf(server.baseUrl, token);
    expect(t.status).toBe('NOTIFIED');
    expect(t.events.map((e) => [e.event, e.toStatus, e.noticeTo])).toEqual([
      ['ACTIVATE', 'PAYING', 'PAYING'],
      ['OUTCOME_OK', 'PAID', 'PAID'],
      ['RECEIPT_NOTIFIED', 'NOTIFIED', 'NOTIFIED'],
    ]);
    // a NOTIFIED notice is paid for everyone, and its token already outcomed
    expect((await nodo.verify(nav)).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
    expect((await nodo.outcomeV2([token], 'OK')).result.fault?.faultCode).toBe('PPT_ESITO_GIA_ACQUISITO');

    const history = await ec.history(nav, 'paSendRTV2');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ idPA: EC, idBrokerPA: '66666666666', idStation: '66666666666_03', httpStatus: 200, override: null });
    expect((await assertValidEcMessage(history[0]!.request)).element).toBe('paSendRTV2Request');
    expect(paForNode(history[0]!.response!).body.outcome).toBe('OK');
    const { body } = paForNode(history[0]!.request);
    expect(body).toMatchObject({ idPA: EC, idBrokerPA: '66666666666', idStation: '66666666666_03' });
    const rc = body.receipt;
    expect(rc).toMatchObject({
      receiptId: token,
      noticeNumber: nav,
      fiscalCode: EC,
      outcome: 'OK',
      creditorReferenceId: nav.slice(1),
      paymentAmount: '30.00',
      description: `Avviso ${nav}`,
      companyName: 'Comune di Test',
      officeName: 'Ufficio Tributi',
      debtor: {
        uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U' },
        fullName: 'Mario Rossi',
        'e-mail': 'mario.rossi@example.com',
      },
      idPSP: '60000000001',
      pspFiscalCode: '60000000001',
      pspPartitaIVA: '60000000001',
      PSPCompanyName: 'PSP di test',
      idChannel: '60000000001_08',
      channelDescription: 'canale versione primitive 2',
      payer: { uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U' }, fullName: 'Mario Rossi' },
      paymentMethod: 'creditCard',
      paymentNote: PAYMENT_NOTE,
      fee: '1.00',
      applicationDate: '2026-11-22',
      transferDate: '2026-11-23',
    });
    expect(rc.transferList.transfer).toEqual([
      {
        idTransfer: '1',
        transferAmount: '25.00',
        fiscalCodePA: EC,
        companyName: 'Comune di Test',
        IBAN,
        remittanceInformation: 'quota 1',
        transferCategory: '9/0101101IM/',
        metadata: { mapEntry: [{ key: 'quota', value: '1' }] },
      },
      {
        idTransfer: '2',
        transferAmount: '5.00',
        fiscalCodePA: EC,
        companyName: 'Comune di Test',
        IBAN: 'IT30N0103076271000001823603',
        remittanceInformation: 'quota 2',
        transferCategory: '9/0101101IM/',
        metadata: { mapEntry: [{ key: 'quota', value: '2' }] },
      },
    ]);
    // paymentDateTime is the node's time of the accepted outcome
    const paidAt = Date.parse(rc.paymentDateTime);
    expect(paidAt).toBeGreaterThanOrEqual(before - 1000);
    expect(paidAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(rc.standIn).toBeUndefined();
  });

  it('V1 station: paSendRT (ctReceipt, no V2-only fields)', async () => {
    const nav = freshNav('04');
    await publishNotice(server.baseUrl, nav, [{ cents: 1200 }]);
    const { token } = await pay(nodo, nav, 1200, false);
    const [r] = await notified(nav);
    expect(r).toMatchObject({ stationCode: '66666666666_04', primitive: 'paSendRT', attempts: 1 });
    expect((await tokenOf(server.baseUrl, token)).status).toBe('NOTIFIED');

    expect(await ec.history(nav, 'paSendRTV2')).toEqual([]);
    const [h] = await ec.history(nav, 'paSendRT');
    expect((await assertValidEcMessage(h!.request)).element).toBe('paSendRTReq');
    const { body } = paForNode(h!.request);
    expect(body).toMatchObject({ idPA: EC, idBrokerPA: '66666666666', idStation: '66666666666_04' });
    expect(body.receipt).toMatchObject({
      receiptId: token,
      noticeNumber: nav,
      paymentAmount: '12.00',
      idChannel: '60000000001_01',
      channelDescription: 'canale ATTIVATO_PRESSO_PSP',
    });
    expect(body.receipt.transferList.transfer[0]).toMatchObject({ IBAN, transferCategory: '9/0101101IM/' });
    for (const v2Only of ['paymentNote', 'primaryCiIncurredFee', 'idBundle', 'idCiBundle']) expect(body.receipt[v2Only]).toBeUndefined();
  });

  it('a late OK (PPT_TOKEN_SCADUTO after the sweep) is paid all the same: its receipt is delivered', async () => {
    const nav = freshNav('04');
    await publishNotice(server.baseUrl, nav, [{ cents: 700 }]);
    const { token, outcome } = await pay(nodo, nav, 700, false, {
      expirationTime: 1000,
      beforeOutcome: async () => {
        await advanceClock(server.baseUrl, 2000);
        expect((await runJob(server.baseUrl, 'mod3CancelV2')).body.processed).toBeGreaterThanOrEqual(1);
      },
    });
    expect(outcome.fault?.faultCode).toBe('PPT_TOKEN_SCADUTO');
    const [r] = await notified(nav);
    expect(r).toMatchObject({ token, primitive: 'paSendRT', attempts: 1 });
    const t = await tokenOf(server.baseUrl, token);
    expect(t.status).toBe('NOTIFIED');
    expect(t.events.map((e) => e.event)).toEqual(['ACTIVATE', 'SWEEP', 'LATE_OUTCOME_OK', 'RECEIPT_NOTIFIED']);
    const [h] = await ec.history(nav, 'paSendRT');
    expect(paForNode(h!.request).body.receipt.receiptId).toBe(token);
  });

  it('retry: the EC fails twice (KO, then HTTP 500) → NOTICE_PENDING with the attempts recorded; the paSendRt job delivers it', async () => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 900 }]);
    await ec.queue('paSendRTV2', { noticeNumber: nav, action: 'fault', faultCode: 'PAA_SYSTEM_ERROR', faultString: 'Errore generico', description: 'database down' });
    await ec.queue('paSendRTV2', { noticeNumber: nav, action: 'http', httpStatus: 500, body: 'oops' });
    const { token } = await pay(nodo, nav, 900, true);

    const [first] = await waitFor(
      'first attempt',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs[0]?.status === 'NOTICE_PENDING',
    );
    expect(first).toMatchObject({ attempts: 1, lastError: expect.stringContaining('PAA_SYSTEM_ERROR') });
    expect(first!.nextAttemptAt).not.toBeNull();
    expect((await receipt(server.baseUrl, first!.id)).attemptList).toMatchObject([
      { attempt: 1, result: 'KO', faultCode: 'PAA_SYSTEM_ERROR', detail: 'Errore generico - database down', httpStatus: 200 },
    ]);
    // the payment is done; only its receipt is pending
    expect((await tokenOf(server.baseUrl, token)).status).toBe('PAID');

    // the job answers once its attempts are settled: the states are final when it returns
    expect((await runJob(server.baseUrl, 'paSendRt')).body.processed).toBeGreaterThanOrEqual(1);
    const second = await receipt(server.baseUrl, first!.id);
    expect(second).toMatchObject({ status: 'NOTICE_PENDING', attempts: 2, lastError: expect.stringContaining('PPT_STAZIONE_INT_PA_ERRORE_RESPONSE') });
    expect(second.attemptList![1]).toMatchObject({ attempt: 2, result: 'FAILURE', faultCode: 'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', httpStatus: 500 });
    expect((await tokenOf(server.baseUrl, token)).status).toBe('PAID');

    expect((await runJob(server.baseUrl, 'paSendRt')).body.processed).toBeGreaterThanOrEqual(1);
    const third = await receipt(server.baseUrl, first!.id);
    expect(third).toMatchObject({ status: 'NOTIFIED', attempts: 3, lastError: null, nextAttemptAt: null });
    expect(third.attemptList!.map((a) => a.result)).toEqual(['KO', 'FAILURE', 'OK']);
    expect((await tokenOf(server.baseUrl, token)).status).toBe('NOTIFIED');
    // nothing left to do
    expect((await runJob(server.baseUrl, 'paSendRt')).body.processed).toBe(0);

    const history = await ec.history(nav, 'paSendRTV2');
    expect(history.map((h) => h.override)).toEqual(['fault', 'http', null]);
    for (const h of history) await assertValidEcMessage(h.request);
    // every exchange is in the journal as the node's outbound call
    const j = await admin<{ items: { operation: string; outcome: string; faultCode: string | null; stationCode: string }[] }>(
      server.baseUrl,
      `/admin/journal?direction=out&noticeNumber=${nav}&operation=paSendRTV2`,
    );
    expect(j.body.items.reverse().map((e) => [e.outcome, e.faultCode, e.stationCode])).toEqual([
      ['KO', 'PAA_SYSTEM_ERROR', '66666666666_03'],
      ['FAULT', 'PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', '66666666666_03'],
      ['OK', null, '66666666666_03'],
    ]);
  });

  it('retries wait for their backoff (receipts.retryBackoffSeconds): a failed receipt is not taken again before its time', async () => {
    const doc = YAML.parse(fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8'));
    doc.configuration['receipts.retryBackoffSeconds'] = '30,60';
    const put = await admin(server.baseUrl, '/admin/registry', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(doc) });
    expect(put.status).toBe(200);
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 400 }]);
    await ec.queue('paSendRTV2', { noticeNumber: nav, action: 'drop' });
    await pay(nodo, nav, 400, true);
    const [r] = await waitFor(
      'first attempt',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs[0]?.status === 'NOTICE_PENDING',
    );
    expect(r!.lastError).toContain('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE');
    // another receipt's delivery pokes the worker: the pending one is not due yet (30 s on the node's clock)
    const other = freshNav('03');
    await publishNotice(server.baseUrl, other, [{ cents: 400 }]);
    await pay(nodo, other, 400, true);
    await notified(other);
    expect((await receipt(server.baseUrl, r!.id)).attempts).toBe(1);
    // once the backoff has passed, the next poke takes it
    await advanceClock(server.baseUrl, 31_000);
    const third = freshNav('03');
    await publishNotice(server.baseUrl, third, [{ cents: 400 }]);
    await pay(nodo, third, 400, true);
    await notified(nav);
    expect((await receipt(server.baseUrl, r!.id)).attempts).toBe(2);
  });
});
