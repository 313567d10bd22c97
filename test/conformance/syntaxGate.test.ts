/**
 * The syntax gate, black box (spec §1, §6.2, §6.4), on SQLite: what the emulator answers to requests
 * that are not what the XSD, SOAP 1.1 or HTTP allow.
 *
 *  - Once the operation is known (SOAPAction, else the Body's first element), every XSD violation is the
 *    primitive's own response, HTTP 200, outcome KO, PPT_SINTASSI_EXTRAXSD, and a description that names
 *    the element and the facet (libxml2's own words). So are envelope defects: wrong envelope namespace,
 *    missing or empty Body, a Body child that is not the operation's request element.
 *  - A real SOAP Fault only when no operation can be identified: unreadable XML (soap:Client, HTTP 400),
 *    neither SOAPAction nor Body element (soap:Client, HTTP 400), an unknown operation
 *    (PPT_SOAPACTION_ERRATA, HTTP 400). DTDs are refused before parsing (no XXE, no entity expansion);
 *    bodies over --max-body-bytes are refused with 413.
 *  - ?wsdl: addressed to this very server, every schema reachable from it.
 *
 * Every SOAP answer goes through postSoap, which validates the Body child against the official XSD.
 */
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FAULT_STRINGS } from '../../src/nodo/faults';
import { NODE_ID } from '../helpers/conformance';
import { runCli, startServer, tempDir, type RunningServer } from '../helpers/server';
import { DETAILS, EC, NS, PSP, PSP_V2, credsXml, envelope, freshNotice, postSoap, verifyXml, type RawResponse } from '../helpers/soap';
import { assertValidResponse } from '../helpers/xsd';

const XML_TYPE = 'text/xml; charset=UTF-8';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const ONE_MIB = 1024 * 1024;
const UNKNOWN_TOKEN = '0123456789abcdef0123456789abcdef';

type Op = 'verifyPaymentNotice' | 'activatePaymentNotice' | 'activatePaymentNoticeV2' | 'sendPaymentOutcome' | 'sendPaymentOutcomeV2';
const OPS: Op[] = ['verifyPaymentNotice', 'activatePaymentNotice', 'activatePaymentNoticeV2', 'sendPaymentOutcome', 'sendPaymentOutcomeV2'];
const WRAPPERS: Record<Op, { request: string; response: string }> = {
  verifyPaymentNotice: { request: 'verifyPaymentNoticeReq', response: 'verifyPaymentNoticeRes' },
  activatePaymentNotice: { request: 'activatePaymentNoticeReq', response: 'activatePaymentNoticeRes' },
  activatePaymentNoticeV2: { request: 'activatePaymentNoticeV2Request', response: 'activatePaymentNoticeV2Response' },
  sendPaymentOutcome: { request: 'sendPaymentOutcomeReq', response: 'sendPaymentOutcomeRes' },
  sendPaymentOutcomeV2: { request: 'sendPaymentOutcomeV2Request', response: 'sendPaymentOutcomeV2Response' },
};

// ---- request bodies as ordered children, so that a case can change, drop, move or add one ----------
/** [element, inner XML] in XSD sequence order. */
type Fields = [string, string][];

const el = (name: string, inner: string) => `<${name}>${inner}</${name}>`;
const qr = (fiscalCode = EC, noticeNumber = freshNotice()) => el('fiscalCode', fiscalCode) + el('noticeNumber', noticeNumber);
/** ctOutcomeDetailsV2's sequence; V1's is the same without the V2-only elements. */
const DETAILS_ORDER = ['paymentMethod', 'paymentChannel', 'fee', 'primaryCiIncurredFee', 'idBundle', 'idCiBundle', 'payer', 'applicationDate', 'transferDate'];
const detailsXml = (over: Record<string, string> = {}) => {
  const d: Record<string, string> = {
    paymentMethod: DETAILS.paymentMethod,
    paymentChannel: DETAILS.paymentChannel,
    fee: DETAILS.fee,
    payer: el('uniqueIdentifier', el('entityUniqueIdentifierType', 'F') + el('entityUniqueIdentifierValue', 'RSSMRA80A01H501U')) + el('fullName', 'Mario Rossi'),
    applicationDate: DETAILS.applicationDate,
    transferDate: DETAILS.transferDate,
    ...over,
  };
  return DETAILS_ORDER.filter((k) => k in d)
    .map((k) => el(k, d[k]))
    .join('');
};
const credentials = (c = PSP): Fields => [
  ['idPSP', c.idPSP],
  ['idBrokerPSP', c.idBrokerPSP],
  ['idChannel', c.idChannel],
  ['password', c.password],
];

/** A complete, XSD-valid request of each operation, optional elements included. */
const BASE: Record<Op, () => Fields> = {
  verifyPaymentNotice: () => [...credentials(), ['qrCode', qr()]],
  activatePaymentNotice: () => [
    ...credentials(),
    ['idempotencyKey', '60000000001_Aa0Bb1Cc2D'],
    ['qrCode', qr()],
    ['expirationTime', '60000'],
    ['amount', '10.00'],
    ['dueDate', '2026-12-31'],
    ['paymentNote', 'nota'],
  ],
  activatePaymentNoticeV2: () => [
    ...credentials(PSP_V2),
    ['idempotencyKey', '60000000001_Aa0Bb1Cc2D'],
    ['qrCode', qr()],
    ['expirationTime', '60000'],
    ['amount', '10.00'],
    ['dueDate', '2026-12-31'],
    ['paymentNote', 'nota'],
    ['paymentMethod', 'CP'],
    ['touchPoint', 'CHECKOUT'],
  ],
  sendPaymentOutcome: () => [...credentials(), ['idempotencyKey', '60000000001_Aa0Bb1Cc2D'], ['paymentToken', UNKNOWN_TOKEN], ['outcome', 'OK'], ['details', detailsXml()]],
  sendPaymentOutcomeV2: () => [
    ...credentials(PSP_V2),
    ['idempotencyKey', '60000000001_Aa0Bb1Cc2D'],
    ['paymentTokens', el('paymentToken', UNKNOWN_TOKEN)],
    ['outcome', 'OK'],
    ['details', detailsXml({ primaryCiIncurredFee: '0.50', idBundle: 'bundle-1' })],
  ],
};

type Mutation = (f: Fields) => Fields;
const set =
  (name: string, inner: string): Mutation =>
  (f) => {
    if (!f.some(([n]) => n === name)) throw new Error(`no ${name} in the base request`);
    return f.map(([n, v]) => [n, n === name ? inner : v]);
  };
const drop =
  (name: string): Mutation =>
  (f) =>
    f.filter(([n]) => n !== name);
const swap =
  (a: string, b: string): Mutation =>
  (f) => {
    const i = f.findIndex(([n]) => n === a);
    const j = f.findIndex(([n]) => n === b);
    const out = [...f];
    [out[i], out[j]] = [out[j], out[i]];
    return out;
  };
