/**
 * The SOAP messages the bench sends, built as strings (the bench must cost the load generator as little
 * as possible), and the few checks it makes on the answers. Credentials are the demo registry's
 * (registry/demo.yaml); notice numbers are `30211` + 13 digits, the synthetic station's segregation
 * code 02, so the first verify/activate of a number invents a payable 10.00 notice.
 */

export const SOAP_PATH = '/node-for-psp/v1';

const PSP = { idPSP: '60000000001', idBrokerPSP: '60000000001', idChannel: '60000000001_01', password: 'pwdpwdpwd' };
const EC_FISCAL_CODE = '66666666666';
const NOTICE_PREFIX = '30211';
const AMOUNT = '10.00';

/**
 * Notice numbers never repeat, within a run or across runs on a reused database: the 13-digit tail is a
 * counter that starts at tenths of a millisecond since 2025-01-01 (13 digits until 2056), and never falls
 * behind the clock. A later run starts above every number an earlier one used unless the earlier one
 * drew more than 10 000 numbers per second, far above what a single emulator sustains.
 */
const EPOCH_2025 = Date.UTC(2025, 0, 1);
let seq = 0;
export function nextNoticeNumber(): string {
  const floor = (Date.now() - EPOCH_2025) * 10;
  seq = Math.max(seq + 1, floor);
  return NOTICE_PREFIX + String(seq).padStart(13, '0');
}

/** `60000000001_` + 10 alphanumerics; `kind` keeps activate and outcome keys apart (one letter). */
function idempotencyKey(kind: 'a' | 'o', noticeNumber: string): string {
  return `${PSP.idPSP}_${kind}${Number(noticeNumber.slice(5)).toString(36).padStart(9, '0')}`;
}

const ENVELOPE_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>' +
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:nod="http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd">' +
  '<soapenv:Header/><soapenv:Body>';
const ENVELOPE_TAIL = '</soapenv:Body></soapenv:Envelope>';
const CREDENTIALS = `<idPSP>${PSP.idPSP}</idPSP><idBrokerPSP>${PSP.idBrokerPSP}</idBrokerPSP>` + `<idChannel>${PSP.idChannel}</idChannel><password>${PSP.password}</password>`;

const qrCode = (noticeNumber: string) => `<qrCode><fiscalCode>${EC_FISCAL_CODE}</fiscalCode><noticeNumber>${noticeNumber}</noticeNumber></qrCode>`;

export function verifyBody(noticeNumber: string): string {
  return `${ENVELOPE_HEAD}<nod:verifyPaymentNoticeReq>${CREDENTIALS}${qrCode(noticeNumber)}</nod:verifyPaymentNoticeReq>${ENVELOPE_TAIL}`;
}

export function activateBody(noticeNumber: string, withIdempotency: boolean): string {
  const key = withIdempotency ? `<idempotencyKey>${idempotencyKey('a', noticeNumber)}</idempotencyKey>` : '';
  return (
    `${ENVELOPE_HEAD}<nod:activatePaymentNoticeReq>${CREDENTIALS}${key}${qrCode(noticeNumber)}` +
    `<expirationTime>600000</expirationTime><amount>${AMOUNT}</amount></nod:activatePaymentNoticeReq>${ENVELOPE_TAIL}`
  );
}

/** The golden sample's sendPaymentOutcome (test/samples/sendPaymentOutcome__ok), fee 1.00, dates of today. */
export function outcomeBody(paymentToken: string, noticeNumber: string, withIdempotency: boolean, today: string): string {
  const key = withIdempotency ? `<idempotencyKey>${idempotencyKey('o', noticeNumber)}</idempotencyKey>` : '';
  return (
    `${ENVELOPE_HEAD}<nod:sendPaymentOutcomeReq>${CREDENTIALS}${key}<paymentToken>${paymentToken}</paymentToken>` +
    '<outcome>OK</outcome><details><paymentMethod>creditCard</paymentMethod><paymentChannel>app</paymentChannel><fee>1.00</fee>' +
    '<payer><uniqueIdentifier><entityUniqueIdentifierType>F</entityUniqueIdentifierType>' +
    '<entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue></uniqueIdentifier>' +
    '<fullName>Mario Rossi</fullName><streetName>Via Roma</streetName><civicNumber>10</civicNumber><postalCode>00100</postalCode>' +
    '<city>Roma</city><stateProvinceRegion>RM</stateProvinceRegion><country>IT</country><e-mail>mario.rossi@example.com</e-mail></payer>' +
    `<applicationDate>${today}</applicationDate><transferDate>${today}</transferDate></details>` +
    `</nod:sendPaymentOutcomeReq>${ENVELOPE_TAIL}`
  );
}

export function soapHeaders(operation: string): Record<string, string> {
  return { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: operation };
}

export function isOutcomeOk(body: string): boolean {
  return body.includes('<outcome>OK</outcome>');
}

const TOKEN = /<paymentToken>([0-9a-fA-F]{32})<\/paymentToken>/;
export function paymentTokenOf(body: string): string | undefined {
  return TOKEN.exec(body)?.[1];
}

/** One line naming what went wrong, for the KO samples printed after a scenario. */
export function describeKo(status: number, body: string): string {
  const code = /<faultCode>([^<]*)<\/faultCode>/.exec(body)?.[1] ?? /<faultcode>([^<]*)<\/faultcode>/.exec(body)?.[1];
  const text =
    /<description>([^<]*)<\/description>/.exec(body)?.[1] ?? /<faultString>([^<]*)<\/faultString>/.exec(body)?.[1] ?? /<faultstring>([^<]*)<\/faultstring>/.exec(body)?.[1];
  if (code || text) return `HTTP ${status} ${code ?? ''}${text ? `: ${text}` : ''}`.trim();
  return `HTTP ${status} ${body.replace(/\s+/g, ' ').slice(0, 160)}`;
}
