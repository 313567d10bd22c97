import fs from 'node:fs';
import path from 'node:path';
import { libxml, loadLibXml, type XmlElement } from './libxml';

export const XSD_DIR = path.resolve(__dirname, '../../../xsd');
export const WSDL_DIR = path.resolve(__dirname, '../../../wsdl');

/**
 * What the node's own endpoints validate: nodeForPsp.xsd, and for the `ws.pagamenti.telematici.gov`
 * namespace (the legacy PSP operations of nodeForPsp.wsdl, spec §1, and nodeForPa's reporting reads,
 * reporting.md §5.1) nodeForPa.xsd, which includes nodoPerPsp.xsd: one validator per namespace.
 */
export const NODE_FOR_PSP_XSDS = [path.join(XSD_DIR, 'nodeForPsp.xsd'), path.join(XSD_DIR, 'nodeForPa.xsd')];

/** Validates one element (the SOAP Body child) against our schemas, compiled once at start-up. */
export interface XsdGate {
  /** undefined when valid, else the first violation as libxml2 words it: element, facet and value. */
  check(el: XmlElement): string | undefined;
}

/**
 * One validator per schema file, picked by the element's namespace (each file's targetNamespace): a
 * schema has one target namespace, and an interface (nodeForPsp) may span two.
 */
export async function compileXsdGate(files: string | readonly string[] = NODE_FOR_PSP_XSDS): Promise<XsdGate> {
  await loadLibXml();
  const { XmlDocument, XsdValidator, XmlValidateError } = libxml();
  const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
  // lets libxml2 follow the schema's relative xsd:import of common-types.xsd from disk
  xmlRegisterFsInputProviders();
  const byNamespace = new Map<string, InstanceType<typeof XsdValidator>>();
  for (const file of typeof files === 'string' ? [files] : files) {
    const xsdDoc = XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
    const target = xsdDoc.root.attr('targetNamespace')?.value ?? '';
    byNamespace.set(target, XsdValidator.fromDoc(xsdDoc));
  }
  return {
    check(el) {
      const validator = byNamespace.get(el.namespaceUri);
      if (!validator) return `Element '{${el.namespaceUri}}${el.name}': no schema for this namespace`;
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
