import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from './log';
import { isMockEcPath, type MockEc } from './mockEc/server';
import { acaRouter } from './rest/aca';
import { adminRouter, type AdminDeps } from './rest/admin';
import { GPD_RECEIPTS_BASE, gpdReceiptsRouter } from './rest/gpdReceipts';
import { problem } from './rest/problem';
import { handlePull, PULL_PATHS, type PullDeps } from './rest/pull';
import type { createSoapRouter } from './soap/router';
import type { WsdlServer } from './soap/wsdl';
import { soapFault } from './soap/xmlWriter';
import type { JournalWriter } from './store/journal';
import { ecommercePsp } from './checkout/ecommercePsp';
import { adminCheckoutRouter } from './rest/adminCheckout';
import { cartsRouter } from './rest/carts';
import { requestBase } from './rest/requestBase';
import { assetsRouter } from './web/assets';
import { checkoutPagesRouter } from './web/checkoutPages';
import { dashboardRouter } from './web/dashboard';
import type { RequestGuard } from './web/hostGuard';

export interface AppDeps extends AdminDeps {
  soap: ReturnType<typeof createSoapRouter>;
  wsdl: WsdlServer;
  journal: JournalWriter;
  /** the built-in mock EC on /mock-ec/v1 (src/mockEc) */
  mockEc: MockEc;
  log: Logger;
  /** Host, Origin and admin-token checks, before anything else (web/hostGuard.ts) */
  guard: RequestGuard;
  maxBodyBytes: number;
  isReady(): boolean;
}

/** SOAP endpoints: the per-interface path of the public APIM, and the real node's single entry point. */
export const SOAP_PATHS = new Set(['/node-for-psp/v1', '/webservices/input']);
const XML = 'text/xml; charset=UTF-8';
// package.json, two levels above dist/src
const VERSION = (require('../../package.json') as { version: string }).version;

/**
 * The HTTP pipeline, on one screen:
 *   0. Every request: the guard (Host is one of this server's names; no cross-site state changes on
 *      /admin, SOAP and the mock EC; the admin token on /admin and the mock EC's control API).
 *   1. POST on a SOAP path → read the body (size-capped) → soap router → journal → reply. No express:
 *      it costs ~100 µs a request, which is most of the budget on the hot path.
 *   2. GET ?wsdl / ?xsd= on a SOAP path → our WSDL and schemas, addressed to this very server.
 *   3. GET on the payments-pull paths → rest/pull.ts, also without express (a hot read path too).
 *   3b. /mock-ec/v1 and below → the built-in mock EC (src/mockEc): the remote stations' hot path in the bench.
 *   4. Everything else → express: /health, /admin, ACA/GPD, the Checkout carts API, the checkout pages
 *      and the dashboard (src/web).
 */
export function createApp(deps: AppDeps): http.Server {
  const rest = express();
  rest.disable('x-powered-by');
  rest.get('/health', (_req, res) => {
    if (deps.isReady()) res.json({ status: 'UP' });
    else problem(res, 503, 'Service Unavailable', 'starting');
  });
  rest.use('/admin', adminRouter(deps));
  rest.use('/admin', adminCheckoutRouter(deps.ctx));
  rest.use(acaRouter(deps));
  rest.use(GPD_RECEIPTS_BASE, gpdReceiptsRouter(deps.ctx));
  rest.use('/assets', assetsRouter());
  rest.use(cartsRouter(deps.ctx, deps.log));
  // the checkout page pays as pagoPA's e-commerce PSP, through this process's own SOAP pipeline
  rest.use(checkoutPagesRouter(deps.ctx, ecommercePsp(deps.ctx, deps.soap, deps.journal)));
  rest.use(dashboardRouter(deps));
  rest.use((_req: Request, res: Response) => problem(res, 404, 'Not Found'));
  rest.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return problem(res, 400, 'Bad Request', 'request body is not valid JSON');
    if (err.status && err.status < 500) return problem(res, err.status, 'Bad Request', err.message);
    deps.log.error('rest handler failed', { path: req.path, error: err.stack ?? String(err) });
    problem(res, 500, 'Internal Server Error', 'unexpected error; see the emulator log');
  });

  const pull: PullDeps = { read: () => deps.ctx.db.read, log: deps.log, version: VERSION };

  return http.createServer((req, res) => {
    const q = req.url!.indexOf('?');
    const path = q < 0 ? req.url! : req.url!.slice(0, q);
    const query = q < 0 ? '' : req.url!.slice(q + 1);
    if (!deps.guard(req, res, path)) return;
    if (PULL_PATHS.has(path)) return handlePull(pull, req, res, path, query);
    if (isMockEcPath(path)) return deps.mockEc.handle(req, res, path, query);
    if (!SOAP_PATHS.has(path)) return void rest(req, res);
    if (req.method === 'GET') return serveWsdl(deps, req, res, path, query);
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'GET, POST', 'Content-Type': XML });
      return void res.end(soapFault('soap:Client', 'Errore richiesta non leggibile', `method ${req.method} not allowed; POST a SOAP 1.1 envelope`));
    }
    readBody(req, deps.maxBodyBytes).then(
      async (body) => {
        if (body === undefined) {
          res.writeHead(413, { 'Content-Type': XML, Connection: 'close' });
          res.end(soapFault('soap:Client', 'Errore richiesta non leggibile', `request body exceeds ${deps.maxBodyBytes} bytes`));
          return;
        }
        const ex = await deps.soap(body, req.headers.soapaction);
        res.writeHead(ex.status, { 'Content-Type': XML, 'Content-Length': Buffer.byteLength(ex.body) });
        res.end(ex.body);
        deps.journal.append(ex.journal);
      },
    ).catch((err: Error) => {
      deps.log.error('soap handler failed', { error: err.stack ?? String(err) });
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': XML });
        res.end(soapFault('PPT_SYSTEM_ERROR', 'Errore generico.'));
      }
    });
  });
}

function serveWsdl(deps: AppDeps, req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): void {
  // the WSDL is addressed to the URL the client used
  const base = requestBase(req);
  if (!base) {
    res.writeHead(400, { 'Content-Type': 'application/problem+json' });
    return void res.end(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'the Host header must be host[:port]' }));
  }
  const params = new URLSearchParams(query);
  if (path === '/node-for-psp/v1' && (params.has('wsdl') || params.has('WSDL'))) {
    res.writeHead(200, { 'Content-Type': XML });
    return void res.end(deps.wsdl.wsdl(base));
  }
  const xsd = params.get('xsd');
  const text = xsd ? deps.wsdl.xsd(xsd, base) : undefined;
  if (text !== undefined) {
    res.writeHead(200, { 'Content-Type': XML });
    return void res.end(text);
  }
  res.writeHead(404, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'GET /node-for-psp/v1?wsdl for the WSDL, ?xsd=<file> for a schema' }));
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
