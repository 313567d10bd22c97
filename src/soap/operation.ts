import type { FaultBean } from '../nodo/faults';
import type { NodoContext } from '../nodo/context';
import { optEnum, optObj, optStr, optInt, str } from './fields';
import type { XmlObject } from './libxml';
import { NODE_FOR_PSP_NS, SOAP_ENV_NS, writeTree, type XmlTree } from './xmlWriter';

/**
 * One SOAP operation described once (ARCHITECTURE "one descriptor per SOAP operation"): its names, the
 * codecs of its request and response payloads, and the journal keys. The same descriptor serves whoever
 * stands on either side of the wire: the node's own endpoints (decode request, encode response), the
 * node's calls to EC stations (encode request, decode answer), the mock EC (decode request, encode
 * answer), receipts, and the checkout's in-process PSP.
 */
export interface SoapInterface {
  readonly name: 'nodeForPsp' | 'nodoPerPsp' | 'nodeForPa' | 'paForNode';
  readonly ns: string;
  /** the prefix this emulator writes for the interface namespace */
  readonly prefix: string;
}

export const NODE_FOR_PSP: SoapInterface = { name: 'nodeForPsp', ns: NODE_FOR_PSP_NS, prefix: 'nfpsp' };
/**
 * The legacy operations nodeForPsp.wsdl still declares (nodoInviaFlussoRendicontazione,
 * nodoChiediInformativaPA, nodoChiediTemplateInformativaPSP): their elements live in the old
 * `ws.pagamenti.telematici.gov` namespace (pagoPA's nodoPerPsp.xsd, our xsd/nodoPerPsp.xsd), spec §1.
 */
export const NODO_PER_PSP: SoapInterface = { name: 'nodoPerPsp', ns: 'http://ws.pagamenti.telematici.gov/', prefix: 'ppt' };
/**
 * nodeForPa, the EC's reporting reads (nodoChiediElencoFlussiRendicontazione, nodoChiediFlussoRendicontazione):
 * the same `ws.pagamenti.telematici.gov` namespace as the legacy PSP operations (reporting.md §5.1), so one
 * schema (xsd/nodeForPa.xsd, which includes nodoPerPsp.xsd) validates both.
 */
