import { SOAP_ENV_NS, writeTree, type XmlTree } from '../../soap/xmlWriter';
import { PAF_NS } from './request';

/**
 * The wire of pagoPA's mock EC: its answers are templates with the prefixes `soapenv:` and `paf:`, sent
 * by Express `res.send(string)`, hence `text/html; charset=utf-8` and no XML declaration.
 */
export const EXPRESS_TEXT = 'text/html; charset=utf-8';

/** What a request gets: a status, a body, and how long to hold it first. */
export interface PagopaAnswer {
  status: number;
  body: string;
  delayMs?: number;
}

/** `<paf:{element}>` in a soapenv envelope, its content written in the given (XSD) order. */
export function pafEnvelope(element: string, tree: XmlTree): string {
  const out = [`<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:paf="${PAF_NS}"><soapenv:Header/><soapenv:Body><paf:${element}>`];
  writeTree(tree, out);
  out.push(`</paf:${element}></soapenv:Body></soapenv:Envelope>`);
  return out.join('');
}

/** The text of pagoPA's mock when its handler throws (an unmatched paGetPaymentV2, a queued `<irraggiungibile>`). */
export const CRASH = 'Internal Server Error :( ';
