import type { Rng } from './prng';

/**
 * The mutations of the SOAP fuzz test, applied to a valid request. Structural ones work on the elements
 * inside soapenv:Body (found by a small tag scanner, which only has to understand our own well-formed
 * templates); byte flips work on the UTF-8 bytes, so they also make invalid UTF-8.
 */
export interface Mutated {
  body: Buffer;
  /** what was done, to print with a failure */
  what: string[];
}

interface El {
  name: string;
  start: number;
  /** index just after the start tag's `>` */
  openEnd: number;
  /** index of the end tag's `<` */
  closeStart: number;
  end: number;
  leaf: boolean;
}

/** Elements inside the Body (not the Body itself), in document order; undefined when the tags do not nest. */
function elements(xml: string): El[] | undefined {
  const open = /<(?:[\w.-]+:)?Body(?:\s[^>]*)?>/.exec(xml);
  const close = /<\/(?:[\w.-]+:)?Body\s*>/.exec(xml);
  if (!open || !close) return undefined;
  const tag = /<(\/?)([\w.:-]+)[^<>]*?(\/?)>/g;
  tag.lastIndex = open.index + open[0].length;
  const out: El[] = [];
  const stack: { name: string; start: number; openEnd: number; children: number }[] = [];
  for (let m = tag.exec(xml); m && m.index < close.index; m = tag.exec(xml)) {
    const [text, slash, name, selfClosing] = m;
    if (selfClosing) {
      if (stack.length) stack[stack.length - 1]!.children++;
      out.push({ name, start: m.index, openEnd: m.index + text.length, closeStart: m.index + text.length, end: m.index + text.length, leaf: true });
    } else if (!slash) {
      if (stack.length) stack[stack.length - 1]!.children++;
      stack.push({ name, start: m.index, openEnd: m.index + text.length, children: 0 });
    } else {
      const top = stack.pop();
      if (!top || top.name !== name) return undefined;
      out.push({ name, start: top.start, openEnd: top.openEnd, closeStart: m.index, end: m.index + text.length, leaf: top.children === 0 });
    }
  }
  return stack.length ? undefined : out.sort((a, b) => a.start - b.start);
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** JavaScript property names first: element names were once object keys. */
export const JS_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
  'prototype',
  'length',
  'then',
];
const OTHER_NAMES = [
  'idPSP',
  'fiscalCode',
  'noticeNumber',
  'amount',
  'paymentToken',
  'outcome',
  'details',
  'transfer',
  'qrCode',
  'receipt',
  'x',
  'A-b.c',
  'ñandú',
  '_',
  'Envelope',
  'Body',
  'password',
  'mapEntry',
];
const EDGE_VALUES = [
  '0',
  '-1',
  '1e309',
  '-1e309',
  '99999999999999999999',
  '99999999999999999999.99',
  'NaN',
  'Infinity',
  '0.001',
  '0.00',
  '-0.00',
  ' 10.00',
  '10.00 ',
  '\n10.00\n',
  '10,00',
  '+10.00',
  '1e2',
  '0x10',
  '',
  ' ',
  '00000000000',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '1.',
  '.5',
  '０１',
  '٣',
];
const ODD_UNICODE = [
  '\u200F',
  '\u202E',
  '\u0301',
  'e\u0301\u0301\u0301',
  '\uFEFF',
  '\uFFFF',
  '\uFFFE',
  '&#0;',
  '&#xFFFF;',
  '&#xD800;',
  '&#x1F600;',
  '\u{1F600}',
  '\u0000',
  '\u0085',
  '\u2028',
  '\u00A0',
  '\t',
  '\r\n',
  'Ω',
  '&amp;',
  '&lt;',
  '&undefined;',
  '&#65;',
  ']]>',
  '<',
  '>',
  '"',
  "'",
];
const INSERTS = ['<?x?>', '<?xml-stylesheet href="a"?>', '<!--c-->', '<!---->', '<!-- <password>x</password> -->'];
const ATTRIBUTES = [
  'a="1"',
  'xmlns="urn:other"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xsi:string"',
  'xml:lang="it"',
  'constructor="x"',
];

type StringMutation = (xml: string, els: El[], r: Rng) => { xml: string; what: string } | undefined;

const leaves = (els: El[]) => els.filter((e) => e.leaf);
const replaceText = (xml: string, e: El, text: string) => xml.slice(0, e.openEnd) + text + xml.slice(e.closeStart);
const show = (s: string) => (s.length > 40 ? `${JSON.stringify(s.slice(0, 20))}…(${s.length} chars)` : JSON.stringify(s));

