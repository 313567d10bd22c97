import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { NodoContext } from '../nodo/context';
import { FAULT_STRINGS, NodoFault, faultBean, type FaultBean } from '../nodo/faults';
import { ReplayedFault } from '../nodo/idempotency';
import { PRIMITIVES, isOperation, type OperationName } from '../nodo/primitives';
import { journalKey, journalXml } from '../store/journal';
import type { JournalRow } from '../store/rows';
import { maskPassword, parseEnvelope, soapActionName } from './envelope';
import { leafAt } from './fields';
import { toObject, type XmlObject } from './libxml';
import { decodeAnswer, envelope, koTree, requestXml, type Answer, type AnswerKeys, type Bound, type KeyPaths, type Operation } from './operation';
import type { XsdGate } from './xsdGate';
import { soapFault } from './xmlWriter';

export interface SoapExchange {
  status: number;
  body: string;
  journal: JournalRow;
}

export interface SoapPipeline {
  /** a POST on a SOAP path, from the first byte of the body to the journal row (resolved once answered; undefined when none was written) */
  serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<JournalRow | undefined>;
  /** the same pipeline for a body this process built (journaled the same way) */
  handle(body: string, soapActionHeader: string | string[] | undefined): Promise<SoapExchange>;
  /** a typed nodeForPsp call from inside this process (the checkout's e-commerce PSP): encode, handle, decode */
  call<Req, Res>(op: Operation<Req, Res>, req: Req): Promise<Answer<Res>>;
}

const XML = 'text/xml; charset=UTF-8';
/** Body wrapper element → operation, for requests without SOAPAction. */
const BY_ELEMENT = new Map<string, OperationName>((Object.keys(PRIMITIVES) as OperationName[]).map((op) => [PRIMITIVES[op].op.request.element, op]));

/**
 * The inbound SOAP pipeline (nodeForPsp), one request at a time:
 *   1. read       the body, capped at maxBodyBytes (413 + SOAP Fault past it)
 *   2. envelope   parse once with libxml2, find the Body child (envelope.ts)
 *   3. operation  SOAPAction, else the Body child, names the descriptor (operations/nodeForPsp.ts)
 *   4. guards     envelope structure, right wrapper element in the operation's namespace (nodeForPsp, or
 *                 the legacy ws.pagamenti.telematici.gov of nodoInviaFlussoRendicontazione & co.)
 *   5. XSD gate   the Body child against our nodeForPsp.xsd / nodoPerPsp.xsd
 *   6. decode     descriptor's request codec (whitespace facets applied by the field readers)
 *   7. handler    the primitive: typed request in, typed response out
 *   8. encode     descriptor's response codec; a NodoFault becomes the operation's own KO (HTTP 200), in
 *                 its response style (ctResponse: outcome, fault; legacy risposta: fault, esito)
 *   9. journal    one row per exchange, whatever happened, keys read by the descriptor's paths
 * Anything unexpected becomes PPT_SYSTEM_ERROR with a request id, logged, never shown. A SOAP Fault only
 * when no operation can be identified (spec §6.4).
 */
