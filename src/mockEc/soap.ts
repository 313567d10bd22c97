import { parseEnvelope } from '../soap/envelope';
import { leafAt } from '../soap/fields';
import { toObject, type XmlObject } from '../soap/libxml';
import { encodeAnswer, rawAnswerXml, type Answer } from '../soap/operation';
import { PA_FOR_NODE_OPERATIONS } from '../soap/operations/paForNode';
import type { PaDemandPaymentNoticeReq } from '../soap/operations/paDemandPaymentNotice';
import type { PaGetPaymentReq } from '../soap/operations/paGetPayment';
import type { PaSendRTReq } from '../soap/operations/paSendRT';
import type { PaVerifyPaymentNoticeReq } from '../soap/operations/paVerifyPaymentNotice';
import type { XsdGate } from '../soap/xsdGate';
import type { XmlTree } from '../soap/xmlWriter';
import { isMockPrimitive, type MockPrimitive } from './overrides';

const BY_REQUEST_ELEMENT = new Map(Object.values(PA_FOR_NODE_OPERATIONS).map((op) => [op.request.element, op.name as MockPrimitive]));

/** An XSD-valid request, decoded by its descriptor. */
export type TypedRequest =
  | { primitive: 'paDemandPaymentNotice'; req: PaDemandPaymentNoticeReq }
  | { primitive: 'paVerifyPaymentNotice'; req: PaVerifyPaymentNoticeReq }
  | { primitive: 'paGetPayment' | 'paGetPaymentV2'; req: PaGetPaymentReq }
  | { primitive: 'paSendRT' | 'paSendRTV2'; req: PaSendRTReq };

/**
 * What the mock EC acts on. The head fields are read leniently (also from XSD-invalid requests, for
 * history and overrides); `typed` is there when the request is valid, `syntaxError` when it is not.
 */
export interface MockRequest {
  primitive: MockPrimitive;
  idPA?: string;
  idBrokerPA?: string;
  idStation?: string;
  /** qrCode, or the receipt's fiscalCode / noticeNumber */
  fiscalCode?: string;
  noticeNumber?: string;
  typed?: TypedRequest;
  /** why the request is not a valid paForNode request (answered PAA_SINTASSI_XSD), if it is not */
  syntaxError?: string;
}

export type Decoded =
  | { kind: 'request'; request: MockRequest }
  /** no primitive can be identified, or the XML is unreadable: a SOAP Fault */
  | { kind: 'fault'; faultcode: string; faultstring: string; detail: string };

const lenient = (o: XmlObject | undefined, path: string[]) => leafAt(o, path)?.trim();

/**
 * SOAPAction names the primitive (quoted or not, a URI keeps its last segment); without one, the Body
 * child does. The Body child is then checked as the node's own pipeline does: right element, right
 * namespace, valid against our paForNode.xsd; a valid one is decoded by the operation's descriptor.
 */
export function decodeRequest(gate: XsdGate, xml: string, action: string | undefined): Decoded {
  if (action !== undefined && !isMockPrimitive(action)) {
    return {
      kind: 'fault',
      faultcode: 'soap:Client',
      faultstring: 'Unknown SOAPAction',
      detail: `SOAPAction "${action}" is not a paForNode primitive of this mock EC (${Object.keys(PA_FOR_NODE_OPERATIONS).join(', ')})`,
    };
  }
  const parsed = parseEnvelope(xml);
  if (parsed.kind !== 'parsed') return { kind: 'fault', faultcode: 'soap:Client', faultstring: 'Unreadable request', detail: parsed.detail };
  try {
    const el = parsed.bodyChild;
    const primitive = action ?? (el ? BY_REQUEST_ELEMENT.get(el.name) : undefined);
    if (primitive === undefined) {
      return { kind: 'fault', faultcode: 'soap:Client', faultstring: 'Unknown operation', detail: 'no SOAPAction, and the Body child is not a paForNode request' };
    }
    const op = PA_FOR_NODE_OPERATIONS[primitive];
    const o = el ? toObject(el) : undefined;
    const receipt = primitive === 'paSendRT' || primitive === 'paSendRTV2';
    const where = receipt ? 'receipt' : 'qrCode';
    const request: MockRequest = {
      primitive,
      idPA: lenient(o, ['idPA']),
      idBrokerPA: lenient(o, ['idBrokerPA']),
      idStation: lenient(o, ['idStation']),
      fiscalCode: lenient(o, [where, 'fiscalCode']),
      noticeNumber: lenient(o, [where, 'noticeNumber']),
    };
    const syntaxError =
      parsed.envelopeProblem ??
      (!el
        ? 'soapenv:Body is empty'
        : el.name !== op.request.element || el.namespaceUri !== op.iface.ns
          ? `Element '{${el.namespaceUri}}${el.name}': expected {${op.iface.ns}}${op.request.element} for ${primitive}`
          : gate.check(el));
    if (syntaxError !== undefined) request.syntaxError = syntaxError;
    else request.typed = typed(primitive, o!);
    return { kind: 'request', request };
  } finally {
    parsed.doc.dispose();
  }
}

function typed(primitive: MockPrimitive, o: XmlObject): TypedRequest {
  switch (primitive) {
    case 'paDemandPaymentNotice':
      return { primitive, req: PA_FOR_NODE_OPERATIONS[primitive].request.codec.decode(o) };
    case 'paVerifyPaymentNotice':
      return { primitive, req: PA_FOR_NODE_OPERATIONS[primitive].request.codec.decode(o) };
    case 'paGetPayment':
    case 'paGetPaymentV2':
      return { primitive, req: PA_FOR_NODE_OPERATIONS[primitive].request.codec.decode(o) };
    case 'paSendRT':
    case 'paSendRTV2':
      return { primitive, req: PA_FOR_NODE_OPERATIONS[primitive].request.codec.decode(o) };
  }
}

export interface PaaFault {
  faultCode: string;
  faultString: string;
  id: string;
  description?: string;
}

/** A KO answer's content (outcome + fault), the same for every paForNode response. */
export function koTree(f: PaaFault): XmlTree {
  const ko: Answer<never> = {
    outcome: 'KO',
    fault: { faultCode: f.faultCode, faultString: f.faultString, id: f.id, ...(f.description !== undefined ? { description: f.description } : {}) },
  };
  return encodeAnswer(PA_FOR_NODE_OPERATIONS.paSendRT, ko);
}

export function answerXml(primitive: MockPrimitive, tree: XmlTree): string {
  return rawAnswerXml(PA_FOR_NODE_OPERATIONS[primitive], tree);
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
  const path: Record<MockPrimitive, string[]> = {
    paDemandPaymentNotice: ['paymentList', 'paymentOptionDescription', 'allCCP'],
    paVerifyPaymentNotice: ['paymentList', 'paymentOptionDescription', 'allCCP'],
    paGetPayment: ['data', 'debtor'],
    paGetPaymentV2: ['data', 'debtor'],
    paSendRT: ['outcome'],
    paSendRTV2: ['outcome'],
  };
  return without(normal, path[primitive]);
}

function without(tree: XmlTree, path: string[]): XmlTree {
  const [first, ...rest] = path;
  return tree.filter(([n]) => rest.length > 0 || n !== first).map(([n, v]) => [n, n === first && Array.isArray(v) ? without(v, rest) : v]);
}
