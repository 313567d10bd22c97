import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP_V2, admin } from '../helpers/soap';
import { EC, IBAN, SUBJECTS, carTaxXml, demand, demanded, fishingXml, passportXml, spontaneousRegistry, b64 } from '../helpers/spontaneous';
import { assertValidEcMessage } from '../helpers/xsd';
import { receiptsOf, waitFor } from '../receipts/helpers';
import { field, journal, type JournalItem } from '../remote/helpers';

/**
 * A spontaneous payment end to end (issue 13 §1): demandPaymentNotice → activate on the returned qrCode →
 * sendPaymentOutcome → receipt, through a remote station on the built-in mock EC (every step a real
 * paForNode call, in the journal) and through the archive station (the node creates the position, as a
 * GPD-hosted EC does). Every PSP answer is checked against the official nodeForPsp.xsd, every message
 * between node and EC against the official paForNode.xsd.
 */
describe.each(DATABASE_IDS)('spontaneous payments on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--registry', spontaneousRegistry()] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** what the node sent and the EC answered in one journaled exchange, the request checked against paForNode.xsd */
  const exchange = async (row: JournalItem) => {
    const request = await (await fetch(`${server.baseUrl}${row.links.request}`)).text();
    const response = await (await fetch(`${server.baseUrl}${row.links.response}`)).text();
    await assertValidEcMessage(request);
    return { request, response };
  };

  it('passport (00001) through the remote station 66666666666_03: demand → activateV2 → outcomeV2 → paSendRTV2 at the mock EC', async () => {
    const data = passportXml();
    const r = await demand(nodo, SUBJECTS.passport, data, PSP_V2);
    const notice = demanded(r);
    // the mock EC numbered it on the station's segregation code (03), so it routes back to the same station
    expect(notice.noticeNumber).toMatch(/^303\d{15}$/);
    expect(r).toMatchObject({
      outcome: 'OK',
      qrCode: { fiscalCode: EC, noticeNumber: notice.noticeNumber },
      paymentDescription: 'Passaporto (codice pratica A001) - Giulia Rossi',
      fiscalCodePA: EC,
      companyName: 'Comune di Test',
      officeName: 'Ufficio Tributi',
    });
    // the EC's detailDescription becomes the PSP's paymentNote, as for verify
    expect(r.paymentList).toEqual({
      paymentOptionDescription: [{ amount: '116.00', options: 'EQ', dueDate: expect.any(String), paymentNote: 'Passaporto (codice pratica A001) - Giulia Rossi' }],
    });

    // the EC received what pagoPA's node sends: the subject's EC, broker, station, service, subject and the data unchanged
    const [out] = (await journal(server.baseUrl, { direction: 'out', operation: 'paDemandPaymentNotice', noticeNumber: notice.noticeNumber })).items;
    expect([out!.stationCode, out!.fiscalCode, out!.outcome, out!.httpStatus]).toEqual(['66666666666_03', EC, 'OK', 200]);
    const { request, response } = await exchange(out!);
    expect(['idPA', 'idBrokerPA', 'idStation', 'idServizio', 'idSoggettoServizio', 'datiSpecificiServizioRequest'].map((n) => field(request, n))).toEqual([
      EC,
      EC,
      '66666666666_03',
      '00001',
      '00001',
      b64(data),
    ]);
    await assertValidEcMessage(response);

    // the PSP pays the qrCode as any other notice: the position the mock EC created is what paGetPaymentV2 serves
    const act = (await nodo.call('activatePaymentNoticeV2', { ...PSP_V2, qrCode: { fiscalCode: notice.fiscalCode, noticeNumber: notice.noticeNumber }, amount: notice.amount }))
      .result;
    expect(act).toMatchObject({ outcome: 'OK', totalAmount: '116.00', fiscalCodePA: EC, creditorReferenceId: notice.noticeNumber.slice(1) });
    const transfers = (act.transferList as { transfer: { IBAN: string; transferAmount: string; fiscalCodePA: string }[] }).transfer;
    expect(transfers.map((t) => [t.fiscalCodePA, t.IBAN, t.transferAmount])).toEqual([[EC, IBAN, '116.00']]);
    expect((await nodo.outcomeV2([act.paymentToken as string], 'OK')).result.outcome).toBe('OK');

    // the receipt reaches the mock EC, and names the demanded notice's debtor: the holder of the passport
    const [sent] = await waitFor(
      'paSendRTV2 at the mock EC',
      () => ec.history(notice.noticeNumber, 'paSendRTV2'),
      (h) => h.length > 0 && h[0]!.httpStatus === 200,
    );
    await assertValidEcMessage(sent!.request);
    expect([field(sent!.request, 'entityUniqueIdentifierValue'), field(sent!.request, 'paymentAmount')]).toEqual(['RSSGLI05A41H501X', '116.00']);
    // the node marks it NOTIFIED once it has read the EC's answer, a moment after the mock EC recorded it
    const delivered = await waitFor(
      'the receipt NOTIFIED',
      () => receiptsOf(server.baseUrl, notice.noticeNumber),
      (rs) => rs.some((x) => x.status === 'NOTIFIED'),
    );
    expect(delivered.map((x) => [x.stationCode, x.primitive, x.status])).toEqual([['66666666666_03', 'paSendRTV2', 'NOTIFIED']]);

    // the whole story under one notice number (the outcome's row carries its token's notice): the PSP's calls in, the node's paForNode calls out
    const rows = (await journal(server.baseUrl, { noticeNumber: notice.noticeNumber })).items;
    expect(rows.map((x) => [x.direction, x.operation]).reverse()).toEqual([
      ['out', 'paDemandPaymentNotice'],
      ['in', 'demandPaymentNotice'],
      ['out', 'paGetPaymentV2'],
      ['in', 'activatePaymentNoticeV2'],
      ['in', 'sendPaymentOutcomeV2'],
      ['out', 'paSendRTV2'],
    ]);
    for (const row of rows.filter((x) => x.direction === 'out')) await exchange(row);
  });

  it('fishing licence (00002) through the archive station 66666666666_02: the node creates the position; activate V1 → outcome → receipt stored', async () => {
    const r = await demand(nodo, SUBJECTS.fishing, fishingXml());
    const notice = demanded(r);
    expect(notice.noticeNumber).toMatch(/^320\d{15}$/);
    expect(notice.amount).toBe('34.00');
    expect(r).toMatchObject({ paymentDescription: 'Licenza di pesca (codice pratica D847) - Luca Bianchi', fiscalCodePA: EC, companyName: 'Comune di Test' });
    // an archive station makes no HTTP call: the in row only
    expect((await journal(server.baseUrl, { noticeNumber: notice.noticeNumber })).items.map((x) => [x.direction, x.operation])).toEqual([['in', 'demandPaymentNotice']]);

    // verify sees what demand answered
    const v = (await nodo.verify(notice.noticeNumber)).result;
    expect(v).toMatchObject({ outcome: 'OK', paymentDescription: r.paymentDescription, paymentList: { paymentOptionDescription: [{ amount: '34.00', options: 'EQ' }] } });

    const act = (await nodo.activate(notice.noticeNumber, { amount: notice.amount })).result;
    expect(act).toMatchObject({ outcome: 'OK', totalAmount: '34.00', creditorReferenceId: notice.noticeNumber.slice(1) });
    expect((await nodo.outcome(act.paymentToken as string, 'OK')).result.outcome).toBe('OK');

    // the archive holds the receipt at once, readable through GPD's receipts API; the position is paid
    expect((await receiptsOf(server.baseUrl, notice.noticeNumber)).map((x) => [x.stationCode, x.backend, x.status])).toEqual([['66666666666_02', 'archive', 'NOTIFIED']]);
    const receipt = await fetch(`${server.baseUrl}/gpd/payments-receipts-service/v1/payments/${EC}/receipts/${notice.noticeNumber.slice(1)}`, {
      headers: { 'Ocp-Apim-Subscription-Key': `demo-ec-${EC}` },
    });
    expect(receipt.status).toBe(200);
    const xml = await receipt.text();
    expect([field(xml, 'noticeNumber'), field(xml, 'entityUniqueIdentifierValue'), field(xml, 'fullName')]).toEqual([notice.noticeNumber, 'BNCLCU70C10F205Z', 'Luca Bianchi']);
    const position = await admin<{ status: string }>(server.baseUrl, `/gpd/debt-positions-service/v1/organizations/${EC}/debtpositions/SPONT-00002-${notice.noticeNumber}`, {
      headers: { 'Ocp-Apim-Subscription-Key': `demo-ec-${EC}` },
    });
    expect([position.status, position.body.status]).toEqual([200, 'PAID']);
    // paid: a second activation is a duplicate
    expect((await nodo.activate(notice.noticeNumber, { amount: notice.amount })).result.fault?.faultCode).toBe('PPT_PAGAMENTO_DUPLICATO');
  });

  it('each demand is a new notice; the car tax is priced by vehicle type; a synthetic station answers a notice it then serves', async () => {
    const a = demanded(await demand(nodo, SUBJECTS.fishing, fishingXml()));
    const b = demanded(await demand(nodo, SUBJECTS.fishing, fishingXml()));
    expect(a.noticeNumber).not.toBe(b.noticeNumber);

    for (const [type, amount] of [
      ['1', '150.00'],
      ['2', '60.00'],
      ['4', '30.00'],
    ] as const) {
      const r = await demand(nodo, SUBJECTS.carTax, carTaxXml(type, 'ZZ999ZZ'));
      expect([demanded(r).amount, r.paymentDescription]).toEqual([amount, 'Tassa automobilistica - targa ZZ999ZZ']);
    }

    const s = await demand(nodo, SUBJECTS.synthetic, passportXml());
    const notice = demanded(s);
    // the synthetic station's own notices: segregation code 02, its amount (10.00), and verify finds the same
    expect(notice.noticeNumber).toMatch(/^302\d{15}$/);
    expect(notice.amount).toBe('10.00');
    expect((await nodo.verify(notice.noticeNumber)).result).toMatchObject({ outcome: 'OK', paymentList: { paymentOptionDescription: [{ amount: '10.00' }] } });
  });
});
