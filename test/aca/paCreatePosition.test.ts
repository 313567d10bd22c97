import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { NodeForPsp } from '../helpers/soap';
import { ACA_SPEC, GPD_SPEC, call, checked, freshArchiveNav, inDays, KEY_88, KEY_BROKER } from './helpers';

const PATH = '/aca/v1/paCreatePosition';
const NAV_HINT = ' (without nav, it is "3" + iuv: the iuv must be 17 digits)';

function request(iuv: string, extra: object = {}) {
  return {
    paFiscalCode: '66666666666',
    entityType: 'F',
    entityFiscalCode: 'RSSMRA80A01H501U',
    entityFullName: 'Mario Rossi',
    iuv,
    amount: 12345,
    description: 'TARI 2026 rata unica',
    expirationDate: inDays(30),
    ...extra,
  };
}

describe.each(DATABASE_IDS)('POST /aca/v1/paCreatePosition on %s', (_id, database) => {
  let server: RunningServer;
  let nodo: NodeForPsp;
  const post = (body: unknown, opts: { key?: string | null } = {}) => checked(ACA_SPEC, '/paCreatePosition', server.baseUrl, 'POST', PATH, { body, ...opts });

  beforeAll(async () => {
    server = await startServer({ db: await database.create() });
    nodo = await NodeForPsp.connect(server.wsdlUrl);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("creates a VALID position, payable at once, with the EC's first IBAN and its registry name", async () => {
    const { nav, iuv } = freshArchiveNav();
    const res = await post(request(iuv));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      paFiscalCode: '66666666666',
      companyName: 'Comune di Test',
      entityType: 'F',
      entityFiscalCode: 'RSSMRA80A01H501U',
      iuv,
      nav,
      amount: 12345,
      iban: 'IT45R0760103200000000001016',
      switchToExpired: false,
      status: 'VALID',
    });
    const v = await nodo.verify(nav);
    expect(v.result.outcome).toBe('OK');
    const gpd = await checked(
      GPD_SPEC,
      '/organizations/{organizationfiscalcode}/debtpositions/{iupd}',
      server.baseUrl,
      'GET',
      `/gpd/debt-positions-service/v1/organizations/66666666666/debtpositions/ACA_66666666666_${iuv}`,
    );
    expect(gpd.status).toBe(200);
    expect(gpd.body).toMatchObject({
      iupd: `ACA_66666666666_${iuv}`,
      status: 'VALID',
      paymentOption: [{ nav, amount: 12345, transfer: [{ idTransfer: '1', category: 'STAND-IN', amount: 12345 }] }],
    });
  });

  it('updates an existing position (explicit nav and IBAN), then invalidates it with amount 0; a later change is a 409', async () => {
    const { nav, iuv } = freshArchiveNav();
    expect((await post(request(iuv, { nav }))).status).toBe(200);
    const upd = await post(request(iuv, { nav, amount: 20000, iban: 'IT30N0103076271000001823603', postalIban: 'IT60X0542811101000000123456', description: 'aggiornata' }));
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ amount: 20000, iban: 'IT30N0103076271000001823603', postalIban: 'IT60X0542811101000000123456', description: 'aggiornata', status: 'VALID' });
    const inv = await post(request(iuv, { nav, amount: 0 }));
    expect(inv.status).toBe(200);
    expect(inv.body).toMatchObject({ status: 'INVALID' });
    expect((await nodo.verify(nav)).result.fault?.faultCode).toBe('PPT_ERRORE_EMESSO_DA_PAA');
    const again = await post(request(iuv, { nav, amount: 500 }));
    expect(again.status).toBe(409);
    expect(again.contentType).toMatch(/application\/problem\+json/);
    expect((again.body as { detail: string }).detail).toContain('INVALID');
  });

  it('amount 0 with nothing to invalidate is a 400', async () => {
    const { iuv } = freshArchiveNav();
    const res = await post(request(iuv, { amount: 0 }));
    expect(res.status).toBe(400);
    expect((res.body as { detail: string }).detail).toContain(`there is none with iuv ${iuv}`);
  });

  it('a paid position cannot be changed: 409', async () => {
    const { nav, iuv } = freshArchiveNav();
    expect((await post(request(iuv, { amount: 1000 }))).status).toBe(200);
    const act = await nodo.activate(nav, { amount: '10.00' });
    expect(act.result.outcome).toBe('OK');
    expect((await nodo.outcome(act.result.paymentToken as string)).result.outcome).toBe('OK');
    const res = await post(request(iuv, { amount: 2000 }));
    expect(res.status).toBe(409);
    expect((res.body as { title: string }).title).toBe('Unauthorized action');
  });

  it('formally invalid bodies are 400s naming the field', async () => {
    const { iuv } = freshArchiveNav();
    const cases: [object, string][] = [
      [request(iuv, { paFiscalCode: '123' }), 'paFiscalCode'],
      [request(iuv, { entityType: 'X' }), 'entityType'],
      [request(iuv, { amount: -1 }), 'amount'],
      [request(iuv, { amount: 1.5 }), 'amount'],
      [request(iuv, { expirationDate: '31/12/2026' }), 'expirationDate'],
      [request(iuv, { iban: 'IT00' }), 'iban'],
      [{ ...request(iuv), description: undefined }, 'description'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect((res.body as { detail: string }).detail).toContain(field);
    }
  });

  it('values the node could not relay in SANP messages are 400s naming the field and the limit', async () => {
    const { iuv } = freshArchiveNav();
    const cases: [object, string][] = [
      [request(`${iuv}9`), `nav 3${iuv}9 is not an 18-digit notice number${NAV_HINT}`],
      [request(iuv, { nav: '3011' }), `nav 3011 is not an 18-digit notice number${NAV_HINT}`],
      [request(iuv, { entityFullName: 'M'.repeat(71) }), 'entityFullName is 71 characters: the node relays it in a SANP field of at most 70'],
      [request(iuv, { description: 'd'.repeat(141) }), 'description is 141 characters: the node relays it in a SANP field of at most 140'],
    ];
    for (const [body, detail] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect((res.body as { detail: string }).detail).toBe(detail);
    }
  });

  it('a position created through GPD cannot be replaced through paCreatePosition: 409', async () => {
    const { nav, iuv } = freshArchiveNav();
    const gpd = await fetch(`${server.baseUrl}/gpd/debt-positions-service/v1/organizations/66666666666/debtpositions?toPublish=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': 'demo-ec-66666666666' },
      body: JSON.stringify({
        iupd: `ACA_66666666666_${iuv}`,
        type: 'F',
        fiscalCode: 'RSSMRA80A01H501U',
        fullName: 'Mario Rossi',
        companyName: 'Comune di Test',
        switchToExpired: false,
        payStandIn: false,
        paymentOption: [
          {
            nav,
            iuv,
            amount: 1000,
            description: 'via GPD',
            isPartialPayment: false,
            dueDate: inDays(30),
            transfer: [
              {
                idTransfer: '1',
                amount: 1000,
                organizationFiscalCode: '66666666666',
                remittanceInformation: 'via GPD',
                category: '9/0101100IM/',
                iban: 'IT45R0760103200000000001016',
              },
            ],
          },
        ],
      }),
    });
    expect(gpd.status).toBe(201);
    const res = await post(request(iuv, { nav }));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ title: 'Unauthorized action', detail: `Unauthorized action on debt position ACA_66666666666_${iuv}: it was created through GPD, not ACA` });
  });

  it('bad JSON and a wrong content type are 400s', async () => {
    const bad = await checked(ACA_SPEC, '/paCreatePosition', server.baseUrl, 'POST', PATH, { raw: '{"paFiscalCode": ' });
    expect(bad.status).toBe(400);
    expect((bad.body as { detail: string }).detail).toMatch(/not valid JSON/);
    const text = await checked(ACA_SPEC, '/paCreatePosition', server.baseUrl, 'POST', PATH, { raw: JSON.stringify(request('0100')), contentType: 'text/plain' });
    expect(text.status).toBe(400);
    expect((text.body as { detail: string }).detail).toMatch(/Content-Type/);
  });

  // paCreatePosition.json defines no 401/403: these answers are APIM's, checked for status and problem shape only
  it("authentication: no key or an unknown key → 401, another EC's key → 403, the broker's key → allowed", async () => {
    const { iuv } = freshArchiveNav();
    const none = await call(server.baseUrl, 'POST', PATH, { key: null, body: request(iuv) });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await call(server.baseUrl, 'POST', PATH, { key: 'nope', body: request(iuv) })).status).toBe(401);
    const other = await call(server.baseUrl, 'POST', PATH, { key: KEY_88, body: request(iuv) });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ status: 403 });
    expect((await post(request(iuv), { key: KEY_BROKER })).status).toBe(200);
  });
});