const append =
  (name: string, inner: string): Mutation =>
  (f) => [...f, [name, inner]];
const none: Mutation = (f) => f;
const all =
  (...ms: Mutation[]): Mutation =>
  (f) =>
    ms.reduce((acc, m) => m(acc), f);

function requestXml(op: Op, mutate: Mutation): string {
  const w = WRAPPERS[op].request;
  return envelope(
    `<nod:${w}>${mutate(BASE[op]())
      .map(([n, v]) => el(n, v))
      .join('')}</nod:${w}>`,
  );
}

// ---- expectations -------------------------------------------------------------------------------------
function expectXmlAnswer(r: RawResponse, status: number): void {
  expect({ status: r.status, contentType: r.contentType }).toEqual({ status, contentType: XML_TYPE });
}

/** The primitive's own response, HTTP 200: outcome KO and the PPT_SINTASSI_EXTRAXSD fault, no payload. */
function expectSyntaxKo(r: RawResponse, op: Op, description: string): void {
  expectXmlAnswer(r, 200);
  expect({ isFault: r.isFault, element: r.element }).toEqual({ isFault: false, element: WRAPPERS[op].response });
  expect(r.payload).toEqual({
    outcome: 'KO',
    fault: { faultCode: 'PPT_SINTASSI_EXTRAXSD', faultString: FAULT_STRINGS.PPT_SINTASSI_EXTRAXSD, id: NODE_ID, description },
  });
}

/** spec §6.4: the only SOAP Fault shape, `<detail>` omitted when there is nothing to add. */
function expectSoapFault(r: RawResponse, status: number, faultcode: string, faultstring: string, detail?: string): void {
  expectXmlAnswer(r, status);
  expect(r.isFault).toBe(true);
  expect(r.soapFault).toEqual({ faultcode, faultstring, ...(detail !== undefined ? { detail } : {}) });
}

// ---- the XSD table ------------------------------------------------------------------------------------
const maxLength = (element: string, length: number, max: number) =>
  `Element '${element}': [facet 'maxLength'] The value has a length of '${length}'; this exceeds the allowed maximum length of '${max}'.`;
const minLength = (element: string, length: number, min: number) =>
  `Element '${element}': [facet 'minLength'] The value has a length of '${length}'; this underruns the allowed minimum length of '${min}'.`;
const pattern = (element: string, value: string, p: string) => `Element '${element}': [facet 'pattern'] The value '${value}' is not accepted by the pattern '${p}'.`;
const enumeration = (element: string, value: string, set: string[]) =>
  `Element '${element}': [facet 'enumeration'] The value '${value}' is not an element of the set {${set.map((s) => `'${s}'`).join(', ')}}.`;
const maxInclusive = (element: string, value: string, max: string) =>
  `Element '${element}': [facet 'maxInclusive'] The value '${value}' is greater than the maximum value allowed ('${max}').`;
const notExpected = (element: string, expected?: string[]) =>
  `Element '${element}': This element is not expected.${expected ? ` Expected is ${expected.length > 1 ? 'one of ' : ''}( ${expected.join(', ')} ).` : ''}`;
const missing = (element: string, expected: string[]) =>
  `Element '${element}': Missing child element(s). Expected is ${expected.length > 1 ? 'one of ' : ''}( ${expected.join(', ')} ).`;
const notAtomic = (element: string, value: string, type: string) => `Element '${element}': '${value}' is not a valid value of the atomic type '${type}'.`;
const wrapper = (op: Op) => `{${NS}}${WRAPPERS[op].request}`;

const AMOUNT = '\\d+\\.\\d{2}';
const IDEMPOTENCY_KEY = '[a-zA-Z0-9]{2,18}_[a-zA-Z0-9]{10}';
const OUTCOMES = ['OK', 'KO'];
const PAYMENT_METHODS = ['cash', 'creditCard', 'bancomat', 'other'];
const PAYMENT_METHODS_FEE = ['BBT', 'BP', 'AD', 'CP', 'PO', 'OBEP', 'JIF', 'MYBK', 'PPAL'];
const TOUCH_POINTS = ['IO', 'WISP', 'CHECKOUT', 'PSP', 'ATM', 'BETTING', 'TS', 'HB', 'POS'];
const ST_ISO_DATE = '{http://pagopa-api.pagopa.gov.it/xsd/common-types/v1.0.0/}stISODate';
const ST_AMOUNT = '{http://pagopa-api.pagopa.gov.it/xsd/common-types/v1.0.0/}stAmount';
const ST_EXPIRATION_TIME = `{${NS}}stExpirationTime`;

/** Cases every primitive shares: the credentials, the idempotency key, unexpected and misplaced elements. */
const COMMON = (op: Op): [Op, string, Mutation, string][] => [
  [op, 'idPSP of 36 characters (maxLength 35)', set('idPSP', 'P'.repeat(36)), maxLength('idPSP', 36, 35)],
  [op, 'empty idPSP (minLength 1)', set('idPSP', ''), minLength('idPSP', 0, 1)],
  [op, 'idBrokerPSP of 40 characters (maxLength 35)', set('idBrokerPSP', 'B'.repeat(40)), maxLength('idBrokerPSP', 40, 35)],
  [op, 'idChannel of 36 characters (maxLength 35)', set('idChannel', 'C'.repeat(36)), maxLength('idChannel', 36, 35)],
  [op, 'password of 7 characters (minLength 8)', set('password', 'pwdpwdp'), minLength('password', 7, 8)],
  [op, 'password of 16 characters (maxLength 15)', set('password', 'pwdpwdpwdpwdpwdp'), maxLength('password', 16, 15)],
  [op, 'missing idBrokerPSP (required)', drop('idBrokerPSP'), notExpected('idChannel', ['idBrokerPSP'])],
  [op, 'missing password (required)', drop('password'), notExpected(op === 'verifyPaymentNotice' ? 'qrCode' : 'idempotencyKey', ['password'])],
  [op, 'idBrokerPSP before idPSP (order)', swap('idPSP', 'idBrokerPSP'), notExpected('idBrokerPSP', ['idPSP'])],
  [op, 'an element the XSD does not declare, at the end', append('foo', 'bar'), notExpected('foo')],
  [op, 'a qualified child (children are unqualified)', (f) => [[`nod:idPSP`, f[0][1]], ...f.slice(1)], notExpected(`{${NS}}idPSP`, ['idPSP'])],
  ...(op === 'verifyPaymentNotice'
    ? []
    : ([
        [
          op,
          'idempotencyKey without the underscore (pattern)',
          set('idempotencyKey', '60000000001Aa0Bb1Cc2D'),
          pattern('idempotencyKey', '60000000001Aa0Bb1Cc2D', IDEMPOTENCY_KEY),
        ],
        [
          op,
          'idempotencyKey with an 11-character suffix (pattern)',
          set('idempotencyKey', '60000000001_Aa0Bb1Cc2Dx'),
          pattern('idempotencyKey', '60000000001_Aa0Bb1Cc2Dx', IDEMPOTENCY_KEY),
        ],
      ] as [Op, string, Mutation, string][])),
];

