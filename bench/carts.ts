/**
 * The Checkout legs (issue 5):
 *   sqlite-carts     POST /checkout/ec/v2/carts, each a cart of the 5 demo archive notices of station
 *                    66666666666_02: schema, key, and the node's checkPosition on every notice (registry,
 *                    node state, archive), then the cart written. The answer must be a 302 to our page.
 *   sqlite-cart-pay  the checkout page's server-side work for Pay on a cart of 5 notices published in the
 *                    archive (station 66666666666_02, imported before the run): the POST
 *                    /checkout/carts/{id} that activates the 5 (activatePaymentNoticeV2), closes them with
 *                    one sendPaymentOutcomeV2 (receipts into the outbox in its transaction) and answers the
 *                    303 to returnOkUrl. Only that POST is timed; the cart is created before it, untimed.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';
import { ARCHIVE_SEGREGATION_CODE, demoPositions } from '../src/ec/demoNotices';
import { RunStats } from './stats';

export const CART_KEY = 'demo-ec-66666666666';
const EC = '66666666666';
const RETURN_URLS = {
  returnOkUrl: 'http://ec.example/ok',
  returnCancelUrl: 'http://ec.example/cancel',
  returnErrorUrl: 'http://ec.example/error',
  returnWaitingUrl: 'http://ec.example/waiting',
};
// the double-submit cookie of the page's forms (src/web/csrf.ts): any 32 hex digits the browser holds
const CSRF = '0123456789abcdef0123456789abcdef';

/** The demo archive's notices on station 66666666666_02 (ARCHIVE_SEGREGATION_CODE), as the emulator seeds them. */
export function demoArchiveNotices(): { noticeNumber: string; amountCents: number; description: string }[] {
  return demoPositions(new Date().getUTCFullYear())
    .filter((p) => p.organizationFiscalCode === EC)
    .flatMap((p) => p.options)
    .filter((o) => o.noticeNumber.startsWith(`3${ARCHIVE_SEGREGATION_CODE}`))
    .map((o) => ({ noticeNumber: o.noticeNumber, amountCents: o.amountCents, description: o.description }));
}

const cartBody = (notices: { noticeNumber: string; amountCents: number; description: string }[]) =>
  JSON.stringify({
    paymentNotices: notices.map((n) => ({
      noticeNumber: n.noticeNumber,
      fiscalCode: EC,
      amount: n.amountCents,
      companyName: 'Comune di Test',
      description: n.description.slice(0, 140),
    })),
    returnUrls: RETURN_URLS,
    emailNotice: 'payer@example.org',
  });

/** autocannon requests: one cart of 5 archive notices per request; OK = 302 to /checkout/carts/<id>. */
export function cartRequests(stats: RunStats): autocannon.Request[] {
  const op = stats.op('POST /carts');
  const notices = demoArchiveNotices().slice(0, 5);
  if (notices.length < 5) throw new Error(`the demo archive has ${notices.length} notices on segregation code ${ARCHIVE_SEGREGATION_CODE}, 5 needed`);
  const body = cartBody(notices);
  return [
    {
      method: 'POST',
      path: '/checkout/ec/v2/carts',
      headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': CART_KEY },
      body,
      // per connection: autocannon's context
      setupRequest: (req: autocannon.Request, ctx: { sentAt: number }) => {
        ctx.sentAt = performance.now();
        return req;
      },
      onResponse: (status: number, resBody: string, ctx: { sentAt: number }) =>
        op.record(performance.now() - ctx.sentAt, status, status === 302, () => `HTTP ${status} ${resBody.slice(0, 200)}`),
    } as unknown as autocannon.Request,
  ];
}

function request(agent: http.Agent, url: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `payers` browsers at once, each looping: create a cart of 5 unpaid archive notices (untimed), then POST
 * Pay on its page (timed). A Pay is OK when it answers 303 to returnOkUrl.
 */
export async function measureCartPay(baseUrl: string, seconds: number, payers: number, nextNotice: () => string): Promise<RunStats> {
  const stats = new RunStats();
  const op = stats.op('POST /checkout/carts/{id} pay');
  const agent = new http.Agent({ keepAlive: true, maxSockets: payers * 2 });
  const started = performance.now();
  const until = started + seconds * 1000;
  const payer = async () => {
    while (performance.now() < until) {
      const notices = Array.from({ length: 5 }, () => ({ noticeNumber: nextNotice(), amountCents: 1000, description: 'bench' }));
      const cart = await request(
        agent,
        `${baseUrl}/checkout/ec/v2/carts`,
        'POST',
        { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': CART_KEY },
        cartBody(notices),
      );
      if (cart.status !== 302 || !cart.location) throw new Error(`cart creation answered ${cart.status}: ${cart.body.slice(0, 300)}`);
      const form = `csrf=${CSRF}&action=pay&method=CP&email=payer%40example.org`;
      const t0 = performance.now();
      const paid = await request(agent, cart.location, 'POST', { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `nodo_csrf=${CSRF}` }, form);
      const ms = performance.now() - t0;
      const ok = paid.status === 303 && paid.location === RETURN_URLS.returnOkUrl;
      op.record(ms, paid.status, ok, () => `HTTP ${paid.status} → ${paid.location ?? '-'} ${paid.body.slice(0, 200)}`);
      if (ok) {
        stats.payments++;
        stats.payment.push(ms);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: payers }, payer));
  } finally {
    agent.destroy();
  }
  stats.elapsedSec = (performance.now() - started) / 1000;
  return stats;
}
