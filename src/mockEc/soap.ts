import { parseEnvelope } from '../soap/envelope';
import { toObject, type XmlObject } from '../soap/libxml';
import type { XsdGate } from '../soap/xsdGate';
import { PA_FOR_NODE_NS, paForNodeEnvelope, type XmlTree } from '../soap/xmlWriter';
import { isMockPrimitive, type MockPrimitive } from './overrides';

/** Wrapper elements of the paForNode primitives the mock EC answers (xsd/paForNode.xsd). */
export const ELEMENTS: Record<MockPrimitive, { request: string; response: string }> = {
  paVerifyPaymentNotice: { request: 'paVerifyPaymentNoticeReq', response: 'paVerifyPaymentNoticeRes' },
  paGetPayment: { request: 'paGetPaymentReq', response: 'paGetPaymentRes' },
  paGetPaymentV2: { request: 'paGetPaymentV2Request', response: 'paGetPaymentV2Response' },
  paSendRT: { request: 'paSendRTReq', response: 'paSendRTRes' },
  paSendRTV2: { request: 'paSendRTV2Request', response: 'paSendRTV2Response' },
};
const BY_REQUEST_ELEMENT = new Map(Object.entries(ELEMENTS).map(([p, e]) => [e.request, p as MockPrimitive]));

/** The fields the mock EC acts on, read leniently (they are also read from XSD-invalid requests, for history and overrides). */
export interface MockRequest {
  primitive: MockPrimitive;
  idPA?: string;
  idBrokerPA?: string;
  idStation?: string;
  /** qrCode, or the receipt's fiscalCode / noticeNumber */
  fiscalCode?: string;
  noticeNumber?: string;
  transferType?: string;
  receipt?: {
    receiptId?: string;
    /** every transfer's fiscalCodePA: a receipt may be broadcast to a secondary EC */
    transferFiscalCodes: string[];
    pspCompanyName?: string;
    paymentMethod?: string;
  };
  /** why the request is not a valid paForNode request (answered PAA_SINTASSI_XSD), if it is not */
  syntaxError?: string;
}

export type Decoded =
  | { kind: 'request'; request: MockRequest }
  /** no primitive can be identified, or the XML is unreadable: a SOAP Fault */
  | { kind: 'fault'; faultcode: string; faultstring: string; detail: string };

const leaf = (o: XmlObject | undefined, name: string): string | undefined => {
  const v = o?.[name]?.[0];
  return typeof v === 'string' ? v.trim() : undefined;
};
const child = (o: XmlObject | undefined, name: string): XmlObject | undefined => {
  const v = o?.[name]?.[0];
  return typeof v === 'object' ? v : undefined;
};

/**
 * SOAPAction names the primitive (quoted or not, a URI keeps its last segment); without one, the Body
 * child does. The Body child is then checked as the node's own router does: right element, right
 * namespace, valid against our paForNode.xsd.
 */
export function decodeRequest(gate: XsdGate, xml: string, action: string | undefined): Decoded {
  if (action !== undefined && !isMockPrimitive(action)) {
    return { kind: 'fault', faultcode: 'soap:Client', faultstring: 'Unknown SOAPAction', detail: `SOAPAction "${action}" is not a paForNode primitive of this mock EC (paVerifyPaymentNotice, paGetPayment, paGetPaymentV2, paSendRT, paSendRTV2)` };
  }
  const parsed = parseEnvelope(xml);
  if (parsed.kind !== 'parsed') return { kind: 'fault', faultcode: 'soap:Client', faultstring: 'Unreadable request', detail: parsed.detail };
  try {
    const el = parsed.bodyChild;
    const primitive = action ?? (el ? BY_REQUEST_ELEMENT.get(el.name) : undefined);
    if (primitive === undefined) {
      return { kind: 'fault', faultcode: 'soap:Client', faultstring: 'Unknown operation', detail: 'no SOAPAction, and the Body child is not a paForNode request' };
    }
    const expected = ELEMENTS[primitive].request;
    const o = el ? toObject(el) : undefined;
    const request = read(primitive, o);
    request.syntaxError =
      parsed.envelopeProblem ??
      (!el
        ? 'soapenv:Body is empty'
        : el.name !== expected || el.namespaceUri !== PA_FOR_NODE_NS
          ? `Element '{${el.namespaceUri}}${el.name}': expected {${PA_FOR_NODE_NS}}${expected} for ${primitive}`
          : gate.check(el));
    if (request.syntaxError === undefined) delete request.syntaxError;
    return { kind: 'request', request };
  } finally {
    parsed.doc.dispose();
  }
}

