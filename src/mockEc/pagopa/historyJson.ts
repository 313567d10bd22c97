import { elements, parseXml, textOf, type XElement } from './xmlDoc';

/**
 * `GET /mock-ec/history/{noticeNumber}/{primitive}` of pagoPA's mock EC: the last exchange of a
 * primitive for a notice, as xml2js JSON, which is what pagoPA's node test suite reads, e.g.
 *   request["soapenv:envelope"]["soapenv:body"][0]["pafn:pasendrtreq"][0].receipt[0].transferlist[0].transfer[i].idtransfer[0]
 *   response["soapenv:Envelope"]["soapenv:Body"][0]["paf:paSendRTRes"][0].outcome[0]
 * The request went through express-xml-bodyparser (tag names lower-cased, text trimmed and its
 * whitespace runs collapsed), the response through plain xml2js (names and text as written). Both: every
 * child element in an array, attributes (xmlns declarations included) under `$`, text beside attributes
 * or child elements under `_`, an empty element "".
 */
export interface HistoryExchange {
  request: string;
  /** undefined while the answer is held (a delay) */
  response?: string;
}

export class PagopaHistory {
  // insertion order is age order: re-recording a key moves it to the end, the oldest key goes first
  private readonly last = new Map<string, HistoryExchange>();

  constructor(private readonly limit = 10_000) {}

  /** The exchange, recorded under each of the notices it concerns; complete it by setting `response`. */
  record(keys: readonly string[], primitive: string, request: string): HistoryExchange {
    const exchange: HistoryExchange = { request };
    for (const k of new Set(keys)) {
      const key = `${k}/${primitive}`;
      this.last.delete(key);
      this.last.set(key, exchange);
      if (this.last.size > this.limit) this.last.delete(this.last.keys().next().value!);
    }
    return exchange;
  }

  find(noticeNumber: string, primitive: string): HistoryExchange | undefined {
    return this.last.get(`${noticeNumber}/${primitive}`);
  }

  clear(): void {
    this.last.clear();
  }
}

/** The exchange as pagoPA's mock EC shows it; a text answer (a 500 of a queued override) stays a string. */
export function exchangeJson(e: HistoryExchange): { request: unknown; response: unknown } {
  return { request: asJson(e.request, true), response: e.response === undefined ? null : asJson(e.response, false) };
}

function asJson(xml: string, asRequest: boolean): unknown {
  const parsed = parseXml(xml);
  if (!parsed.ok) return xml;
  return { [name(parsed.root, asRequest)]: value(parsed.root, asRequest) };
}

const name = (e: XElement, lower: boolean) => (lower ? e.name.toLowerCase() : e.name);

function value(e: XElement, asRequest: boolean): unknown {
  const kids = elements(e);
  let text = textOf(e);
  if (asRequest) text = text.trim().replace(/\s{2,}/g, ' ');
  const attrs = Object.keys(e.attrs).length > 0;
  // a leaf without attributes is its text
  if (kids.length === 0 && !attrs) return text;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (attrs) out.$ = { ...e.attrs };
  // whitespace between child elements is no text
  if (kids.length === 0 ? text !== '' : text.trim() !== '') out._ = text;
  for (const k of kids) ((out[name(k, asRequest)] ??= []) as unknown[]).push(value(k, asRequest));
  return out;
}
