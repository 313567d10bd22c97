import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './server';

type LibXml = typeof import('libxml2-wasm', { with: { 'resolution-mode': 'import' } });

/**
 * Every response a test sees goes through here: the Body child is validated against the official
 * nodeForPsp.xsd in ../shared/reference (our own xsd/ only when the reference folder is absent).
 */
export const REFERENCE_XSD = path.resolve(ROOT, '../shared/reference/pagopa-api/wsdl/xsd/nodeForPsp.xsd');
export const OWN_XSD = path.join(ROOT, 'xsd/nodeForPsp.xsd');
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const NODE_NS = 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd';

// jest runs test files as CommonJS; libxml2-wasm is ESM with top-level await (needs --experimental-vm-modules)
const importEsm = new Function('s', 'return import(s)') as (s: string) => Promise<unknown>;

let loaded: Promise<{ lib: LibXml; validator: InstanceType<LibXml['XsdValidator']> }> | undefined;

function load() {
  loaded ??= (async () => {
    const lib = (await importEsm('libxml2-wasm')) as LibXml;
    const nodejs = (await importEsm('libxml2-wasm/lib/nodejs.mjs')) as { xmlRegisterFsInputProviders(): boolean };
    nodejs.xmlRegisterFsInputProviders();
    const file = fs.existsSync(REFERENCE_XSD) ? REFERENCE_XSD : OWN_XSD;
    const validator = lib.XsdValidator.fromDoc(lib.XmlDocument.fromBuffer(fs.readFileSync(file), { url: file }));
    return { lib, validator };
  })();
  return loaded;
}

export interface CheckedResponse {
  /** local name of the Body child, e.g. verifyPaymentNoticeRes, or Fault */
  element: string;
  isFault: boolean;
}

/**
 * Asserts the response is a SOAP 1.1 envelope whose Body child is XSD-valid against the official schema
 * (or a SOAP Fault, which the official schema does not describe). Throws with the validator's message.
 */
export async function assertValidResponse(xml: string): Promise<CheckedResponse> {
  const { lib, validator } = await load();
  const doc = lib.XmlDocument.fromString(xml);
  try {
    const root = doc.root;
    if (root.name !== 'Envelope' || root.namespaceUri !== SOAP_ENV) throw new Error(`response root is not a SOAP 1.1 Envelope: ${xml.slice(0, 200)}`);
    const body = doc.get(`/*/*[local-name()='Body' and namespace-uri()='${SOAP_ENV}']`) as InstanceType<LibXml['XmlElement']> | null;
    if (!body) throw new Error('response has no soap Body');
    let child: InstanceType<LibXml['XmlElement']> | undefined;
    for (let n = body.firstChild; n; n = n.next) if (n instanceof lib.XmlElement) { child = n; break; }
    if (!child) throw new Error('response Body is empty');
    if (child.name === 'Fault' && child.namespaceUri === SOAP_ENV) return { element: 'Fault', isFault: true };
    if (child.namespaceUri !== NODE_NS) throw new Error(`response element ${child.name} is in namespace ${child.namespaceUri}`);
    try {
      validator.validate(child);
    } catch (err) {
      const details = (err as { details?: { message: string }[] }).details?.map((d) => d.message.trim()).join('\n');
      throw new Error(`response is not valid against ${path.basename(REFERENCE_XSD)}:\n${details ?? (err as Error).message}\n${xml}`);
    }
    return { element: child.name, isFault: false };
  } finally {
    doc.dispose();
  }
}
