import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshArchiveNav, inDays, KEY_66 } from '../aca/helpers';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { call, expectEveryOperationCalled } from './ownCalls';

/** openapi/payments-pull.yaml against the running emulator: the listing, its 400s, /info, and the 405s. */
const NOTICES = '/pagopa-gpd-payments-pull/v1/payment-notices/v1';
const INFO = '/pagopa-gpd-payments-pull/v1/info';
const DEBTOR = 'BNCLCU90A41F205Z';
const IBAN = 'IT45R0760103200000000001016';

describe('openapi/payments-pull.yaml', () => {
  let server: RunningServer;
  const pull = (query: string, taxCode: string | null = DEBTOR) =>
    call(server.baseUrl, 'GET', `${NOTICES}${query}`, { headers: taxCode === null ? {} : { 'x-tax-code': taxCode } });

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
    // a plan of two installments (with a retention date) and a single payment, owed by DEBTOR
    const option = (partial: boolean, days: number) => {
      const { nav, iuv } = freshArchiveNav();
      return {
        nav,
        iuv,
        amount: 5000,
        description: partial ? `rata a ${days} giorni` : 'rata unica',
        isPartialPayment: partial,
        dueDate: inDays(days),
        retentionDate: inDays(days + 30),
        transfer: [{ idTransfer: '1', amount: 5000, remittanceInformation: 'TARI', category: '0101101IM', iban: IBAN }],
      };
    };
    const body = {
      iupd: `PULL-${Date.now()}`,
      type: 'F',
      fiscalCode: DEBTOR,
      fullName: 'Lucia Bianchi',
      switchToExpired: false,
      companyName: 'Comune di Test',
      paymentOption: [option(false, 30), option(true, 30), option(true, 60)],
    };
    const res = await call(server.baseUrl, 'POST', '/gpd/debt-positions-service/v1/organizations/66666666666/debtpositions?toPublish=true', { key: KEY_66, body });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists a natural person's open notices, plans grouped into installments", async () => {
    const a = await pull('?limit=10&page=0&dueDate=2000-01-01');
    expect(a.status).toBe(200);
    expect(a.body).toHaveLength(1);
    expect(a.body[0].paymentOptions.map((o: { numberOfInstallments: number }) => o.numberOfInstallments)).toEqual([1, 2]);
    expect((await pull('?page=5')).body).toEqual([]);
  });

  it('400: PPL_600 for a parameter, PPL_601 for a tax code that is not a natural person’s', async () => {
    expect((await pull('?limit=0')).body).toMatchObject({ status: 400, instance: 'PPL_600' });
    expect((await pull('?dueDate=2030-02-30')).body).toMatchObject({ status: 400, instance: 'PPL_600' });
    expect((await pull('', '12345678901')).body).toMatchObject({ status: 400, instance: 'PPL_601' });
    expect((await pull('', null)).body).toMatchObject({ status: 400, instance: 'PPL_601' });
  });

  it('/info, and 405 with Allow: GET for any other method', async () => {
    expect((await call(server.baseUrl, 'GET', INFO)).body).toMatchObject({ name: 'pagopa-gpd-payments-pull', environment: 'emulator' });
    for (const [method, path] of [
      ['POST', NOTICES],
      ['PUT', NOTICES],
      ['DELETE', NOTICES],
      ['POST', INFO],
    ] as const) {
      const a = await call(server.baseUrl, method, path);
      expect([a.status, a.headers.get('allow')]).toEqual([405, 'GET']);
    }
  });

  it('every operation of payments-pull.yaml was called', () => {
    expectEveryOperationCalled('payments-pull.yaml');
  });
});
