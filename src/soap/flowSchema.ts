import fs from 'node:fs';
import path from 'node:path';
import { libxml, loadLibXml, toObject, type XmlDocument, type XmlObject } from './libxml';
import { XSD_DIR } from './xsdGate';

/**
 * The reporting flow document (xsd/FlussoRiversamento.xsd, the node's variant accepting codes 0|3|4|8|9): what
 * a PSP sends base64-encoded in nodoInviaFlussoRendicontazione (spec reporting.md §5.3 step 7, §5.4).
 * Compiled once; a valid document comes back as data (local names, as the SOAP bodies), so the primitive
 * never sees XML.
 */
export interface FlowSchema {
  /** the document as data when valid, else the validator's (or the parser's) message */
  check(bytes: Uint8Array): { ok: true; flow: XmlObject; root: string } | { ok: false; message: string };
}

// as for stamps and the envelope: no DOCTYPE, so no XXE and no entity bombs
const DTD = /<!(DOCTYPE|ENTITY)/i;

let compiled: Promise<FlowSchema> | undefined;

/** The compiled schema; the first call compiles it (start-up awaits it, so a broken schema stops the start). */
export function flowSchema(): Promise<FlowSchema> {
  compiled ??= compile(path.join(XSD_DIR, 'FlussoRiversamento.xsd'));
  return compiled;
}

async function compile(file: string): Promise<FlowSchema> {
  await loadLibXml();
  const { XmlDocument, XsdValidator, XmlValidateError, ParseOption } = libxml();
  const validator = XsdValidator.fromDoc(XmlDocument.fromBuffer(fs.readFileSync(file), { url: file }));
  return {
    check(bytes) {
      if (bytes.length === 0) return { ok: false, message: 'xmlRendicontazione is empty' };
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (DTD.test(buf.toString('latin1'))) return { ok: false, message: 'DOCTYPE and ENTITY declarations are not allowed' };
      let doc: XmlDocument;
      try {
        doc = XmlDocument.fromBuffer(bytes, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
      } catch (err) {
        const d = (err as { details?: { message: string; line: number; col: number }[] }).details?.[0];
        return { ok: false, message: `not well-formed XML: ${d ? `${d.message.trim()} (line ${d.line}, column ${d.col})` : (err as Error).message}` };
      }
      try {
        validator.validate(doc);
        return { ok: true, flow: toObject(doc.root), root: doc.root.name };
      } catch (err) {
        if (err instanceof XmlValidateError) return { ok: false, message: (err.details[0]?.message ?? err.message).trim() };
        throw err;
      } finally {
        doc.dispose();
      }
    },
  };
}
