import fs from 'node:fs';
import path from 'node:path';
import { libxml, loadLibXml, type XmlDocument } from './libxml';
import { XSD_DIR } from './xsdGate';

/**
 * The digital stamp document (xsd/MarcaDaBollo.xsd, which imports our xmldsig-core.xsd): the XML a PSP
 * sends base64-encoded in sendPaymentOutcomeV2's MBDAttachment. Compiled once; checking a stamp parses
 * and validates one small document (a few hundred microseconds).
 */
export interface StampSchema {
  /** undefined when `bytes` is a stamp document valid against the schema, else why it is not. */
  check(bytes: Uint8Array): string | undefined;
}

// Stamps are a root element with no DOCTYPE: refusing declarations outright rules out XXE and entity
// bombs, as for the SOAP envelope. Read as latin1 (every ASCII-compatible encoding) and as UTF-16.
const DTD = /<!(DOCTYPE|ENTITY)/i;

let compiled: Promise<StampSchema> | undefined;

/** The compiled schema; the first call compiles it (start-up awaits it, so a broken schema stops the start). */
export function stampSchema(): Promise<StampSchema> {
  compiled ??= compile(path.join(XSD_DIR, 'MarcaDaBollo.xsd'));
  return compiled;
}

async function compile(file: string): Promise<StampSchema> {
  await loadLibXml();
  const { XmlDocument, XsdValidator, XmlValidateError, ParseOption } = libxml();
  const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
  // lets libxml2 follow the schema's relative xsd:import of xmldsig-core.xsd from disk
  xmlRegisterFsInputProviders();
  const validator = XsdValidator.fromDoc(XmlDocument.fromBuffer(fs.readFileSync(file), { url: file }));
  return {
    check(bytes) {
      if (bytes.length === 0) return 'the stamp is empty';
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (DTD.test(buf.toString('latin1')) || DTD.test(buf.toString('utf16le'))) return 'DOCTYPE and ENTITY declarations are not allowed';
      let doc: XmlDocument;
      try {
        doc = XmlDocument.fromBuffer(bytes, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
      } catch (err) {
        const d = (err as { details?: { message: string; line: number; col: number }[] }).details?.[0];
        return `not well-formed XML: ${d ? `${d.message.trim()} (line ${d.line}, column ${d.col})` : (err as Error).message}`;
      }
      try {
        validator.validate(doc);
        return undefined;
      } catch (err) {
        if (err instanceof XmlValidateError) return (err.details[0]?.message ?? err.message).trim();
        throw err;
      } finally {
        doc.dispose();
      }
    },
  };
}
