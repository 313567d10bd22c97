/**
 * Issue 12 §2, SOAP findings of the hostile-input review, black box: each case is the exact request a
 * fuzzer sent and the exact answer the node must give, and every exchange must be in the journal with
 * its request as sent, the channel password masked.
 *
 * - Element names that are JavaScript property names (`constructor`, `__proto__`, …) used to crash the
 *   tree builder (HTTP 500, never journaled): they are ordinary unexpected elements, KO PPT_SINTASSI_EXTRAXSD.
 * - Processing instructions and comments are ignored wherever they appear, as the XSD ignores them
 *   (a PI used to end the walk over sibling elements: every element after it was lost).
 * - The channel password is masked in the journal even when the request is broken.
 * - Whitespace around decimals and an empty `<status/>` (fixed in the codec, see the report of H1).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { EC, PSP, activateXml, admin, credsXml, envelope, freshNotice, postSoap, verifyXml, type RawResponse } from '../helpers/soap';
import { createPosition, freshNav } from '../mockEc/helpers';

interface Item {
  id: number;
  operation: string | null;
  noticeNumber: string | null;
  fiscalCode: string | null;
  outcome: string;
  faultCode: string | null;
  httpStatus: number;
  links: { request: string; response: string };
}

const JS_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
];

describe('SOAP findings (issue 12 §2)', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The newest inbound journal row and the request it stored (the journal flushes on read). */
  async function lastJournaled(): Promise<{ row: Item; request: string }> {
    const page = await admin<{ items: Item[] }>(server.baseUrl, '/admin/journal?direction=in&limit=1');
    expect(page.status).toBe(200);
    const row = page.body.items[0];
    const request = await (await fetch(`${server.baseUrl}${row.links.request}`)).text();
    return { row, request };
  }

  /** Posts, then checks the exchange was journaled with this very request (password masked). */
  async function exchange(xml: string, action: string, storedAs = xml.replace('<password>pwdpwdpwd</password>', '<password>***</password>')): Promise<RawResponse & { row: Item }> {
    const r = await postSoap(server.soapUrl, xml, action);
    const { row, request } = await lastJournaled();
    expect(request).toBe(storedAs);
    expect(row.httpStatus).toBe(r.status);
    return { ...r, row };
  }

  const fault = (r: RawResponse) => [r.status, r.payload.outcome, r.payload.fault?.faultCode, r.payload.fault?.description];

  describe('JavaScript property names as element names', () => {
    it.each(JS_NAMES)('<%s> after qrCode: KO PPT_SINTASSI_EXTRAXSD, journaled', async (name) => {
      const n = freshNotice();
      const xml = envelope(verifyXml(n).replace('</qrCode>', `</qrCode><${name}>v</${name}>`));
      const r = await exchange(xml, 'verifyPaymentNotice');
      expect(fault(r)).toEqual([200, 'KO', 'PPT_SINTASSI_EXTRAXSD', `Element '${name}': This element is not expected.`]);
      expect([r.row.operation, r.row.faultCode, r.row.noticeNumber]).toEqual(['verifyPaymentNotice', 'PPT_SINTASSI_EXTRAXSD', n]);
    });

    it('in place of a required element, nested, or the operation element itself', async () => {
      const n = freshNotice();
      const first = await exchange(envelope(verifyXml(n).replace('<idPSP>', '<constructor>v</constructor><idPSP>')), 'verifyPaymentNotice');
      expect(fault(first)).toEqual([200, 'KO', 'PPT_SINTASSI_EXTRAXSD', "Element 'constructor': This element is not expected. Expected is ( idPSP )."]);
      const nested = await exchange(
        envelope(verifyXml(n).replace(/<noticeNumber>(\d+)<\/noticeNumber>/, '<__proto__><noticeNumber>$1</noticeNumber></__proto__>')),
        'verifyPaymentNotice',
      );
      expect(fault(nested)).toEqual([200, 'KO', 'PPT_SINTASSI_EXTRAXSD', "Element '__proto__': This element is not expected. Expected is ( noticeNumber )."]);
      const wrapper = await exchange(envelope(`<nod:toString>${credsXml()}</nod:toString>`), 'verifyPaymentNotice');
      expect(fault(wrapper)).toEqual([
        200,
        'KO',
        'PPT_SINTASSI_EXTRAXSD',
        "Element '{http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd}toString': expected {http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd}verifyPaymentNoticeReq for verifyPaymentNotice",
      ]);
    });

    it("the mock EC's fault override with a property name as faultCode answers that code as its text", async () => {
      const mock = `${server.baseUrl}/mock-ec/v1`;
      const queued = await fetch(`${mock}/response/paVerifyPaymentNotice`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: 'fault', faultCode: 'toString', id: EC }),
      });
      expect(queued.status).toBe(201);
      const xml = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"><soapenv:Body><pafn:paVerifyPaymentNoticeReq><idPA>${EC}</idPA><idBrokerPA>${EC}</idBrokerPA><idStation>${EC}_03</idStation><qrCode><fiscalCode>${EC}</fiscalCode><noticeNumber>${freshNav()}</noticeNumber></qrCode></pafn:paVerifyPaymentNoticeReq></soapenv:Body></soapenv:Envelope>`;
      const res = await fetch(mock, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: 'paVerifyPaymentNotice' }, body: xml });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`<fault><faultCode>toString</faultCode><faultString>toString</faultString><id>${EC}</id></fault>`);
    });

    it('a valid request whose values are property names is answered as any other', async () => {
      const xml = envelope(verifyXml(freshNotice()).replace('<password>pwdpwdpwd</password>', '<password>constructor</password>'));
      const r = await exchange(xml, 'verifyPaymentNotice', xml.replace('<password>constructor</password>', '<password>***</password>'));
      expect(r.payload.fault?.faultCode).toBe('PPT_AUTENTICAZIONE');
    });
  });

  describe('processing instructions and comments are ignored wherever they are', () => {
    it('a PI between amount and paymentNote: paymentNote is kept', async () => {
      const n = freshNotice();
      const xml = envelope(activateXml(n).replace('</amount>', '</amount><?x?><paymentNote>NOTE</paymentNote>'));
      const r = await exchange(xml, 'activatePaymentNotice');
      expect([r.status, r.payload.outcome, r.payload.totalAmount]).toEqual([200, 'OK', '10.00']);
      const token = await admin<{ payment_note?: string; paymentNote?: string }>(server.baseUrl, `/admin/tokens/${r.payload.paymentToken as string}`);
      expect(token.body.payment_note ?? token.body.paymentNote).toBe('NOTE');
    });

    it.each([
      ['a PI before a required element', '<?x?><amount>10.00</amount>'],
      ['a comment before a required element', '<!-- amount follows --><amount>10.00</amount>'],
      ['a PI and a comment inside the value', '<amount>1<?x y?>0.<!--c-->00</amount>'],
    ])('%s: OK, amount 10.00', async (_name, amount) => {
      const r = await exchange(envelope(activateXml(freshNotice()).replace('<amount>10.00</amount>', amount)), 'activatePaymentNotice');
      expect([r.status, r.payload.outcome, r.payload.totalAmount]).toEqual([200, 'OK', '10.00']);
    });

    it('PIs and comments in qrCode, in its values, before the operation element and in the envelope', async () => {
      const n = freshNotice();
      const body = `<nod:verifyPaymentNoticeReq><!--c-->${credsXml()}<?a?><qrCode><?b?><fiscalCode>666<?pi?>666<!--c-->66666</fiscalCode><!--c--><noticeNumber>${n.slice(0, 9)}<?x?>${n.slice(9)}</noticeNumber><?c?></qrCode><?d?></nod:verifyPaymentNoticeReq>`;
      const xml = `<?xml version="1.0"?><?top?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd"><?e?><soapenv:Header/><!--h--><soapenv:Body><?f?>${body}<!--g--></soapenv:Body><?h?></soapenv:Envelope>`;
      const r = await exchange(xml, 'verifyPaymentNotice');
      expect([r.status, r.payload.outcome, r.payload.fiscalCodePA]).toEqual([200, 'OK', EC]);
      expect([r.row.fiscalCode, r.row.noticeNumber]).toEqual([EC, n]);
    });

    it('an EC answer with PIs and comments between its elements is read whole (mock EC raw answer)', async () => {
      const nav = (await createPosition(server.baseUrl, freshNav())).nav;
      const plain = await exchange(envelope(verifyXml(nav)), 'verifyPaymentNotice');
      expect(plain.payload.outcome).toBe('OK');
      const history = (await (await fetch(`${server.baseUrl}/mock-ec/v1/history/${nav}/paVerifyPaymentNotice`)).json()) as { response: string }[];
      const answer = history[0].response.replace('<paymentList>', '<?x?><!--c--><paymentList>').replace('<fiscalCodePA>', '<?y?><fiscalCodePA>');
      expect(answer).toContain('<?x?>');
      const queued = await fetch(`${server.baseUrl}/mock-ec/v1/response/paVerifyPaymentNotice`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: 'raw', body: answer, noticeNumber: nav }),
      });
      expect(queued.status).toBe(201);
      const again = await exchange(envelope(verifyXml(nav)), 'verifyPaymentNotice');
      expect(again.body).toBe(plain.body);
    });
  });

  describe('the channel password is masked in the journal even in a broken request', () => {
    const n = '302119999999999901';
    const ok = envelope(verifyXml(n));
    it.each([
      ['end tag misspelt', ok.replace('</password>', '</pasword>'), '<password>***</pasword>', 400, 'soap:Client'],
      ['start and end tag misspelt', ok.replace('<password>pwdpwdpwd</password>', '<passwd>pwdpwdpwd</passwd>'), '<passwd>***</passwd>', 200, 'PPT_SINTASSI_EXTRAXSD'],
      ['start tag misspelt', ok.replace('<password>', '<pssword>'), '<pssword>***</password>', 400, 'soap:Client'],
      ['capitals', ok.replace('<password>pwdpwdpwd</password>', '<PASSWORD>pwdpwdpwd</PASSWORD>'), '<PASSWORD>***</PASSWORD>', 200, 'PPT_SINTASSI_EXTRAXSD'],
      ['never closed (truncated)', ok.slice(0, ok.indexOf('pwdpwdpwd') + 6), '<password>***', 400, 'soap:Client'],
      ['as CDATA with a comment', ok.replace('pwdpwdpwd', '<![CDATA[pwd]]><!--x-->pwd<![CDATA[pwd]]>'), '<password>***</password>', 200, null],
      ['with attributes', ok.replace('<password>', '<password xml:lang="it" a=\'1\'>'), '<password xml:lang="it" a=\'1\'>***</password>', 200, 'PPT_SINTASSI_EXTRAXSD'],
      ['prefixed', ok.replace('<password>pwdpwdpwd</password>', '<nod:password>pwdpwdpwd</nod:password>'), '<nod:password>***</nod:password>', 200, 'PPT_SINTASSI_EXTRAXSD'],
    ])('%s', async (_name, xml, masked, status, faultCode) => {
      const r = await postSoap(server.soapUrl, xml, 'verifyPaymentNotice');
      expect(r.status).toBe(status);
      const { row, request } = await lastJournaled();
      expect([row.httpStatus, row.faultCode]).toEqual([status, faultCode]);
      expect(request).not.toContain('pwd');
      expect(request).toContain(masked);
    });
  });

  describe('whitespace facets and defaults (the codec; may fail until the codec rework is merged)', () => {
    it.each([
      ['a leading blank', '<amount> 10.00</amount>'],
      ['a trailing newline', '<amount>10.00\n</amount>'],
      ['CR LF and tabs around', '<amount>\r\n\t10.00\t\r\n</amount>'],
    ])('amount with %s is 10.00', async (_name, amount) => {
      const r = await exchange(envelope(activateXml(freshNotice()).replace('<amount>10.00</amount>', amount)), 'activatePaymentNotice');
      expect([r.status, r.payload.outcome, r.payload.totalAmount]).toEqual([200, 'OK', '10.00']);
    });

    it('the fee of sendPaymentOutcome with CR LF around is 1.50', async () => {
      const a = await postSoap(server.soapUrl, envelope(activateXml(freshNotice())), 'activatePaymentNotice');
      const xml = envelope(
        `<nod:sendPaymentOutcomeReq>${credsXml()}<paymentToken>${a.payload.paymentToken as string}</paymentToken><outcome>OK</outcome><details><paymentMethod>creditCard</paymentMethod><paymentChannel>app</paymentChannel><fee>\r\n1.50</fee><payer><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier><fullName>Mario Rossi</fullName></payer><applicationDate>2026-11-22</applicationDate><transferDate>2026-11-23</transferDate></details></nod:sendPaymentOutcomeReq>`,
      );
      const r = await exchange(xml, 'sendPaymentOutcome');
      expect([r.status, r.payload.outcome, r.payload.fault?.faultCode]).toEqual([200, 'OK', undefined]);
    });

    // XSD: an empty element with a default takes the default (status UNPAID, limit 50, page 0)
    it.each([
      ['<status/>', '<status>UNPAID</status>'],
      ['<limit/>', '<limit>50</limit>'],
      ['<limit></limit><page/>', '<limit>50</limit><page>0</page>'],
    ])('paGetPaymentsByDebtor with %s answers as with %s', async (empty, explicit) => {
      const debtor = `<debtor><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></debtor>`;
      const ask = (extra: string) =>
        postSoap(server.soapUrl, envelope(`<nod:paGetPaymentsByDebtorRequest>${credsXml(PSP)}${debtor}${extra}</nod:paGetPaymentsByDebtorRequest>`), 'paGetPaymentsByDebtor');
      const withDefault = await ask(explicit);
      expect([withDefault.status, withDefault.payload.outcome]).toEqual([200, 'OK']);
      const withEmpty = await ask(empty);
      expect(withEmpty.body).toBe(withDefault.body);
    });
  });
});
