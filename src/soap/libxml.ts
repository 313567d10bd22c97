/**
 * libxml2-wasm is an ES module with top-level await; this CommonJS build loads it once, at start-up,
 * through a real dynamic import (TypeScript's Node16 module mode keeps `import()` as is).
 */
export type LibXml = typeof import('libxml2-wasm', { with: { 'resolution-mode': 'import' } });
export type XmlElement = import('libxml2-wasm', { with: { 'resolution-mode': 'import' } }).XmlElement;
export type XmlDocument = import('libxml2-wasm', { with: { 'resolution-mode': 'import' } }).XmlDocument;
type Raw = typeof import('libxml2-wasm/lib/libxml2.mjs', { with: { 'resolution-mode': 'import' } });

let loaded: LibXml | undefined;
let raw: Raw | undefined;

export async function loadLibXml(): Promise<LibXml> {
  loaded ??= await import('libxml2-wasm');
  // the node structs, read directly: see elementPointers below (libxml2-wasm is pinned, 0.7.2)
  raw ??= await import('libxml2-wasm/lib/libxml2.mjs');
  return loaded;
}

export function libxml(): LibXml {
  if (!loaded) throw new Error('libxml2-wasm not loaded: call loadLibXml() at start-up');
  return loaded;
}

/**
 * A Body child turned into plain data: every child element name maps to its occurrences, in order.
 * Built without a prototype: names come from the wire, and `constructor`, `__proto__` or `toString`
 * must be ordinary keys, not Object.prototype's members.
 */
export interface XmlObject {
  [localName: string]: (string | XmlObject)[];
}

const ELEMENT_NODE = 1;
const ptrOf = (el: XmlElement): number => (el as unknown as { _nodePtr: number })._nodePtr;

/**
 * Child elements, as node pointers, in document order. Why not `firstChild`/`next`: libxml2-wasm wraps a
 * processing instruction in a class without `next` (it is not an XmlTreeNode), so a walk through the
 * wrappers stopped at the first `<?pi?>` and lost every element after it. Pointers walk every sibling
 * whatever its type, and skip the wrapper allocation per text, comment and PI node on this hot path.
 */
function elementPointers(parent: number, R: Raw): number[] {
  const out: number[] = [];
  for (let p = R.XmlNodeStruct.children(parent); p; p = R.XmlNodeStruct.next(p)) if (R.XmlNodeStruct.type(p) === ELEMENT_NODE) out.push(p);
  return out;
}

/**
 * Element → XmlObject; a leaf element becomes its text. Children are unqualified, so local names suffice.
 * Comments and PIs are ignored wherever they are, as the XSD ignores them: between elements they are
 * skipped, and a leaf's text is its text nodes joined (xmlNodeGetContent), so `10<!--c-->.00` reads
 * `10.00`, the value the XSD gate validated.
 */
export function toObject(el: XmlElement): XmlObject {
  const v = convert(ptrOf(el), raw!);
  return typeof v === 'string' ? Object.create(null) : v;
}

function convert(p: number, R: Raw): string | XmlObject {
  let out: XmlObject | undefined;
  for (let c = R.XmlNodeStruct.children(p); c; c = R.XmlNodeStruct.next(c)) {
    if (R.XmlNodeStruct.type(c) !== ELEMENT_NODE) continue;
    out ??= Object.create(null) as XmlObject;
    (out[R.XmlNodeStruct.name_(c)] ??= []).push(convert(c, R));
  }
  return out ?? R.xmlNodeGetContent(p);
}

const wrap = (p: number): XmlElement => new (libxml().XmlElement as unknown as new (ptr: number) => XmlElement)(p);

export function firstElement(el: XmlElement): XmlElement | undefined {
  const R = raw!;
  for (let p = R.XmlNodeStruct.children(ptrOf(el)); p; p = R.XmlNodeStruct.next(p)) if (R.XmlNodeStruct.type(p) === ELEMENT_NODE) return wrap(p);
  return undefined;
}

export function elementChildren(el: XmlElement): XmlElement[] {
  return elementPointers(ptrOf(el), raw!).map(wrap);
}
