import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DATABASE_IDS } from '../helpers/databases';
import { startMockEc, type RunningMockEc } from '../helpers/mockEc';
import { startServer, type RunningServer } from '../helpers/server';
import { assertValidEcMessage } from '../helpers/xsd';
import { createPosition, EC, EC2, freshNav, head, IBAN, IBAN_B, IBAN2, invalidatePosition, PaForNode, postPa, receipt, verifyXml } from './helpers';

const FAULT_STRINGS = {
  PAA_PAGAMENTO_SCONOSCIUTO: 'Pagamento in attesa risulta sconosciuto all’Ente Creditore.',
  PAA_PAGAMENTO_SCADUTO: 'Pagamento in attesa risulta scaduto all’Ente Creditore.',
  PAA_PAGAMENTO_ANNULLATO: 'Pagamento in attesa risulta annullato all’Ente Creditore.',
  PAA_PAGAMENTO_DUPLICATO: 'Pagamento in attesa risulta concluso all’Ente Creditore.',
};

/**
 * The standalone mock EC (`main.js mock-ec`) answering paForNode from the archive as a GPD-hosted EC
 * would. Positions are created through the GPD API of an emulator on the same database; the client is
 * node-soap built from the mock's own ?wsdl; every answer is validated against the official paForNode.xsd.
 */
