/**
 * A tiny ordered-tree → XML writer. Children are written in the order given (the descriptors follow the
 * XSD sequence) and unqualified; only the wrapper carries the namespace prefix (soap/operation.ts envelope).
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

/**
 * A standalone document (the base64 payloads of the catalogue and informativa answers): an XML
 * declaration and `root`, in namespace `ns` through prefix `prefix` when given (children stay
 * unqualified, as elementFormDefault unqualified wants), in no namespace otherwise.
 */
export function xmlDocument(root: string, tree: XmlTree, ns?: { prefix: string; uri: string }): string {
  const tag = ns ? `${ns.prefix}:${root}` : root;
  const out = [`<?xml version="1.0" encoding="UTF-8"?><${tag}${ns ? ` xmlns:${ns.prefix}="${ns.uri}"` : ''}>`];
  writeTree(tree, out);
  out.push(`</${tag}>`);
  return out.join('');
}

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NODE_FOR_PSP_NS = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';

/** spec §6.4: the only SOAP Fault shape the node emits. */
export function soapFault(faultcode: string, faultstring: string, detail?: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_ENV_NS}"><soap:Body><soap:Fault>` +
    `<faultcode>${escapeXml(faultcode)}</faultcode><faultstring>${escapeXml(faultstring)}</faultstring>` +
    (detail !== undefined ? `<detail>${escapeXml(detail)}</detail>` : '') +
    `</soap:Fault></soap:Body></soap:Envelope>`
  );
}
