import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml } from '../../soap/xmlWriter';

/**
 * XML as pagoPA's mock EC sees it: through xml2js, which is not namespace-aware. Element names stay
 * qualified (`pafn:paVerifyPaymentNoticeReq`), an unbound prefix is no error, and xmlns declarations are
 * ordinary attributes. fast-xml-parser reads the same way; its ordered output becomes this small tree,
 * which the dispatch, the field readers, the queued answers and the history JSON all walk.
 */
export interface XElement {
  /** qualified name as written */
  name: string;
  attrs: Record<string, string>;
  /** elements and text, in document order (comments dropped, CDATA as text) */
  children: (XElement | string)[];
}

export type Parsed = { ok: true; root: XElement } | { ok: false; detail: string };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
});

// XML forbids these anywhere but the prolog; refusing them rules out entity expansion, as on the node's paths
const DTD = /<!(DOCTYPE|ENTITY)/i;

type FxpNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export function parseXml(xml: string): Parsed {
  if (DTD.test(xml)) return { ok: false, detail: 'DOCTYPE and ENTITY declarations are not allowed' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, detail: `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  let nodes: FxpNode[];
  try {
    nodes = parser.parse(xml) as FxpNode[];
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
  const roots = nodes.map(convert).filter((n): n is XElement => typeof n !== 'string');
  if (roots.length !== 1) return { ok: false, detail: roots.length ? 'more than one root element' : 'no root element' };
  return { ok: true, root: roots[0]! };
}

function convert(n: FxpNode): XElement | string {
  if ('#text' in n) return String(n['#text']);
  const name = Object.keys(n).find((k) => k !== ':@')!;
  // the XML declaration and processing instructions: not elements (the caller drops empty strings)
  if (name.startsWith('?')) return '';
  const kids = (n[name] as FxpNode[]).map(convert).filter((c) => c !== '');
  return { name, attrs: { ...(n[':@'] ?? {}) }, children: kids };
}

export const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);
export const prefixOf = (qname: string) => (qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : '');

export const elements = (e: XElement): XElement[] => e.children.filter((c): c is XElement => typeof c !== 'string');
export const textOf = (e: XElement): string => e.children.filter((c): c is string => typeof c === 'string').join('');

/** The first child element with this local name (any prefix, as the mock's readers see unqualified children). */
export const child = (e: XElement | undefined, local: string): XElement | undefined => (e ? elements(e).find((c) => localName(c.name) === local) : undefined);

/** The text at a path of local names, trimmed; undefined when any step is missing. */
export function leaf(e: XElement | undefined, ...path: string[]): string | undefined {
  let cur = e;
  for (const name of path) cur = child(cur, name);
  return cur ? textOf(cur).trim() : undefined;
}

/** The namespace a prefix is bound to where `at` stands (`ancestors` outermost first). */
export function namespaceOf(prefix: string, at: XElement, ancestors: XElement[]): string | undefined {
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  for (const e of [at, ...[...ancestors].reverse()]) if (attr in e.attrs) return e.attrs[attr];
  return undefined;
}

/** Written back: qualified names and attributes as read, text escaped; empty elements self-closed. */
export function serialize(e: XElement): string {
  const attrs = Object.entries(e.attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  if (e.children.length === 0) return `<${e.name}${attrs}/>`;
  const inner = e.children.map((c) => (typeof c === 'string' ? escapeXml(c) : serialize(c))).join('');
  return `<${e.name}${attrs}>${inner}</${e.name}>`;
}