describe.each(DATABASE_IDS)('mock EC primitives on %s', (dbId, database) => {
  let server: RunningServer;
  let mock: RunningMockEc;
  let pa: PaForNode;
  const n: Record<'single' | 'multi' | 'stamp' | 'postal' | 'draft' | 'invalid' | 'expired' | 'toPay' | 'toPayV2' | 'broadcast', string> = {} as never;

  beforeAll(async () => {
    const db = await database.create();
    server = await startServer({ db });
    const base = server.baseUrl;
    n.single = (await createPosition(base, freshNav(), { officeName: 'Ufficio Tributi' })).nav;
    n.multi = (
      await createPosition(base, freshNav(), {
        transfers: [
          { cents: 10000, iban: IBAN },
          { cents: 5000, ec: EC2, iban: IBAN2 },
        ],
      })
    ).nav;
    n.stamp = (
      await createPosition(base, freshNav(), {
        transfers: [
          { cents: 2000, iban: IBAN },
          { cents: 1600, stamp: true },
        ],
      })
    ).nav;
    n.postal = (await createPosition(base, freshNav(), { transfers: [{ cents: 3000, iban: IBAN, postalIban: IBAN_B }] })).nav;
    n.draft = (await createPosition(base, freshNav(), { toPublish: false })).nav;
    const inv = await createPosition(base, freshNav());
    await invalidatePosition(base, inv.iupd);
    n.invalid = inv.nav;
    n.expired = (await createPosition(base, freshNav(), { switchToExpired: true, dueInDays: 1 })).nav;
    n.toPay = (await createPosition(base, freshNav())).nav;
    n.toPayV2 = (await createPosition(base, freshNav())).nav;
    n.broadcast = (
      await createPosition(base, freshNav(), {
        transfers: [
          { cents: 10000, iban: IBAN },
          { cents: 5000, ec: EC2, iban: IBAN2 },
        ],
      })
    ).nav;
    // past the due date of the switchToExpired position: the job makes it EXPIRED in the database
    expect(
      (await fetch(`${base}/admin/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: 3 * 86_400_000 }) })).status,
    ).toBe(200);
    expect((await fetch(`${base}/admin/jobs/expirePositions/run`, { method: 'POST' })).status).toBe(200);

    mock = await startMockEc({ db });
    pa = await PaForNode.connect(mock.url);
  });
  afterAll(async () => {
    await mock?.stop();
    await server?.stop();
  });

  it('serves its WSDL and schemas addressed to itself', async () => {
    const wsdl = await (await fetch(`${mock.url}?wsdl`)).text();
    expect(wsdl).toContain(`<soap:address location="${mock.url}"/>`);
    expect(wsdl).toContain(`schemaLocation="${mock.url}?xsd=paForNode.xsd"`);
    for (const op of ['paDemandPaymentNotice', 'paVerifyPaymentNotice', 'paGetPayment', 'paGetPaymentV2', 'paSendRT', 'paSendRTV2']) expect(wsdl).toContain(`soapAction="${op}"`);
    const xsd = await (await fetch(`${mock.url}?xsd=paForNode.xsd`)).text();
    expect(xsd).toContain(`schemaLocation="${mock.url}?xsd=common-types.xsd"`);
    const missing = await fetch(`${mock.url}?xsd=nope.xsd`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
  });

  it('paVerifyPaymentNotice: one option (EQ, allCCP false) and the position’s texts', async () => {
    const { result, request } = await pa.call('paVerifyPaymentNotice', head(n.single));
    await assertValidEcMessage(request);
    expect(result).toMatchObject({
      outcome: 'OK',
      paymentList: { paymentOptionDescription: { amount: '120.50', options: 'EQ', detailDescription: `Avviso ${n.single}`, allCCP: false } },
      paymentDescription: `Avviso ${n.single}`,
      fiscalCodePA: EC,
      companyName: 'Comune di Test',
      officeName: 'Ufficio Tributi',
    });
    expect(result.fault).toBeUndefined();
  });

  it('paGetPayment (V1): IBAN transfers without companyName, the debtor in full', async () => {
    const { result, raw } = await pa.call('paGetPayment', { ...head(n.multi), amount: '150.00' });
    expect(result.outcome).toBe('OK');
    expect(result.data).toMatchObject({
      creditorReferenceId: n.multi.slice(1),
      paymentAmount: '150.00',
      description: `Avviso ${n.multi}`,
      companyName: 'Comune di Test',
      debtor: {
        uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'BNCLRA85C41F205Z' },
        fullName: 'Laura Bianchi',
        streetName: 'Via Po',
        civicNumber: '3',
        postalCode: '10100',
        city: 'Torino',
        stateProvinceRegion: 'TO',
        country: 'IT',
        'e-mail': 'laura.bianchi@example.org',
      },
      transferList: {
        transfer: [
          {
            idTransfer: '1',
            transferAmount: '100.00',
            fiscalCodePA: EC,
            IBAN,
            remittanceInformation: 'quota 1',
            transferCategory: '0101101IM',
            metadata: { mapEntry: [{ key: 'quota', value: '1' }] },
          },
          { idTransfer: '2', transferAmount: '50.00', fiscalCodePA: EC2, IBAN: IBAN2, remittanceInformation: 'quota 2', transferCategory: '0101101IM' },
        ],
      },
    });
    expect(raw).not.toMatch(/<transfer>(?:(?!<\/transfer>).)*<companyName>/);
  });

  it('paGetPaymentV2: companyName on the payment and on each transfer; a stamp transfer as richiestaMarcaDaBollo', async () => {
    const multi = await pa.call('paGetPaymentV2', head(n.multi));
    expect(multi.result.data).toMatchObject({
      companyName: 'Comune di Test',
      transferList: {
        transfer: [
          { idTransfer: '1', companyName: 'Comune di Test', IBAN },
          { idTransfer: '2', fiscalCodePA: EC2, IBAN: IBAN2 },
        ],
      },
    });
    const stamp = await pa.call('paGetPaymentV2', head(n.stamp));
    expect(stamp.result.outcome).toBe('OK');
    const transfers = (stamp.result.data as { transferList: { transfer: Record<string, unknown>[] } }).transferList.transfer;
    expect(transfers[1]).toMatchObject({
      idTransfer: '2',
      transferAmount: '16.00',
      richiestaMarcaDaBollo: { hashDocumento: 'a'.repeat(44), tipoBollo: '01', provinciaResidenza: 'RM' },
    });
    expect(transfers[1]!.IBAN).toBeUndefined();
  });

  it('paGetPayment (V1) of a notice with a stamp: PAA_SEMANTICA (V1 cannot carry it)', async () => {
    const { result } = await pa.call('paGetPayment', head(n.stamp));
    expect(result.outcome).toBe('KO');
    expect(result.fault).toMatchObject({ faultCode: 'PAA_SEMANTICA', faultString: 'Errore semantico.', id: EC });
    expect(result.fault!.description).toMatch(/paGetPaymentV2/);
    expect(result.data).toBeUndefined();
  });

  it('transferType POSTAL answers the postal IBAN; PAGOPA adds it as metadata IBANAPPOGGIO', async () => {
    const postal = await pa.call('paGetPaymentV2', { ...head(n.postal), transferType: 'POSTAL' });
    expect(postal.result.data).toMatchObject({ transferList: { transfer: [{ IBAN: IBAN_B }] } });
    const pagopa = await pa.call('paGetPaymentV2', { ...head(n.postal), transferType: 'PAGOPA' });
    expect(pagopa.result.data).toMatchObject({
      transferList: {
        transfer: [
          {
            IBAN,
            metadata: {
              mapEntry: [
                { key: 'quota', value: '1' },
                { key: 'IBANAPPOGGIO', value: IBAN_B },
              ],
            },
          },
        ],
      },
    });
  });

  describe.each(['paVerifyPaymentNotice', 'paGetPayment', 'paGetPaymentV2'])('%s answers as GPD for positions that cannot be paid', (op) => {
    it.each<[string, keyof typeof FAULT_STRINGS, () => string]>([
      ['an unknown notice', 'PAA_PAGAMENTO_SCONOSCIUTO', () => freshNav()],
      ['a DRAFT position', 'PAA_PAGAMENTO_SCONOSCIUTO', () => n.draft],
      ['an invalidated position', 'PAA_PAGAMENTO_ANNULLATO', () => n.invalid],
      ['an expired position', 'PAA_PAGAMENTO_SCADUTO', () => n.expired],
    ])('%s → %s', async (_what, code, nav) => {
      const { result } = await pa.call(op, head(nav()));
      expect(result.outcome).toBe('KO');
      expect(result.fault).toMatchObject({ faultCode: code, faultString: FAULT_STRINGS[code], id: EC });
    });

    it('idPA other than the qrCode’s EC → PAA_ID_DOMINIO_ERRATO', async () => {
      const { result } = await pa.call(op, head(n.single, EC2));
      expect(result.fault).toMatchObject({ faultCode: 'PAA_ID_DOMINIO_ERRATO', id: EC2 });
    });
  });

  it('a request that violates paForNode.xsd → KO PAA_SINTASSI_XSD in the primitive’s own response', async () => {
    // idStation missing
    const r = await postPa(
      mock.url,
      `<pafn:paGetPaymentReq><idPA>${EC}</idPA><idBrokerPA>${EC}</idBrokerPA><qrCode><fiscalCode>${EC}</fiscalCode><noticeNumber>${n.single}</noticeNumber></qrCode></pafn:paGetPaymentReq>`,
      'paGetPayment',
    );
    expect(r.status).toBe(200);
    expect(await assertValidEcMessage(r.body)).toMatchObject({ element: 'paGetPaymentRes' });
    expect(r.body).toContain('<faultCode>PAA_SINTASSI_XSD</faultCode>');
    expect(r.body).toMatch(/<description>[^<]*idStation[^<]*<\/description>/);
    // the SOAPAction names paVerifyPaymentNotice, the Body holds another element
    const wrong = await postPa(mock.url, verifyXml(n.single).replace(/paVerifyPaymentNoticeReq/g, 'paGetPaymentReq'), 'paVerifyPaymentNotice');
    expect(await assertValidEcMessage(wrong.body)).toMatchObject({ element: 'paVerifyPaymentNoticeRes' });
    expect(wrong.body).toContain('<faultCode>PAA_SINTASSI_XSD</faultCode>');
  });

  // a client's mistake is a 400, as on the node's own endpoint: no 5xx for bad input
  it('without SOAPAction the Body child names the primitive; an unknown SOAPAction or unreadable XML is a SOAP Fault (HTTP 400)', async () => {
    const ok = await postPa(mock.url, verifyXml(n.single));
    expect(ok.status).toBe(200);
    expect(await assertValidEcMessage(ok.body)).toMatchObject({ element: 'paVerifyPaymentNoticeRes' });
    const unknown = await postPa(mock.url, verifyXml(n.single), 'paNotAPrimitive');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatch(/<soap:Fault><faultcode>soap:Client<\/faultcode><faultstring>Unknown SOAPAction<\/faultstring>/);
    const bad = await fetch(mock.url, { method: 'POST', headers: { SOAPAction: 'paVerifyPaymentNotice', 'Content-Type': 'text/xml' }, body: '<not-xml' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('<soap:Fault>');
    expect(text).not.toMatch(/at .*\.js:\d+/);
  });

  it.each<['paSendRT' | 'paSendRTV2', 'toPay' | 'toPayV2', boolean]>([
    ['paSendRT', 'toPay', false],
    ['paSendRTV2', 'toPayV2', true],
  ])('%s: OK once (the option becomes paid, as GPD does), then PAA_RECEIPT_DUPLICATA', async (op, key, v2) => {
    const nav = n[key];
    const transfers = [{ ec: EC, iban: IBAN, cents: 12050 }];
    const args = { idPA: EC, idBrokerPA: EC, idStation: `${EC}_03`, receipt: receipt(nav, `rcpt-${op}-${nav}`, transfers, v2) };
    const first = await pa.call(op, args);
    await assertValidEcMessage(first.request);
    expect(first.result).toEqual({ outcome: 'OK' });
    expect((await pa.call('paVerifyPaymentNotice', head(nav))).result.fault?.faultCode).toBe('PAA_PAGAMENTO_DUPLICATO');
    const again = await pa.call(op, args);
    expect(again.result.outcome).toBe('KO');
    expect(again.result.fault).toMatchObject({ faultCode: 'PAA_RECEIPT_DUPLICATA', id: EC });
    // another receipt for the already-paid option (the node paid it on its own database): accepted
    expect((await pa.call(op, { ...args, receipt: receipt(nav, `rcpt-other-${nav}`, transfers, v2) })).result).toEqual({ outcome: 'OK' });
  });

  it('paSendRTV2 broadcast copy to a secondary EC of the transfers is accepted; an EC outside the receipt is PAA_ID_DOMINIO_ERRATO; an unknown notice PAA_PAGAMENTO_SCONOSCIUTO', async () => {
    const nav = n.broadcast;
    const transfers = [
      { ec: EC, iban: IBAN, cents: 10000 },
      { ec: EC2, iban: IBAN2, cents: 5000 },
    ];
    const rcpt = receipt(nav, `rcpt-bc-${nav}`, transfers, true);
    expect((await pa.call('paSendRTV2', { idPA: EC, idBrokerPA: EC, idStation: `${EC}_03`, receipt: rcpt })).result).toEqual({ outcome: 'OK' });
    expect((await pa.call('paSendRTV2', { idPA: EC2, idBrokerPA: EC2, idStation: `${EC2}_01`, receipt: rcpt })).result).toEqual({ outcome: 'OK' });
    const stranger = await pa.call('paSendRTV2', { idPA: '11111122223', idBrokerPA: EC, idStation: `${EC}_03`, receipt: rcpt });
    expect(stranger.result.fault).toMatchObject({ faultCode: 'PAA_ID_DOMINIO_ERRATO', id: '11111122223' });
    const unknown = freshNav();
    const u = await pa.call('paSendRT', { idPA: EC, idBrokerPA: EC, idStation: `${EC}_03`, receipt: receipt(unknown, `rcpt-${unknown}`, [transfers[0]!], false) });
    expect(u.result.fault).toMatchObject({ faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', id: EC });
  });

  it('answers GET /health, and a problem JSON for anything else outside /mock-ec/v1', async () => {
    // the emulator's /health shape (openapi/admin.yaml)
    const pkg = require('../../package.json') as { version: string };
    expect(await (await fetch(`${mock.baseUrl}/health`)).json()).toEqual({
      status: 'UP',
      ready: true,
      version: pkg.version,
      engine: dbId === 'postgres' ? 'pg' : 'sqlite',
      uptime: expect.any(Number),
    });
    const other = await fetch(`${mock.baseUrl}/node-for-psp/v1`);
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ type: 'https://pagopa-node-emulator/problems/not-found', status: 404 });
  });
});
