import { child, elements, leaf, localName, namespaceOf, parseXml, prefixOf, type XElement } from './xmlDoc';

/** The primitives pagoPA's mock EC answers and queues answers for (its control API's names). */
export const PAGOPA_PRIMITIVES = [
  'paVerifyPaymentNotice',
  'paGetPayment',
  'paGetPaymentV2',
  'paSendRT',
  'paSendRTV2',
  'paDemandPaymentNotice',
  'pspNotifyPayment',
  'paaVerificaRPT',
  'paaAttivaRPT',
  'paaInviaRT',
  'paaChiediNumeroAvviso',
] as const;
export type PagopaPrimitive = (typeof PAGOPA_PRIMITIVES)[number];
export const isPagopaPrimitive = (s: string): s is PagopaPrimitive => (PAGOPA_PRIMITIVES as readonly string[]).includes(s);

export const PAF_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
export const PSP_NS = 'http://pagopa-api.pagopa.gov.it/psp/pspForNode.xsd';
/** the old EC primitives (PaPerNodo.wsdl) */
export const PPT_NS = 'http://ws.pagamenti.telematici.gov/';

interface Interface {
  ns: string;
  /** the prefixes pagoPA's mock matches literally, whatever they are bound to */
  prefixes: readonly string[];
}
const PAF: Interface = { ns: PAF_NS, prefixes: ['pafn', 'paf'] };
const PSP: Interface = { ns: PSP_NS, prefixes: ['pspfn', 'psp'] };
const PPT: Interface = { ns: PPT_NS, prefixes: ['ppt'] };

/**
 * pagoPA's mock dispatches on the Body child's lower-cased qualified name (`pafn:paverifypaymentnoticereq`):
 * SOAPAction is ignored. Here the local name is matched without regard to case, and the prefix is one
 * of the mock's own or any prefix bound to the interface's namespace.
 */
const REQUEST_ELEMENTS: Record<string, [PagopaPrimitive, Interface]> = {
  paverifypaymentnoticereq: ['paVerifyPaymentNotice', PAF],
  pagetpaymentreq: ['paGetPayment', PAF],
  pagetpaymentv2request: ['paGetPaymentV2', PAF],
  pasendrtreq: ['paSendRT', PAF],
  pasendrtv2request: ['paSendRTV2', PAF],
  pademandpaymentnoticerequest: ['paDemandPaymentNotice', PAF],
  pspnotifypaymentreq: ['pspNotifyPayment', PSP],
  paaverificarpt: ['paaVerificaRPT', PPT],
  paaattivarpt: ['paaAttivaRPT', PPT],
  paainviart: ['paaInviaRT', PPT],
  paachiedinumeroavviso: ['paaChiediNumeroAvviso', PPT],
};

/** What the answers read from a request: leniently, from any request (no XSD gate, as in pagoPA's mock). */
export interface PagopaRequest {
  primitive: PagopaPrimitive;
  /** the Body child */
  element: XElement;
  /** qrCode/noticeNumber, the receipt's noticeNumber, or the old primitives' composed notice */
  noticeNumber?: string;
  /** qrCode/fiscalCode, else idPA */
  fiscalCode?: string;
  /** the notices the history records it under (receipts also under `3` + creditorReferenceId) */
  historyKeys: string[];
}

export type Read =
  | { kind: 'request'; request: PagopaRequest }
  /** well-formed, but no SOAP Body child this mock answers: pagoPA's 404 `Not found` */
  | { kind: 'unknown'; detail: string }
  /** not XML, or not a SOAP envelope at all: pagoPA's mock crashes on it (500) */
  | { kind: 'unreadable'; detail: string };

export function readRequest(xml: string): Read {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { kind: 'unreadable', detail: parsed.detail };
  const root = parsed.root;
  const body = localName(root.name) === 'Envelope' ? child(root, 'Body') : undefined;
  if (!body) return { kind: 'unreadable', detail: `not a SOAP envelope: the root element is ${root.name}${localName(root.name) === 'Envelope' ? ' without a Body' : ''}` };
  const el = elements(body)[0];
  if (!el) return { kind: 'unknown', detail: 'the SOAP Body is empty' };
  const entry = REQUEST_ELEMENTS[localName(el.name).toLowerCase()];
  const prefix = prefixOf(el.name);
  if (!entry || !(entry[1].prefixes.includes(prefix) || namespaceOf(prefix, el, [root, body]) === entry[1].ns)) {
    return { kind: 'unknown', detail: `${el.name} is not a request this mock EC answers` };
  }
  const primitive = entry[0];
  const receipt = child(el, 'receipt');
  const noticeNumber = leaf(el, 'qrCode', 'noticeNumber') ?? leaf(receipt, 'noticeNumber') ?? oldNotice(el);
  const fiscalCode = leaf(el, 'qrCode', 'fiscalCode') ?? leaf(receipt, 'fiscalCode') ?? leaf(el, 'idPA') ?? leaf(el, 'identificativoDominio');
  const iuv = leaf(receipt, 'creditorReferenceId') ?? leaf(el, 'creditorReferenceId') ?? leaf(el, 'identificativoUnivocoVersamento');
  const historyKeys = [noticeNumber, iuv && `3${iuv}`].filter((k): k is string => !!k);
  return {
    kind: 'request',
    request: { primitive, element: el, historyKeys, ...(noticeNumber ? { noticeNumber } : {}), ...(fiscalCode ? { fiscalCode } : {}) },
  };
}

/** paaVerificaRPT / paaAttivaRPT: codiceIdRPT's QrCode (CF, AuxDigit, CodStazPA for aux 0, CodIUV). */
function oldNotice(el: XElement): string | undefined {
  const qr = child(child(el, 'codiceIdRPT'), 'QrCode');
  const aux = leaf(qr, 'AuxDigit');
  const iuv = leaf(qr, 'CodIUV');
  if (aux === undefined || iuv === undefined) return undefined;
  return `${aux}${aux === '0' ? (leaf(qr, 'CodStazPA') ?? '') : ''}${iuv}`;
}
