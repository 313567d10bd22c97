import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { demoPositions } from '../../src/ec/demoNotices';
import { DATABASE_IDS } from '../helpers/databases';
import { expectOpenApiResponse } from '../helpers/openapi';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp, PSP } from '../helpers/soap';
import { DEBTOR_F, DEBTOR_G, EC2, PULL_FIXTURE, seed } from './seed';

/** The REST twin: pagoPA's payments-pull API, every response checked against its official OpenAPI. */
const SPEC = 'gpd-payments-pull/openapi.json';
const PATH = '/pagopa-gpd-payments-pull/v1/payment-notices/v1';

interface Installment {
  nav: string;
  iuv: string;
  amount: number;
  dueDate: string;
  status: string;
}
interface Option {
  numberOfInstallments: number;
  amount: number;
  dueDate: string;
  isPartialPayment: boolean;
  installments: Installment[];
}
interface Notice {
  iupd: string;
  debtorTaxCode: string;
  debtorType: string;
  paTaxCode: string;
  status: string;
  paymentOptions: Option[];
}

describe.each(DATABASE_IDS)('payments pull REST on %s', (_id, database) => {
  let server: RunningServer;

  beforeAll(async () => {
    const url = await database.create();
    server = await startServer({ db: url });
    await seed(url, PULL_FIXTURE);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function get(query: string, taxCode: string | null = DEBTOR_F): Promise<{ status: number; body: unknown; contentType: string | null }> {
    const res = await fetch(`${server.baseUrl}${PATH}${query}`, { headers: taxCode === null ? {} : { 'x-tax-code': taxCode } });
    const body = (await res.json()) as unknown;
    expectOpenApiResponse(SPEC, '/payment-notices/v1', 'get', res.status, body);
    return { status: res.status, body, contentType: res.headers.get('content-type') };
  }
  const iupds = (b: unknown) => (b as Notice[]).map((n) => n.iupd);

  it('lists the open notices of a natural person, amounts in cents, plans grouped', async () => {
    const r = await get('');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    const notices = r.body as Notice[];
    expect(iupds(notices)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7']);
    expect(notices[0]).toMatchObject({ debtorTaxCode: DEBTOR_F, debtorType: 'F', status: 'VALID' });
    expect(notices[5]!.paTaxCode).toBe(EC2);
    expect(notices[6]!.paymentOptions.map((o) => [o.numberOfInstallments, o.amount, o.dueDate.slice(0, 10), o.isPartialPayment])).toEqual([
      [1, 30000, '2030-01-31', false],
      [3, 30001, '2030-02-28', true],
    ]);
    expect(notices[6]!.paymentOptions[1]!.installments.map((i) => [i.amount, i.status])).toEqual([
      [10000, 'PO_UNPAID'],
      [10000, 'PO_UNPAID'],
      [10001, 'PO_UNPAID'],
    ]);
  });

  it('pages: last page, past the end, limit 100; nothing found is []', async () => {
    expect(iupds((await get('?limit=3&page=1')).body)).toEqual(['P4', 'P5', 'P6']);
    expect(iupds((await get('?limit=3&page=2')).body)).toEqual(['P7']);
    expect(await get('?limit=3&page=3')).toMatchObject({ status: 200, body: [] });
    expect(iupds((await get('?limit=100')).body)).toHaveLength(7);
    expect(await get('', 'ZZZZZZ00Z00Z000Z')).toMatchObject({ status: 200, body: [] });
  });

  it('filters by dueDate', async () => {
    expect(iupds((await get('?dueDate=2030-01-04')).body)).toEqual(['P4', 'P5', 'P7']);
    expect(iupds((await get('?dueDate=2031-01-01')).body)).toEqual([]);
  });

  it.each([
    ['?limit=101', 'limit'],
    ['?limit=0', 'limit'],
    ['?limit=abc', 'limit'],
    ['?page=-1', 'page'],
    ['?page=1.5', 'page'],
    ['?dueDate=2030-02-30', 'dueDate'],
    ['?dueDate=30/01/2030', 'dueDate'],
  ])('bad query %s → 400 PPL_600', async (query, word) => {
    const r = await get(query);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ title: 'Bad Request', status: 400, instance: 'PPL_600' });
    expect((r.body as { detail: string }).detail).toContain(word);
  });

  it.each([
    ['a legal person (11 digits)', DEBTOR_G],
    ['15 characters', 'BNCLCU90A41F205'],
    ['no header', null],
  ])('x-tax-code of %s → 400 PPL_601', async (_name, taxCode) => {
    const r = await get('', taxCode);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ title: 'Invalid tax code', status: 400, instance: 'PPL_601' });
  });

  it('GET /info', async () => {
    const res = await fetch(`${server.baseUrl}/pagopa-gpd-payments-pull/v1/info`);
    const body = await res.json();
    expect(res.status).toBe(200);
    expectOpenApiResponse(SPEC, '/info', 'get', 200, body);
    expect(body).toMatchObject({ name: 'pagopa-gpd-payments-pull', environment: 'emulator' });
  });

  it('after paying an installment through SOAP it is no longer listed, and the position is PARTIALLY_PAID', async () => {
    const tari = demoPositions(new Date().getUTCFullYear())[0]!;
    const debtor = tari.debtor.entityUniqueIdentifierValue;
    const before = (await get('', debtor)).body as Notice[];
    const plan = before.find((n) => n.iupd === tari.iupd)!.paymentOptions.find((o) => o.isPartialPayment)!;
    expect(plan.numberOfInstallments).toBe(3);
    const nav = plan.installments[0]!.nav;
    const nodo = await NodeForPsp.connect(server.wsdlUrl);
    const a = await nodo.activate(nav, { amount: '120.00' }, PSP, tari.organizationFiscalCode);
    expect(a.result.outcome).toBe('OK');
    expect((await nodo.outcome(a.result.paymentToken as string, 'OK')).result.outcome).toBe('OK');
    const after = ((await get('', debtor)).body as Notice[]).find((n) => n.iupd === tari.iupd)!;
    expect(after.status).toBe('PARTIALLY_PAID');
    const open = after.paymentOptions.find((o) => o.isPartialPayment)!;
    expect(open.numberOfInstallments).toBe(2);
    expect(open.installments.map((i) => i.nav)).not.toContain(nav);
  });
});
