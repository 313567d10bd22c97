import { parseAmount } from '../nodo/money';
import type { XmlObject } from './libxml';

/**
 * Typed field readers over a Body child turned into data (libxml.ts toObject), one per XSD type, each
 * applying its type's whiteSpace facet (XSD Part 2 §4.3.6): xs:string and its restrictions preserve the
 * value as written; xs:decimal, xs:int/integer, xs:boolean, xs:date/dateTime collapse it, so
 * `<amount> 10.00\n</amount>` is the amount 10.00. Those types admit no inner blank, so collapsing is
 * trimming XML's four whitespace characters (not JavaScript's wider trim()).
 *
 * Readers trust the structure (the XSD gate ran first): `req*` read a mandatory field, `opt*` give
 * undefined when the element is absent. Lenient readers (`leafAt`) read possibly invalid requests.
 */
const XML_BLANKS = /^[ \t\r\n]+|[ \t\r\n]+$/g;

export function collapse(s: string): string {
  // the common case (no surrounding blank) costs one char test at each end, no regex
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return first > 32 && last > 32 ? s : s.replace(XML_BLANKS, '');
}

const leaf = (o: XmlObject, name: string): string | undefined => {
  const v = o[name]?.[0];
  return typeof v === 'string' ? v : undefined;
};

// ---- xs:string and its restrictions (patterns, enumerations): preserve --------------------------------
export const str = (o: XmlObject, name: string): string => leaf(o, name) ?? '';
export const optStr = (o: XmlObject, name: string): string | undefined => leaf(o, name);
/** an xs:string enumeration: the gate checked the value against the list, so the cast is the XSD's word */
export const enumOf = <T extends string>(o: XmlObject, name: string): T => str(o, name) as T;
export const optEnum = <T extends string>(o: XmlObject, name: string): T | undefined => leaf(o, name) as T | undefined;

// ---- collapsed types ------------------------------------------------------------------------------------
/** stAmount / stAmountNotZero (xs:decimal, pattern \d+\.\d{2}) → integer cents through the one money codec */
export const amount = (o: XmlObject, name: string): number => parseAmount(collapse(str(o, name)));
export const optAmount = (o: XmlObject, name: string): number | undefined => {
  const v = leaf(o, name);
  return v === undefined ? undefined : parseAmount(collapse(v));
};
/** xs:int / xs:integer (a leading + is allowed there: Number() reads it) */
export const int = (o: XmlObject, name: string): number => Number(collapse(str(o, name)));
export const optInt = (o: XmlObject, name: string): number | undefined => {
  const v = leaf(o, name);
  return v === undefined ? undefined : Number(collapse(v));
};
/** xs:boolean: true, false, 1, 0 */
export const bool = (o: XmlObject, name: string): boolean => isTrue(collapse(str(o, name)));
export const optBool = (o: XmlObject, name: string): boolean | undefined => {
  const v = leaf(o, name);
  return v === undefined ? undefined : isTrue(collapse(v));
};
const isTrue = (s: string) => s === 'true' || s === '1';
/** xs:date / xs:dateTime, kept as the collapsed lexical form */
export const date = (o: XmlObject, name: string): string => collapse(str(o, name));
export const optDate = (o: XmlObject, name: string): string | undefined => {
  const v = leaf(o, name);
  return v === undefined ? undefined : collapse(v);
};

// ---- structure -----------------------------------------------------------------------------------------
export const obj = (o: XmlObject, name: string): XmlObject => optObj(o, name) ?? {};
export const optObj = (o: XmlObject, name: string): XmlObject | undefined => {
  const v = o[name]?.[0];
  return typeof v === 'object' ? v : undefined;
};
/** every occurrence of a repeated complex element (absent: none) */
export const list = (o: XmlObject | undefined, name: string): XmlObject[] => (o?.[name] ?? []).filter((v): v is XmlObject => typeof v === 'object');
/** every occurrence of a repeated simple element */
export const strings = (o: XmlObject | undefined, name: string): string[] => (o?.[name] ?? []).filter((v): v is string => typeof v === 'string');

/**
 * A leaf along a path of element names, read leniently from a request that may be XSD-invalid (journal
 * keys, the mock EC's history): anything that is not text where text is expected is undefined.
 */
export function leafAt(o: XmlObject | undefined, path: readonly string[]): string | undefined {
  let cur: string | XmlObject | undefined = o;
  for (const name of path) {
    if (cur === undefined || typeof cur === 'string') return undefined;
    // own properties only: an element named like an Object.prototype member is no key
    if (!Object.prototype.hasOwnProperty.call(cur, name)) return undefined;
    cur = cur[name]?.[0];
  }
  return typeof cur === 'string' ? cur : undefined;
}
