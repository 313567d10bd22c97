import type http from 'node:http';
import type { Logger } from '../../log';
import { readBody } from '../httpBody';
import { paymentAnswer, receiptAnswer, verifyAnswer, type AnswerOptions } from './answers';
import { handleControl, text } from './control';
import { PagopaHistory } from './historyJson';
import { demandAnswer, notifyAnswer, oldPrimitiveAnswer } from './legacy';
import { PagopaQueues, serveQueued } from './queues';
import { readRequest, type PagopaRequest } from './request';
import { CRASH, EXPRESS_TEXT, type PagopaAnswer } from './wire';
import { child, elements, leaf, localName, parseXml } from './xmlDoc';

/** pagoPA's own local mock uses this base (`baseUrl http://localhost:8089`, `mockEcPath mock-ec`). */
export const PAGOPA_MOCK_EC_PATH = '/mock-ec';

export interface PagopaMockEcDeps extends AnswerOptions {
  log: Logger;
  maxBodyBytes: number;
}

export interface PagopaMockEc {
  /** a request on PAGOPA_MOCK_EC_PATH or below it (but not our /mock-ec/v1) */
  handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): void;
  /** ends the requests held by delays (their sockets are destroyed) */
  close(): void;
  /** forgets queued answers and history (POST /admin/reset) */
  reset(): void;
}

/**
 * The mock EC in pagoPA mode: a drop-in for pagoPA's own mock EC (pagopa-mock-ec), so that its postman
 * collections and pagoPA's node test suite run unchanged (uat-environment.md §2–§4).
 *   POST /mock-ec   SOAP, dispatched on the Body child (SOAPAction ignored, no XSD gate): the queued answer
 *                   of that primitive if any (queues.ts), else the family answers (answers.ts, legacy.ts);
 *                   unknown element → 404 `Not found`, unreadable → 500.
 *   the rest        pagoPA's control API (control.ts).
 * Everything lives in this process's memory, as in pagoPA's mock.
 */
export function createPagopaMockEc(deps: PagopaMockEcDeps): PagopaMockEc {
  const queues = new PagopaQueues();
  const history = new PagopaHistory();
  const held = new Set<() => void>();

  function handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): void {
    const rest = path.slice(PAGOPA_MOCK_EC_PATH.length).replace(/\/$/, '');
    if (rest === '' && req.method === 'POST') return soap(req, res);
    const parts = rest.split('/').slice(1);
    if (rest !== '' && handleControl({ queues, history, maxBodyBytes: deps.maxBodyBytes }, req, res, parts, query)) return;
    // Express's own words for a route it does not have
    req.resume();
    text(res, 404, `Cannot ${req.method} ${path}`);
  }

  function soap(req: http.IncomingMessage, res: http.ServerResponse): void {
    readBody(req, deps.maxBodyBytes)
      .then(async (body) => {
        if (body === undefined) return text(res, 413, `request body exceeds ${deps.maxBodyBytes} bytes`);
        const read = readRequest(body);
        if (read.kind === 'unreadable') {
          deps.log.warn('mock EC (pagoPA mode): unreadable request', { detail: read.detail });
          return text(res, 500, `${CRASH}(${read.detail})`);
        }
        if (read.kind === 'unknown') return text(res, 404, 'Not found');
        const r = read.request;
        const queued = queues.take(r.primitive);
        const a = queued ? serveQueued(r.primitive, queued) : answer(r);
        const exchange = history.record(r.historyKeys.length ? r.historyKeys : keysOfAnswer(a.body), r.primitive, body);
        if (a.delayMs && !(await hold(res, a.delayMs))) return;
        exchange.response = a.body;
        send(res, a);
      })
      .catch((err: Error) => {
        deps.log.error('mock EC (pagoPA mode) failed', { error: err.stack ?? String(err) });
        if (!res.headersSent) text(res, 500, CRASH);
      });
  }

  function answer(r: PagopaRequest): PagopaAnswer {
    switch (r.primitive) {
      case 'paVerifyPaymentNotice':
        return verifyAnswer(r, deps);
      case 'paGetPayment':
        return paymentAnswer(r, false, deps);
      case 'paGetPaymentV2':
        return paymentAnswer(r, true, deps);
      case 'paSendRT':
        return receiptAnswer(false);
      case 'paSendRTV2':
        return receiptAnswer(true);
      case 'paDemandPaymentNotice':
        return demandAnswer();
      case 'pspNotifyPayment':
        return notifyAnswer();
      default:
        return oldPrimitiveAnswer(r.primitive);
    }
  }

  /** Holds the answer `ms` (true: send it now); a client that hangs up, or close(), ends the wait (false). */
  function hold(res: http.ServerResponse, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const release = (sendNow: boolean) => {
        if (!held.delete(abort)) return;
        clearTimeout(timer);
        res.off('close', onClose);
        resolve(sendNow);
      };
      const abort = () => {
        release(false);
        res.socket?.destroy();
      };
      const onClose = () => release(false);
      held.add(abort);
      res.on('close', onClose);
      const timer = setTimeout(() => release(true), ms);
    });
  }

  return {
    handle,
    reset() {
      queues.clear();
      history.clear();
    },
    close() {
      for (const abort of [...held]) abort();
    },
  };
}

function send(res: http.ServerResponse, a: PagopaAnswer): void {
  if (res.destroyed) return;
  res.writeHead(a.status, { 'Content-Type': EXPRESS_TEXT, 'Content-Length': Buffer.byteLength(a.body) });
  res.end(a.body);
}

/** A request without a notice (paDemandPaymentNotice, paaChiediNumeroAvviso) is recorded under the one it was given. */
function keysOfAnswer(body: string): string[] {
  const parsed = parseXml(body);
  const el = parsed.ok ? elements(child(parsed.root, 'Body') ?? parsed.root)[0] : undefined;
  if (!el) return [];
  const qr = leaf(el, 'qrCode', 'noticeNumber');
  if (qr) return [qr];
  const avviso = child(child(el, localName(el.name)), 'numeroAvviso');
  const [aux, iuv] = [leaf(avviso, 'auxDigit'), leaf(avviso, 'IUV')];
  return aux && iuv ? [`${aux}${leaf(avviso, 'applicationCode') ?? ''}${iuv}`] : [];
}
