import express from 'express';

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  purpose: string;
}

/**
 * Every route under /admin, for `GET /admin` (issue 15 item 5: an API a newcomer can discover). Kept by hand
 * next to the routers; test/admin/reset.test.ts calls each parameterless GET listed here, so an entry that
 * names no route fails.
 */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/admin', purpose: 'this list' },
  { method: 'POST', path: '/admin/reset', purpose: 'back to the freshly seeded state (registry kept, demo notices re-seeded)' },
  { method: 'GET', path: '/admin/journal', purpose: 'the exchange journal, filtered (noticeNumber, token, idPSP, operation, outcome, from, to, …)' },
  { method: 'GET', path: '/admin/journal/:id/request.xml', purpose: "one exchange's request, as a file" },
  { method: 'GET', path: '/admin/journal/:id/response.xml', purpose: "one exchange's response, as a file" },
  {
    method: 'GET',
    path: '/admin/journal/export?noticeNumber=:noticeNumber',
    purpose:
      "one payment's exchanges in order (verify → activate → EC calls → outcome → receipt) as one XML file, or with &format=zip one file per message plus index.json (&token= narrows it to one token)",
  },
  { method: 'POST', path: '/admin/jobs/:name/run', purpose: 'run a scheduled job now (mod3CancelV2, idempotencyCacheClean, expirePositions, paSendRt, generateReportingFlows)' },
  { method: 'GET', path: '/admin/tokens/:token', purpose: 'a payment token and its events' },
  { method: 'GET', path: '/admin/receipts', purpose: 'the receipts outbox (paSendRT to EC stations)' },
  { method: 'GET', path: '/admin/receipts/:id', purpose: 'one receipt and its delivery attempts' },
  { method: 'GET', path: '/admin/receipts/:id/xml', purpose: "one receipt's XML" },
  { method: 'POST', path: '/admin/receipts/:id/resend', purpose: 'deliver one receipt again' },
  { method: 'GET', path: '/admin/positions', purpose: 'debt positions in the archive' },
  { method: 'GET', path: '/admin/positions/:id', purpose: 'one debt position' },
  { method: 'GET', path: '/admin/notices', purpose: 'notices the node has seen' },
  { method: 'GET', path: '/admin/notices/:id', purpose: 'one notice' },
  { method: 'GET', path: '/admin/payments', purpose: 'payment tokens, newest first' },
  { method: 'GET', path: '/admin/registry', purpose: 'the registry (JSON, or YAML with Accept: application/yaml)' },
  { method: 'PUT', path: '/admin/registry', purpose: 'replace the registry (JSON or YAML)' },
  { method: 'GET', path: '/admin/reporting/flows', purpose: 'reporting flows (FdR)' },
  { method: 'GET', path: '/admin/reporting/flows/:id', purpose: 'one reporting flow' },
  { method: 'GET', path: '/admin/reporting/flows/:id/flow.xml', purpose: "one reporting flow's XML" },
  { method: 'GET', path: '/admin/debtors/:taxCode/open-notices', purpose: 'what a debtor still owes in the archive' },
  { method: 'GET', path: '/admin/clock', purpose: "the emulator's time and its offset" },
  { method: 'POST', path: '/admin/clock/advance', purpose: 'move the clock by {"ms"} (negative: back)' },
  { method: 'POST', path: '/admin/clock/set', purpose: 'set the clock to {"at": ISO-8601}' },
  { method: 'POST', path: '/admin/clock/reset', purpose: 'the system time again' },
  { method: 'GET', path: '/admin/carts', purpose: 'Checkout carts' },
  { method: 'GET', path: '/admin/carts/:id', purpose: 'one cart' },
  { method: 'GET', path: '/admin/outbox', purpose: 'e-mails the node would have sent' },
  { method: 'POST', path: '/admin/demo-cart', purpose: 'a fresh archive notice in a cart: answers its checkout URL' },
  { method: 'GET', path: '/admin/process', purpose: "this process's CPU and memory" },
];

/** GET /admin exactly: the list above, as JSON. */
export function adminIndexRouter(): express.Router {
  const r = express.Router();
  r.get('/', (req, res, next) => {
    // strict: /admin only, not /admin/ (express would match both)
    if (req.originalUrl.split('?')[0] !== '/admin') return next();
    res.json({ routes: ADMIN_ROUTES });
  });
  return r;
}
