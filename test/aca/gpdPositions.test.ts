import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { call as rawCall, checked, freshArchiveNav, GPD_SPEC, inDays, KEY_88, KEY_BROKER } from './helpers';

const ORG = '66666666666';
const ONE = '/organizations/{organizationfiscalcode}/debtpositions/{iupd}';
const ALL = '/organizations/{organizationfiscalcode}/debtpositions';
const IBAN = 'IT45R0760103200000000001016';
const euros = (cents: number) => (cents / 100).toFixed(2);

interface Option {
  nav: string;
  iuv: string;
  amount: number;
  status?: string;
  isPartialPayment: boolean;
  transfer: unknown[];
}
interface Position {
  iupd: string;
  status: string;
  paymentOption: Option[];
}

/**
 * A plan of 3 installments (isPartialPayment) plus a single payment split over 5 transfers, one to another
 * EC and (withStamp) one a digital stamp, which only activatePaymentNoticeV2 by a digitalStamp PSP may pay.
 */
function position(iupd: string, withStamp = true) {
  const navs = [freshArchiveNav(), freshArchiveNav(), freshArchiveNav(), freshArchiveNav()];
  const installment = (i: number) => ({
    nav: navs[i]!.nav,
    iuv: navs[i]!.iuv,
    amount: 10000,
    description: `TARI rata ${i + 1}`,
    isPartialPayment: true,
    dueDate: inDays(30 * (i + 1)),
    transfer: [{ idTransfer: '1', amount: 10000, remittanceInformation: `rata ${i + 1}`, category: '0101101IM', iban: IBAN }],
  });
  return {
    iupd,
    type: 'F',
    fiscalCode: 'RSSMRA80A01H501U',
    fullName: 'Mario Rossi',
    email: 'mario.rossi@example.com',
    switchToExpired: false,
    companyName: 'Comune di Test',
    paymentOption: [
      installment(0),
      installment(1),
      installment(2),
      {
        nav: navs[3]!.nav,
        iuv: navs[3]!.iuv,
        amount: 29000,
        description: 'TARI rata unica',
        isPartialPayment: false,
        dueDate: inDays(30),
        transfer: [1, 2, 3, 4, 5].map((n) => ({
          idTransfer: String(n),
          amount: n === 5 ? 5000 : 6000,
          remittanceInformation: `quota ${n}`,
          category: '0101101IM',
          ...(n === 5
            ? { organizationFiscalCode: '88888888888', iban: 'IT57N0760114800000011050036' }
            : n === 4 && withStamp
              ? { stamp: { hashDocument: 'a'.repeat(44), stampType: '01', provincialResidence: 'RM' } }
              : { iban: IBAN }),
          transferMetadata: [{ key: 'k', value: String(n) }],
        })),
      },
    ],
  };
}

