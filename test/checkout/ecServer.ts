import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An EC's web application, in the jest process, as the checkout browser tests need it:
 *   GET /start?v=1|2&navs=A,B&amounts=3000,1550[&idCart=…][&email=…][&ec=…]
 *       its back end POSTs a cart of those notices to the emulator (`/checkout/ec/v{v}/carts`, key
 *       demo-ec-66666666666, return URLs pointing here) and "follows the 302" for the browser: it
 *       redirects the browser to the emulator's Location. When the emulator does not answer 302 the
 *       browser gets a 502 page with the emulator's answer (and `created` records it).
 *   GET /ok, /cancel, /error, /waiting
 *       the return URLs: a tiny page naming the outcome (`[data-testid=ec-outcome]`); every hit is recorded.
 *   GET /forge?to=URL&field=value…
 *       another site's page with a form posting those fields to URL (button `#forged`): the CSRF case.
 * The receipts do not come here: station 66666666666_03 points at the emulator's built-in mock EC, whose
 * history the tests read.
 */
export const EC_KEY = 'demo-ec-66666666666';
export const EC_FISCAL_CODE = '66666666666';
export const RETURNS = ['ok', 'cancel', 'error', 'waiting'] as const;
export type ReturnName = (typeof RETURNS)[number];

export interface CartCreated {
  status: number;
  location: string | null;
  body: string;
  /** our cart id, read off the Location (`/checkout/carts/{id}`) */
  cartId: string | null;
  request: object;
}

export interface EcServer {
  /** http://127.0.0.1:port */
  url: string;
  /** the URL that makes a cart and sends the browser to its checkout page */
  startUrl(q: { v: 1 | 2; navs: string[]; amounts?: number[]; idCart?: string; email?: string }): string;
  /** every hit on a return URL, in order */
  hits: { name: ReturnName; at: number }[];
  hitsOf(name: ReturnName): number;
  /** every cart the back end created (or tried to), in order */
  created: CartCreated[];
  /** the cart request the back end would send (also for tests that post it themselves) */
  cartRequest(q: { v: 1 | 2; navs: string[]; amounts?: number[]; idCart?: string; email?: string; ec?: string }): object;
  /** POST the cart to the emulator as the back end does, without a browser */
  createCart(q: { v: 1 | 2; navs: string[]; amounts?: number[]; idCart?: string; email?: string }): Promise<CartCreated>;
  stop(): Promise<void>;
}

export async function startEcServer(emulatorBase: string): Promise<EcServer> {
  const hits: EcServer['hits'] = [];
  const created: CartCreated[] = [];
  let url = '';

  const cartRequest: EcServer['cartRequest'] = ({ v, navs, amounts, idCart, email, ec = EC_FISCAL_CODE }) => ({
    paymentNotices: navs.map((nav, i) => ({
      noticeNumber: nav,
      fiscalCode: ec,
      amount: amounts?.[i] ?? 3000,
      companyName: 'Comune di Test',
      description: `Avviso ${nav}`,
    })),
    returnUrls: {
      returnOkUrl: `${url}/ok`,
      returnCancelUrl: `${url}/cancel`,
      returnErrorUrl: `${url}/error`,
      ...(v === 2 ? { returnWaitingUrl: `${url}/waiting` } : {}),
    },
    ...(idCart ? { idCart } : {}),
    ...(email ? { emailNotice: email } : {}),
  });

  const createCart: EcServer['createCart'] = async (q) => {
    const request = cartRequest(q);
    const res = await fetch(`${emulatorBase}/checkout/ec/v${q.v}/carts`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': EC_KEY },
      body: JSON.stringify(request),
    });
    const location = res.headers.get('location');
    const c: CartCreated = { status: res.status, location, body: await res.text(), cartId: /\/checkout\/carts\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1] ?? null, request };
    created.push(c);
    return c;
  };

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', url);
    const name = u.pathname.slice(1) as ReturnName;
    if (req.method === 'GET' && RETURNS.includes(name)) {
      hits.push({ name, at: Date.now() });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>EC: ${name}</title><h1 data-testid="ec-outcome">${name}</h1>`);
      return;
    }
    if (req.method === 'GET' && u.pathname === '/start') {
      const v = u.searchParams.get('v') === '1' ? 1 : 2;
      const navs = (u.searchParams.get('navs') ?? '').split(',').filter(Boolean);
      const amounts = u.searchParams.get('amounts')?.split(',').map(Number);
      createCart({ v, navs, amounts, idCart: u.searchParams.get('idCart') ?? undefined, email: u.searchParams.get('email') ?? undefined }).then(
        (c) => {
          if (c.status === 302 && c.location) res.writeHead(302, { Location: c.location }).end();
          else res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`the emulator answered ${c.status}: ${c.body}`);
        },
        (err: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(err.stack ?? err)),
      );
      return;
    }
    if (req.method === 'GET' && u.pathname === '/forge') {
      // another site's page posting to the checkout (CSRF): a form with the fields the test names
      const action = u.searchParams.get('to') ?? '';
      const fields = [...u.searchParams].filter(([k]) => k !== 'to');
      const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><title>EC: forged form</title><form method="post" action="${esc(action)}">${fields.map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('')}<button id="forged">Win a prize</button></form>`,
        );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    startUrl: ({ v, navs, amounts, idCart, email }) => {
      const q = new URLSearchParams({ v: String(v), navs: navs.join(',') });
      if (amounts) q.set('amounts', amounts.join(','));
      if (idCart) q.set('idCart', idCart);
      if (email) q.set('email', email);
      return `${url}/start?${q}`;
    },
    hits,
    hitsOf: (name) => hits.filter((h) => h.name === name).length,
    created,
    cartRequest,
    createCart,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
