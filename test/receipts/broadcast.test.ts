import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { DETAILS, ECOMMERCE, NodeForPsp } from '../helpers/soap';
import { stampXml, toBase64 } from '../helpers/stamps';
import { assertValidEcMessage } from '../helpers/xsd';
import { EC, EC2, IBAN2, freshNav, pay, paForNode, publishNotice, receiptsOf, tokenOf, waitFor, writeRegistry } from './helpers';

const EC3 = '99999999999';
const IBAN3 = 'IT60X0542811101000000123456';

/**
 * Spec §8.7: besides the primary EC's station, every other EC of the transfer list gets a copy on the
 * station(s) of its associations with `broadcast`, with idPA = that EC (receipt.fiscalCode stays the
 * notice owner), in that station's primitive version. The test registry gives EC 88888888888 a second,
 * remote station (V1, broadcast) next to its archive one (V2, broadcast), and adds EC 99999999999 on a
 * remote station without broadcast: it gets nothing.
 */
const registry = () =>
  writeRegistry((doc) => {
    doc.creditorInstitutions.push({ creditorInstitutionCode: EC3, enabled: true, businessName: 'Provincia di Test' });
    doc.ecBrokers.push({ brokerCode: EC3, enabled: true, description: 'Intermediario della Provincia' });
    doc.stations.push(
      { stationCode: '88888888888_02', enabled: true, brokerCode: EC2, password: 'pwdpwdpwd', primitiveVersion: 1, backend: { type: 'remote', url: '/mock-ec/v1' } },
      { stationCode: `${EC3}_01`, enabled: true, brokerCode: EC3, password: 'pwdpwdpwd', primitiveVersion: 2, backend: { type: 'remote', url: '/mock-ec/v1' } },
    );
    doc.stationCreditorInstitutions.push(
      { creditorInstitutionCode: EC2, stationCode: '88888888888_02', auxDigit: 3, segregationCode: '05', broadcast: true },
      { creditorInstitutionCode: EC3, stationCode: `${EC3}_01`, auxDigit: 3, segregationCode: '01', broadcast: false },
    );
    doc.ibans.push({ creditorInstitutionCode: EC3, iban: IBAN3 });
  });

describe.each(DATABASE_IDS)('receipt broadcast on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ec: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--registry', registry()] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ec = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('copies go to the secondary EC stations with broadcast (remote V1: paSendRT; archive: stored), none without', async () => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 2000 }, { cents: 500, ec: EC2, iban: IBAN2 }, { cents: 500, ec: EC3, iban: IBAN3 }]);
    const { token } = await pay(nodo, nav, 3000, true);
    const receipts = await waitFor(
      'receipts',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs.length === 3 && rs.every((r) => r.status === 'NOTIFIED'),
    );
    expect(receipts.map((r) => [r.recipientFiscalCode, r.stationCode, r.backend, r.primitive, r.isPrimary])).toEqual([
      [EC, '66666666666_03', 'remote', 'paSendRTV2', true],
      [EC2, '88888888888_01', 'archive', 'paSendRTV2', false],
      [EC2, '88888888888_02', 'remote', 'paSendRT', false],
    ]);
    // the archive copy is stored, not sent
    expect(receipts[1]!.attempts).toBe(0);
    expect((await tokenOf(server.baseUrl, token)).status).toBe('NOTIFIED');

    const [primary] = await ec.history(nav, 'paSendRTV2');
    expect(paForNode(primary!.request).body).toMatchObject({ idPA: EC, idStation: '66666666666_03' });
    const copies = await ec.history(nav, 'paSendRT');
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ idPA: EC2, idBrokerPA: EC2, idStation: '88888888888_02', override: null });
    expect((await assertValidEcMessage(copies[0]!.request)).element).toBe('paSendRTReq');
    const copy = paForNode(copies[0]!.request).body.receipt;
    expect(copy).toMatchObject({ receiptId: token, noticeNumber: nav, fiscalCode: EC, paymentAmount: '30.00' });
    expect(copy.transferList.transfer.map((t: { fiscalCodePA: string }) => t.fiscalCodePA)).toEqual([EC, EC2, EC3]);
    expect(paForNode(copies[0]!.response!).body.outcome).toBe('OK');
  });

  it('the secondary EC acknowledging late does not hold the notice: NOTIFIED follows the primary EC only', async () => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 2000 }, { cents: 500, ec: EC2, iban: IBAN2 }]);
    await ec.queue('paSendRT', { noticeNumber: nav, action: 'fault', faultCode: 'PAA_SYSTEM_ERROR' });
    const { token } = await pay(nodo, nav, 2500, true);
    const receipts = await waitFor(
      'receipts',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs.length === 3 && rs[0]!.status === 'NOTIFIED' && rs[2]!.status === 'NOTICE_PENDING',
    );
    expect(receipts[2]).toMatchObject({ stationCode: '88888888888_02', attempts: 1 });
    expect((await tokenOf(server.baseUrl, token)).status).toBe('NOTIFIED');
  });

  it('a stamp transfer cannot be written in ctTransferListPA: its receipt goes as paSendRTV2 even to a V1 station, carrying the issued stamp', async () => {
    const nav = freshNav('03');
    await publishNotice(server.baseUrl, nav, [{ cents: 2000 }, { cents: 500, ec: EC2, iban: IBAN2 }, { cents: 1600, stamp: true }]);
    const a = await nodo.activateV2(nav, { amount: '41.00' }, ECOMMERCE);
    expect(a.result.outcome).toBe('OK');
    const token = a.result.paymentToken as string;
    const stamp = toBase64(stampXml());
    const o = await nodo.outcomeV2(
      [token],
      'OK',
      { details: { ...DETAILS, marcheDaBollo: { marcaDaBollo: [{ paymentToken: token, idTransfer: 3, MBDAttachment: stamp }] } } },
      ECOMMERCE,
    );
    expect(o.result.outcome).toBe('OK');
    const receipts = await waitFor(
      'receipts',
      () => receiptsOf(server.baseUrl, nav),
      (rs) => rs.length === 3 && rs.every((r) => r.status === 'NOTIFIED'),
    );
    expect(receipts.map((r) => [r.stationCode, r.primitive])).toEqual([
      ['66666666666_03', 'paSendRTV2'],
      ['88888888888_01', 'paSendRTV2'],
      ['88888888888_02', 'paSendRTV2'],
    ]);
    const [copy] = (await ec.history(nav, 'paSendRTV2')).filter((h) => h.idPA === EC2);
    await assertValidEcMessage(copy!.request);
    const transfers = paForNode(copy!.request).body.receipt.transferList.transfer;
    expect(transfers[2]).toMatchObject({ idTransfer: '3', transferAmount: '16.00', MBDAttachment: stamp });
    expect(transfers[2].IBAN).toBeUndefined();
    expect(await ec.history(nav, 'paSendRT')).toEqual([]);
  });
});
