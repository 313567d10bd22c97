/**
 * A tiny ordered-tree → XML writer for responses. Children are written in the order given (the codec
 * follows the XSD sequence) and unqualified; only the wrapper carries the namespace prefix.
 */
export type XmlValue = string | number | boolean | XmlTree | undefined;
/** Ordered children; a repeated element is simply several entries with the same name. */
export type XmlTree = [name: string, value: XmlValue][];

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeXml(s: string): string {
  return /[&<>"]/.test(s) ? s.replace(/[&<>"]/g, (c) => ESC[c]) : s;
}

export function writeTree(tree: XmlTree, out: string[]): void {
  for (const [name, value] of tree) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      out.push(`<${name}>`);
      writeTree(value, out);
      out.push(`</${name}>`);
    } else {
      out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
    }
  }
}

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NODE_FOR_PSP_NS = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';

/** A response envelope: `<nfpsp:wrapper>` in the nodeForPsp namespace, as the node writes it. */
export function responseEnvelope(wrapper: string, body: XmlTree): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:nfpsp="${NODE_FOR_PSP_NS}"><soapenv:Body><nfpsp:${wrapper}>`,
  ];
  writeTree(body, out);
  out.push(`</nfpsp:${wrapper}></soapenv:Body></soapenv:Envelope>`);
  return out.join('');
}

export const PA_FOR_NODE_NS = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';

/**
 * A paForNode envelope `<pafn:wrapper>`: the node's requests to EC stations and the mock EC's answers.
 * The SOAP Header is empty, as the real node sends it.
 */
export function paForNodeEnvelope(wrapper: string, body: XmlTree): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:pafn="${PA_FOR_NODE_NS}"><soapenv:Header/><soapenv:Body><pafn:${wrapper}>`,
  ];
  writeTree(body, out);
  out.push(`</pafn:${wrapper}></soapenv:Body></soapenv:Envelope>`);
  return out.join('');
}

/** spec §6.4: the only SOAP Fault shape the node emits. */
export function soapFault(faultcode: string, faultstring: string, detail?: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_ENV_NS}"><soap:Body><soap:Fault>` +
    `<faultcode>${escapeXml(faultcode)}</faultcode><faultstring>${escapeXml(faultstring)}</faultstring>` +
    (detail !== undefined ? `<detail>${escapeXml(detail)}</detail>` : '') +
    `</soap:Fault></soap:Body></soap:Envelope>`
  );
}
