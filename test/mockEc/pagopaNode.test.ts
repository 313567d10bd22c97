import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { DETAILS, ECOMMERCE, NodeForPsp, PSP_V2, type SoapResult } from '../helpers/soap';
import { assertValidEcMessage } from '../helpers/xsd';
import { journal } from '../remote/helpers';
import { KINDS, PAYMENT, VERIFY } from './pagopaFamilies';
import { stampXml, toBase64 } from '../helpers/stamps';
import { control, EC_TE, FAMILY_NUMBERS, kindOf, P1 } from './pagopaHelpers';

const STATION = '77777777777_01';
const DELAY_MS = 300;

let counter = 0;
/** a fresh 18-digit notice of family NN on EC 77777777777's segregation code 02 */
const freshNotice = (nn: string) => `302${nn}${String(Date.now() % 1e10).padStart(10, '0')}${String(++counter % 1000).padStart(3, '0')}`;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A PSP pays pagoPA's mock EC families through the node, on the demo registry as it ships: EC 77777777777 is a remote station on the
 * built-in mock EC in pagoPA mode, so verify, activation and the receipt cross real paForNode calls, and
 * the node accepts every answer (official XSD, its own checks: sums, registered IBANs, transfer ECs).
 */
describe.each(DATABASE_IDS)('pagoPA mock EC families paid through the node on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  let ctl: ReturnType<typeof control>;

  beforeAll(async () => {
    server = await startServer({ db: await database.create(), args: ['--mock-ec-timeout-delay', String(DELAY_MS)] });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
    ctl = control(`${server.baseUrl}/mock-ec`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** verify → activatePaymentNoticeV2 → sendPaymentOutcomeV2 OK → the receipt reaches the mock EC */
  async function pay(notice: string, creds: typeof PSP_V2, outcomeDetails: (token: string) => object = () => DETAILS) {
    const v = (await nodo.verify(notice, creds, EC_TE)).result;
    expect(v.outcome).toBe('OK');
    const amount = (v.paymentList as { paymentOptionDescription: { amount: string }[] }).paymentOptionDescription[0]!.amount;
    const a = (await nodo.activateV2(notice, { amount }, creds, EC_TE)).result;
    expect(a.outcome).toBe('OK');
    const token = a.paymentToken as string;
    const o = (await nodo.outcomeV2([token], 'OK', { details: outcomeDetails(token) }, creds)).result;
    expect(o.outcome).toBe('OK');
    const receipt = await waitFor(`the receipt of ${notice}`, async () => {
      const h = await ctl.history(notice, 'paSendRTV2');
      return h.status === 200 ? h.json : undefined;
    });
    return { verify: v, activate: a, receipt };
  }

  const transfersOf = (a: SoapResult) =>
    (a.transferList as { transfer: { transferAmount: string; fiscalCodePA: string; IBAN?: string; remittanceInformation: string }[] }).transfer;

  it.each(FAMILY_NUMBERS.filter((nn) => nn !== '27'))('family %s: paid, with the EC’s amount and transfers; the receipt is delivered', async (nn) => {
    const notice = freshNotice(nn);
    const { verify, activate, receipt } = await pay(notice, PSP_V2);
    expect((verify.paymentList as { paymentOptionDescription: { amount: string }[] }).paymentOptionDescription[0]!.amount).toBe(VERIFY[nn]!.amount);
    // 26: the amount updated at activation
    expect(activate.totalAmount).toBe(PAYMENT[nn]!.amount);
    const transfers = transfersOf(activate);
    expect(transfers.map((t) => [t.transferAmount, t.fiscalCodePA, t.IBAN])).toEqual(PAYMENT[nn]!.transfers.map(([amount, ec, iban]) => [amount, ec, iban]));
    expect(transfers.map((t) => kindOf(t.IBAN!)).join('')).toBe(KINDS[nn]);
    const rt = receipt.request['soapenv:envelope']['soapenv:body'][0]['pafn:pasendrtv2request'][0].receipt[0];
    expect([rt.noticenumber[0], rt.paymentamount[0], rt.transferlist[0].transfer.length]).toEqual([notice, PAYMENT[nn]!.amount, transfers.length]);
    expect(receipt.response['soapenv:Envelope']['soapenv:Body'][0]['paf:paSendRTV2Response'][0].outcome).toEqual(['OK']);
  });

  it('family 27 (digital stamp) with a PSP that sells stamps: the stamp transfer has no IBAN, the receipt carries the issued stamp', async () => {
    const notice = freshNotice('27');
    const stamp = toBase64(stampXml());
    const { activate, receipt } = await pay(notice, ECOMMERCE, (token) => ({
      ...DETAILS,
      marcheDaBollo: { marcaDaBollo: [{ paymentToken: token, idTransfer: 2, MBDAttachment: stamp }] },
    }));
    expect(activate.totalAmount).toBe('120.00');
    const transfers = transfersOf(activate);
    expect(transfers.map((t) => [t.transferAmount, t.fiscalCodePA, t.IBAN])).toEqual([
      ['100.00', EC_TE, P1],
      ['20.00', EC_TE, undefined],
    ]);
    const rt = receipt.request['soapenv:envelope']['soapenv:body'][0]['pafn:pasendrtv2request'][0].receipt[0];
    expect(rt.transferlist[0].transfer[1].mbdattachment).toEqual([stamp]);
  });

  it('the journal shows the paForNode exchanges with station 77777777777_01, and the mock EC received what the official XSD allows', async () => {
    const notice = freshNotice('01');
    await pay(notice, PSP_V2);
    const out = await waitFor('the receipt in the journal', async () => {
      const items = (await journal(server.baseUrl, { direction: 'out', noticeNumber: notice })).items;
      return items.some((r) => r.operation === 'paSendRTV2') ? items : undefined;
    });
    expect(out.map((r) => [r.operation, r.stationCode, r.fiscalCode, r.outcome, r.httpStatus]).sort()).toEqual([
      ['paGetPaymentV2', STATION, EC_TE, 'OK', 200],
      ['paSendRTV2', STATION, EC_TE, 'OK', 200],
      ['paVerifyPaymentNotice', STATION, EC_TE, 'OK', 200],
    ]);
    // what the mock answered, byte for byte, is in the journal; requests and answers are official paForNode messages
    for (const r of out) {
      const request = await (await fetch(`${server.baseUrl}${r.links.request}`)).text();
      const response = await (await fetch(`${server.baseUrl}${r.links.response}`)).text();
      await assertValidEcMessage(request);
      await assertValidEcMessage(response);
      expect(response).toMatch(/^<soapenv:Envelope [^>]*xmlns:paf="http:\/\/pagopa-api\.pagopa\.gov\.it\/pa\/paForNode\.xsd"/);
    }
  });

  it('edge cases through the node: 95/99 relayed as the EC’s KO, 97 and unknown (HTTP 404) the station’s service inactive, 98 a slow OK', async () => {
    const fault = async (nn: string) => (await nodo.verify(freshNotice(nn), PSP_V2, EC_TE)).result.fault;
    expect(await fault('95')).toMatchObject({ faultCode: 'PPT_ERRORE_EMESSO_DA_PAA', id: EC_TE });
    expect(await fault('99')).toMatchObject({ faultCode: 'PPT_ERRORE_EMESSO_DA_PAA', id: EC_TE });
    expect(await fault('97')).toMatchObject({ faultCode: 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO' });
    expect(await fault('30')).toMatchObject({ faultCode: 'PPT_STAZIONE_INT_PA_SERVIZIO_NONATTIVO' });
    const started = Date.now();
    const { activate } = await pay(freshNotice('98'), PSP_V2);
    // verify and paGetPaymentV2 were each held
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * DELAY_MS);
    expect(activate.totalAmount).toBe('120.00');
  });
});
