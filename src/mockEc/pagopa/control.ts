import type http from 'node:http';
import { readBody } from '../httpBody';
import { exchangeJson, type PagopaHistory } from './historyJson';
import type { PagopaQueues } from './queues';
import { isPagopaPrimitive, PAGOPA_PRIMITIVES } from './request';
import { EXPRESS_TEXT } from './wire';
import { parseXml } from './xmlDoc';

/**
 * The control API of pagoPA's mock EC, under /mock-ec (uat-environment.md §3), answered with its exact
 * statuses and texts so that a script written against pagoPA's mock runs here unchanged:
 *   GET    /mock-ec/info                               200 {"status":"iamalive"}
 *   POST   /mock-ec/response/{primitive}[?override=true] raw XML answer → "{p} saved. {n} pushed" / "{p} updated"
 *   DELETE /mock-ec/response[/{primitive}]              "all queues cleared" / "{p} queue cleared"
 *   GET    /mock-ec/history/{noticeNumber}/{primitive}  200 {"request","response"} as xml2js JSON, or 500 {"details"}
 * `parts` is the path below /mock-ec, split on '/'. Returns false when the path is none of these.
 */
export interface ControlDeps {
  queues: PagopaQueues;
  history: PagopaHistory;
  maxBodyBytes: number;
}

export function handleControl(deps: ControlDeps, req: http.IncomingMessage, res: http.ServerResponse, parts: string[], query: string): boolean {
  const method = req.method ?? 'GET';
  const [head, a, b, ...more] = parts;
  if (more.length) return false;
  if (head === 'info' && a === undefined && (method === 'GET' || method === 'HEAD')) {
    json(res, 200, { status: 'iamalive' });
    return true;
  }
  if (head === 'response' && b === undefined) {
    if (method === 'DELETE') {
      if (a === undefined) {
        deps.queues.clear();
        text(res, 200, 'all queues cleared');
      } else if (isPagopaPrimitive(a)) {
        deps.queues.clear(a);
        text(res, 200, `${a} queue cleared`);
      } else {
        text(res, 200, `unknown ${a}`);
      }
      return true;
    }
    if (method === 'POST' && a !== undefined) {
      void push(deps, req, res, a, query);
      return true;
    }
  }
  if (head === 'history' && a !== undefined && b !== undefined && method === 'GET') {
    const found = isPagopaPrimitive(b) ? deps.history.find(a, b) : undefined;
    if (found) json(res, 200, exchangeJson(found));
    else
      json(res, 500, {
        details: isPagopaPrimitive(b) ? `no ${b} received for notice ${a}` : `unknown primitive ${b}; one of ${PAGOPA_PRIMITIVES.join(', ')}`,
      });
    return true;
  }
  return false;
}

async function push(deps: ControlDeps, req: http.IncomingMessage, res: http.ServerResponse, primitive: string, query: string): Promise<void> {
  const body = await readBody(req, deps.maxBodyBytes).catch(() => '');
  if (!isPagopaPrimitive(primitive)) return text(res, 400, 'unknown primitive');
  if (body === undefined) return text(res, 413, `the answer must be at most ${deps.maxBodyBytes} bytes`);
  if (!body.trim()) return text(res, 400, 'empty body: post the whole SOAP answer envelope, as raw XML (Content-Type text/xml or application/xml)');
  const parsed = parseXml(body);
  if (!parsed.ok) return text(res, 400, `the body is not well-formed XML: ${parsed.detail}`);
  const entry = { raw: body, root: parsed.root };
  // pagoPA's mock reads the flag as a string: true and True both replace
  if (new URLSearchParams(query).get('override')?.toLowerCase() === 'true') {
    deps.queues.replaceNewest(primitive, entry);
    return text(res, 200, `${primitive} updated`);
  }
  text(res, 200, `${primitive} saved. ${deps.queues.push(primitive, entry)} pushed`);
}

export function text(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': EXPRESS_TEXT, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const s = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(s) });
  res.end(s);
}
