import express, { type Request, type Response } from 'express';
import type { NodoContext } from '../nodo/context';
import { MAX_CART_NOTICES, validateCartV1, validateCartV2, type CartRequest } from '../checkout/cartSchemas';
import { cartView, checkoutPath, isCartId, resolveCart } from '../checkout/cartView';
import { checkPosition } from '../checkout/checkPosition';
import { newCart } from '../checkout/newCart';
import { cartNotices, findCart } from '../store/carts';
import { fail, jsonBody, route, validBody } from './acaHttp';
import { subscriptionKeyOf, unauthorized } from './ecAuth';
import { requestBase } from './requestBase';

/**
 * Checkout's EC API (spec §10.1, checkout_v1.json / checkout_v2.json):
 *   POST /checkout/ec/v1/carts, /checkout/ec/v2/carts   → 302 Location: our checkout page for the cart
 *   GET  /checkout/ec/v1/carts/{id} (and v2)            → the cart and each notice's outcome. OUR EXTENSION:
 *        the real API has no status read; an EC back end may poll it instead of waiting for paSendRT.
 * Errors are problem JSON: 401 no or unknown subscription key, 403 a key that may not act for a notice's
 * EC, 400 the schema, 422 what the real service refuses after it (more than 5 notices, a repeated
 * notice, a notice the node would not let be paid).
 */
export function cartsRouter(ctx: NodoContext): express.Router {
  const r = express.Router();
  for (const version of [1, 2] as const) {
    const base = `/checkout/ec/v${version}/carts`;
    r.post(
      base,
      subscribed(ctx),
      jsonBody,
      route((req, res) => createCart(ctx, version, req, res)),
    );
    r.get(
      `${base}/:id`,
      subscribed(ctx),
      route((req, res) => readCart(ctx, req, res)),
    );
  }
  return r;
}

/** APIM's gate: any known key passes here (401 otherwise); which ECs it may act for is checked per cart. */
function subscribed(ctx: NodoContext): express.RequestHandler {
  return (req, res, next) => {
    const key = subscriptionKeyOf(req);
    if (ctx.registry().subscription(key)) return next();
    unauthorized(res, key);
  };
}

/**
 * The first EC of `fiscalCodes` the request's key may not act for. An EC the registry does not know is
 * left to checkPosition, whose 422 names it (PPT_DOMINIO_SCONOSCIUTO): no key could ever act for it.
 */
function forbiddenEc(ctx: NodoContext, req: Request, fiscalCodes: Iterable<string>): string | undefined {
  const key = subscriptionKeyOf(req);
  const reg = ctx.registry();
  for (const ec of fiscalCodes) if (reg.creditorInstitution(ec) && !reg.subscriptionAllows(key, ec)) return ec;
  return undefined;
}

async function createCart(ctx: NodoContext, version: 1 | 2, req: Request, res: Response): Promise<void> {
  const body = validBody<CartRequest>(req, version === 1 ? validateCartV1 : validateCartV2);
  const notices = body.paymentNotices;
  if (notices.length > MAX_CART_NOTICES) throw fail('unprocessable', `a cart holds at most ${MAX_CART_NOTICES} payment notices, got ${notices.length}`);
  const denied = forbiddenEc(ctx, req, new Set(notices.map((n) => n.fiscalCode)));
  if (denied) throw fail('forbidden', `the subscription key may not act for creditor institution ${denied}`);
  const seen = new Set<string>();
  for (const n of notices) {
    const key = `${n.fiscalCode}/${n.noticeNumber}`;
    if (seen.has(key)) throw fail('unprocessable', `notice ${n.noticeNumber} of ${n.fiscalCode} is in the cart twice`);
    seen.add(key);
  }
  for (const n of notices) {
    const refused = await checkPosition(ctx, n.fiscalCode, n.noticeNumber);
    if (refused) throw fail('unprocessable', `notice ${n.noticeNumber} of ${n.fiscalCode} cannot be paid: ${refused.faultCode} (${refused.description})`);
  }
  const base = requestBase(req);
  if (!base) throw fail('bad-request', 'the Host header must be host[:port]');
  const id = await newCart(ctx, {
    version,
    origin: 'api',
    idCart: body.idCart,
    emailNotice: body.emailNotice,
    allCCP: body.allCCP,
    returnUrls: body.returnUrls,
    notices: notices.map((n) => ({ notice_number: n.noticeNumber, fiscal_code: n.fiscalCode, amount_cents: n.amount, company_name: n.companyName, description: n.description })),
  });
  res
    .status(302)
    .location(base + checkoutPath(id))
    .end();
}

async function readCart(ctx: NodoContext, req: Request, res: Response): Promise<void> {
  const id = String(req.params.id);
  const cart = isCartId(id) ? await findCart(ctx.db.read, id) : undefined;
  const notices = cart ? await cartNotices(ctx.db.read, id) : [];
  // a key sees the carts of its own ECs only; anyone else's is as unknown as a missing one
  if (
    !cart ||
    forbiddenEc(
      ctx,
      req,
      notices.map((n) => n.fiscal_code),
    )
  )
    throw fail('not-found', `no cart ${id}`);
  res.json(cartView(await resolveCart(ctx.db.read, cart, notices, ctx.clock.now().getTime()), requestBase(req) ?? ''));
}