/** qrCode, amount and expirationTime: verify and both activations. */
const NOTICE_CASES = (op: 'verifyPaymentNotice' | 'activatePaymentNotice' | 'activatePaymentNoticeV2'): [Op, string, Mutation, string][] => [
  [op, 'noticeNumber of 17 digits (pattern [0-9]{18})', set('qrCode', qr(EC, '30211000000000001')), pattern('noticeNumber', '30211000000000001', '[0-9]{18}')],
  [op, 'noticeNumber of 19 digits (pattern [0-9]{18})', set('qrCode', qr(EC, '3021100000000000012')), pattern('noticeNumber', '3021100000000000012', '[0-9]{18}')],
  [op, 'noticeNumber with a letter (pattern [0-9]{18})', set('qrCode', qr(EC, '30211000000000000A')), pattern('noticeNumber', '30211000000000000A', '[0-9]{18}')],
  [
    op,
    'fiscalCode of 10 digits (length 11)',
    set('qrCode', qr('6666666666')),
    "Element 'fiscalCode': [facet 'length'] The value has a length of '10'; this differs from the allowed length of '11'.",
  ],
  [op, 'fiscalCode with a letter (pattern [0-9]{11})', set('qrCode', qr('6666666666A')), pattern('fiscalCode', '6666666666A', '[0-9]{11}')],
  [op, 'qrCode without noticeNumber', set('qrCode', el('fiscalCode', EC)), missing('qrCode', ['noticeNumber'])],
  [op, 'qrCode children swapped (order)', set('qrCode', el('noticeNumber', freshNotice()) + el('fiscalCode', EC)), notExpected('noticeNumber', ['fiscalCode'])],
  [op, 'missing qrCode (required)', drop('qrCode'), op === 'verifyPaymentNotice' ? missing(wrapper(op), ['qrCode']) : notExpected('expirationTime', ['qrCode'])],
];

const ACTIVATE_CASES = (op: 'activatePaymentNotice' | 'activatePaymentNoticeV2'): [Op, string, Mutation, string][] => [
  [op, 'amount with one decimal (pattern)', set('amount', '10.1'), pattern('amount', '10.1', AMOUNT)],
  [op, 'amount with three decimals (pattern; the XSD has no fractionDigits)', set('amount', '10.001'), pattern('amount', '10.001', AMOUNT)],
  [op, 'amount with a decimal comma (not a decimal)', set('amount', '10,00'), notAtomic('amount', '10,00', ST_AMOUNT)],
  [op, 'negative amount (pattern; the XSD has no minInclusive)', set('amount', '-1.00'), pattern('amount', '-1.00', AMOUNT)],
  [op, 'amount 1000000000.00 (maxInclusive 999999999.99)', set('amount', '1000000000.00'), maxInclusive('amount', '1000000000.00', '999999999.99')],
  [
    op,
    'amount of 30 integer digits (maxInclusive; the XSD has no totalDigits)',
    set('amount', `${'9'.repeat(30)}.00`),
    maxInclusive('amount', `${'9'.repeat(30)}.00`, '999999999.99'),
  ],
  [op, 'expirationTime 1800001 (maxInclusive 1800000)', set('expirationTime', '1800001'), maxInclusive('expirationTime', '1800001', '1800000')],
  [op, 'expirationTime not an integer', set('expirationTime', '1.5'), notAtomic('expirationTime', '1.5', ST_EXPIRATION_TIME)],
  [op, 'dueDate 2026-02-30 (not a date)', set('dueDate', '2026-02-30'), notAtomic('dueDate', '2026-02-30', ST_ISO_DATE)],
  [op, 'paymentNote of 211 characters (maxLength 210)', set('paymentNote', 'n'.repeat(211)), maxLength('paymentNote', 211, 210)],
  [op, 'empty paymentNote (minLength 1)', set('paymentNote', ''), minLength('paymentNote', 0, 1)],
  [op, 'missing amount (required)', drop('amount'), notExpected('dueDate', ['amount'])],
  [
    op,
    'amount before expirationTime (order)',
    swap('expirationTime', 'amount'),
    notExpected('expirationTime', ['dueDate', 'paymentNote', ...(op === 'activatePaymentNoticeV2' ? ['paymentMethod', 'touchPoint'] : [])]),
  ],
];

const OUTCOME_CASES = (op: 'sendPaymentOutcome' | 'sendPaymentOutcomeV2'): [Op, string, Mutation, string][] => [
  [op, 'outcome MAYBE (enumeration)', set('outcome', 'MAYBE'), enumeration('outcome', 'MAYBE', OUTCOMES)],
  [op, 'outcome ok in lower case (enumeration)', set('outcome', 'ok'), enumeration('outcome', 'ok', OUTCOMES)],
  [op, 'missing outcome (required)', drop('outcome'), notExpected('details', ['outcome'])],
  [op, 'details.paymentMethod cheque (enumeration)', set('details', detailsXml({ paymentMethod: 'cheque' })), enumeration('paymentMethod', 'cheque', PAYMENT_METHODS)],
  [
    op,
    'details.paymentChannel web (enumeration)',
    set('details', detailsXml({ paymentChannel: 'web' })),
    enumeration('paymentChannel', 'web', ['frontOffice', 'atm', 'onLine', 'app', 'other']),
  ],
  [op, 'details.fee 1 (pattern)', set('details', detailsXml({ fee: '1' })), pattern('fee', '1', AMOUNT)],
  [op, 'details.fee 1000000000.00 (maxInclusive)', set('details', detailsXml({ fee: '1000000000.00' })), maxInclusive('fee', '1000000000.00', '999999999.99')],
  [op, 'details.applicationDate 22/11/2026 (not a date)', set('details', detailsXml({ applicationDate: '22/11/2026' })), notAtomic('applicationDate', '22/11/2026', ST_ISO_DATE)],
  [
    op,
    'details.payer entityUniqueIdentifierType X (enumeration)',
    set(
      'details',
      detailsXml({ payer: el('uniqueIdentifier', el('entityUniqueIdentifierType', 'X') + el('entityUniqueIdentifierValue', 'RSSMRA80A01H501U')) + el('fullName', 'Mario Rossi') }),
    ),
    enumeration('entityUniqueIdentifierType', 'X', ['F', 'G']),
  ],
  [
    op,
    'details.payer entityUniqueIdentifierValue of 1 character (minLength 2)',
    set('details', detailsXml({ payer: el('uniqueIdentifier', el('entityUniqueIdentifierType', 'F') + el('entityUniqueIdentifierValue', 'R')) + el('fullName', 'Mario Rossi') })),
    minLength('entityUniqueIdentifierValue', 1, 2),
  ],
  [op, 'details without fee (required)', set('details', detailsXml({ fee: '' }).replace('<fee></fee>', '')), notExpected('payer', ['fee'])],
  [
    op,
    'outcome before the token (order)',
    swap(op === 'sendPaymentOutcome' ? 'paymentToken' : 'paymentTokens', 'outcome'),
    notExpected('outcome', [op === 'sendPaymentOutcome' ? 'paymentToken' : 'paymentTokens']),
  ],
];

