import fs from 'node:fs';
import path from 'node:path';
import { libxml, toObject, type XmlDocument, type XmlObject } from './libxml';

/**
 * `datiSpecificiServizio` of a spontaneous payment (demandPaymentNotice, spec §3.6): base64 of an XML
 * document that the service's XSD (catalogue `xsdRiferimento`) defines. Read as the node reads the other
 * documents it carries in base64 (stamps, RPT/RT): decoded, parsed without DTDs or network, validated
 * against its schema, then handed on as data. Whoever reads it (the node, the archive backend, the mock
 * EC) gets the same answer from here.
 */
export interface ServiceDocument {
  /** the root element's local name and namespace: which kind of document it is */
  rootName: string;
  namespaceUri: string;
  data: XmlObject;
}

export type ServiceDataResult = { ok: true; document: ServiceDocument } | { ok: false; problem: string };

// as envelope.ts: no DOCTYPE or ENTITY anywhere, which rules out XXE and entity expansion
const DTD = /<!(DOCTYPE|ENTITY)/i;
const XML_BLANKS = /[ \t\r\n]/g;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function readServiceData(base64: string, xsdFile: string): ServiceDataResult {
  // xs:base64Binary collapses whitespace: a PSP may wrap the text in lines
  const text = base64.replace(XML_BLANKS, '');
  if (!text) return { ok: false, problem: 'datiSpecificiServizio is empty: it must be the base64 of an XML document' };
  if (!BASE64.test(text)) return { ok: false, problem: 'datiSpecificiServizio is not base64' };
  const bytes = Buffer.from(text, 'base64');
  if (DTD.test(bytes.toString('latin1'))) return { ok: false, problem: 'datiSpecificiServizio: DOCTYPE and ENTITY declarations are not allowed' };
  const { XmlDocument, ParseOption, XmlValidateError } = libxml();
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NOBLANKS });
  } catch (err) {
    const d = (err as { details?: { message: string; line: number; col: number }[] }).details?.[0];
    return { ok: false, problem: `datiSpecificiServizio is not an XML document: ${d ? `${d.message.trim()} (line ${d.line}, column ${d.col})` : (err as Error).message}` };
  }
  try {
    try {
      validatorFor(xsdFile).validate(doc);
    } catch (err) {
      if (!(err instanceof XmlValidateError)) throw err;
      const first = err.details[0]?.message ?? err.message;
      return { ok: false, problem: `datiSpecificiServizio is not valid against ${path.basename(xsdFile)}: ${first.trim()}` };
    }
    const root = doc.root;
    return { ok: true, document: { rootName: root.name, namespaceUri: root.namespaceUri, data: toObject(root) } };
  } finally {
    doc.dispose();
  }
}

type Validator = ReturnType<LibXmlXsd['fromDoc']>;
type LibXmlXsd = ReturnType<typeof libxml>['XsdValidator'];

/**
 * Each service XSD compiled once, on first use (libxml2 is loaded at start-up by the XSD gates, which also
 * register the file input providers that resolve its imports). A schema file changed on disk (a new
 * registry pointing at an edited file) is compiled again.
 */
const validators = new Map<string, { mtimeMs: number; validator: Validator }>();

function validatorFor(file: string): Validator {
  const mtimeMs = fs.statSync(file).mtimeMs;
  const known = validators.get(file);
  if (known && known.mtimeMs === mtimeMs) return known.validator;
  const { XmlDocument, XsdValidator } = libxml();
  const xsdDoc = XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
  let validator: Validator;
  try {
    validator = XsdValidator.fromDoc(xsdDoc);
  } catch (err) {
    xsdDoc.dispose();
    throw new Error(`the service schema ${file} cannot be compiled: ${(err as Error).message}`, { cause: err });
  }
  known?.validator.dispose();
  validators.set(file, { mtimeMs, validator });
  return validator;
}

/** The text of the first element with this local name at any depth (the service documents nest little). */
export function findText(o: XmlObject, name: string): string | undefined {
  for (const [k, values] of Object.entries(o)) {
    for (const v of values) {
      if (k === name && typeof v === 'string') return v;
      if (typeof v === 'object') {
        const found = findText(v, name);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}