export const NODE_FOR_PA: SoapInterface = { name: 'nodeForPa', ns: 'http://ws.pagamenti.telematici.gov/', prefix: 'ppt' };
export const PA_FOR_NODE: SoapInterface = { name: 'paForNode', ns: 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd', prefix: 'pafn' };

/** decode(XSD-valid element as data) → typed; encode(typed) → children in the XSD's sequence order. */
export interface Codec<T> {
  decode(o: XmlObject): T;
  encode(v: T): XmlTree;
}

/**
 * Where the journal's indexed keys are in a request, as paths of element names; read leniently, so a
 * request that failed the XSD is still found by PSP, notice or token.
 */
export interface KeyPaths {
  idPSP?: readonly string[];
  idChannel?: readonly string[];
  fiscalCode?: readonly string[];
  noticeNumber?: readonly string[];
  token?: readonly string[];
  station?: readonly string[];
}

/** Journal fields only the typed response knows (an activation's token, a demanded notice, the pending-notice hint). */
export interface AnswerKeys {
  token?: string;
  /** the EC, when the request does not name it (verificaBollettino names a postal account) */
  fiscalCode?: string;
  noticeNumber?: string;
  debtorOpenNotices?: number;
  debtorOpenAmountCents?: number;
}

/**
 * How a response wraps its payload (spec §6.1). `ctResponse`, the new model's: `outcome` OK|KO, then
 * `fault?`, then the payload. `risposta`, the legacy one (nodoPerPsp.xsd): `fault?` first, then `esito`
 * OK|KO when the type has one (nodoInviaFlussoRendicontazioneRisposta), then the payload; no outcome.
 */
export type ResponseStyle = { readonly kind: 'ctResponse' } | { readonly kind: 'risposta'; readonly esito: boolean };
export const CT_RESPONSE: ResponseStyle = { kind: 'ctResponse' };

export interface Operation<Req, Res> {
  /** = SOAPAction = WSDL operation name */
  readonly name: string;
  /** the namespace (and our prefix) of the wrapper elements */
  readonly iface: SoapInterface;
  readonly request: { readonly element: string; readonly codec: Codec<Req> };
  /** the payload after outcome/fault (or fault/esito); a KO answer carries no payload */
  readonly response: { readonly element: string; readonly codec: Codec<Res> };
  /** absent: ctResponse */
  readonly style?: ResponseStyle;
  readonly keys: KeyPaths;
  readonly answerKeys?: (res: Res) => AnswerKeys;
}

export function defineOperation<Req, Res>(op: Operation<Req, Res>): Operation<Req, Res> {
  return op;
}

/**
 * A response, typed: OK with the payload, or KO with a fault bean and nothing else. ctResponse writes it
 * as outcome OK|KO; the legacy risposta as the fault's presence (and esito, where the type has one).
 */
export type Answer<Res> = { outcome: 'OK'; value: Res } | { outcome: 'KO'; fault: FaultBean };

export function faultTree(f: FaultBean): XmlTree {
  return [
    ['faultCode', f.faultCode],
    ['faultString', f.faultString],
    ['id', f.id],
    ['description', f.description],
    ['serial', f.serial],
    ['originalFaultCode', f.originalFaultCode],
    ['originalFaultString', f.originalFaultString],
    ['originalDescription', f.originalDescription],
  ];
}

export function readFault(o: XmlObject): FaultBean {
  const f: FaultBean = { faultCode: str(o, 'faultCode'), faultString: str(o, 'faultString'), id: str(o, 'id') };
  const description = optStr(o, 'description');
  if (description !== undefined) f.description = description;
  const serial = optInt(o, 'serial');
  if (serial !== undefined) f.serial = serial;
  for (const k of ['originalFaultCode', 'originalFaultString', 'originalDescription'] as const) {
    const v = optStr(o, k);
    if (v !== undefined) f[k] = v;
  }
  return f;
}

/** The one renderer of an answer, in the operation's response style: the payload only on OK. */
export function encodeAnswer<Req, Res>(op: Operation<Req, Res>, a: Answer<Res>): XmlTree {
  if (a.outcome === 'KO') return koTree(op, a.fault);
  const style = op.style ?? CT_RESPONSE;
  const head: XmlTree = style.kind === 'ctResponse' ? [['outcome', 'OK']] : style.esito ? [['esito', 'OK']] : [];
  return [...head, ...op.response.codec.encode(a.value)];
}

/** A KO in the operation's response style; needs no codec, so the pipeline renders it for any descriptor. */
export function koTree(op: Pick<OperationInfo, 'style'>, fault: FaultBean): XmlTree {
  const style = op.style ?? CT_RESPONSE;
  if (style.kind === 'ctResponse') {
    return [
      ['outcome', 'KO'],
      ['fault', faultTree(fault)],
    ];
  }
  return [
    ['fault', faultTree(fault)],
    ['esito', style.esito ? 'KO' : undefined],
  ];
}

/**
 * An answer read back. A KO is KO whatever else it carries; a KO without fault bean (which the XSD
 * allows) gets an empty one, and the reader of a station's answer decides what that means.
 */
export function decodeAnswer<Req, Res>(op: Operation<Req, Res>, o: XmlObject): Answer<Res> {
  // a risposta has no outcome: a fault bean is the KO
  const ko = (op.style ?? CT_RESPONSE).kind === 'ctResponse' ? optEnum(o, 'outcome') === 'KO' : optObj(o, 'fault') !== undefined;
  if (ko) {
    const f = optObj(o, 'fault');
    return { outcome: 'KO', fault: f ? readFault(f) : { faultCode: '', faultString: '', id: '' } };
  }
  return { outcome: 'OK', value: op.response.codec.decode(o) };
}

/** `<prefix:wrapper>` in the interface namespace; paForNode messages carry an empty Header, as the real node sends them. */
export function envelope(iface: SoapInterface, wrapper: string, body: XmlTree): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:${iface.prefix}="${iface.ns}">${iface === PA_FOR_NODE ? '<soapenv:Header/>' : ''}<soapenv:Body><${iface.prefix}:${wrapper}>`,
  ];
  writeTree(body, out);
  out.push(`</${iface.prefix}:${wrapper}></soapenv:Body></soapenv:Envelope>`);
  return out.join('');
}

export const requestXml = <Req, Res>(op: Operation<Req, Res>, req: Req): string => envelope(op.iface, op.request.element, op.request.codec.encode(req));
export const answerXml = <Req, Res>(op: Operation<Req, Res>, a: Answer<Res>): string => envelope(op.iface, op.response.element, encodeAnswer(op, a));
/** an answer whose content is given as is (the mock EC's `invalid` override) */
export const rawAnswerXml = (op: OperationInfo, tree: XmlTree): string => envelope(op.iface, op.response.element, tree);

/** What the pipeline needs of a descriptor besides its codecs: names, response style and journal keys. */
export type OperationInfo = Pick<Operation<unknown, unknown>, 'name' | 'iface' | 'keys' | 'style'> & {
  readonly request: { readonly element: string };
  readonly response: { readonly element: string };
};

/**
 * A descriptor bound to the primitive that serves it: the dispatch table's entry. The generic ties the
 * primitive's request and response types to the descriptor's, so the pipeline calls it without casts.
 */
export interface Bound {
  readonly op: OperationInfo;
  run(ctx: NodoContext, o: XmlObject): Promise<{ tree: XmlTree; keys: AnswerKeys }>;
}

export function bind<Req, Res>(op: Operation<Req, Res>, handler: (ctx: NodoContext, req: Req) => Promise<Res>): Bound {
  return {
    op,
    async run(ctx, o) {
      const res = await handler(ctx, op.request.codec.decode(o));
      return { tree: encodeAnswer(op, { outcome: 'OK', value: res }), keys: op.answerKeys?.(res) ?? {} };
    },
  };
}
