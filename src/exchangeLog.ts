import type http from 'node:http';
import type { StationExchange } from './ec/stationClient';
import type { StationJournalKeys } from './ec/stationJournal';
import type { Logger } from './log';
import type { JournalRow } from './store/rows';

/**
 * `--log-level debug`: one line per exchange, so that a developer sees what hit the emulator and what it
 * sent to EC stations without opening the journal. Callers test `log.debugEnabled` once (at start-up, or
 * before building a line), so that at info and above no line is built.
 *
 *   in  POST /node-for-psp/v1 200 3ms verifyPaymentNotice idPSP=60000000001 fiscalCode=77777777777 noticeNumber=302000000000000001 OK
 *   in  GET /admin/journal 200 1ms
 *   out paVerifyPaymentNotice station=77777777777_03 http://127.0.0.1:8080/mock-ec/v1 200 4ms OK
 */
export function wrapWithExchangeLog(log: Logger, route: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<JournalRow | undefined> | void): http.RequestListener {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const soap = route(req, res);
    if (soap instanceof Promise) {
      // a SOAP exchange: its journal row has the operation and its keys
      void soap.then((row) => log.debug(inboundLine(req, res, started, row)));
    } else {
      res.once('close', () => log.debug(inboundLine(req, res, started)));
    }
  };
}

function inboundLine(req: http.IncomingMessage, res: http.ServerResponse, started: bigint, row?: JournalRow): string {
  const q = req.url!.indexOf('?');
  const path = q < 0 ? req.url! : req.url!.slice(0, q);
  const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  // no status: the client hung up before an answer was written
  const status = row ? String(row.http_status) : res.headersSent ? String(res.statusCode) : 'aborted';
  const head = `in  ${req.method} ${path} ${status} ${ms}ms`;
  if (!row) return head;
  const keys = [
    ['idPSP', row.id_psp],
    ['idChannel', row.id_channel],
    ['fiscalCode', row.fiscal_code],
    ['noticeNumber', row.notice_number],
    ['token', row.token],
  ].filter(([, v]) => v);
  return [head, row.operation ?? '-', ...keys.map(([k, v]) => `${k}=${v}`), row.outcome, row.fault_code ?? ''].filter(Boolean).join(' ');
}

/** One node → EC station call (ec/stationJournal.ts journals it at the same point). */
export function outboundLine(ex: StationExchange, keys: StationJournalKeys): string {
  const ms = Math.round(ex.durationUs / 1000);
  const ids = [
    ['fiscalCode', keys.fiscalCode],
    ['noticeNumber', keys.noticeNumber],
    ['token', keys.token],
  ].filter(([, v]) => v);
  return [
    `out ${ex.action} station=${keys.stationCode} ${ex.url} ${ex.httpStatus ?? 'no-answer'} ${ms}ms`,
    ...ids.map(([k, v]) => `${k}=${v}`),
    keys.outcome ?? '',
    keys.faultCode ?? '',
  ]
    .filter(Boolean)
    .join(' ');
}