function read(primitive: MockPrimitive, o: XmlObject | undefined): MockRequest {
  const r: MockRequest = { primitive, idPA: leaf(o, 'idPA'), idBrokerPA: leaf(o, 'idBrokerPA'), idStation: leaf(o, 'idStation') };
  if (primitive === 'paSendRT' || primitive === 'paSendRTV2') {
    const receipt = child(o, 'receipt');
    r.fiscalCode = leaf(receipt, 'fiscalCode');
    r.noticeNumber = leaf(receipt, 'noticeNumber');
    const transfers = (child(receipt, 'transferList')?.transfer ?? []).filter((t): t is XmlObject => typeof t === 'object');
    r.receipt = {
      receiptId: leaf(receipt, 'receiptId'),
      transferFiscalCodes: transfers.map((t) => leaf(t, 'fiscalCodePA')).filter((f): f is string => f !== undefined),
      pspCompanyName: leaf(receipt, 'PSPCompanyName'),
      paymentMethod: leaf(receipt, 'paymentMethod'),
    };
  } else {
    const qr = child(o, 'qrCode');
    r.fiscalCode = leaf(qr, 'fiscalCode');
    r.noticeNumber = leaf(qr, 'noticeNumber');
    r.transferType = leaf(o, 'transferType');
  }
  return r;
}

export interface PaaFault {
  faultCode: string;
  faultString: string;
  id: string;
  description?: string;
}

export function koTree(f: PaaFault): XmlTree {
  return [
    ['outcome', 'KO'],
    ['fault', [['faultCode', f.faultCode], ['faultString', f.faultString], ['id', f.id], ['description', f.description]]],
  ];
}

export function answerXml(primitive: MockPrimitive, tree: XmlTree): string {
  return paForNodeEnvelope(ELEMENTS[primitive].response, tree);
}

/**
 * The `invalid` override: the right wrapper, but not valid against paForNode.xsd (the official one too),
 * so that a PSP test sees PPT_STAZIONE_INT_PA_ERRORE_RESPONSE. Built from the answer the mock would give:
 * an OK loses a mandatory child (allCCP of the option, the debtor of the payment), a KO the fault's
 * faultString, and a receipt acknowledgement its outcome.
 */
export function invalidTree(primitive: MockPrimitive, normal: XmlTree): XmlTree {
  if (normal.some(([n, v]) => n === 'outcome' && v === 'KO')) {
    return normal.map(([n, v]) => [n, n === 'fault' && Array.isArray(v) ? v.filter(([c]) => c !== 'faultString') : v]);
  }
  switch (primitive) {
    case 'paVerifyPaymentNotice':
      return without(normal, ['paymentList', 'paymentOptionDescription', 'allCCP']);
    case 'paGetPayment':
    case 'paGetPaymentV2':
      return without(normal, ['data', 'debtor']);
    case 'paSendRT':
    case 'paSendRTV2':
      return [];
  }
}

function without(tree: XmlTree, path: string[]): XmlTree {
  const [first, ...rest] = path;
  return tree
    .filter(([n]) => rest.length > 0 || n !== first)
    .map(([n, v]) => [n, n === first && Array.isArray(v) ? without(v, rest) : v]);
}
