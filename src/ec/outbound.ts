import { EcFault, StationFailure } from '../nodo/faults';
import type { NodoContext } from '../nodo/context';
import { parseEnvelope } from '../soap/envelope';
import { toObject } from '../soap/libxml';
import { decodeAnswer, envelope, type Answer, type KeyPaths, type Operation } from '../soap/operation';
import type { XmlTree, XmlValue } from '../soap/xmlWriter';
import type { StationExchange } from './stationClient';
import { journalStationExchange, type StationJournalKeys } from './stationJournal';

/** A call the node makes to an EC station with one paForNode descriptor. */
export interface StationCall<Req, Res, Out> {
  op: Operation<Req, Res>;
  /** the station's endpoint as the registry names it */
  url: string;
  stationCode: string;
  timeoutMs: number;
  /** typed (encoded here), or already encoded (a receipt written to the outbox) with its journal keys */
  request: { typed: Req } | { xml: string; keys: Omit<StationJournalKeys, 'stationCode'> };
  /** what the node checks beyond the XSD; throws EcFault (the EC's KO) or StationFailure (no usable answer) */
  check(answer: Answer<Res>): Out;
  /** journal keys only a usable answer has (the notice an EC created for paDemandPaymentNotice) */
  answerKeys?(value: Out): Pick<StationJournalKeys, 'noticeNumber'>;
}

export type StationOutcome<Out> =
  { ok: true; value: Out; answer: Answer<unknown>; exchange: StationExchange } | { ok: false; failure: EcFault | StationFailure; exchange: StationExchange };

const bad = (detail: string) => new StationFailure('PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', detail);

/**
 * The outbound pipeline (node → EC station, paForNode), one call:
 *   1. encode     the descriptor's request codec, in a paForNode envelope
 *   2. post       ec/stationClient.ts (hand-written HTTP; transport failures end here)
 *   3. envelope   parse the answer once
 *   4. element    the Body child must be the descriptor's response wrapper (not a SOAP Fault)
 *   5. XSD gate   the answer against our paForNode.xsd
 *   6. decode     the descriptor's response codec (ctResponse: outcome OK + payload, or KO + fault)
 *   7. check      what the XSD cannot say (the descriptor file's check: sums, registry, KO → EcFault)
 *   8. journal    one 'out' row whatever happened, keys read by the descriptor's paths
 * Any status but 200, unreadable XML or a wrong or invalid answer is PPT_STAZIONE_INT_PA_ERRORE_RESPONSE.
 */
export async function callStation<Req, Res, Out>(ctx: NodoContext, c: StationCall<Req, Res, Out>): Promise<StationOutcome<Out>> {
  let body: string;
  let keys: StationJournalKeys;
  if ('typed' in c.request) {
    const tree = c.op.request.codec.encode(c.request.typed);
    body = envelope(c.op.iface, c.op.request.element, tree);
    keys = keysOf(tree, c.op.keys, c.stationCode);
  } else {
    body = c.request.xml;
    keys = { ...c.request.keys, stationCode: c.stationCode };
  }
  const r = await ctx.stations.post({ url: c.url, action: c.op.name, body, timeoutMs: c.timeoutMs });
  if (!r.ok) {
    journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'FAULT', faultCode: r.failure.code });
    return r;
  }
  const read = readAnswer(ctx, c.op, r.exchange.response);
  if (r.exchange.httpStatus !== 200 || !read.ok) {
    const failure = bad(r.exchange.httpStatus !== 200 ? `HTTP ${r.exchange.httpStatus}${read.ok ? '' : `: ${read.detail}`}` : (read as { detail: string }).detail);
    journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'FAULT', faultCode: failure.code });
    return { ok: false, failure, exchange: r.exchange };
  }
  const answer = read.answer;
  try {
    const value = c.check(answer);
    journalStationExchange(ctx, r.exchange, {
      ...keys,
      ...c.answerKeys?.(value),
      outcome: answer.outcome,
      faultCode: answer.outcome === 'KO' ? answer.fault.faultCode || null : null,
    });
    return { ok: true, value, answer, exchange: r.exchange };
  } catch (err) {
    if (err instanceof EcFault) {
      journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'KO', faultCode: err.faultCode });
      return { ok: false, failure: err, exchange: r.exchange };
    }
    if (err instanceof StationFailure) {
      journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'FAULT', faultCode: err.code });
      return { ok: false, failure: err, exchange: r.exchange };
    }
    journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'FAULT', faultCode: 'PPT_SYSTEM_ERROR' });
    throw err;
  }
}

/** Steps 3-6: the answer's Body child, once it is the expected element and XSD-valid, decoded. */
function readAnswer<Req, Res>(ctx: NodoContext, op: Operation<Req, Res>, text: string): { ok: true; answer: Answer<Res> } | { ok: false; detail: string } {
  const expect = op.response.element;
  if (!text.trim()) return { ok: false, detail: 'empty answer' };
  const parsed = parseEnvelope(text);
  if (parsed.kind !== 'parsed') return { ok: false, detail: `unreadable answer: ${parsed.detail}` };
  try {
    if (parsed.envelopeProblem) return { ok: false, detail: parsed.envelopeProblem };
    const el = parsed.bodyChild;
    if (!el) return { ok: false, detail: 'soapenv:Body is empty' };
    if (el.name === 'Fault') return { ok: false, detail: `SOAP Fault instead of ${expect}` };
    if (el.name !== expect) return { ok: false, detail: `expected ${expect}, got ${el.name}` };
    const invalid = ctx.stations.gate.check(el);
    if (invalid) return { ok: false, detail: `${expect} violates paForNode.xsd: ${invalid}` };
    return { ok: true, answer: decodeAnswer(op, toObject(el)) };
  } finally {
    parsed.doc.dispose();
  }
}

/** The journal keys of a request we encoded, read from its tree by the descriptor's paths. */
function keysOf(tree: XmlTree, paths: KeyPaths, stationCode: string): StationJournalKeys {
  const k: StationJournalKeys = { stationCode };
  const fiscalCode = paths.fiscalCode && treeLeaf(tree, paths.fiscalCode);
  if (fiscalCode) k.fiscalCode = fiscalCode;
  const noticeNumber = paths.noticeNumber && treeLeaf(tree, paths.noticeNumber);
  if (noticeNumber) k.noticeNumber = noticeNumber;
  const token = paths.token && treeLeaf(tree, paths.token);
  if (token) k.token = token;
  return k;
}

function treeLeaf(tree: XmlTree, path: readonly string[]): string | undefined {
  let cur: XmlValue = tree;
  for (const name of path) {
    if (!Array.isArray(cur)) return undefined;
    cur = cur.find(([n]) => n === name)?.[1];
  }
  return typeof cur === 'string' ? cur : undefined;
}
