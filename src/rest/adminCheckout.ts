import express, { type Request } from 'express';
import type { NodoContext } from '../nodo/context';
import { cartView, checkoutPath, isCartId, resolveCart, type ResolvedCart } from '../checkout/cartView';
import { newCart } from '../checkout/newCart';
import { DEMO_COMPANY, DEMO_EC } from '../ec/demoPosition';
import { cartNotices, findCart } from '../store/carts';
import type { CartNoticeRow, CartRow, OutboxEmailRow } from '../store/rows';
import { route } from './acaHttp';
import { pagedQuery } from './adminQuery';
import { demoRoute } from './demoRequest';
import { ProblemError } from './problems';
import { outboxEmailView, type OutboxEmailView, type PageView } from './adminViews';
import { requestBase } from './requestBase';

const CART_STATUSES = ['OPEN', 'PROCESSING', 'PAID', 'FAILED', 'CANCELLED', 'PENDING', 'EXPIRED'];

/**
 * /admin/carts, /admin/outbox and /admin/demo-cart: the checkout's side of the operator API, which the
 * dashboard renders. Times are ISO, as elsewhere in /admin.
 */
export function adminCheckoutRouter(ctx: NodoContext): express.Router {
  const r = express.Router();

  r.get(
    '/carts',
    route(async (req, res) => {
      const page = pagedQuery(req.query, ['status', 'noticeNumber', 'limit', 'offset']);
      if (typeof page === 'string') throw new ProblemError('bad-parameter', page);
      const { status, noticeNumber } = page.q;
      if (status !== undefined && !CART_STATUSES.includes(status)) throw new ProblemError('bad-parameter', `status must be one of ${CART_STATUSES.join(', ')}`);
      if (noticeNumber !== undefined && !/^\d{18}$/.test(noticeNumber)) throw new ProblemError('bad-parameter', 'noticeNumber must be 18 digits');
      const now = ctx.clock.now().getTime();
      const q = ctx.db.knex<CartRow>('carts');
      // the state a reader sees (cartView.ts resolveCart): an OPEN cart past its expiry is EXPIRED, a PENDING one
      // is EXPIRED or PAID once every token is
      const swept = allTokens(['CANCELLED', 'FAILED']);
      const paid = allTokens(['PAID', 'NOTIFIED']);
      if (status === 'EXPIRED')
        q.where((w) => w.where((o) => o.where('status', 'OPEN').where('expires_at', '<=', now)).orWhere((p) => p.where('status', 'PENDING').whereRaw(swept)));
      else if (status === 'OPEN') q.where('status', 'OPEN').where('expires_at', '>', now);
      else if (status === 'PAID') q.where((w) => w.where('status', 'PAID').orWhere((p) => p.where('status', 'PENDING').whereRaw(paid)));
      else if (status === 'PENDING') q.where('status', 'PENDING').whereRaw(`NOT ${swept}`).whereRaw(`NOT ${paid}`);
      else if (status !== undefined) q.where('status', status);
      if (noticeNumber !== undefined) q.whereIn('id', ctx.db.knex('cart_notices').select('cart_id').where('notice_number', noticeNumber));
      const [{ n }] = await q.clone().count({ n: '*' });
      const rows = (await q.orderBy('created_at', 'desc').orderBy('id').limit(page.limit).offset(page.offset).select('*')) as CartRow[];
      const notices = rows.length
        ? ((await ctx.db
            .knex('cart_notices')
            .whereIn(
              'cart_id',
              rows.map((c) => c.id),
            )
            .orderBy('position')) as CartNoticeRow[])
        : [];
      const base = requestBase(req) ?? '';
      const items = [];
      for (const c of rows)
        items.push(
          adminCartView(
            await resolveCart(
              ctx.db.read,
              c,
              notices.filter((x) => x.cart_id === c.id),
              now,
            ),
            base,
          ),
        );
      res.json({ total: Number(n), limit: page.limit, offset: page.offset, items });
    }),
  );

  r.get(
    '/carts/:id',
    route(async (req, res) => {
      const id = String(req.params.id);
      const cart = isCartId(id) ? await findCart(ctx.db.read, id) : undefined;
      if (!cart) throw new ProblemError('not-found', `no cart ${id}`);
      res.json(adminCartView(await resolveCart(ctx.db.read, cart, await cartNotices(ctx.db.read, id), ctx.clock.now().getTime()), requestBase(req) ?? ''));
    }),
  );

  r.get(
    '/outbox',
    route(async (req, res) => {
      const page = pagedQuery(req.query, ['cartId', 'to', 'limit', 'offset']);
      if (typeof page === 'string') throw new ProblemError('bad-parameter', page);
      const q = ctx.db.knex<OutboxEmailRow>('outbox_emails');
      if (page.q.cartId !== undefined) q.where('cart_id', page.q.cartId);
      if (page.q.to !== undefined) q.where('to_address', page.q.to);
      const [{ n }] = await q.clone().count({ n: '*' });
      const rows = (await q.orderBy('id', 'desc').limit(page.limit).offset(page.offset).select('*')) as OutboxEmailRow[];
      res.json({ total: Number(n), limit: page.limit, offset: page.offset, items: rows.map(outboxEmailView) } satisfies PageView<OutboxEmailView>);
    }),
  );

  /**
   * A fresh notice in the archive (debtor Mario Rossi, Comune di Test) in a cart of the page's own,
   * answered with its checkout URL: pay a notice end to end from the dashboard, without writing code.
   */
  r.post(
    '/demo-cart',
    ...demoRoute(ctx, async ({ noticeNumber, amountCents, description }, req, res) => {
      const cartId = await newCart(ctx, {
        version: 2,
        origin: 'demo',
        notices: [{ notice_number: noticeNumber, fiscal_code: DEMO_EC, amount_cents: amountCents, company_name: DEMO_COMPANY, description }],
      });
      res.status(201).json({ cartId, checkoutUrl: (requestBase(req as Request) ?? '') + checkoutPath(cartId), fiscalCode: DEMO_EC, noticeNumber });
    }),
  );

  return r;
}

/**
 * A cart as /admin shows it: the EC's view (cartView.ts) plus the e-mail the payer typed on the page, which
 * is the operator's business, not the EC's (the checkout sends its confirmation there).
 */
function adminCartView(resolved: ResolvedCart, base: string) {
  const payer = resolved.cart.payer_email;
  return { ...cartView(resolved, base), ...(payer !== null ? { payerEmail: payer } : {}) };
}

/** SQL: every notice of the cart has a token whose node status is one of `statuses`. */
function allTokens(statuses: string[]): string {
  const list = statuses.map((s) => `'${s}'`).join(', ');
  return `NOT EXISTS (SELECT 1 FROM cart_notices cn LEFT JOIN payment_tokens t ON t.token = cn.payment_token WHERE cn.cart_id = carts.id AND (t.status IS NULL OR t.status NOT IN (${list})))`;
}
