import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildNoticeNumber } from '../../src/nodo/noticeNumber';
import { DATABASE_IDS } from '../helpers/databases';
import { mockEc, type MockEcClient } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP, PSP_V2 } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { EC, EC2 } from './helpers';

const IMU = buildNoticeNumber(3, '03', '0000000000001');
const TPL = buildNoticeNumber(3, '03', '0000000000002');
const PASSO = buildNoticeNumber(3, '04', '0000000000001');

/**
 * The demo registry's remote stations point at this emulator's own /mock-ec/v1: a PSP paying their demo
 * notices makes the node call the mock EC over real paForNode SOAP, on the same server.
 */
describe.each(DATABASE_IDS)('demo remote stations on the built-in mock EC, %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let mock: MockEcClient;

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    mock = mockEc(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** every exchange the mock EC saw for the notice: the node's requests and its answers, all valid paForNode */
  async function exchanges(nav: string, primitive: Parameters<MockEcClient['history']>[1]) {
    const h = await mock.history(nav, primitive);
    for (const e of h) {
      await assertValidEcMessage(e.request);
      await assertValidEcMessage(e.response!);
    }
    return h;
  }

  it('station 66666666666_03 (V2): verify → activateV2 → outcomeV2 OK, through paVerifyPaymentNotice and paGetPaymentV2', async () => {
    const v = await nodo.verify(IMU, PSP_V2);
    expect(v.result.outcome).toBe('OK');
    expect(v.result).toMatchObject({ paymentList: { paymentOptionDescription: [{ amount: '250.00' }] }, companyName: 'Comune di Test' });
    const a = await nodo.activateV2(IMU, { amount: '250.00' });
    expect(a.result.outcome).toBe('OK');
    const o = await nodo.outcomeV2([a.result.paymentToken as string], 'OK');
    expect(o.result).toEqual({ outcome: 'OK' });

    const [verify] = await exchanges(IMU, 'paVerifyPaymentNotice');
    expect(verify).toMatchObject({ idPA: EC, idBrokerPA: EC, idStation: `${EC}_03`, httpStatus: 200, override: null });
    const get = await exchanges(IMU, 'paGetPaymentV2');
    expect(get).toHaveLength(1);
    expect(get[0]!.request).toContain('<amount>250.00</amount>');
    expect(await mock.history(IMU, 'paGetPayment')).toEqual([]);
  });

  it('a multi-beneficiary demo notice on 66666666666_03: the transfer to 88888888888 reaches the PSP', async () => {
    const a = await nodo.activateV2(TPL, { amount: '180.00' });
    expect(a.result.outcome).toBe('OK');
    const transfers = (a.result.transferList as { transfer: { fiscalCodePA: string; transferAmount: string }[] }).transfer;
    expect(transfers.map((t) => [t.fiscalCodePA, t.transferAmount])).toEqual([
      [EC, '120.00'],
      [EC2, '60.00'],
    ]);
    expect((await nodo.outcomeV2([a.result.paymentToken as string], 'OK')).result).toEqual({ outcome: 'OK' });
    expect(await exchanges(TPL, 'paGetPaymentV2')).toHaveLength(1);
  });

  it('station 66666666666_04 (V1): verify → activate → outcome OK, through paGetPayment (V1)', async () => {
    expect((await nodo.verify(PASSO, PSP)).result.outcome).toBe('OK');
    const a = await nodo.activate(PASSO, { amount: '30.00' }, PSP);
    expect(a.result.outcome).toBe('OK');
    expect((await nodo.outcome(a.result.paymentToken as string, 'OK')).result).toEqual({ outcome: 'OK' });
    const get = await exchanges(PASSO, 'paGetPayment');
    expect(get).toHaveLength(1);
    expect(get[0]).toMatchObject({ idStation: `${EC}_04`, override: null });
    expect(await mock.history(PASSO, 'paGetPaymentV2')).toEqual([]);
  });

  it('an override on the in-process mock EC reaches the PSP as the EC’s fault', async () => {
    const nav = buildNoticeNumber(3, '03', '0000000000003');
    await mock.queue('paVerifyPaymentNotice', { action: 'fault', faultCode: 'PAA_SEMANTICA', noticeNumber: nav });
    const v = await nodo.verify(nav, PSP_V2);
    expect(v.result.fault?.faultCode).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    expect((await nodo.verify(nav, PSP_V2)).result.outcome).toBe('OK');
  });
});
