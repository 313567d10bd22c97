import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshArchiveNav, inDays, KEY_66, KEY_88, KEY_BROKER } from '../aca/helpers';
import { DATABASES } from '../helpers/databases';
import { startServer, type RunningServer } from '../helpers/server';
import { call, expectEveryOperationCalled, type CallOptions } from './ownCalls';

/**
 * openapi/aca-gpd.yaml against the running emulator: every operation of ACA and of GPD (at both base paths),
 * its success and its main refusals, each answer valid against our document and against the official
 * paCreatePosition.json / gpd-4-aca.json where they declare the status (ownCalls.ts).
 */
const ORG = '66666666666';
const ACA = '/aca/v1/paCreatePosition';
const IBAN = 'IT45R0760103200000000001016';
const BIG = 'x'.repeat(1_100_000);

function acaRequest(iuv: string, extra: object = {}) {
  return {
    paFiscalCode: ORG,
    entityType: 'F',
    entityFiscalCode: 'RSSMRA80A01H501U',
    entityFullName: 'Mario Rossi',
    iuv,
    amount: 12345,
    description: 'TARI 2026',
    expirationDate: inDays(30),
    ...extra,
  };
}

function position(iupd: string, nav = freshArchiveNav(), extra: object = {}) {
  return {
    iupd,
    type: 'F',
    fiscalCode: 'RSSMRA80A01H501U',
    fullName: 'Mario Rossi',
    streetName: 'Via Roma',
    civicNumber: '1',
    postalCode: '00100',
    city: 'Roma',
    province: 'RM',
    country: 'IT',
    email: 'mario.rossi@example.com',
    switchToExpired: false,
    companyName: 'Comune di Test',
    officeName: 'Ufficio Tributi',
    paymentOption: [
      {
        nav: nav.nav,
        iuv: nav.iuv,
        amount: 10000,
        description: 'TARI rata unica',
        isPartialPayment: false,
        dueDate: inDays(30),
        retentionDate: inDays(60),
        paymentOptionMetadata: [{ key: 'anno', value: '2026' }],
        transfer: [
          { idTransfer: '1', amount: 9000, remittanceInformation: 'quota 1', category: '0101101IM', iban: IBAN, postalIban: IBAN, transferMetadata: [{ key: 'k', value: 'v' }] },
          {
            idTransfer: '2',
            amount: 1000,
            remittanceInformation: 'bollo',
            category: '0101101IM',
            stamp: { hashDocument: 'a'.repeat(44), stampType: '01', provincialResidence: 'RM' },
          },
        ],
      },
    ],
    ...extra,
  };
}

