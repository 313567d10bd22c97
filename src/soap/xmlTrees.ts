import type { MapEntry, Subject } from '../nodo/types';
import type { XmlObject } from './libxml';
import type { XmlTree } from './xmlWriter';

/**
 * XSD fragments every SOAP interface shares, in sequence order: ctSubject (debtor, payer) and ctMetadata.
 * The node's responses to PSPs, its receipts to ECs and the mock EC's answers all write them the same way,
 * and PSP requests and EC answers are read with the same ctSubject reader.
 */
export function subjectTree(s: Subject): XmlTree {
  return [
    [
      'uniqueIdentifier',
      [
        ['entityUniqueIdentifierType', s.entityUniqueIdentifierType],
        ['entityUniqueIdentifierValue', s.entityUniqueIdentifierValue],
      ],
    ],
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
  return m.map((e): [string, XmlTree] => [
    'mapEntry',
    [
      ['key', e.key],
      ['value', e.value],
    ],
  ]);
}

/** ctSubject read from an XSD-valid element (uniqueIdentifier and fullName are mandatory there). */
export function readSubject(o: XmlObject): Subject {
  const id = o.uniqueIdentifier![0] as XmlObject;
  const s: Subject = {
    entityUniqueIdentifierType: id.entityUniqueIdentifierType![0] as Subject['entityUniqueIdentifierType'],
    entityUniqueIdentifierValue: id.entityUniqueIdentifierValue![0] as string,
    fullName: o.fullName![0] as string,
  };
  for (const k of ['streetName', 'civicNumber', 'postalCode', 'city', 'stateProvinceRegion', 'country'] as const) {
    const v = o[k]?.[0];
    if (typeof v === 'string') s[k] = v;
  }
  const email = o['e-mail']?.[0];
  if (typeof email === 'string') s.email = email;
  return s;
}
