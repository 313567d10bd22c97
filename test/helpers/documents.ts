import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { available, narrowedWithout, REFERENCE_DIR } from './crossChecks';
import { validateWithXerces } from './xerces';
import { assertValidDocument } from './xsd';

/**
 * The documents some answers carry as base64 (the service catalogue, the informativa documents): decoded,
 * then validated against pagoPA's official schema by libxml2 and, with Java, by Xerces as well. The
 * project has no copy of these schemas (they are pagoPA's): without ../shared/reference the validation
 * is skipped and reported at the end of the run, and the tests still check the content.
 */
export const OFFICIAL_DOCUMENT_XSD = {
  catalogoServizi: path.join(REFERENCE_DIR, 'pagopa-api/xsd-common/CatalogoServizi_2_0_0.xsd'),
  catalogoDatiInformativi: path.join(REFERENCE_DIR, 'pagopa-api/xsd-common/CatalogoDatiInformativi.xsd'),
  templateInformativa: path.join(REFERENCE_DIR, 'pagopa-api/xsd-common/TemplateInformativa_1_0_11.xsd'),
};

export async function decodeAndValidate(base64: unknown, xsd: string): Promise<string> {
  if (typeof base64 !== 'string' || base64 === '') throw new Error(`expected a base64 document, got ${JSON.stringify(base64)}`);
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  if (narrowedWithout('reference')) return xml;
  await assertValidDocument(xml, xsd);
  if (available('java')) {
    const verdict = await validateWithXerces(xml, xsd);
    if (!verdict.valid) throw new Error(`Xerces: not valid against ${xsd}:\n${verdict.messages.join('\n')}\n${xml}`);
  } else {
    narrowedWithout('java');
  }
  return xml;
}

/** A document as data, namespace prefixes dropped, repeated elements always arrays (`isArray` names them). */
export function parseDocument(xml: string, repeated: readonly string[]): Record<string, unknown> {
  const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true, isArray: (name) => repeated.includes(name) });
  return parser.parse(xml) as Record<string, unknown>;
}
