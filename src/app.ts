import http from 'node:http';
import express from 'express';
import type { Logger } from './log';
import { isMockEcPath, type MockEc } from './mockEc/server';
import { acaRouter } from './rest/aca';
import { adminRouter, type AdminDeps } from './rest/admin';
import { apiDocsRouter } from './rest/apiDocs';
import { backofficeRouter } from './rest/backoffice';
import { BIZ_EVENTS_BASE, bizEventsRouter } from './rest/bizEvents';
import { FDR_PSP_BASE, pspRouter } from './rest/fdr/pspRouter';
import { GPD_RECEIPTS_BASE, gpdReceiptsRouter } from './rest/gpdReceipts';
import { FDR_ORG_BASE, fdrOrgRouter } from './rest/fdr/orgRouter';
import { notFound, problemMiddleware } from './rest/problemMiddleware';
import { problemDocsRouter } from './rest/problemDocs';
import { writeProblem } from './rest/problems';
import { handlePull, PULL_PATHS, type PullDeps } from './rest/pull';
import type { SoapPipeline } from './soap/pipeline';
import { createWsdlServer, type WsdlServer } from './soap/wsdl';
import { soapFault } from './soap/xmlWriter';
import type { JournalWriter } from './store/journal';
import type { JournalRow } from './store/rows';
import { wrapWithExchangeLog } from './exchangeLog';
import { PACKAGE_VERSION } from './paths';
import { ecommercePsp } from './checkout/ecommercePsp';
import { adminCheckoutRouter } from './rest/adminCheckout';
import { adminDemoPaymentRouter } from './rest/adminDemoPayment';
import { adminProcessRouter } from './rest/adminProcess';
import { cartsRouter } from './rest/carts';
import { requestBase } from './rest/requestBase';
import { assetsRouter } from './web/assets';
import { checkoutPagesRouter } from './web/checkoutPages';
import { dashboardRouter } from './web/dashboard';
import type { RequestGuard } from './web/hostGuard';

export interface AppDeps extends AdminDeps {
  /** the inbound SOAP pipeline (soap/pipeline.ts): reads, answers and journals a POST on a SOAP path */
  soap: SoapPipeline;
  wsdl: WsdlServer;
  journal: JournalWriter;
  /** the built-in mock EC: ours on /mock-ec/v1, pagoPA mode on /mock-ec (src/mockEc) */
  mockEc: MockEc;
  log: Logger;
  /** Host, Origin and admin-token checks, before anything else (web/hostGuard.ts) */
  guard: RequestGuard;
  maxBodyBytes: number;
  isReady(): boolean;
}

/**
 * SOAP endpoints: the per-interface path of the public APIM, the real node's single entry point, and the
 * path pagoPA's test suite sends the legacy nodoPerPsp operations to (spec §1 "Routing"). All serve
 * every operation.
 */
export const SOAP_PATHS = new Set(['/node-for-psp/v1', '/webservices/input', '/nodo-per-psp/v1', '/node-for-pa/v1', '/nodo-per-pa/v1']);
/** the nodeForPa WSDL (the EC's reporting reads, reporting.md §5.1), served on its own path */
const NODE_FOR_PA_PATH = '/node-for-pa/v1';
const XML = 'text/xml; charset=UTF-8';

/**
 * The HTTP pipeline, on one screen:
 *   0. Every request: the guard (Host is one of this server's names; no cross-site state changes on
 *      /admin, SOAP and the mock EC; the admin token on /admin and the mock EC's control API).
 *   1. POST on a SOAP path → the SOAP pipeline (soap/pipeline.ts: read capped → … → reply → journal). No express:
 *      it costs ~100 µs a request, which is most of the budget on the hot path.
 *   2. GET ?wsdl / ?xsd= on a SOAP path → our WSDL and schemas, addressed to this very server.
 *   3. GET on the payments-pull paths → rest/pull.ts, also without express (a hot read path too).
 *   3b. /mock-ec and below → the built-in mock EC (src/mockEc): /mock-ec/v1 is ours (the remote stations' hot
 *       path in the bench), /mock-ec itself and the rest below it are pagoPA mode (a drop-in for pagoPA's mock EC).
 *   4. Everything else → express: /health, /admin, ACA/GPD, biz-events, the Checkout carts API, the Backoffice External APIs, the checkout pages
 *      and the dashboard (src/web).
 */
