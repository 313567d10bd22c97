import type { MapEntry, Subject } from '../nodo/types';
import type { XmlTree } from './xmlWriter';

/**
 * XSD fragments every SOAP interface shares, in sequence order: ctSubject (debtor, payer) and ctMetadata.
 * The node's responses to PSPs, its receipts to ECs and the mock EC's answers all write them the same way.
 */
export function subjectTree(s: Subject): XmlTree {
  return [
    ['uniqueIdentifier', [['entityUniqueIdentifierType', s.entityUniqueIdentifierType], ['entityUniqueIdentifierValue', s.entityUniqueIdentifierValue]]],
    ['fullName', s.fullName],
    ['streetName', s.streetName],
    ['civicNumber', s.civicNumber],
    ['postalCode', s.postalCode],
    ['city', s.city],
    ['stateProvinceRegion', s.stateProvinceRegion],
    ['country', s.country],
    ['e-mail', s.email],
  ];
}

/** ctMetadata: absent when there is no entry (the XSD wants at least one mapEntry). */
export function metadataTree(m: MapEntry[] | undefined): XmlTree | undefined {
  if (!m || m.length === 0) return undefined;
  return m.map((e): [string, XmlTree] => ['mapEntry', [['key', e.key], ['value', e.value]]]);
}
