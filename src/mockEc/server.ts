import type http from 'node:http';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { PAA_FAULT_STRINGS } from '../nodo/faults';
import { soapActionName } from '../soap/envelope';
import { createWsdlServer } from '../soap/wsdl';
import type { XsdGate } from '../soap/xsdGate';
import { soapFault, type XmlTree } from '../soap/xmlWriter';
import type { Db } from '../store/db';
import { notJson, writeProblem } from '../rest/problems';
import { boundedInt, INT32_MAX } from '../rest/queryParams';
import { requestBase } from '../rest/requestBase';
import { answer, ReceivedReceipts } from './answers';
import { readBody } from './httpBody';
import { History, type HistoryEntry } from './history';
import { isMockPrimitive, MOCK_PRIMITIVES, OverrideQueues, parseOverride, type MockPrimitive, type Override } from './overrides';
import { createPagopaMockEc, PAGOPA_MOCK_EC_PATH } from './pagopa';
import { answerXml, decodeRequest, invalidTree, koTree, type MockRequest } from './soap';

export const MOCK_EC_PATH = '/mock-ec/v1';

const isOwnPath = (path: string) => path === MOCK_EC_PATH || path.startsWith(`${MOCK_EC_PATH}/`);
/** ours (/mock-ec/v1) and pagoPA mode's (/mock-ec, its control API below it) */
export const isMockEcPath = (path: string) => path === PAGOPA_MOCK_EC_PATH || path.startsWith(`${PAGOPA_MOCK_EC_PATH}/`);
/** the SOAP endpoints: a POST there is a paForNode call, refused with soap:Faults by the guard */
export const isMockEcSoapPath = (path: string) => path === MOCK_EC_PATH || path === PAGOPA_MOCK_EC_PATH || path === `${PAGOPA_MOCK_EC_PATH}/`;
/** below the SOAP endpoints: both control APIs (overrides, queues, history, info), which the admin token guards */
export const isMockEcControlPath = (path: string) => path.startsWith(`${PAGOPA_MOCK_EC_PATH}/`) && !isMockEcSoapPath(path);

export interface MockEcDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** our xsd/paForNode.xsd, compiled once */
  gate: XsdGate;
  maxBodyBytes: number;
  /** how long pagoPA mode holds a family-98 notice (config mockEcTimeoutDelayMs) */
  timeoutDelayMs: number;
}

export interface MockEc {
  /** every request whose path is /mock-ec or below it (isMockEcPath) */
  handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): void;
  /** releases the requests held by `delay` and `timeout` (their sockets are destroyed): call on shutdown */
  close(): void;
  /** forgets queued overrides, history and acknowledged receipts (POST /admin/reset) */
  reset(): void;
}

const XML = 'text/xml; charset=UTF-8';
const MAX_JSON_BYTES = 256 * 1024;

/**
 * The built-in mock EC: a GPD-hosted creditor institution's paForNode endpoint over the archive, with a
 * JSON control API modelled on pagoPA's own mock EC; beside it, on /mock-ec, pagoPA mode (./pagopa: the
 * drop-in for pagoPA's mock EC, with pagoPA's own control API). Plain node:http (it is a hot path in the benchmark):
 *   POST   /mock-ec/v1                                  SOAP: the five paForNode primitives
 *   GET    /mock-ec/v1?wsdl, ?xsd=<file>                 our paForNode WSDL and schemas, addressed to this URL
 *   POST   /mock-ec/v1/response/{primitive}             queue an override (overrides.ts)      → 201 {queued}, Location …/{id}
 *   GET    /mock-ec/v1/response[/{primitive}]           the queued overrides, oldest first     → 200 [...] (?noticeNumber=)
 *   GET    /mock-ec/v1/response/{primitive}/{id}        one of them                            → 200 {...}
 *   DELETE /mock-ec/v1/response[/{primitive}]           clear overrides (?noticeNumber=: that notice's only) → 204
 *   DELETE /mock-ec/v1/response/{primitive}/{id}        remove one (a `times: 0` that blocks the rest) → 204
 *   GET    /mock-ec/v1/history/{noticeNumber}/{primitive} what it received and answered       → 200 [...]
 *   GET    /mock-ec/v1/history                          all of it, newest first, paged (?primitive=&noticeNumber=&limit=&offset=) → 200 {total, items}
 *   DELETE /mock-ec/v1/history                          → 204 (also forgets the receipts it acknowledged)
 *   *      /mock-ec, /mock-ec/{info,response,history}…  pagoPA mode (./pagopa/index.ts)
 * Overrides, history and acknowledged receipts live in this process's memory.
 */
