/**
 * Each XSD type's whiteSpace facet (XSD Part 2 §4.3.6), black box on SQLite (issue 12 §2):
 *  - xs:decimal (stAmount), xs:int/integer and xs:boolean collapse: `<amount> 10.00</amount>`,
 *    `<amount>10.00\n</amount>`, `<fee>\r\n1.00</fee>` are schema-valid and mean 10.00 / 1.00;
 *  - xs:string and its restrictions (patterns, enumerations such as stOutcome) preserve: a blank is part
 *    of the value, which the XSD gate then refuses (PPT_SINTASSI_EXTRAXSD);
 *  - an optional element with an XSD default, present and empty (`<status/>`, `<limit/>`, `<page/>` of
 *    paGetPaymentsByDebtor), has its default value (XSD Part 1 §3.3.1); one without a default
 *    (`<dueDateFrom/>`, xs:date) is invalid.
 * (libxml2, our XSD gate, does not collapse blanks around an xs:date of a derived type such as stISODate:
 * such a date is refused there, where Xerces would accept it.) Every answer is XSD-checked by postSoap.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer, tempDir, type RunningServer } from '../helpers/server';
import { EC, admin, credsXml, envelope, freshNotice, postSoap } from '../helpers/soap';

const qr = (n: string) => `<qrCode><fiscalCode>${EC}</fiscalCode><noticeNumber>${n}</noticeNumber></qrCode>`;
const activate = (n: string, amount: string, extra = '') =>
  envelope(`<nod:activatePaymentNoticeReq>${credsXml()}${qr(n)}${extra}<amount>${amount}</amount></nod:activatePaymentNoticeReq>`);
const outcome = (token: string, fee: string, outcomeText = 'OK') =>
  envelope(
    `<nod:sendPaymentOutcomeReq>${credsXml()}<paymentToken>${token}</paymentToken><outcome>${outcomeText}</outcome>` +
      `<details><paymentMethod>creditCard</paymentMethod><fee>${fee}</fee><applicationDate>2026-11-22</applicationDate><transferDate>2026-11-23</transferDate></details></nod:sendPaymentOutcomeReq>`,
  );
const byDebtor = (extra: string) =>
  envelope(
    `<nod:paGetPaymentsByDebtorRequest>${credsXml()}<debtor><entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></debtor>${extra}</nod:paGetPaymentsByDebtorRequest>`,
  );

describe('whitespace facets and empty elements', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ db: `sqlite:${tempDir()}/nodo.sqlite` });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['a leading blank', ' 10.00'],
    ['a trailing newline', '10.00\n'],
    ['CR LF before, tab after', '\r\n10.00\t'],
  ])('activates with %s around the amount (xs:decimal collapses)', async (_what, amount) => {
    const r = await postSoap(server.soapUrl, activate(freshNotice(), amount), 'activatePaymentNotice');
    expect(r.status).toBe(200);
    expect(r.payload.fault).toBeUndefined();
    expect(r.payload.outcome).toBe('OK');
    expect(r.payload.totalAmount).toBe('10.00');
  });

  it('reads a blank-padded expirationTime (xs:integer) and closes the payment with `<fee>\\r\\n1.00</fee>`', async () => {
    const a = await postSoap(server.soapUrl, activate(freshNotice(), '10.00', '<expirationTime> 60000 </expirationTime>'), 'activatePaymentNotice');
    expect(a.payload.outcome).toBe('OK');
    const token = a.payload.paymentToken as string;
    const o = await postSoap(server.soapUrl, outcome(token, '\r\n1.00'), 'sendPaymentOutcome');
    expect(o.payload.fault).toBeUndefined();
    expect(o.payload.outcome).toBe('OK');
    const journal = await admin<{ items: { operation: string; outcome: string; token: string }[] }>(server.baseUrl, `/admin/journal?token=${token}`);
    expect(journal.body.items.map((i) => [i.operation, i.outcome]).sort()).toEqual([
      ['activatePaymentNotice', 'OK'],
      ['sendPaymentOutcome', 'OK'],
    ]);
  });

  it('refuses a blank inside an xs:string enumeration (stOutcome preserves whitespace): PPT_SINTASSI_EXTRAXSD', async () => {
    const a = await postSoap(server.soapUrl, activate(freshNotice(), '10.00'), 'activatePaymentNotice');
    const o = await postSoap(server.soapUrl, outcome(a.payload.paymentToken as string, '1.00', ' OK'), 'sendPaymentOutcome');
    expect(o.status).toBe(200);
    expect(o.payload.outcome).toBe('KO');
    expect(o.payload.fault?.faultCode).toBe('PPT_SINTASSI_EXTRAXSD');
    expect(o.payload.fault?.description).toContain('outcome');
  });

  it('still refuses an amount with an inner blank or a missing decimal (the collapse is only at the edges)', async () => {
    for (const amount of ['10 .00', ' 10 ']) {
      const r = await postSoap(server.soapUrl, activate(freshNotice(), amount), 'activatePaymentNotice');
      expect(r.payload.outcome).toBe('KO');
      expect(r.payload.fault?.faultCode).toBe('PPT_SINTASSI_EXTRAXSD');
    }
  });

  it('takes the XSD defaults for an empty <status/>, <limit/> and <page/> of paGetPaymentsByDebtor', async () => {
    const plain = await postSoap(server.soapUrl, byDebtor(''), 'paGetPaymentsByDebtor');
    expect(plain.payload.outcome).toBe('OK');
    const empty = await postSoap(server.soapUrl, byDebtor('<status/><limit/><page/>'), 'paGetPaymentsByDebtor');
    expect(empty.status).toBe(200);
    expect(empty.payload.fault).toBeUndefined();
    expect(empty.payload.outcome).toBe('OK');
    expect(empty.payload.pageInfo).toEqual({
      page: '0',
      limit: '50',
      itemsFound: (plain.payload.pageInfo as { itemsFound: string }).itemsFound,
      totalPages: (plain.payload.pageInfo as { totalPages: string }).totalPages,
    });
    expect(empty.payload.positionList).toEqual(plain.payload.positionList);
    const status = await postSoap(server.soapUrl, byDebtor('<status></status>'), 'paGetPaymentsByDebtor');
    expect(status.payload.outcome).toBe('OK');
  });

  it('reads a blank-padded limit and page (xs:int collapses)', async () => {
    const r = await postSoap(server.soapUrl, byDebtor('<limit> 3\n</limit><page>\t0 </page>'), 'paGetPaymentsByDebtor');
    expect(r.payload.outcome).toBe('OK');
    expect((r.payload.pageInfo as { limit: string }).limit).toBe('3');
  });

  it('refuses an empty <dueDateFrom/> (xs:date, no default) and a blank status at the XSD gate', async () => {
    for (const [extra, element] of [
      ['<dueDateFrom/>', 'dueDateFrom'],
      ['<status> ALL</status>', 'status'],
    ] as const) {
      const r = await postSoap(server.soapUrl, byDebtor(extra), 'paGetPaymentsByDebtor');
      expect(r.status).toBe(200);
      expect(r.payload.outcome).toBe('KO');
      expect(r.payload.fault?.faultCode).toBe('PPT_SINTASSI_EXTRAXSD');
      expect(r.payload.fault?.description).toContain(element);
    }
  });
});
