import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tempDir } from '../helpers/server';
import { startMockEc, type RunningMockEc } from '../helpers/mockEc';
import { assertValidEcMessage } from '../helpers/xsd';
import { KINDS, LONG_NAME, PAYMENT, VERIFY } from './pagopaFamilies';
import {
  bodyChild,
  EC_TE,
  envelope,
  FAMILY_NUMBERS,
  getPaymentReq,
  getPaymentV2Req,
  kindOf,
  MILANO,
  P1,
  P2,
  PA_NS,
  post,
  postmanNotice,
  sendRtReq,
  verifyReq,
  type Fault,
  type PaymentTransfer,
} from './pagopaHelpers';

/** family 98's hold, short for the tests (pagoPA's UAT holds 5000 ms; the default here too) */
const DELAY_MS = 400;
const EXPRESS_TEXT = 'text/html; charset=utf-8';

/**
 * The mock EC in pagoPA mode, as the standalone `main.js mock-ec` serves it on /mock-ec (the base of
 * pagoPA's own local mock: postman's LOCAL environment, `http://localhost:8089` + `mock-ec`): every 302NN
 * family and edge case with the checks of pagoPA's postman collection (uat-environment.md §4), and every
 * answer valid against the official paForNode.xsd.
 */
describe('mock EC in pagoPA mode (/mock-ec)', () => {
  let mock: RunningMockEc;
  let url: string;

  beforeAll(async () => {
    mock = await startMockEc({ db: `sqlite:${tempDir()}/mock.sqlite`, args: ['--mock-ec-timeout-delay', String(DELAY_MS)] });
    url = `${mock.baseUrl}/mock-ec`;
  });
  afterAll(async () => {
    await mock?.stop();
  });

  // postman's requests: SOAPActions without the primitive's own name, text/xml; charset=utf-8
  const verify = (notice: string) => post(url, verifyReq(notice), { SOAPAction: 'paVerifyPaymentNoticeReq' });
  const getPayment = (notice: string) => post(url, getPaymentReq(notice), { SOAPAction: 'paGetPaymentReq' });
  const getPaymentV2 = (notice: string) => post(url, getPaymentV2Req(notice), { SOAPAction: 'paGetPaymentV2' });

  /** postman check 1 and 3: 200, no faultcode, the literal soapenv prefix, outcome OK */
  function expectOk(a: { status: number; body: string; contentType: string | null }, element: string): Record<string, any> {
    expect(a.status).toBe(200);
    expect(a.contentType).toBe(EXPRESS_TEXT);
    expect(a.body).not.toContain('faultcode');
    expect(a.body).toMatch(new RegExp(`^<soapenv:Envelope [^>]*><soapenv:Header/><soapenv:Body><paf:${element}>`));
    const { name, value } = bodyChild(a.body);
    expect(name).toBe(element);
    expect(value.outcome).toBe('OK');
    return value;
  }

  function expectKo(a: { status: number; body: string }, status: number, element: string, fault: Fault): void {
    expect(a.status).toBe(status);
    const { name, value } = bodyChild(a.body);
    expect(name).toBe(element);
    expect(value.outcome).toBe('KO');
    expect(value.fault).toEqual(fault);
    // the order of ctFaultBean
    expect(a.body).toMatch(/<fault><faultCode>[^<]*<\/faultCode><faultString>[^<]*<\/faultString><id>77777777777<\/id>(<description>[^<]*<\/description>)?<\/fault>/);
  }

  describe.each(FAMILY_NUMBERS)('family %s', (nn) => {
    const notice = postmanNotice(nn);

    it('paVerifyPaymentNotice: OK with the family’s amount, due date, allCCP and names (official XSD)', async () => {
      const a = await verify(notice);
      const v = expectOk(a, 'paVerifyPaymentNoticeRes');
      const e = VERIFY[nn]!;
      expect(v).toEqual({
        outcome: 'OK',
        paymentList: { paymentOptionDescription: { amount: e.amount, options: 'EQ', dueDate: e.dueDate, detailDescription: 'pagamentoTest', allCCP: String(e.allCCP) } },
        paymentDescription: 'Pagamento di Test',
        fiscalCodePA: EC_TE,
        companyName: e.companyName ?? 'companyName',
        officeName: 'officeName',
      });
      await assertValidEcMessage(a.body);
    });

    it.each([false, true])('paGetPayment (V2: %s): OK with the amount, the transfers (count, P/B kinds, CCPost/CCBank texts) and the fixed debtor', async (v2) => {
      const a = v2 ? await getPaymentV2(notice) : await getPayment(notice);
      const data = expectOk(a, v2 ? 'paGetPaymentV2Response' : 'paGetPaymentRes').data as Record<string, any>;
      await assertValidEcMessage(a.body);
      const transfers = data.transferList.transfer as PaymentTransfer[];
      // postman check 4: count and kinds, stamp transfers skipped
      const kinds = transfers.filter((t) => t.IBAN !== undefined).map((t) => kindOf(t.IBAN!));
      if (v2 && nn === '27') {
        // the digital stamp: no IBAN; pagoPA's V2 answer of family 27
        expect(kinds.join('')).toBe('P');
        expect(transfers).toEqual([
          { idTransfer: '1', transferAmount: '100.00', fiscalCodePA: EC_TE, IBAN: P1, remittanceInformation: 'remittance information', transferCategory: '0101101IM' },
          {
            idTransfer: '2',
            transferAmount: '20.00',
            fiscalCodePA: EC_TE,
            richiestaMarcaDaBollo: { hashDocumento: 'QUJDRA==', tipoBollo: '01', provinciaResidenza: 'RM' },
            remittanceInformation: 'remittance information',
            transferCategory: '0101101IM',
          },
        ]);
        expect(data).toMatchObject({ paymentAmount: '120.00', dueDate: '2021-07-31+02:00', description: 'pagamentoTest', debtor: { streetName: 'stradina Via' } });
        return;
      }
      const e = PAYMENT[nn]!;
      expect(kinds.join('')).toBe(KINDS[nn]);
      expect(transfers.map((t) => [t.transferAmount, t.fiscalCodePA, t.IBAN, t.transferCategory, t.remittanceInformation])).toEqual(e.transfers);
      expect(transfers.map((t) => t.idTransfer)).toEqual(transfers.map((_, i) => String(i + 1)));
      // postman check 3: every IBAN non-empty (the first not IT00…), the text names the IBAN's kind
      expect(transfers[0]!.IBAN).not.toMatch(/^IT00/);
      for (const t of transfers) expect(t.remittanceInformation).toContain(kindOf(t.IBAN!) === 'P' ? 'CCPost' : 'CCBank');
      const cents = (s: string) => Math.round(Number(s) * 100);
      expect(transfers.reduce((sum, t) => sum + cents(t.transferAmount), 0)).toBe(cents(e.amount));
      expect(data).toEqual({
        creditorReferenceId: notice.slice(1),
        paymentAmount: e.amount,
        dueDate: e.dueDate,
        description: 'TARI/TEFA 2021',
        companyName: 'company PA',
        officeName: 'office PA',
        debtor: {
          uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RCCGLD63D14H501F' },
          fullName: 'Riccitelli Gesualdo',
          streetName: 'Stradina Via',
          civicNumber: '2',
          postalCode: '54321',
          city: 'borgo',
          stateProvinceRegion: 'provincia regione',
          country: 'IT',
          'e-mail': 'mail@mail.it',
        },
        transferList: { transfer: transfers },
      });
    });

    it.each([
      ['paSendRT', 'paSendRTReq', 'paSendRTRes'],
      ['paSendRTV2', 'paSendRTV2Request', 'paSendRTV2Response'],
    ])('%s: OK, even for postman’s XSD-invalid receipt, twice', async (action, element, response) => {
      for (let i = 0; i < 2; i++) {
        const a = await post(url, sendRtReq(notice, element), { SOAPAction: `${action}Req` });
        expect(expectOk(a, response)).toEqual({ outcome: 'OK' });
        await assertValidEcMessage(a.body);
      }
    });
  });

  it('family 23 has the 140-character companyName; family 26 is 3000.00 at verify and 3010.00 at activation', async () => {
    expect(LONG_NAME).toHaveLength(140);
    expect(bodyChild((await verify(postmanNotice('23'))).body).value.companyName).toBe(LONG_NAME);
    expect(bodyChild((await verify(postmanNotice('26'))).body).value.paymentList.paymentOptionDescription.amount).toBe('3000.00');
    expect(bodyChild((await getPayment(postmanNotice('26'))).body).value.data.paymentAmount).toBe('3010.00');
  });

  it('the family is digits 4–5 of any aux-3 notice, whatever its segregation code, length or EC', async () => {
    for (const notice of ['399040000000000001', '30004', '311041234']) {
      expect(bodyChild((await verify(notice)).body).value.paymentList.paymentOptionDescription.amount).toBe('100.00');
    }
    const other = await post(url, verifyReq('302040000000000001', '66666666666'));
    expect(bodyChild(other.body).value).toMatchObject({ outcome: 'OK', fiscalCodePA: EC_TE });
  });

  describe('edge cases (fault id 77777777777)', () => {
    const UNKNOWN_VERIFY: Fault = { faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', faultString: 'Payment unknown      ', id: EC_TE, description: 'Payment unknown      ' };
    const UNKNOWN_PAYMENT: Fault = {
      faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO',
      faultString: 'Pagamento in attesa risulta sconosciuto all’Ente Creditore',
      id: EC_TE,
      description: 'numero avviso deve iniziare con 3\\d\\d[00|01|02|03|04|05|06|07|08|09|10|11|12|13|14|15|16|99|98|97]',
    };
    const DUPLICATE: Fault = {
      faultCode: 'PAA_PAGAMENTO_DUPLICATO',
      faultString: 'Errore mockato - caso PAA_PAGAMENTO_DUPLICATO',
      id: EC_TE,
      description: 'Errore mockato - caso PAA_PAGAMENTO_DUPLICATO',
    };
    const expired = (notice: string): Fault => ({
      faultCode: 'PAA_PAGAMENTO_SCADUTO',
      faultString: 'Pagamento in attesa risulta scaduto all’Ente Creditore',
      id: EC_TE,
      description: `il numero avviso ${notice} e' scaduto`,
    });

    it('95 paid: 200 KO PAA_PAGAMENTO_DUPLICATO on verify and on paGetPayment V1 and V2', async () => {
      const n = postmanNotice('95');
      expectKo(await verify(n), 200, 'paVerifyPaymentNoticeRes', DUPLICATE);
      expectKo(await getPayment(n), 200, 'paGetPaymentRes', DUPLICATE);
      expectKo(await getPaymentV2(n), 200, 'paGetPaymentV2Response', DUPLICATE);
    });

    it('96 syntax: verify 200 KO PAA_SINTASSI_XSD; paGetPayment as an unknown notice', async () => {
      const n = postmanNotice('96');
      expectKo(await verify(n), 200, 'paVerifyPaymentNoticeRes', {
        faultCode: 'PAA_SINTASSI_XSD',
        faultString: 'messaggio xml non corretto',
        id: EC_TE,
        description: 'sintassi XSD errata',
      });
      expectKo(await getPayment(n), 200, 'paGetPaymentRes', UNKNOWN_PAYMENT);
      expectKo(await getPaymentV2(n), 200, 'paGetPaymentV2Response', UNKNOWN_PAYMENT);
    });

    it('97 unreachable: HTTP 404 with a KO (NOT_REACHEABLE on verify, PAA_SEMANTICA on paGetPayment)', async () => {
      const n = postmanNotice('97');
      const v = await verify(n);
      expectKo(v, 404, 'paVerifyPaymentNoticeRes', { faultCode: 'NOT_REACHEABLE', faultString: 'EC Station not reacheable', id: EC_TE, description: 'EC Station not reacheable' });
      expect(v.body).toContain('EC Station not reacheable');
      expectKo(await getPayment(n), 404, 'paGetPaymentRes', { faultCode: 'PAA_SEMANTICA', faultString: 'Errore1', id: EC_TE, description: 'ErroreDesc' });
      expectKo(await getPaymentV2(n), 404, 'paGetPaymentV2Response', { faultCode: 'PAA_SEMANTICA', faultString: 'Errore1', id: EC_TE, description: 'ErroreDesc' });
    });

    it('98 timeout: a slow OK after the configured delay (verify: 100.00 for the request’s EC; paGetPayment: John Doe’s 120.00)', async () => {
      const n = postmanNotice('98');
      const [v, p, p2] = await Promise.all([post(url, verifyReq(n, '66666666666')), getPayment(n), getPaymentV2(n)]);
      for (const a of [v, p, p2]) expect(a.ms).toBeGreaterThanOrEqual(DELAY_MS - 20);
      const verified = expectOk(v, 'paVerifyPaymentNoticeRes');
      expect(verified).toMatchObject({ paymentList: { paymentOptionDescription: { amount: '100.00', dueDate: '2021-07-31', allCCP: 'true' } }, fiscalCodePA: '66666666666' });
      for (const [a, element] of [
        [p, 'paGetPaymentRes'],
        [p2, 'paGetPaymentV2Response'],
      ] as const) {
        const data = expectOk(a, element).data;
        expect(data.paymentAmount).toBe('120.00');
        expect(data.debtor).toEqual({
          uniqueIdentifier: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'JHNDOE00A01F205N' },
          fullName: 'John Doe',
          streetName: 'street',
          civicNumber: '12',
          postalCode: '89020',
          city: 'city',
          stateProvinceRegion: 'MI',
          'e-mail': 'john.doe@test.it',
        });
        expect((data.transferList.transfer as PaymentTransfer[]).map((t) => [t.transferAmount, t.fiscalCodePA, t.IBAN, t.remittanceInformation, t.transferCategory])).toEqual([
          ['100.00', EC_TE, P1, 'TARI Comune EC_TE', '0101101IM'],
          ['20.00', MILANO, P2, 'TEFA Comune Milano', '0201102IM'],
        ]);
        await assertValidEcMessage(a.body);
      }
      await assertValidEcMessage(v.body);
    });

    it('99 expired: 200 KO PAA_PAGAMENTO_SCADUTO with the notice in the description (U+2019 in the string)', async () => {
      const n = postmanNotice('99');
      expectKo(await verify(n), 200, 'paVerifyPaymentNoticeRes', expired(n));
      expectKo(await getPayment(n), 200, 'paGetPaymentRes', expired(n));
      expectKo(await getPaymentV2(n), 200, 'paGetPaymentV2Response', expired(n));
    });

    it.each([
      ['30 (postman’s unknown)', postmanNotice('30')],
      ['77 (half-built in pagoPA’s mock)', postmanNotice('77')],
      ['88 (half-built in pagoPA’s mock)', postmanNotice('88')],
      ['aux digit 0', '002000000000000001'],
      ['too short for a family', '302'],
    ])('%s: verify 404 KO "Payment unknown"; paGetPayment 200 KO, V2 as V1', async (_what, n) => {
      const v = await verify(n);
      expectKo(v, 404, 'paVerifyPaymentNoticeRes', UNKNOWN_VERIFY);
      await assertValidEcMessage(v.body);
      for (const [a, element] of [
        [await getPayment(n), 'paGetPaymentRes'],
        [await getPaymentV2(n), 'paGetPaymentV2Response'],
      ] as const) {
        expectKo(a, 200, element, UNKNOWN_PAYMENT);
        await assertValidEcMessage(a.body);
      }
    });
  });

  describe('dispatch and wire', () => {
    it('SOAPAction is ignored (absent, wrong, another primitive’s), and so is Content-Type', async () => {
      for (const headers of [{}, { SOAPAction: 'nonsense' }, { SOAPAction: 'paSendRT' }, { 'Content-Type': 'application/octet-stream' }] as Record<string, string>[]) {
        const a = await post(url, verifyReq(postmanNotice('04')), headers);
        expect(bodyChild(a.body).name).toBe('paVerifyPaymentNoticeRes');
      }
    });

    it('any prefix bound to paForNode’s namespace, a default namespace, or pagoPA’s own prefixes even unbound', async () => {
      const inner = (p: string) => `<idPA>${EC_TE}</idPA><qrCode><fiscalCode>${EC_TE}</fiscalCode><noticeNumber>30204</noticeNumber></qrCode>`.replace(/^/, p);
      const cases = [
        envelope(`<x:paVerifyPaymentNoticeReq>${inner('')}</x:paVerifyPaymentNoticeReq>`, `xmlns:x="${PA_NS}"`),
        envelope(`<paVerifyPaymentNoticeReq xmlns="${PA_NS}">${inner('')}</paVerifyPaymentNoticeReq>`, ''),
        envelope(`<pafn:paVerifyPaymentNoticeReq>${inner('')}</pafn:paVerifyPaymentNoticeReq>`, ''),
        envelope(`<paf:PAVERIFYPAYMENTNOTICEREQ>${inner('')}</paf:PAVERIFYPAYMENTNOTICEREQ>`, 'xmlns:paf="urn:other"'),
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><pafn:paVerifyPaymentNoticeReq xmlns:pafn="${PA_NS}">${inner('')}</pafn:paVerifyPaymentNoticeReq></s:Body></s:Envelope>`,
      ];
      for (const xml of cases) expect(bodyChild((await post(url, xml)).body).value.paymentList.paymentOptionDescription.amount).toBe('100.00');
    });

    it('an element it does not answer: 404 "Not found"; unreadable XML or no SOAP envelope: 500', async () => {
      const cases: [string, number, RegExp][] = [
        [envelope(`<pafn:paVerifyPaymentNoticeRes><outcome>OK</outcome></pafn:paVerifyPaymentNoticeRes>`), 404, /^Not found$/],
        [envelope(`<other:paVerifyPaymentNoticeReq xmlns:other="urn:x"/>`), 404, /^Not found$/],
        [envelope(''), 404, /^Not found$/],
        ['<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>', 500, /^Internal Server Error :\( /],
        ['not xml at all', 500, /^Internal Server Error :\( /],
        ['<pafn:paVerifyPaymentNoticeReq/>', 500, /not a SOAP envelope/],
        ['<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', 500, /DOCTYPE/],
      ];
      for (const [xml, status, text] of cases) {
        const a = await post(url, xml);
        expect([a.status, a.contentType]).toEqual([status, EXPRESS_TEXT]);
        expect(a.body).toMatch(text);
      }
    });

    it('paDemandPaymentNotice: the fixed notice of EC 44444444444 (official XSD)', async () => {
      const a = await post(
        url,
        envelope(
          `<pafn:paDemandPaymentNoticeRequest><idPA>${EC_TE}</idPA><idBrokerPA>${EC_TE}</idBrokerPA><idStation>${EC_TE}_01</idStation><idServizio>00001</idServizio><idSoggettoServizio>00001</idSoggettoServizio><datiSpecificiServizioRequest>PHg+PC94Pg==</datiSpecificiServizioRequest></pafn:paDemandPaymentNoticeRequest>`,
        ),
      );
      const v = expectOk(a, 'paDemandPaymentNoticeResponse');
      expect(v).toMatchObject({
        qrCode: { fiscalCode: '44444444444', noticeNumber: '311018891531183500' },
        paymentList: { paymentOptionDescription: { amount: '10.00', options: 'EQ', dueDate: '2022-06-25', detailDescription: 'descrizione dettagliata lato PA', allCCP: 'false' } },
      });
      await assertValidEcMessage(a.body);
    });

    it.each([
      ['paaVerificaRPT', 'esito'],
      ['paaAttivaRPT', 'esito'],
      ['paaInviaRT', 'esito'],
      ['paaChiediNumeroAvviso', 'esito'],
    ])('the old primitive %s: a fixed OK in the ppt: namespace', async (primitive) => {
      const a = await post(
        url,
        envelope(`<ppt:${primitive}><identificativoDominio>${EC_TE}</identificativoDominio></ppt:${primitive}>`, 'xmlns:ppt="http://ws.pagamenti.telematici.gov/"'),
      );
      expect(a.status).toBe(200);
      expect(a.body).toContain(`<ppt:${primitive}Risposta><${primitive}Risposta><esito>OK</esito>`);
      expect(bodyChild(a.body).value[`${primitive}Risposta`].esito).toBe('OK');
    });

    it('pspNotifyPayment (pspForNode): acknowledged OK', async () => {
      const a = await post(
        url,
        envelope(
          '<pfn:pspNotifyPaymentReq><idPSP>AGID_01</idPSP><creditorReferenceId>02000000000000001</creditorReferenceId></pfn:pspNotifyPaymentReq>',
          'xmlns:pfn="http://pagopa-api.pagopa.gov.it/psp/pspForNode.xsd"',
        ),
      );
      expect(bodyChild(a.body)).toEqual({ name: 'pspNotifyPaymentRes', value: { outcome: 'OK' } });
    });
  });
});