export function createMockEc(deps: MockEcDeps): MockEc {
  const overrides = new OverrideQueues();
  const history = new History();
  const receipts = new ReceivedReceipts();
  const wsdl = createWsdlServer(MOCK_EC_PATH, 'paForNode.wsdl');
  // responses held by delay/timeout, with what releases them
  const held = new Map<http.ServerResponse, () => void>();
  const pagopa = createPagopaMockEc({ log: deps.log, maxBodyBytes: deps.maxBodyBytes, timeoutDelayMs: deps.timeoutDelayMs });

  function handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): void {
    if (!isOwnPath(path)) return pagopa.handle(req, res, path, query);
    const rest = path.slice(MOCK_EC_PATH.length);
    if (rest === '' || rest === '/') {
      if (req.method === 'POST') return soap(req, res);
      if (req.method === 'GET') return serveWsdl(req, res, query);
      return methodNotAllowed(res, 'GET, POST');
    }
    const parts = rest.split('/').slice(1);
    if (parts[0] === 'response' && parts.length <= 3) return responses(req, res, parts.slice(1), query);
    if (parts[0] === 'history') {
      if (parts.length === 1) {
        if (req.method === 'GET') return listHistory(res, query);
        if (req.method !== 'DELETE') return methodNotAllowed(res, 'GET, DELETE');
        history.clear();
        receipts.clear();
        return void res.writeHead(204).end();
      }
      if (parts.length === 3) {
        if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
        const [, noticeNumber, primitive] = parts as [string, string, string];
        if (!/^\d{18}$/.test(noticeNumber)) return writeProblem(res, 'bad-parameter', `noticeNumber must be 18 digits, got "${noticeNumber}"`);
        if (!isMockPrimitive(primitive)) return writeProblem(res, 'bad-parameter', unknownPrimitive(primitive));
        return json(res, 200, history.find(noticeNumber, primitive));
      }
    }
    writeProblem(
      res,
      'not-found',
      `no mock EC resource at ${path}; see ${MOCK_EC_PATH}/response[/{primitive}[/{id}]] and GET ${MOCK_EC_PATH}/history[/{noticeNumber}/{primitive}]`,
    );
  }

  /** /response, /response/{primitive}, /response/{primitive}/{id}: queue, list and remove overrides */
  function responses(req: http.IncomingMessage, res: http.ServerResponse, [primitive, id]: string[], query: string): void {
    if (primitive !== undefined && !isMockPrimitive(primitive)) return writeProblem(res, 'bad-parameter', unknownPrimitive(primitive));
    const notice = new URLSearchParams(query).get('noticeNumber') ?? undefined;
    if (notice !== undefined && !/^\d{18}$/.test(notice)) return writeProblem(res, 'bad-parameter', `noticeNumber must be 18 digits, got "${notice}"`);
    if (id !== undefined) {
      const one = /^\d{1,15}$/.test(id) ? overrides.list(primitive).find((o) => o.id === Number(id)) : undefined;
      if (!one) return writeProblem(res, 'not-found', `no ${primitive} override with id ${id} is queued; GET ${MOCK_EC_PATH}/response/${primitive} lists them`);
      if (req.method === 'GET') return json(res, 200, one);
      if (req.method !== 'DELETE') return methodNotAllowed(res, 'GET, DELETE');
      overrides.remove((o) => o.id === one.id);
      return void res.writeHead(204).end();
    }
    if (req.method === 'GET') return json(res, 200, overrides.list(primitive, notice));
    if (req.method === 'DELETE') {
      // a notice's own overrides, or everything queued (for the primitive)
      if (notice !== undefined) overrides.remove((o) => o.noticeNumber === notice && (!primitive || o.primitive === primitive));
      else overrides.clear(primitive);
      return void res.writeHead(204).end();
    }
    if (req.method === 'POST' && primitive) {
      if (notice !== undefined) return writeProblem(res, 'bad-parameter', 'give noticeNumber in the JSON body of a POST, not in the query');
      return void queue(req, res, primitive);
    }
    methodNotAllowed(res, primitive ? 'GET, POST, DELETE' : 'GET, DELETE');
  }

  /** GET /history?primitive=&noticeNumber=&limit=&offset=: everything received, newest first, paged */
  function listHistory(res: http.ServerResponse, query: string): void {
    const params = new URLSearchParams(query);
    const q: Record<string, string> = {};
    for (const [name, value] of params) {
      if (!HISTORY_PARAMS.includes(name)) return writeProblem(res, 'bad-parameter', `unknown parameter "${name}"; known: ${HISTORY_PARAMS.join(', ')}`);
      if (params.getAll(name).length > 1) return writeProblem(res, 'bad-parameter', `${name} must be given once`);
      if (value !== '') q[name] = value;
    }
    if (q.primitive !== undefined && !isMockPrimitive(q.primitive)) return writeProblem(res, 'bad-parameter', unknownPrimitive(q.primitive));
    if (q.noticeNumber !== undefined && !/^\d{18}$/.test(q.noticeNumber)) return writeProblem(res, 'bad-parameter', `noticeNumber must be 18 digits, got "${q.noticeNumber}"`);
    const limit = q.limit === undefined ? 20 : boundedInt('limit', q.limit, 1, HISTORY_MAX_LIMIT);
    if (typeof limit === 'string') return writeProblem(res, 'bad-parameter', limit);
    const offset = q.offset === undefined ? 0 : boundedInt('offset', q.offset, 0, INT32_MAX);
    if (typeof offset === 'string') return writeProblem(res, 'bad-parameter', offset);
    const page = history.page({ primitive: q.primitive as MockPrimitive | undefined, noticeNumber: q.noticeNumber }, limit, offset);
    json(res, 200, { total: page.total, limit, offset, items: page.items });
  }

  async function queue(req: http.IncomingMessage, res: http.ServerResponse, primitive: MockPrimitive): Promise<void> {
    const wrongType = notJson(req.headers['content-type']);
    if (wrongType) {
      req.resume();
      return writeProblem(res, 'unsupported-media-type', wrongType);
    }
    const text = await readBody(req, MAX_JSON_BYTES).catch(() => undefined);
    if (text === undefined) return writeProblem(res, 'payload-too-large', `the body must be JSON of at most ${MAX_JSON_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return writeProblem(res, 'bad-body', 'request body is not valid JSON');
    }
    const o = parseOverride(body);
    if (typeof o === 'string') return writeProblem(res, 'bad-body', o);
    const { queued, id } = overrides.push(primitive, o);
    // the body stays {queued}; where the new override lives (to GET or DELETE it alone) is the Location,
    // addressed as the WSDL is (a --public-url behind a proxy included)
    res.setHeader('Location', `${requestBase(req) ?? ''}${MOCK_EC_PATH}/response/${primitive}/${id}`);
    json(res, 201, { queued });
  }

  function soap(req: http.IncomingMessage, res: http.ServerResponse): void {
    readBody(req, deps.maxBodyBytes)
      .then(async (body) => {
        if (body === undefined) return sendFault(res, 413, 'soap:Client', 'Request too large', `request body exceeds ${deps.maxBodyBytes} bytes`);
        const decoded = decodeRequest(deps.gate, body, soapActionName(req.headers.soapaction));
        if (decoded.kind === 'fault') return sendFault(res, 400, decoded.faultcode, decoded.faultstring, decoded.detail);
        const r = decoded.request;
        const override = overrides.take(r.primitive, r.noticeNumber);
        const entry = history.record({
          at: deps.clock.now().toISOString(),
          primitive: r.primitive,
          noticeNumber: r.noticeNumber ?? '',
          idPA: r.idPA ?? null,
          idBrokerPA: r.idBrokerPA ?? null,
          idStation: r.idStation ?? null,
          request: body,
          response: null,
          httpStatus: null,
          override: override?.action ?? null,
        });
        await respond(req, res, r, override, entry);
      })
      .catch((err: Error) => {
        deps.log.error('mock EC failed', { error: err.stack ?? String(err) });
        if (!res.headersSent) sendFault(res, 500, 'soap:Server', 'Internal error', 'unexpected error; see the emulator log');
      });
  }

  async function respond(req: http.IncomingMessage, res: http.ServerResponse, r: MockRequest, o: Override | undefined, entry: HistoryEntry): Promise<void> {
    const send = (status: number, text: string) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'Content-Type': XML, 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      entry.response = text;
      entry.httpStatus = status;
      // paDemandPaymentNotice names no notice: its entry is found under the notice it answered
      const created = entry.noticeNumber === '' ? /<noticeNumber>(\d{18})<\/noticeNumber>/.exec(text)?.[1] : undefined;
      if (created) history.rekey(entry, created);
    };
    const normal = async (): Promise<XmlTree> => {
      try {
        return await answer({ db: deps.db, clock: deps.clock, receipts }, r);
      } catch (err) {
        deps.log.error('mock EC answer failed', { primitive: r.primitive, noticeNumber: r.noticeNumber, error: (err as Error).stack ?? String(err) });
        return koTree({
          faultCode: 'PAA_SYSTEM_ERROR',
          faultString: PAA_FAULT_STRINGS.PAA_SYSTEM_ERROR!,
          id: r.idPA ?? '',
          description: 'the mock EC could not read its archive; see its log',
        });
      }
    };
    switch (o?.action) {
      case undefined:
        return send(200, answerXml(r.primitive, await normal()));
      case 'fault':
        return send(
          200,
          answerXml(
            r.primitive,
            koTree({
              faultCode: o.faultCode,
              faultString: o.faultString ?? PAA_FAULT_STRINGS[o.faultCode] ?? o.faultCode,
              id: o.id ?? r.idPA ?? r.fiscalCode ?? '',
              ...(o.description !== undefined ? { description: o.description } : {}),
            }),
          ),
        );
      case 'invalid': {
        // a receipt answered invalid is not taken (the node will send it again), so no normal answer first
        const receipt = r.primitive === 'paSendRT' || r.primitive === 'paSendRTV2';
        return send(200, answerXml(r.primitive, invalidTree(r.primitive, receipt ? [['outcome', 'OK']] : await normal())));
      }
      case 'raw':
        return send(200, o.body);
      case 'http': {
        if (res.destroyed) return;
        const text = o.body ?? '';
        res.writeHead(o.httpStatus, { 'Content-Type': text.trimStart().startsWith('<') ? XML : 'text/plain; charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
        entry.response = text;
        entry.httpStatus = o.httpStatus;
        return;
      }
      case 'drop':
        // no HTTP answer at all: the client sees the connection reset
        return void req.socket.destroy();
      case 'delay':
        if (await hold(res, o.delayMs)) return send(200, answerXml(r.primitive, await normal()));
        return;
      case 'timeout':
        await hold(res, undefined);
    }
  }

  /**
   * Keeps the request open for `ms` (true: answer now) or, without `ms`, until the client gives up (false).
   * A client that closes the socket releases it at once, so nothing piles up.
   */
  function hold(res: http.ServerResponse, ms: number | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const release = (answerNow: boolean) => {
        if (!held.delete(res)) return;
        clearTimeout(timer);
        res.off('close', onClose);
        resolve(answerNow);
      };
      const onClose = () => release(false);
      held.set(res, () => {
        release(false);
        res.socket?.destroy();
      });
      res.on('close', onClose);
      if (ms !== undefined) timer = setTimeout(() => release(true), ms);
    });
  }

  function serveWsdl(req: http.IncomingMessage, res: http.ServerResponse, query: string): void {
    const base = requestBase(req);
    if (!base) return writeProblem(res, 'bad-request', 'the Host header must be host[:port]');
    const params = new URLSearchParams(query);
    const xsd = params.get('xsd');
    const text = params.has('wsdl') || params.has('WSDL') ? wsdl.wsdl(base) : xsd ? wsdl.xsd(xsd, base) : undefined;
    if (text === undefined) return writeProblem(res, 'not-found', `GET ${MOCK_EC_PATH}?wsdl for the WSDL, ?xsd=<file> for a schema`);
    res.writeHead(200, { 'Content-Type': XML });
    res.end(text);
  }

  return {
    handle,
    reset() {
      overrides.clear();
      history.clear();
      receipts.clear();
      pagopa.reset();
    },
    close() {
      for (const release of [...held.values()]) release();
      pagopa.close();
    },
  };
}

const HISTORY_PARAMS = ['primitive', 'noticeNumber', 'limit', 'offset'];
const HISTORY_MAX_LIMIT = 200;

const unknownPrimitive = (p: string) => `unknown primitive "${p}"; one of ${MOCK_PRIMITIVES.join(', ')}`;

function sendFault(res: http.ServerResponse, status: number, code: string, text: string, detail: string): void {
  const xml = soapFault(code, text, detail);
  res.writeHead(status, { 'Content-Type': XML, 'Content-Length': Buffer.byteLength(xml) });
  res.end(xml);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function methodNotAllowed(res: http.ServerResponse, allow: string): void {
  writeProblem(res, 'method-not-allowed', `allowed: ${allow}`, { headers: { Allow: allow } });
}