export function createApp(deps: AppDeps): http.RequestListener {
  const rest = express();
  rest.disable('x-powered-by');
  const startedAt = process.hrtime.bigint();
  rest.get('/health', (_req, res) => {
    // ready: migrated, seeded and listening; uptime in whole seconds of this process (not the emulator's clock)
    if (deps.isReady())
      res.json({ status: 'UP', ready: true, version: PACKAGE_VERSION, engine: deps.ctx.db.engine, uptime: Math.floor(Number(process.hrtime.bigint() - startedAt) / 1e9) });
    else writeProblem(res, 'unavailable', 'starting');
  });
  rest.use('/admin', adminRouter(deps));
  rest.use('/admin', adminCheckoutRouter(deps.ctx));
  rest.use('/admin', adminDemoPaymentRouter(deps.ctx, deps.soap));
  rest.use('/admin', adminProcessRouter(deps.ctx.db));
  rest.use(acaRouter(deps));
  rest.use(GPD_RECEIPTS_BASE, gpdReceiptsRouter(deps.ctx));
  rest.use(BIZ_EVENTS_BASE, bizEventsRouter(deps.ctx));
  rest.use(FDR_PSP_BASE, pspRouter(deps.ctx, deps.log));
  rest.use(FDR_ORG_BASE, fdrOrgRouter(deps.ctx, deps.log));
  rest.use('/assets', assetsRouter());
  rest.use(cartsRouter(deps.ctx));
  rest.use(backofficeRouter(deps.ctx));
  // the checkout page pays as pagoPA's e-commerce PSP, through this process's own SOAP pipeline
  rest.use(checkoutPagesRouter(deps.ctx, ecommercePsp(deps.ctx, deps.soap)));
  rest.use(dashboardRouter(deps));
  rest.use(problemDocsRouter());
  // /openapi (the documents of openapi/) and /api-docs (swagger-ui over them, served from node_modules)
  rest.use(apiDocsRouter());
  rest.use(notFound);
  // the one error middleware: ProblemErrors thrown by any route above, body-parser's refusals, the unexpected
  rest.use(problemMiddleware(deps.log));

  const pull: PullDeps = { read: () => deps.ctx.db.read, log: deps.log, version: PACKAGE_VERSION };

  const route = (req: http.IncomingMessage, res: http.ServerResponse): Promise<JournalRow | undefined> | void => {
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
    return deps.soap.serve(req, res);
  };
  // --log-level debug: one line per request (exchangeLog.ts); decided once, so other levels pay nothing
  return deps.log.debugEnabled ? wrapWithExchangeLog(deps.log, route) : route;
}

let paWsdl: WsdlServer | undefined;
const nodeForPaWsdl = (): WsdlServer => (paWsdl ??= createWsdlServer(NODE_FOR_PA_PATH, 'nodeForPa.wsdl'));

function serveWsdl(deps: AppDeps, req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string): void {
  // the WSDL is addressed to the URL the client used
  const base = requestBase(req);
  if (!base) return writeProblem(res, 'bad-request', 'the Host header must be host[:port]');
  const params = new URLSearchParams(query);
  const server = path === NODE_FOR_PA_PATH ? nodeForPaWsdl() : deps.wsdl;
  if ((path === '/node-for-psp/v1' || path === NODE_FOR_PA_PATH) && (params.has('wsdl') || params.has('WSDL'))) {
    res.writeHead(200, { 'Content-Type': XML });
    return void res.end(server.wsdl(base));
  }
  const xsd = params.get('xsd');
  const text = xsd ? server.xsd(xsd, base) : undefined;
  if (text !== undefined) {
    res.writeHead(200, { 'Content-Type': XML });
    return void res.end(text);
  }
  writeProblem(res, 'not-found', 'GET /node-for-psp/v1?wsdl or /node-for-pa/v1?wsdl for the WSDL, ?xsd=<file> for a schema');
}
