/**
 * libxml2-wasm is an ES module with top-level await; this CommonJS build loads it once, at start-up,
 * through a real dynamic import (TypeScript's Node16 module mode keeps `import()` as is).
 */
export type LibXml = typeof import('libxml2-wasm', { with: { 'resolution-mode': 'import' } });
export type XmlElement = import('libxml2-wasm', { with: { 'resolution-mode': 'import' } }).XmlElement;
export type XmlDocument = import('libxml2-wasm', { with: { 'resolution-mode': 'import' } }).XmlDocument;

let loaded: LibXml | undefined;

export async function loadLibXml(): Promise<LibXml> {
  loaded ??= await import('libxml2-wasm');
  return loaded;
}

export function libxml(): LibXml {
  if (!loaded) throw new Error('libxml2-wasm not loaded: call loadLibXml() at start-up');
  return loaded;
}

/** A Body child turned into plain data: every child element name maps to its occurrences, in order. */
export interface XmlObject {
  [localName: string]: (string | XmlObject)[];
}

/** Element → XmlObject; a leaf element becomes its text. Children are unqualified, so local names suffice. */
export function toObject(el: XmlElement): XmlObject {
  const v = convert(el, libxml().XmlElement);
  return typeof v === 'string' ? {} : v;
}

// One pass over the children: every node access crosses the wasm boundary and allocates a wrapper.
function convert(el: XmlElement, Element: LibXml['XmlElement']): string | XmlObject {
  let out: XmlObject | undefined;
  for (let n = el.firstChild; n; n = n.next) {
    if (!(n instanceof Element)) continue;
    out ??= {};
    (out[n.name] ??= []).push(convert(n, Element));
  }
  return out ?? el.content;
}

export function firstElement(el: XmlElement): XmlElement | undefined {
  const lib = libxml();
  for (let n = el.firstChild; n; n = n.next) if (n instanceof lib.XmlElement) return n;
  return undefined;
}

export function elementChildren(el: XmlElement): XmlElement[] {
  const lib = libxml();
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.next) if (n instanceof lib.XmlElement) out.push(n);
  return out;
}