export function createSoapPipeline(ctx: NodoContext, gate: XsdGate, opts: { maxBodyBytes: number }): SoapPipeline {
  async function handle(body: string, soapActionHeader: string | string[] | undefined): Promise<SoapExchange> {
    const ex = await exchange(body, soapActionHeader);
    ctx.journal.append(ex.journal);
    return ex;
  }

  async function exchange(body: string, soapActionHeader: string | string[] | undefined): Promise<SoapExchange> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const at = ctx.clock.now().getTime();
    const done = (
      status: number,
      response: string,
      op: Bound['op'] | undefined,
      o: XmlObject | undefined,
      outcome: string,
      fault?: string,
      extra: AnswerKeys = {},
    ): SoapExchange => ({
      status,
      body: response,
      journal: journalRow({ at, requestId, started, status, body, response, op, o, outcome, fault, extra }),
    });
    const soapFaultOf = (status: number, code: string, text: string, detail?: string) => done(status, soapFault(code, text, detail), undefined, undefined, 'FAULT', code);

    // 2. envelope
    const parsed = parseEnvelope(body);
    if (parsed.kind === 'rejected') return soapFaultOf(parsed.status, 'soap:Client', 'Errore richiesta non leggibile', parsed.detail);
    if (parsed.kind === 'unreadable') return soapFaultOf(400, 'soap:Client', 'Errore richiesta non leggibile', parsed.detail);
    const { doc, bodyChild, envelopeProblem } = parsed;
    try {
      // 3. operation
      const action = soapActionName(soapActionHeader);
      const named = action ?? bodyChild?.name;
      if (named === undefined) return soapFaultOf(400, 'soap:Client', 'Operazione non leggibile da SOAPAction o Body');
      const name = isOperation(named) ? named : action === undefined ? BY_ELEMENT.get(named) : undefined;
      if (!name) return soapFaultOf(400, 'PPT_SOAPACTION_ERRATA', FAULT_STRINGS.PPT_SOAPACTION_ERRATA, `SOAPAction "${named}" errata`);
      const entry = PRIMITIVES[name];
      const op = entry.op;
      // the operation's own KO, in its response style (ctResponse or the legacy risposta)
      const ko = (bean: FaultBean, o?: XmlObject) => done(200, envelope(op.iface, op.response.element, koTree(op, bean)), op, o, 'KO', bean.faultCode);
      const syntax = (description: string, o?: XmlObject) => ko(faultBean('PPT_SINTASSI_EXTRAXSD', description), o);

      // 4. guards
      if (envelopeProblem) return syntax(envelopeProblem);
      if (!bodyChild) return syntax('soapenv:Body is empty');
      if (bodyChild.name !== op.request.element || bodyChild.namespaceUri !== op.iface.ns) {
        return syntax(`Element '{${bodyChild.namespaceUri}}${bodyChild.name}': expected {${op.iface.ns}}${op.request.element} for ${name}`);
      }
      // 5. XSD gate (the request as data first: an invalid one is still journaled by its keys)
      const invalid = gate.check(bodyChild);
      const o = toObject(bodyChild);
      if (invalid) return syntax(invalid, o);

      // 6-8. decode → handler → encode
      try {
        const { tree, keys } = await entry.run(ctx, o);
        return done(200, envelope(op.iface, op.response.element, tree), op, o, 'OK', undefined, keys);
      } catch (err) {
        if (err instanceof NodoFault || err instanceof ReplayedFault) return ko(err.bean, o);
        ctx.log.error('primitive failed', { requestId, operation: name, error: (err as Error).stack ?? String(err) });
        return ko(faultBean('PPT_SYSTEM_ERROR', `Errore generico. requestId ${requestId}`), o);
      }
    } finally {
      doc.dispose();
    }
  }

  function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<JournalRow | undefined> {
    // 1. read, size-capped
    return readBody(req, opts.maxBodyBytes)
      .then(async (body) => {
        if (body === undefined) {
          res.writeHead(413, { 'Content-Type': XML, Connection: 'close' });
          res.end(soapFault('soap:Client', 'Errore richiesta non leggibile', `request body exceeds ${opts.maxBodyBytes} bytes`));
          return undefined;
        }
        const ex = await exchange(body, req.headers.soapaction);
        res.writeHead(ex.status, { 'Content-Type': XML, 'Content-Length': Buffer.byteLength(ex.body) });
        res.end(ex.body);
        // 9. journal, once the answer is on its way
        ctx.journal.append(ex.journal);
        return ex.journal;
      })
      .catch((err: Error) => {
        ctx.log.error('soap handler failed', { error: err.stack ?? String(err) });
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': XML });
          res.end(soapFault('PPT_SYSTEM_ERROR', 'Errore generico.'));
        }
        return undefined;
      });
  }

  async function call<Req, Res>(op: Operation<Req, Res>, req: Req): Promise<Answer<Res>> {
    const ex = await handle(requestXml(op, req), op.name);
    const parsed = parseEnvelope(ex.body);
    if (parsed.kind !== 'parsed') return unexpected(op.name);
    try {
      if (!parsed.bodyChild || parsed.bodyChild.name !== op.response.element) return unexpected(op.name);
      return decodeAnswer(op, toObject(parsed.bodyChild));
    } finally {
      parsed.doc.dispose();
    }
  }

  return { serve, handle, call };
}

const unexpected = (name: string): Answer<never> => ({
  outcome: 'KO',
  fault: { faultCode: 'PPT_SYSTEM_ERROR', faultString: 'Errore generico.', id: 'NodoDeiPagamentiSPC', description: `unexpected answer to ${name}` },
});

/** The journal row of an inbound exchange; the response-only keys (an activation's token, a demanded notice) win over the request's. */
function journalRow(x: {
  at: number;
  requestId: string;
  started: bigint;
  status: number;
  body: string;
  response: string;
  op: Bound['op'] | undefined;
  o: XmlObject | undefined;
  outcome: string;
  fault: string | undefined;
  extra: AnswerKeys;
}): JournalRow {
  const k: KeyPaths = x.op?.keys ?? {};
  const read = (path: readonly string[] | undefined) => (path && x.o ? leafAt(x.o, path) : undefined);
  return {
    at: x.at,
    request_id: x.requestId,
    operation: x.op?.name ?? null,
    id_psp: journalKey(read(k.idPSP), 35),
    id_channel: journalKey(read(k.idChannel), 35),
    fiscal_code: journalKey(x.extra.fiscalCode ?? read(k.fiscalCode), 11),
    notice_number: journalKey(x.extra.noticeNumber ?? read(k.noticeNumber), 18),
    token: journalKey(x.extra.token ?? read(k.token), 35),
    outcome: x.outcome,
    fault_code: x.fault ?? null,
    http_status: x.status,
    duration_us: Number((process.hrtime.bigint() - x.started) / 1000n),
    request_xml: journalXml(maskPassword(x.body)),
    response_xml: x.response,
    debtor_open_notices: x.extra.debtorOpenNotices ?? null,
    debtor_open_amount_cents: x.extra.debtorOpenAmountCents ?? null,
  };
}

/**
 * Resolves the body as UTF-8, or undefined once it passes `max` bytes. An oversized body is still read
 * to its end (and discarded) before the 413: answering and closing while the client is still writing
 * makes it fail with EPIPE/ECONNRESET instead of reading the answer.
 */
function readBody(req: http.IncomingMessage, max: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