describe.each(DATABASE_IDS)('GPD-for-ACA debt positions on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  const gpd = (base = '/gpd/debt-positions-service/v1') => ({
    call: (spec: string, method: string, path: string, opts: Parameters<typeof checked>[5] = {}) => checked(GPD_SPEC, spec, server.baseUrl, method, `${base}${path}`, opts),
  });

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('create (DRAFT) → read → list → update → publish → pay one installment (PARTIALLY_PAID) → mark the others paid (PAID)', async () => {
    const { call } = gpd();
    const iupd = `IUPD-${Date.now()}-A`;
    const body = position(iupd);
    const created = await call(ALL, 'POST', `/organizations/${ORG}/debtpositions`, { body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      iupd,
      status: 'DRAFT',
      paymentOption: [{ isPartialPayment: true }, {}, {}, { transfer: [{}, {}, {}, { stamp: { stampType: '01' } }, { organizationFiscalCode: '88888888888' }] }],
    });
    const [i1, i2, i3, single] = (created.body as Position).paymentOption;

    // a DRAFT is not payable yet
    expect((await nodo.verify(i1!.nav)).result.fault?.faultCode).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    expect((await call(ALL, 'POST', `/organizations/${ORG}/debtpositions`, { body })).status).toBe(409);
    const sameNav = await call(ALL, 'POST', `/organizations/${ORG}/debtpositions`, { body: { ...body, iupd: `${iupd}-other` } });
    expect(sameNav.status).toBe(409);
    expect((sameNav.body as { detail: string }).detail).toContain(i1!.nav);

    const read = await call(ONE, 'GET', `/organizations/${ORG}/debtpositions/${iupd}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      iupd,
      organizationFiscalCode: ORG,
      status: 'DRAFT',
      paymentOption: [{ status: 'PO_UNPAID', transfer: [{ status: 'T_UNREPORTED' }] }, {}, {}, {}],
    });

    const list = await call(ALL, 'GET', `/organizations/${ORG}/debtpositions?limit=50&status=DRAFT`);
    expect(list.status).toBe(200);
    expect((list.body as { payment_position_list: Position[] }).payment_position_list.map((p) => p.iupd)).toContain(iupd);
    expect((await call(ALL, 'GET', `/organizations/${ORG}/debtpositions?limit=51`)).status).toBe(400);

    const changed = { ...body, fullName: 'Mario Rossi Jr', paymentOption: body.paymentOption.map((o, i) => (i === 0 ? { ...o, description: 'prima rata (aggiornata)' } : o)) };
    const updated = await call(ONE, 'PUT', `/organizations/${ORG}/debtpositions/${iupd}`, { body: changed });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ fullName: 'Mario Rossi Jr', status: 'DRAFT' });

    const published = await call('/organizations/{organizationfiscalcode}/debtpositions/{iupd}/publish', 'POST', `/organizations/${ORG}/debtpositions/${iupd}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'VALID' });
    expect((await call('/organizations/{organizationfiscalcode}/debtpositions/{iupd}/publish', 'POST', `/organizations/${ORG}/debtpositions/${iupd}/publish`)).status).toBe(409);

    // pay the first installment through the node
    const v = await nodo.verify(i1!.nav);
    expect(v.result.outcome).toBe('OK');
    const act = await nodo.activate(i1!.nav, { amount: euros(i1!.amount) });
    expect(act.result.outcome).toBe('OK');
    expect((await nodo.outcome(act.result.paymentToken as string)).result.outcome).toBe('OK');
    const after = await call(ONE, 'GET', `/organizations/${ORG}/debtpositions/${iupd}`);
    expect(after.body).toMatchObject({
      status: 'PARTIALLY_PAID',
      paymentOption: [{ nav: i1!.nav, status: 'PO_PAID', idReceipt: act.result.paymentToken }, { status: 'PO_UNPAID' }, { status: 'PO_UNPAID' }, { status: 'PO_UNPAID' }],
    });
    // the single payment is no longer due once an installment is paid; a paid position can be neither changed nor deleted
    expect((await nodo.verify(single!.nav)).result.fault?.faultCode).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    expect((await call(ONE, 'PUT', `/organizations/${ORG}/debtpositions/${iupd}`, { body })).status).toBe(409);
    expect((await call(ONE, 'DELETE', `/organizations/${ORG}/debtpositions/${iupd}`)).status).toBe(409);

    // the other two paid at the counter
    const PAIDS = '/organizations/{organizationfiscalcode}/paymentoptions/paids/{nav}';
    const p2 = await call(PAIDS, 'POST', `/organizations/${ORG}/paymentoptions/paids/${i2!.nav}`, { body: { paymentDate: new Date().toISOString() } });
    expect(p2.status).toBe(200);
    expect(p2.body).toMatchObject({ nav: i2!.nav, status: 'PO_PAID', serviceType: 'GPD' });
    expect((await call(PAIDS, 'POST', `/organizations/${ORG}/paymentoptions/paids/${i2!.nav}`, { body: {} })).status).toBe(409);
    expect((await call(PAIDS, 'POST', `/organizations/${ORG}/paymentoptions/paids/301999999999999999`, { body: {} })).status).toBe(404);
    expect((await call(PAIDS, 'POST', `/organizations/${ORG}/paymentoptions/paids/${i3!.nav}`)).status).toBe(200);
    const paid = await call(ONE, 'GET', `/organizations/${ORG}/debtpositions/${iupd}`);
    expect(paid.body).toMatchObject({ status: 'PAID', paymentOption: [{ status: 'PO_PAID' }, { status: 'PO_PAID' }, { status: 'PO_PAID' }, { status: 'PO_UNPAID' }] });
    expect((paid.body as { paymentDate?: string }).paymentDate).toBeDefined();
  });

  it('the single option of 5 transfers, published at creation (toPublish=true) on the official base path, is paid end to end: PAID', async () => {
    const { call } = gpd('/aca/debt-positions-service/v1');
    const iupd = `IUPD-${Date.now()}-B`;
    const body = position(iupd, false);
    const created = await call(ALL, 'POST', `/organizations/${ORG}/debtpositions?toPublish=true`, { body, key: KEY_BROKER });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'VALID' });
    const single = (created.body as Position).paymentOption[3]!;
    const act = await nodo.activate(single.nav, { amount: euros(single.amount) });
    expect(act.result.fault).toBeUndefined();
    expect((await nodo.outcome(act.result.paymentToken as string)).result.outcome).toBe('OK');
    const after = await call(ONE, 'GET', `/organizations/${ORG}/debtpositions/${iupd}`);
    expect(after.body).toMatchObject({
      status: 'PAID',
      paymentOption: [{ status: 'PO_UNPAID' }, { status: 'PO_UNPAID' }, { status: 'PO_UNPAID' }, { status: 'PO_PAID', transfer: [{}, {}, {}, {}, {}] }],
    });
  });

  it('while a PSP holds a live token on one of its notices, a position cannot be updated, invalidated or deleted (409); after a KO it can', async () => {
    const { call } = gpd();
    const iupd = `IUPD-${Date.now()}-P`;
    const body = position(iupd, false);
    expect((await call(ALL, 'POST', `/organizations/${ORG}/debtpositions?toPublish=true`, { body })).status).toBe(201);
    const first = body.paymentOption[0]!;
    const act = await nodo.activate(first.nav, { amount: euros(first.amount) });
    expect(act.result.outcome).toBe('OK');
    const detail = `Debt position ${iupd}: notice ${first.nav} is being paid (a PSP holds a live token); retry once the payment is closed or the token has expired`;
    const INV = '/organizations/{organizationfiscalcode}/debtpositions/{iupd}/invalidate';
    for (const [spec, method, path, opts] of [
      [ONE, 'PUT', `/organizations/${ORG}/debtpositions/${iupd}`, { body }],
      [INV, 'POST', `/organizations/${ORG}/debtpositions/${iupd}/invalidate`, {}],
      [ONE, 'DELETE', `/organizations/${ORG}/debtpositions/${iupd}`, {}],
    ] as const) {
      const res = await call(spec, method, path, opts);
      expect(res.status).toBe(409);
      expect((res.body as { detail: string }).detail).toBe(detail);
    }
    expect((await nodo.outcome(act.result.paymentToken as string, 'KO')).result.outcome).toBe('OK');
    expect((await call(ONE, 'DELETE', `/organizations/${ORG}/debtpositions/${iupd}`)).status).toBe(200);
  });

  it('invalidate (VALID only) and delete; then 404', async () => {
    const { call } = gpd();
    const iupd = `IUPD-${Date.now()}-C`;
    const body = position(iupd);
    expect((await call(ALL, 'POST', `/organizations/${ORG}/debtpositions?toPublish=true`, { body })).status).toBe(201);
    const INV = '/organizations/{organizationfiscalcode}/debtpositions/{iupd}/invalidate';
    const inv = await call(INV, 'POST', `/organizations/${ORG}/debtpositions/${iupd}/invalidate`);
    expect(inv.status).toBe(200);
    expect(inv.body).toMatchObject({ status: 'INVALID' });
    expect((await nodo.verify(body.paymentOption[0]!.nav)).result.fault?.faultCode).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    expect((await call(INV, 'POST', `/organizations/${ORG}/debtpositions/${iupd}/invalidate`)).status).toBe(409);
    const del = await call(ONE, 'DELETE', `/organizations/${ORG}/debtpositions/${iupd}`);
    expect(del.status).toBe(200);
    expect((await call(ONE, 'GET', `/organizations/${ORG}/debtpositions/${iupd}`)).status).toBe(404);
    expect((await call(ONE, 'DELETE', `/organizations/${ORG}/debtpositions/${iupd}`)).status).toBe(404);
    expect((await call(INV, 'POST', `/organizations/${ORG}/debtpositions/${iupd}/invalidate`)).status).toBe(404);
  });

  it('bodies: bad JSON, wrong content type, schema and semantic errors are 400s naming the field', async () => {
    const { call } = gpd();
    const post = (opts: Parameters<typeof checked>[5]) => call(ALL, 'POST', `/organizations/${ORG}/debtpositions`, opts);
    const bad = await post({ raw: '{"iupd": "x",' });
    expect(bad.status).toBe(400);
    expect((bad.body as { detail: string }).detail).toMatch(/not valid JSON/);
    const text = await post({ raw: JSON.stringify(position('x')), contentType: 'text/plain' });
    expect(text.status).toBe(400);
    expect((text.body as { detail: string }).detail).toMatch(/Content-Type/);
    const p = position(`IUPD-${Date.now()}-D`);
    const cases: [unknown, string][] = [
      [{ ...p, type: 'X' }, 'type'],
      [{ ...p, companyName: undefined }, 'companyName'],
      [{ ...p, paymentOption: [{ ...p.paymentOption[0], transfer: [{ ...p.paymentOption[0]!.transfer[0], idTransfer: '6' }] }] }, 'paymentOption[0].transfer[0].idTransfer'],
      [{ ...p, paymentOption: [{ ...p.paymentOption[0], amount: 1 }] }, 'paymentOption[0].amount'],
      [{ ...p, paymentOption: [{ ...p.paymentOption[0], dueDate: 'tomorrow' }] }, 'paymentOption[0].dueDate'],
      [{ ...p, paymentOption: [] }, 'paymentOption'],
      // 1 and 3: the node refuses an EC answer whose transfers are not numbered 1..n, so it could never be paid
      [
        {
          ...p,
          paymentOption: [{ ...p.paymentOption[3], transfer: p.paymentOption[3]!.transfer.slice(0, 2).map((t, i) => ({ ...t, idTransfer: String(2 * i + 1) })), amount: 12000 }],
        },
        'paymentOption[0].transfer idTransfer values must be 1..2, found 1, 3',
      ],
    ];
    for (const [body, field] of cases) {
      const res = await post({ body });
      expect(res.status).toBe(400);
      expect((res.body as { detail: string }).detail).toContain(field);
    }
  });

  it("authentication: no key or an unknown key → 401, another EC's key → 403", async () => {
    const { call } = gpd();
    const none = await call(ALL, 'GET', `/organizations/${ORG}/debtpositions`, { key: null });
    expect(none.status).toBe(401);
    expect((await call(ALL, 'GET', `/organizations/${ORG}/debtpositions`, { key: 'nope' })).status).toBe(401);
    // the official 403 has no schema, only APIM's body as its example: compared with that example
    const FORBIDDEN = { statusCode: 403, message: 'You are not allowed to access this resource.' };
    const other = await rawCall(server.baseUrl, 'POST', `/gpd/debt-positions-service/v1/organizations/${ORG}/debtpositions`, {
      key: KEY_88,
      body: position(`IUPD-${Date.now()}-E`),
    });
    expect(other).toMatchObject({ status: 403, body: FORBIDDEN });
    expect(await rawCall(server.baseUrl, 'GET', `/aca/debt-positions-service/v1/organizations/${ORG}/debtpositions/whatever`, { key: KEY_88 })).toMatchObject({
      status: 403,
      body: FORBIDDEN,
    });
  });
});