const CASES: [Op, string, Mutation, string][] = [
  ...OPS.flatMap(COMMON),
  ...NOTICE_CASES('verifyPaymentNotice'),
  ...NOTICE_CASES('activatePaymentNotice'),
  ...NOTICE_CASES('activatePaymentNoticeV2'),
  ...ACTIVATE_CASES('activatePaymentNotice'),
  ...ACTIVATE_CASES('activatePaymentNoticeV2'),
  ['activatePaymentNoticeV2', 'paymentMethod XX (enumeration)', set('paymentMethod', 'XX'), enumeration('paymentMethod', 'XX', PAYMENT_METHODS_FEE)],
  ['activatePaymentNoticeV2', 'paymentMethod of 5 characters (maxLength 4)', set('paymentMethod', 'CPCPC'), maxLength('paymentMethod', 5, 4)],
  ['activatePaymentNoticeV2', 'touchPoint KIOSK (enumeration)', set('touchPoint', 'KIOSK'), enumeration('touchPoint', 'KIOSK', TOUCH_POINTS)],
  ['activatePaymentNoticeV2', 'touchPoint before paymentMethod (order)', swap('paymentMethod', 'touchPoint'), notExpected('paymentMethod')],
  ...OUTCOME_CASES('sendPaymentOutcome'),
  ...OUTCOME_CASES('sendPaymentOutcomeV2'),
  ['sendPaymentOutcome', 'paymentToken of 36 characters (maxLength 35)', set('paymentToken', 't'.repeat(36)), maxLength('paymentToken', 36, 35)],
  ['sendPaymentOutcome', 'empty paymentToken (minLength 1)', set('paymentToken', ''), minLength('paymentToken', 0, 1)],
  [
    'sendPaymentOutcome',
    'details.primaryCiIncurredFee (only in V2)',
    set('details', detailsXml({ primaryCiIncurredFee: '0.50' })),
    notExpected('primaryCiIncurredFee', ['payer', 'applicationDate']),
  ],
  [
    'sendPaymentOutcomeV2',
    'six paymentTokens (maxOccurs 5)',
    set(
      'paymentTokens',
      'abcdef'
        .split('')
        .map((t) => el('paymentToken', t))
        .join(''),
    ),
    notExpected('paymentToken'),
  ],
  ['sendPaymentOutcomeV2', 'empty paymentTokens (minOccurs 1)', set('paymentTokens', ''), missing('paymentTokens', ['paymentToken'])],
  ['sendPaymentOutcomeV2', 'a paymentToken of 36 characters (maxLength 35)', set('paymentTokens', el('paymentToken', 't'.repeat(36))), maxLength('paymentToken', 36, 35)],
  [
    'sendPaymentOutcomeV2',
    'details.primaryCiIncurredFee 0.5 (pattern)',
    set('details', detailsXml({ primaryCiIncurredFee: '0.5' })),
    pattern('primaryCiIncurredFee', '0.5', AMOUNT),
  ],
  ['sendPaymentOutcomeV2', 'details.idBundle of 71 characters (maxLength 70)', set('details', detailsXml({ idBundle: 'b'.repeat(71) })), maxLength('idBundle', 71, 70)],
];

// ---- raw HTTP helpers -----------------------------------------------------------------------------------
/** A verify envelope padded with trailing whitespace (allowed after the root element) to exactly `bytes`. */
function verifyOfSize(bytes: number): string {
  const xml = envelope(verifyXml(freshNotice()));
  const pad = bytes - Buffer.byteLength(xml);
  if (pad < 0) throw new Error(`a verify envelope is already ${Buffer.byteLength(xml)} bytes`);
  return xml + ' '.repeat(pad);
}

/** POSTs a body as a stream (chunked, no Content-Length): the limit must hold while reading too. */
async function postChunked(url: string, body: string, soapAction: string): Promise<{ status: number; contentType: string | null; text: string }> {
  const bytes = Buffer.from(body);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(new Uint8Array(bytes.subarray(i, i + 64 * 1024)));
      controller.close();
    },
  });
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': XML_TYPE, SOAPAction: soapAction }, body: stream, duplex: 'half' } as RequestInit);
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** GET with a chosen Host header (fetch does not let a test set it). */
function getWithHost(url: string, host: string): Promise<{ status: number; contentType: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    http
      .get({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { Host: host } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, contentType: res.headers['content-type'], text }));
      })
      .on('error', reject);
  });
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false });

/** Every schemaLocation in a WSDL or schema document. */
function schemaLocations(xml: string): string[] {
  return [...xml.matchAll(/schemaLocation="([^"]*)"/g)].map((m) => m[1]);
}

