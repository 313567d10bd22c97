import fs from 'node:fs';
import path from 'node:path';
import { libxml, loadLibXml, type XmlElement } from './libxml';

export const XSD_DIR = path.resolve(__dirname, '../../../xsd');
export const WSDL_DIR = path.resolve(__dirname, '../../../wsdl');

/** Validates one element (the SOAP Body child) against our nodeForPsp.xsd, compiled once at start-up. */
export interface XsdGate {
  /** undefined when valid, else the first violation as libxml2 words it: element, facet and value. */
  check(el: XmlElement): string | undefined;
}

export async function compileXsdGate(file = path.join(XSD_DIR, 'nodeForPsp.xsd')): Promise<XsdGate> {
  await loadLibXml();
  const { XmlDocument, XsdValidator, XmlValidateError } = libxml();
  const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
  // lets libxml2 follow the schema's relative xsd:import of common-types.xsd from disk
  xmlRegisterFsInputProviders();
  const xsdDoc = XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
  const validator = XsdValidator.fromDoc(xsdDoc);
  return {
    check(el) {
      try {
        validator.validate(el);
        return undefined;
      } catch (err) {
        if (err instanceof XmlValidateError) {
          const first = err.details[0]?.message ?? err.message;
          return first.trim();
        }
        throw err;
      }
    },
  };
}