const MUTATIONS: Record<string, StringMutation> = {
  delete: (xml, els, r) => {
    const e = r.pick(els);
    return { xml: xml.slice(0, e.start) + xml.slice(e.end), what: `delete <${e.name}>` };
  },
  duplicate: (xml, els, r) => {
    const e = r.pick(els);
    return { xml: xml.slice(0, e.end) + xml.slice(e.start, e.end) + xml.slice(e.end), what: `duplicate <${e.name}>` };
  },
  rename: (xml, els, r) => {
    const e = r.pick(els);
    const to = r.chance(0.6) ? r.pick(JS_NAMES) : r.pick(OTHER_NAMES);
    const openTag = xml.slice(e.start, e.openEnd).replace(e.name, to);
    const closeTag = e.closeStart === e.end ? '' : `</${to}>`;
    return { xml: xml.slice(0, e.start) + openTag + xml.slice(e.openEnd, e.closeStart) + closeTag + xml.slice(e.end), what: `rename <${e.name}> to <${to}>` };
  },
  swap: (xml, els, r) => {
    const pairs = els.flatMap((a) => els.filter((b) => b.start === a.end).map((b) => [a, b] as const));
    if (!pairs.length) return undefined;
    const [a, b] = r.pick(pairs);
    return { xml: xml.slice(0, a.start) + xml.slice(b.start, b.end) + xml.slice(a.start, a.end) + xml.slice(b.end), what: `swap <${a.name}> and <${b.name}>` };
  },
  numeric: (xml, els, r) => {
    const e = r.pick(leaves(els));
    const v = r.pick(EDGE_VALUES);
    return { xml: replaceText(xml, e, v), what: `<${e.name}> = ${show(v)}` };
  },
  unicode: (xml, els, r) => {
    const e = r.pick(leaves(els));
    const text = xml.slice(e.openEnd, e.closeStart);
    const at = r.int(text.length + 1);
    const u = r.pick(ODD_UNICODE);
    return { xml: replaceText(xml, e, text.slice(0, at) + u + text.slice(at)), what: `<${e.name}> text gets ${show(u)} at ${at}` };
  },
  long: (xml, els, r) => {
    const e = r.pick(leaves(els));
    const v = r.pick(['9', 'A', 'à', ' ']).repeat(r.pick([257, 4096, 100_000]));
    return { xml: replaceText(xml, e, v), what: `<${e.name}> = ${show(v)}` };
  },
  insert: (xml, els, r) => {
    const e = r.pick(els);
    const s = r.pick(INSERTS);
    const at = r.pick(e.leaf ? [e.start, e.openEnd + r.int(e.closeStart - e.openEnd + 1), e.end] : [e.start, e.openEnd, e.closeStart, e.end]);
    return { xml: xml.slice(0, at) + s + xml.slice(at), what: `insert ${s} at ${at} (<${e.name}>)` };
  },
  cdata: (xml, els, r) => {
    const e = r.pick(leaves(els));
    const text = xml.slice(e.openEnd, e.closeStart);
    const cut = r.int(text.length + 1);
    const v = r.chance(0.5) ? `<![CDATA[${text}]]>` : `${text.slice(0, cut)}<![CDATA[${text.slice(cut)}]]>`;
    return { xml: replaceText(xml, e, v), what: `<${e.name}> as ${show(v)}` };
  },
  attribute: (xml, els, r) => {
    const e = r.pick(els);
    const a = r.pick(ATTRIBUTES);
    const closeAt = xml[e.openEnd - 2] === '/' ? e.openEnd - 2 : e.openEnd - 1;
    return { xml: `${xml.slice(0, closeAt)} ${a}${xml.slice(closeAt)}`, what: `<${e.name} ${a}>` };
  },
  empty: (xml, els, r) => {
    const e = r.pick(leaves(els));
    const self = r.chance(0.5);
    return { xml: self ? xml.slice(0, e.start) + `<${e.name}/>` + xml.slice(e.end) : replaceText(xml, e, '  '), what: self ? `<${e.name}/>` : `<${e.name}> blank` };
  },
  namespace: (xml, els, r) => {
    const e = r.pick(els);
    const ln = localName(e.name);
    const choice = r.int(3);
    const open = choice === 0 ? `<${ln} xmlns="urn:other">` : choice === 1 ? `<nod:${ln}>` : `<${ln} xmlns="">`;
    const close = `</${choice === 1 ? `nod:${ln}` : ln}>`;
    if (e.closeStart === e.end) return undefined;
    return { xml: xml.slice(0, e.start) + open + xml.slice(e.openEnd, e.closeStart) + close + xml.slice(e.end), what: `<${e.name}> as ${open}` };
  },
  truncate: (xml, _els, r) => {
    const at = r.int(xml.length);
    return { xml: xml.slice(0, at), what: `truncate at ${at} of ${xml.length}` };
  },
};
export const MUTATION_NAMES = [...Object.keys(MUTATIONS), 'byteflip'];

function byteFlips(body: Buffer, r: Rng): { body: Buffer; what: string } {
  const out = Buffer.from(body);
  const flips: string[] = [];
  if (out.length === 0) return { body: out, what: 'empty body' };
  for (let k = 1 + r.int(3); k > 0; k--) {
    const i = r.int(out.length);
    const before = out[i]!;
    out[i] = r.chance(0.5) ? before ^ (1 << r.int(8)) : r.int(256);
    flips.push(`byte ${i}: 0x${before.toString(16)}→0x${out[i]!.toString(16)}`);
  }
  return { body: out, what: flips.join(', ') };
}

/** One to three mutations of a valid request; byte flips come last, on the bytes. */
export function mutate(xml: string, r: Rng): Mutated {
  const what: string[] = [];
  const names = Object.keys(MUTATIONS);
  let text = xml;
  let flip = false;
  for (let k = r.chance(0.75) ? 1 : 2 + r.int(2); k > 0; k--) {
    if (r.chance(0.1)) {
      flip = true;
      continue;
    }
    const els = elements(text);
    const name = r.pick(names);
    const m = els && els.length ? MUTATIONS[name]!(text, els, r) : undefined;
    if (m) {
      text = m.xml;
      what.push(m.what);
    } else flip = true;
  }
  let body: Buffer = Buffer.from(text, 'utf8');
  if (flip || what.length === 0) {
    const f = byteFlips(body, r);
    body = f.body;
    what.push(f.what);
  }
  return { body, what };
}