describe('syntax gate on sqlite', () => {
  let server: RunningServer;
  /** collects any request that reaches it: an external entity or DTD must never be fetched */
  let trap: http.Server;
  let trapUrl: string;
  const trapped: string[] = [];

  beforeAll(async () => {
    // the two non-loopback names the WSDL test below uses must be admitted (DNS rebinding guard)
    server = await startServer({ db: `sqlite:${path.join(tempDir(), 'nodo.sqlite')}`, args: ['--allowed-hosts', 'nodo_emulator,emulator.example'] });
    trap = http.createServer((req, res) => {
      trapped.push(`${req.method} ${req.url}`);
      res.end('<!ENTITY leak "LEAKED">');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((resolve) => trap?.close(resolve));
  });

  describe("XSD violations: the primitive's own KO, PPT_SINTASSI_EXTRAXSD, HTTP 200, element and facet in the description", () => {
    it.each(OPS)('%s: the complete base request passes the gate (control)', async (op) => {
      const r = await postSoap(server.soapUrl, requestXml(op, none), op);
      expectXmlAnswer(r, 200);
      expect(r.element).toBe(WRAPPERS[op].response);
      // verify/activate succeed on a fresh synthetic notice; outcomes reach the token check
      if (op.startsWith('send')) expect(r.payload.fault?.faultCode).toBe('PPT_TOKEN_SCONOSCIUTO');
      else expect(r.payload.outcome).toBe('OK');
    });

    it.each(CASES)('%s: %s', async (op, _name, mutate, description) => {
      const r = await postSoap(server.soapUrl, requestXml(op, mutate), op);
      expectSyntaxKo(r, op, description);
    });

    it.each(OPS)('%s: the same violation without SOAPAction (dispatch by the Body element) is the same KO', async (op) => {
      const r = await postSoap(server.soapUrl, requestXml(op, set('idPSP', '')));
      expectSyntaxKo(r, op, minLength('idPSP', 0, 1));
    });

    // The official XSD has no minInclusive on stAmount or stExpirationTime (spec §2): the gate must not
    // invent one. These values reach the primitive, which accepts them (the amount is not compared, §3.2).
    it.each([
      ['activatePaymentNotice', 'amount 0.00', all(drop('idempotencyKey'), set('amount', '0.00'))],
      ['activatePaymentNotice', 'amount 999999999.99 (maxInclusive, inclusive)', all(drop('idempotencyKey'), set('amount', '999999999.99'))],
      ['activatePaymentNotice', 'expirationTime 1800000 (maxInclusive, inclusive)', all(drop('idempotencyKey'), set('expirationTime', '1800000'))],
      ['activatePaymentNoticeV2', 'amount 0.00', all(drop('idempotencyKey'), set('amount', '0.00'))],
      ['activatePaymentNoticeV2', 'expirationTime 1800000 (maxInclusive, inclusive)', all(drop('idempotencyKey'), set('expirationTime', '1800000'))],
    ] as [Op, string, Mutation][])('%s: %s is XSD-valid and activates', async (op, _name, mutate) => {
      const r = await postSoap(server.soapUrl, requestXml(op, mutate), op);
      expectXmlAnswer(r, 200);
      expect(r.payload.outcome).toBe('OK');
      expect(r.payload.paymentToken).toMatch(/^[0-9a-f]{32}$/);
    });
  });

  describe('unreadable requests: SOAP Fault soap:Client "Errore richiesta non leggibile", HTTP 400 (§6.4)', () => {
    const full = envelope(verifyXml(freshNotice()));
    const truncated = full.slice(0, full.indexOf('</idPSP>'));
    it.each([
      // libxml2's words, with the position just past the offending markup
      [
        'mismatched tags',
        `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body><a></b></soapenv:Body></soapenv:Envelope>`,
        'Opening and ending tag mismatch: a line 1 and b (line 1, column 98)',
      ],
      ['a truncated envelope', truncated, `Premature end of data in tag idPSP line 1 (line 1, column ${truncated.length + 1})`],
      ['plain text', 'hello', "Start tag expected, '<' not found (line 1, column 1)"],
      ['an undeclared prefix', '<soapenv:Envelope><soapenv:Body/></soapenv:Envelope>', 'Namespace prefix soapenv on Envelope is not defined (line 1, column 18)'],
      ['an empty body', '', 'Failed to parse XML'],
    ])('%s', async (_name, xml, detail) => {
      const r = await postSoap(server.soapUrl, xml, 'verifyPaymentNotice');
      expectSoapFault(r, 400, 'soap:Client', 'Errore richiesta non leggibile', detail);
    });
  });

  describe('DTDs are refused before parsing: no XXE, no entity expansion', () => {
    const NO_DTD = 'DOCTYPE and ENTITY declarations are not allowed';
    const inBody = (decl: string, ref: string) =>
      `<?xml version="1.0"?>${decl}<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:nod="${NS}"><soapenv:Body><nod:verifyPaymentNoticeReq><idPSP>${ref}</idPSP></nod:verifyPaymentNoticeReq></soapenv:Body></soapenv:Envelope>`;
    const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`)].join('');

    it.each([
      ['a harmless DOCTYPE', () => inBody('<!DOCTYPE Envelope>', PSP.idPSP)],
      ['XXE: an external entity on /etc/passwd', () => inBody('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;')],
      ['XXE: an external entity over HTTP', () => inBody(`<!DOCTYPE foo [<!ENTITY xxe SYSTEM "${trapUrl}/entity">]>`, '&xxe;')],
      ['XXE: an external DTD over HTTP', () => inBody(`<!DOCTYPE foo SYSTEM "${trapUrl}/external.dtd">`, PSP.idPSP)],
      ['XXE: a parameter entity over HTTP', () => inBody(`<!DOCTYPE foo [<!ENTITY % p SYSTEM "${trapUrl}/param.dtd"> %p;]>`, '&leak;')],
      ['billion laughs (10^9 expansions)', () => inBody(`<!DOCTYPE lolz [${laughs}]>`, '&lol9;')],
      ['an ENTITY declaration without DOCTYPE', () => inBody('', '<!ENTITY x "y">')],
    ])('%s → 400 soap:Client, nothing expanded or fetched', async (_name, xml) => {
      const r = await postSoap(server.soapUrl, xml(), 'verifyPaymentNotice');
      expectSoapFault(r, 400, 'soap:Client', 'Errore richiesta non leggibile', NO_DTD);
      expect(r.body).not.toMatch(/root:|lollol|LEAKED/);
      expect(trapped).toEqual([]);
    });

    it('the same requests without SOAPAction are refused the same way', async () => {
      const r = await postSoap(server.soapUrl, inBody('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'));
      expectSoapFault(r, 400, 'soap:Client', 'Errore richiesta non leggibile', NO_DTD);
      expect(fs.readFileSync('/etc/passwd', 'utf8')).toContain('root:');
      expect(r.body).not.toContain('root:');
    });

    it('the server still answers after a billion-laughs request', async () => {
      await postSoap(server.soapUrl, inBody(`<!DOCTYPE lolz [${laughs}]>`, '&lol9;'), 'verifyPaymentNotice');
      const r = await postSoap(server.soapUrl, envelope(verifyXml(freshNotice())), 'verifyPaymentNotice');
      expect(r.payload.outcome).toBe('OK');
    });
  });

  describe('body size: 1 MiB by default, 413 above', () => {
    it('a request of exactly 1 MiB is answered', async () => {
      const r = await postSoap(server.soapUrl, verifyOfSize(ONE_MIB), 'verifyPaymentNotice');
      expectXmlAnswer(r, 200);
      expect(r.payload.outcome).toBe('OK');
    });

    it('1 MiB + 1 byte (declared Content-Length) → 413 soap:Client', async () => {
      const r = await postSoap(server.soapUrl, verifyOfSize(ONE_MIB + 1), 'verifyPaymentNotice');
      expectSoapFault(r, 413, 'soap:Client', 'Errore richiesta non leggibile', `request body exceeds ${ONE_MIB} bytes`);
    });

    it('1 MiB + 1 byte streamed without Content-Length → 413 soap:Client', async () => {
      const r = await postChunked(server.soapUrl, verifyOfSize(ONE_MIB + 1), 'verifyPaymentNotice');
      expect({ status: r.status, contentType: r.contentType }).toEqual({ status: 413, contentType: XML_TYPE });
      expect((await assertValidResponse(r.text)).isFault).toBe(true);
      expect(r.text).toContain(`<faultcode>soap:Client</faultcode><faultstring>Errore richiesta non leggibile</faultstring><detail>request body exceeds ${ONE_MIB} bytes</detail>`);
    });

    it('5 MiB, ten times → always a readable 413 (the body is drained first: no EPIPE for a client still writing)', async () => {
      const big = verifyOfSize(5 * ONE_MIB);
      for (let i = 0; i < 10; i++) {
        const r = await postSoap(server.soapUrl, big, 'verifyPaymentNotice');
        expectSoapFault(r, 413, 'soap:Client', 'Errore richiesta non leggibile', `request body exceeds ${ONE_MIB} bytes`);
      }
      expect((await postSoap(server.soapUrl, envelope(verifyXml(freshNotice())), 'verifyPaymentNotice')).payload.outcome).toBe('OK');
    });

    describe('--max-body-bytes 2048 (and NODO_MAX_BODY_BYTES=1024, which the flag overrides)', () => {
      let small: RunningServer;
      beforeAll(async () => {
        small = await startServer({ db: `sqlite:${path.join(tempDir(), 'nodo.sqlite')}`, args: ['--max-body-bytes', '2048'], env: { NODO_MAX_BODY_BYTES: '1024' } });
      });
      afterAll(async () => {
        await small?.stop();
      });

      it('1500 bytes (over the env value) and exactly 2048 bytes are answered', async () => {
        for (const size of [1500, 2048]) {
          const r = await postSoap(small.soapUrl, verifyOfSize(size), 'verifyPaymentNotice');
          expect(r.payload.outcome).toBe('OK');
        }
      });

      it('2049 bytes → 413 naming the configured limit, declared or streamed', async () => {
        const r = await postSoap(small.soapUrl, verifyOfSize(2049), 'verifyPaymentNotice');
        expectSoapFault(r, 413, 'soap:Client', 'Errore richiesta non leggibile', 'request body exceeds 2048 bytes');
        const chunked = await postChunked(small.soapUrl, verifyOfSize(2049), 'verifyPaymentNotice');
        expect(chunked.status).toBe(413);
        expect(chunked.text).toContain('<detail>request body exceeds 2048 bytes</detail>');
      });
    });

    describe('NODO_MAX_BODY_BYTES=1536 alone', () => {
      let small: RunningServer;
      beforeAll(async () => {
        small = await startServer({ db: `sqlite:${path.join(tempDir(), 'nodo.sqlite')}`, env: { NODO_MAX_BODY_BYTES: '1536' } });
      });
      afterAll(async () => {
        await small?.stop();
      });

      it('is honoured: 1536 bytes answered, 1537 → 413', async () => {
        expect((await postSoap(small.soapUrl, verifyOfSize(1536), 'verifyPaymentNotice')).payload.outcome).toBe('OK');
        const r = await postSoap(small.soapUrl, verifyOfSize(1537), 'verifyPaymentNotice');
        expectSoapFault(r, 413, 'soap:Client', 'Errore richiesta non leggibile', 'request body exceeds 1536 bytes');
      });
    });

    it.each([
      [['--max-body-bytes', '10'], {}, '--max-body-bytes must be between 1024 and 1073741824, got 10'],
      [['--max-body-bytes', '1MB'], {}, '--max-body-bytes must be an integer, got "1MB"'],
      [[], { NODO_MAX_BODY_BYTES: '-5' }, '--max-body-bytes must be an integer, got "-5"'],
    ] as [string[], NodeJS.ProcessEnv, string][])('a bad limit %j %j is refused at start-up (exit 2)', async (args, env, message) => {
      const r = await runCli(['start', '--db', 'sqlite::memory:', ...args], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`pagopa-node-emulator: ${message}\n`);
    });
  });

  describe('SOAPAction and dispatch (§1 routing, §6.4)', () => {
    const verify = () => envelope(verifyXml(freshNotice()));

    it('an unknown SOAPAction → 400 PPT_SOAPACTION_ERRATA naming it', async () => {
      const r = await postSoap(server.soapUrl, verify(), 'fooBar');
      expectSoapFault(r, 400, 'PPT_SOAPACTION_ERRATA', FAULT_STRINGS.PPT_SOAPACTION_ERRATA, 'SOAPAction "fooBar" errata');
    });

    it('a SOAPAction naming another operation than the Body child (demandPaymentNotice on a verify body) → that operation’s KO, PPT_SINTASSI_EXTRAXSD', async () => {
      const r = await postSoap(server.soapUrl, verify(), '"demandPaymentNotice"');
      expect([r.status, r.element, r.payload.outcome, r.payload.fault?.faultCode, r.payload.fault?.description]).toEqual([
        200,
        'demandPaymentNoticeResponse',
        'KO',
        'PPT_SINTASSI_EXTRAXSD',
        `Element '{${NS}}verifyPaymentNoticeReq': expected {${NS}}demandPaymentNoticeRequest for demandPaymentNotice`,
      ]);
    });

    it('no SOAPAction and an unknown Body element → 400 PPT_SOAPACTION_ERRATA naming the element', async () => {
      const r = await postSoap(server.soapUrl, envelope('<nod:fooReq/>'));
      expectSoapFault(r, 400, 'PPT_SOAPACTION_ERRATA', FAULT_STRINGS.PPT_SOAPACTION_ERRATA, 'SOAPAction "fooReq" errata');
    });

    // §6.4: with neither a SOAPAction nor a Body element there is no operation to name: soap:Client
    it.each([
      ['an empty Body', envelope('')],
      ['no Body at all', `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Header/></soapenv:Envelope>`],
    ])('no SOAPAction and %s → 400 soap:Client "Operazione non leggibile da SOAPAction o Body"', async (_name, xml) => {
      for (const header of [undefined, '', '""']) {
        const r = await postSoap(server.soapUrl, xml, header);
        expectSoapFault(r, 400, 'soap:Client', 'Operazione non leggibile da SOAPAction o Body');
      }
    });

    it.each([
      ['no SOAPAction header', undefined],
      ['an empty SOAPAction', ''],
      ['an empty quoted SOAPAction', '""'],
      ['an unquoted SOAPAction', 'verifyPaymentNotice'],
      ['a quoted SOAPAction', '"verifyPaymentNotice"'],
      ['a quoted SOAPAction with blanks', ' "verifyPaymentNotice" '],
      ['a URI-style SOAPAction', 'http://pagopa-api.pagopa.gov.it/nodeForPsp/verifyPaymentNotice'],
    ])('%s: verifyPaymentNotice answers OK', async (_name, header) => {
      const r = await postSoap(server.soapUrl, verify(), header);
      expectXmlAnswer(r, 200);
      expect(r.element).toBe('verifyPaymentNoticeRes');
      expect(r.payload.outcome).toBe('OK');
    });

    it('a SOAPAction that disagrees with the Body element: SOAPAction wins, its primitive answers PPT_SINTASSI_EXTRAXSD', async () => {
      const r = await postSoap(server.soapUrl, verify(), 'activatePaymentNotice');
      expectSyntaxKo(r, 'activatePaymentNotice', `Element '{${NS}}verifyPaymentNoticeReq': expected {${NS}}activatePaymentNoticeReq for activatePaymentNotice`);
    });

    it('the request element in another namespace → PPT_SINTASSI_EXTRAXSD naming both', async () => {
      const r = await postSoap(
        server.soapUrl,
        envelope(verifyXml(freshNotice()).replace(/nod:/g, 'x:').replace('<x:verifyPaymentNoticeReq>', '<x:verifyPaymentNoticeReq xmlns:x="urn:other">')),
        'verifyPaymentNotice',
      );
      expectSyntaxKo(r, 'verifyPaymentNotice', `Element '{urn:other}verifyPaymentNoticeReq': expected {${NS}}verifyPaymentNoticeReq for verifyPaymentNotice`);
    });

    it('an unqualified request element → PPT_SINTASSI_EXTRAXSD', async () => {
      const r = await postSoap(server.soapUrl, envelope(verifyXml(freshNotice()).replace(/nod:/g, '')), 'verifyPaymentNotice');
      expectSyntaxKo(r, 'verifyPaymentNotice', `Element '{}verifyPaymentNoticeReq': expected {${NS}}verifyPaymentNoticeReq for verifyPaymentNotice`);
    });
  });

  describe('the envelope: prefixes do not matter, namespaces do', () => {
    it.each(['soapenv', 'soap', 's', 'SOAP-ENV'])('envelope prefix %s: OK', async (prefix) => {
      const r = await postSoap(server.soapUrl, envelope(verifyXml(freshNotice()), prefix), 'verifyPaymentNotice');
      expectXmlAnswer(r, 200);
      expect(r.payload.outcome).toBe('OK');
    });

    it('no Header (it is optional): OK', async () => {
      const r = await postSoap(server.soapUrl, envelope(verifyXml(freshNotice())).replace('<soapenv:Header/>', ''), 'verifyPaymentNotice');
      expect(r.payload.outcome).toBe('OK');
    });

    it('default-namespace envelope, request element prefixed, children reset to no namespace: OK', async () => {
      const xml = `<Envelope xmlns="${SOAP_ENV}"><Body><nod:verifyPaymentNoticeReq xmlns:nod="${NS}" xmlns="">${credsXml()}<qrCode>${qr()}</qrCode></nod:verifyPaymentNoticeReq></Body></Envelope>`;
      const r = await postSoap(server.soapUrl, xml, 'verifyPaymentNotice');
      expect(r.payload.outcome).toBe('OK');
    });

    it('default namespace on the request element, children with xmlns="": OK', async () => {
      const children = `${credsXml()}<qrCode>${qr()}</qrCode>`.replace(/<(idPSP|idBrokerPSP|idChannel|password|qrCode)>/g, '<$1 xmlns="">');
      const xml = `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><verifyPaymentNoticeReq xmlns="${NS}">${children}</verifyPaymentNoticeReq></s:Body></s:Envelope>`;
      const r = await postSoap(server.soapUrl, xml);
      expect(r.payload.outcome).toBe('OK');
    });

    it('default-namespace envelope whose children inherit the SOAP namespace → PPT_SINTASSI_EXTRAXSD naming it', async () => {
      const xml = `<Envelope xmlns="${SOAP_ENV}"><Body><nod:verifyPaymentNoticeReq xmlns:nod="${NS}">${credsXml()}<qrCode>${qr()}</qrCode></nod:verifyPaymentNoticeReq></Body></Envelope>`;
      const r = await postSoap(server.soapUrl, xml, 'verifyPaymentNotice');
      expectSyntaxKo(r, 'verifyPaymentNotice', notExpected(`{${SOAP_ENV}}idPSP`, ['idPSP']));
    });

    // §1: TEST gets HTTP 200 and the primitive's KO for a wrong envelope namespace and a removed Body
    const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
    it.each([undefined, 'verifyPaymentNotice'])('SOAP 1.2 envelope namespace (SOAPAction %s) → PPT_SINTASSI_EXTRAXSD', async (header) => {
      const r = await postSoap(server.soapUrl, envelope(verifyXml(freshNotice())).replace(SOAP_ENV, SOAP12), header);
      expectSyntaxKo(r, 'verifyPaymentNotice', `Envelope namespace must be ${SOAP_ENV}, found ${SOAP12}`);
    });

    it.each([
      ['no Body', `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Header/></soapenv:Envelope>`, 'soapenv:Body is missing'],
      ['an empty Body', envelope(''), 'soapenv:Body is empty'],
      ['two elements in Body', envelope(verifyXml(freshNotice()) + verifyXml(freshNotice())), 'soapenv:Body must contain exactly one element'],
      [
        'Body before Header',
        `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:nod="${NS}"><soapenv:Body>${verifyXml(freshNotice())}</soapenv:Body><soapenv:Header/></soapenv:Envelope>`,
        'Envelope may only contain an optional Header followed by Body',
      ],
      [
        'a Body in another namespace',
        `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:nod="${NS}"><x:Body xmlns:x="urn:other">${verifyXml(freshNotice())}</x:Body></soapenv:Envelope>`,
        `Body namespace must be ${SOAP_ENV}`,
      ],
      [
        'no Envelope (the request element as the root)',
        verifyXml(freshNotice()).replace('<nod:verifyPaymentNoticeReq>', `<nod:verifyPaymentNoticeReq xmlns:nod="${NS}">`),
        'root element must be Envelope, found verifyPaymentNoticeReq',
      ],
    ])('SOAPAction verifyPaymentNotice with %s → PPT_SINTASSI_EXTRAXSD', async (_name, xml, description) => {
      const r = await postSoap(server.soapUrl, xml, 'verifyPaymentNotice');
      expectSyntaxKo(r, 'verifyPaymentNotice', description);
    });

    it('PUT on the SOAP path → 405 soap:Client, Allow: GET, POST', async () => {
      const res = await fetch(server.soapUrl, { method: 'PUT', body: envelope(verifyXml(freshNotice())) });
      const text = await res.text();
      expect({ status: res.status, allow: res.headers.get('allow'), contentType: res.headers.get('content-type') }).toEqual({
        status: 405,
        allow: 'GET, POST',
        contentType: XML_TYPE,
      });
      expect((await assertValidResponse(text)).isFault).toBe(true);
      expect(text).toContain(
        '<faultcode>soap:Client</faultcode><faultstring>Errore richiesta non leggibile</faultstring><detail>method PUT not allowed; POST a SOAP 1.1 envelope</detail>',
      );
    });
  });

  describe("/webservices/input, the real node's single entry point, serves every operation", () => {
    const url = () => `${server.baseUrl}/webservices/input`;

    it('verify → activate → sendPaymentOutcome, with and without SOAPAction', async () => {
      const n = freshNotice();
      expect((await postSoap(url(), requestXml('verifyPaymentNotice', set('qrCode', qr(EC, n))), 'verifyPaymentNotice')).payload.outcome).toBe('OK');
      const a = await postSoap(url(), requestXml('activatePaymentNotice', all(drop('idempotencyKey'), set('qrCode', qr(EC, n)))));
      expect(a.element).toBe('activatePaymentNoticeRes');
      expect(a.payload.outcome).toBe('OK');
      const o = await postSoap(url(), requestXml('sendPaymentOutcome', all(drop('idempotencyKey'), set('paymentToken', a.payload.paymentToken as string))), 'sendPaymentOutcome');
      expect(o.element).toBe('sendPaymentOutcomeRes');
      expect(o.payload).toEqual({ outcome: 'OK' });
    });

    it('activatePaymentNoticeV2 → sendPaymentOutcomeV2', async () => {
      const a = await postSoap(url(), requestXml('activatePaymentNoticeV2', drop('idempotencyKey')), 'activatePaymentNoticeV2');
      expect(a.element).toBe('activatePaymentNoticeV2Response');
      expect(a.payload.outcome).toBe('OK');
      const o = await postSoap(
        url(),
        requestXml('sendPaymentOutcomeV2', all(drop('idempotencyKey'), set('paymentTokens', el('paymentToken', a.payload.paymentToken as string)))),
        'sendPaymentOutcomeV2',
      );
      expect(o.element).toBe('sendPaymentOutcomeV2Response');
      expect(o.payload).toEqual({ outcome: 'OK' });
    });

    it('applies the same gate: an XSD violation and an unknown SOAPAction', async () => {
      expectSyntaxKo(
        await postSoap(url(), requestXml('sendPaymentOutcomeV2', set('outcome', 'MAYBE')), 'sendPaymentOutcomeV2'),
        'sendPaymentOutcomeV2',
        enumeration('outcome', 'MAYBE', OUTCOMES),
      );
      const r = await postSoap(url(), envelope(verifyXml(freshNotice())), 'nodoVerificaRPT');
      expectSoapFault(r, 400, 'PPT_SOAPACTION_ERRATA', FAULT_STRINGS.PPT_SOAPACTION_ERRATA, 'SOAPAction "nodoVerificaRPT" errata');
    });
  });

  describe('GET ?wsdl: addressed to this server, every schema reachable', () => {
    it('soap:address is the URL the client used; every schemaLocation is absolute and resolves to a schema', async () => {
      const res = await fetch(server.wsdlUrl);
      expect({ status: res.status, contentType: res.headers.get('content-type') }).toEqual({ status: 200, contentType: XML_TYPE });
      const wsdl = await res.text();
      expect(XMLValidator.validate(wsdl)).toBe(true);
      expect([...wsdl.matchAll(/<soap:address\s+location="([^"]*)"/g)].map((m) => m[1])).toEqual([server.soapUrl]);

      const seen = new Map<string, string>();
      const queue = schemaLocations(wsdl);
      expect(queue.length).toBeGreaterThan(0);
      while (queue.length) {
        const loc = queue.shift()!;
        if (seen.has(loc)) continue;
        // absolute, on this very server
        expect(new URL(loc).href).toBe(loc);
        expect(loc.startsWith(`${server.soapUrl}?xsd=`)).toBe(true);
        const r = await fetch(loc);
        const text = await r.text();
        expect({ loc, status: r.status, contentType: r.headers.get('content-type') }).toEqual({ loc, status: 200, contentType: XML_TYPE });
        expect(XMLValidator.validate(text)).toBe(true);
        const doc = xmlParser.parse(text) as Record<string, Record<string, string>>;
        const root = Object.keys(doc).find((k) => k !== '?xml')!;
        expect(root.endsWith('schema')).toBe(true);
        expect(doc[root][`@xmlns${root.includes(':') ? `:${root.split(':')[0]}` : ''}`]).toBe('http://www.w3.org/2001/XMLSchema');
        seen.set(loc, doc[root]['@targetNamespace']);
        queue.push(...schemaLocations(text));
      }
      expect([...seen.values()].sort()).toEqual([
        'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd',
        'http://pagopa-api.pagopa.gov.it/xsd/common-types/v1.0.0/',
        // nodoPerPsp.xsd: the legacy operations of nodeForPsp.wsdl
        'http://ws.pagamenti.telematici.gov/',
      ]);
    });

    it.each(['localhost:{port}', 'nodo_emulator:8080', '[::1]:{port}', 'emulator.example'])(
      'another Host (%s) is echoed in soap:address and schemaLocation',
      async (hostPattern) => {
        const host = hostPattern.replace('{port}', new URL(server.baseUrl).port);
        const r = await getWithHost(server.wsdlUrl, host);
        expect(r.status).toBe(200);
        expect(r.text).toContain(`<soap:address location="http://${host}/node-for-psp/v1"/>`);
        expect(schemaLocations(r.text)).toEqual([`http://${host}/node-for-psp/v1?xsd=nodeForPsp.xsd`, `http://${host}/node-for-psp/v1?xsd=nodoPerPsp.xsd`]);
      },
    );

    it('an HTTP/1.0 request without Host gets the address it connected to, port included', async () => {
      const u = new URL(server.baseUrl);
      const raw = await new Promise<string>((resolve, reject) => {
        let text = '';
        const socket = net.connect(Number(u.port), u.hostname, () => socket.write('GET /node-for-psp/v1?wsdl HTTP/1.0\r\n\r\n'));
        socket.setEncoding('utf8');
        socket.on('data', (c: string) => (text += c));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw.slice(0, raw.indexOf('\r\n'))).toBe('HTTP/1.1 200 OK');
      expect(raw).toContain(`<soap:address location="${server.soapUrl}"/>`);
    });

    it('a Host header that is not host[:port] is refused (never written into the WSDL)', async () => {
      const r = await getWithHost(server.wsdlUrl, 'evil.example"/><x a="');
      expect({ status: r.status, contentType: r.contentType }).toEqual({ status: 400, contentType: 'application/problem+json' });
      expect(JSON.parse(r.text)).toEqual({
        type: 'https://pagopa-node-emulator/problems/bad-request',
        title: 'Bad Request',
        status: 400,
        detail: 'the Host header must be host[:port]',
      });
    });

    it.each([
      ['/webservices/input?wsdl', 'GET /node-for-psp/v1?wsdl or /node-for-pa/v1?wsdl for the WSDL, ?xsd=<file> for a schema'],
      ['/node-for-psp/v1?xsd=unknown.xsd', 'GET /node-for-psp/v1?wsdl or /node-for-pa/v1?wsdl for the WSDL, ?xsd=<file> for a schema'],
      ['/node-for-psp/v1?xsd=../../package.json', 'GET /node-for-psp/v1?wsdl or /node-for-pa/v1?wsdl for the WSDL, ?xsd=<file> for a schema'],
      ['/node-for-psp/v1', 'GET /node-for-psp/v1?wsdl or /node-for-pa/v1?wsdl for the WSDL, ?xsd=<file> for a schema'],
    ])('GET %s → 404 problem JSON pointing at the WSDL', async (p, detail) => {
      const res = await fetch(`${server.baseUrl}${p}`);
      expect({ status: res.status, contentType: res.headers.get('content-type') }).toEqual({ status: 404, contentType: 'application/problem+json' });
      expect(await res.json()).toEqual({ type: 'https://pagopa-node-emulator/problems/not-found', title: 'Not Found', status: 404, detail });
    });
  });
});