describe('openapi/aca-gpd.yaml', () => {
  let server: RunningServer;
  const req = (method: string, path: string, opts: CallOptions = {}) => call(server.baseUrl, method, path, { key: KEY_66, ...opts });

  beforeAll(async () => {
    server = await startServer({ db: await DATABASES[0]!.create() });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('ACA paCreatePosition', () => {
    it('creates, replaces and invalidates; an INVALID position then refuses a change (409 aca-unauthorized-action)', async () => {
      const { iuv } = freshArchiveNav();
      const created = await req('POST', ACA, { body: acaRequest(iuv) });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ iuv, nav: `3${iuv}`, amount: 12345, status: 'VALID', iban: IBAN });
      expect((await req('POST', ACA, { body: acaRequest(iuv, { amount: 20000, postalIban: 'IT60X0542811101000000123456' }) })).body).toMatchObject({ amount: 20000 });
      expect((await req('POST', ACA, { body: acaRequest(iuv, { amount: 0 }) })).body).toMatchObject({ status: 'INVALID' });
      const refused = await req('POST', ACA, { body: acaRequest(iuv) });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toMatch(/aca-unauthorized-action$/);
    });

    it('400 (schema, amount 0 with nothing to invalidate), 401, 403, 409 conflict, 413, 422', async () => {
      const { iuv } = freshArchiveNav();
      expect((await req('POST', ACA, { body: acaRequest(iuv, { amount: 'ten' }) })).status).toBe(400);
      expect((await req('POST', ACA, { body: acaRequest(iuv, { amount: 0 }) })).status).toBe(400);
      expect((await req('POST', ACA, { raw: '{}', contentType: 'text/plain' })).status).toBe(400);
      expect((await req('POST', ACA, { key: null, body: acaRequest(iuv) })).status).toBe(401);
      expect((await req('POST', ACA, { key: KEY_88, body: acaRequest(iuv) })).status).toBe(403);
      // a nav another (GPD) position holds
      const taken = freshArchiveNav();
      expect((await req('POST', `/aca/debt-positions-service/v1/organizations/${ORG}/debtpositions`, { body: position(`OA-TAKEN-${taken.iuv}`, taken) })).status).toBe(201);
      const conflict = await req('POST', ACA, { body: acaRequest(iuv, { nav: taken.nav }) });
      expect(conflict.status).toBe(409);
      expect(conflict.body.type).toMatch(/\/conflict$/);
      expect((await req('POST', ACA, { body: acaRequest(iuv, { description: BIG }) })).status).toBe(413);
      // 00000000000, an EC of the demo broker's stations, has no registered IBAN
      const noIban = await req('POST', ACA, { key: KEY_BROKER, body: acaRequest(iuv, { paFiscalCode: '00000000000' }) });
      expect(noIban.status).toBe(422);
      expect(noIban.body.title).toBe('Unprocessable request');
    });
  });

  describe.each(['/aca/debt-positions-service/v1', '/gpd/debt-positions-service/v1'])('GPD debt positions at %s', (base) => {
    const positions = `${base}/organizations/${ORG}/debtpositions`;
    const tag = base.startsWith('/aca') ? 'A' : 'G';

    it('the gateway: 401 without a body, 403 APIM JSON, X-Request-Id echoed or made up', async () => {
      const none = await req('GET', positions, { key: null });
      expect([none.status, none.text]).toEqual([401, '']);
      expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const other = await req('GET', positions, { key: KEY_88, headers: { 'X-Request-Id': 'req-42' } });
      expect(other.status).toBe(403);
      expect(other.body).toEqual({ statusCode: 403, message: 'You are not allowed to access this resource.' });
      expect(other.headers.get('x-request-id')).toBe('req-42');
    });

    it('create (DRAFT), read, list, update, publish, mark paid; then a PAID position refuses update, delete and invalidate', async () => {
      const iupd = `OA-${tag}-${Date.now()}`;
      const nav = freshArchiveNav();
      const created = await req('POST', positions, { body: position(iupd, nav) });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ iupd, status: 'DRAFT' });
      expect((await req('POST', positions, { body: position(iupd, freshArchiveNav()) })).status).toBe(409);
      expect((await req('POST', positions, { body: { ...position(`${iupd}-x`), paymentOption: [] } })).status).toBe(400);
      expect((await req('POST', positions, { body: position(`${iupd}-big`, freshArchiveNav(), { officeName: BIG }) })).status).toBe(413);

      const read = await req('GET', `${positions}/${iupd}`);
      expect(read.body.paymentOption[0].transfer[0]).toMatchObject({ status: 'T_UNREPORTED' });
      expect((await req('GET', `${positions}/NOPE-${iupd}`)).status).toBe(404);
      const list = await req('GET', `${positions}?limit=50&orderby=IUPD&ordering=ASC&status=DRAFT&due_date_from=2000-01-01`);
      expect(list.body.payment_position_list.map((p: { iupd: string }) => p.iupd)).toContain(iupd);
      expect((await req('GET', `${positions}?orderby=COLOUR`)).status).toBe(400);

      const updated = await req('PUT', `${positions}/${iupd}`, { body: { ...position(iupd, nav), fullName: 'Maria Rossi' } });
      expect(updated.body).toMatchObject({ fullName: 'Maria Rossi', status: 'DRAFT' });
      expect((await req('PUT', `${positions}/${iupd}`, { body: position(`${iupd}-other`, nav) })).status).toBe(400);
      expect((await req('PUT', `${positions}/NOPE-${iupd}`, { body: position(`NOPE-${iupd}`) })).status).toBe(404);

      // a DRAFT position's options cannot be paid
      expect((await req('POST', `${base}/organizations/${ORG}/paymentoptions/paids/${nav.nav}`)).status).toBe(422);
      expect((await req('POST', `${positions}/${iupd}/publish`)).body).toMatchObject({ status: 'VALID' });
      expect((await req('POST', `${positions}/${iupd}/publish`)).status).toBe(409);
      expect((await req('POST', `${positions}/NOPE-${iupd}/publish`)).status).toBe(404);

      const paids = `${base}/organizations/${ORG}/paymentoptions/paids`;
      expect((await req('POST', `${paids}/${nav.nav}`, { raw: '{', contentType: 'application/json' })).status).toBe(400);
      const paid = await req('POST', `${paids}/${nav.nav}`, { body: { paymentDate: new Date().toISOString() } });
      expect(paid.body).toMatchObject({ nav: nav.nav, status: 'PO_PAID', serviceType: 'GPD', idReceipt: 'NA' });
      expect((await req('POST', `${paids}/${nav.nav}`)).status).toBe(409);
      expect((await req('POST', `${paids}/${freshArchiveNav().nav}`)).status).toBe(404);

      expect((await req('PUT', `${positions}/${iupd}`, { body: position(iupd, nav) })).status).toBe(409);
      expect((await req('DELETE', `${positions}/${iupd}`)).status).toBe(409);
      expect((await req('POST', `${positions}/${iupd}/invalidate`)).status).toBe(409);
    });

    it('create published, invalidate, delete; a missing position is 404', async () => {
      const iupd = `OA-${tag}-PUB-${Date.now()}`;
      expect((await req('POST', `${positions}?toPublish=true`, { body: position(iupd) })).body).toMatchObject({ status: 'VALID' });
      expect((await req('POST', `${positions}/${iupd}/invalidate`)).body).toMatchObject({ status: 'INVALID' });
      expect((await req('POST', `${positions}/NOPE-${iupd}/invalidate`)).status).toBe(404);
      const deleted = await req('DELETE', `${positions}/${iupd}`);
      expect([deleted.status, deleted.body]).toEqual([200, 'OK']);
      expect((await req('DELETE', `${positions}/${iupd}`)).status).toBe(404);
      expect((await req('GET', `${positions}/%E0%A4%A`)).body.type).toMatch(/bad-request$/);
    });
  });

  it('every operation of aca-gpd.yaml was called', () => {
    expectEveryOperationCalled('aca-gpd.yaml');
  });
});
