import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../clock';
import { journalKey, journalXml, type JournalWriter } from '../store/journal';
import type { JournalRow } from '../store/rows';
import { SUBSCRIPTION_HEADER } from './ecAuth';

/** The keys a REST exchange files its journal row under, read once the answer is out. */
export interface RestJournalKeys {
  idPsp?: string;
  fiscalCode?: string;
  noticeNumber?: string;
  token?: string;
  /** the API's own error code (BZ_404_001 ...), for a failed exchange */
  faultCode?: string;
}

/**
 * Journals a REST exchange like a SOAP one (issue 14 item 7: the EC's certification evidence covers its REST
 * calls too), as direction 'in' under `operation` (`<api>.<operationId>`). The request column holds the
 * request line with the subscription key masked (as SOAP passwords are), the response column the body as
 * sent; outcome is OK for a 2xx, KO otherwise. The body is captured on its way out, so problems rendered
 * anywhere (the route, the error middleware) are journaled alike. `keys` reads what the route left in
 * res.locals.journal.
 */
export function journalRest(
  journal: JournalWriter,
  clock: Clock,
  operation: string | ((req: Request) => string),
  keysOf?: (req: Request, res: Response, body: string) => RestJournalKeys,
): RequestHandler {
  return (req, res, next) => {
    const at = clock.now().getTime();
    const started = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    // express writes its bodies with one end(chunk): capture it, then let it through untouched
    res.end = ((...args: unknown[]) => {
      const chunk = args[0];
      if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk as string));
      return end(...args);
    }) as Response['end'];
    res.once('finish', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const keys = { ...keysOf?.(req, res, body), ...(res.locals.journal as RestJournalKeys | undefined) };
      const requestId = req.get('X-Request-Id');
      const row: JournalRow = {
        at,
        request_id: journalKey(requestId, 40) ?? randomUUID(),
        operation: typeof operation === 'string' ? operation : operation(req),
        id_psp: journalKey(keys.idPsp, 35),
        id_channel: null,
        fiscal_code: journalKey(keys.fiscalCode, 11),
        notice_number: journalKey(keys.noticeNumber, 18),
        token: journalKey(keys.token, 35),
        outcome: res.statusCode < 300 ? 'OK' : 'KO',
        fault_code: journalKey(keys.faultCode, 60),
        http_status: res.statusCode,
        duration_us: Number((process.hrtime.bigint() - started) / 1000n),
        request_xml: journalXml(requestLine(req)),
        response_xml: journalXml(body),
        direction: 'in',
      };
      journal.append(row);
    });
    next();
  };
}

/** `GET /path?query` with the subscription key masked, and whether the header carried one. */
function requestLine(req: Request): string {
  const url = new URL(req.originalUrl, 'http://emulator');
  if (url.searchParams.has('subscription-key')) url.searchParams.set('subscription-key', '***');
  const headers = [
    req.get(SUBSCRIPTION_HEADER) !== undefined ? `${SUBSCRIPTION_HEADER}: ***` : undefined,
    req.get('X-Request-Id') ? `X-Request-Id: ${req.get('X-Request-Id')}` : undefined,
  ];
  return [`${req.method} ${url.pathname}${url.search}`, ...headers.filter((h) => h !== undefined)].join('\n');
}
