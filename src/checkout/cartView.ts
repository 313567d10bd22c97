import { tokenStates } from '../store/carts';
import type { CartNoticeRow, CartNoticeState, CartRow } from '../store/rows';
import type { Sql } from '../store/sql';

export type CartState = CartRow['status'] | 'EXPIRED';

/** An OPEN cart past its expiry is EXPIRED: nothing writes that, it is read off the clock. */
export function cartState(cart: Pick<CartRow, 'status' | 'expires_at'>, now: number): CartState {
  return cart.status === 'OPEN' && Number(cart.expires_at) <= now ? 'EXPIRED' : cart.status;
}

export interface ResolvedCart {
  cart: CartRow;
  state: CartState;
  notices: (CartNoticeRow & { state: CartNoticeState })[];
}

/**
 * A cart as it stands now. A PENDING cart follows its tokens at the node, which the cart tables do not:
 * a token the sweep cancelled (the payer never came back, spec §10) makes its notice EXPIRED, a token
 * that was paid after all (a late outcome) makes it PAID; the cart is PAID or EXPIRED once every notice
 * is, PENDING until then.
 */
export async function resolveCart(q: Sql, cart: CartRow, notices: CartNoticeRow[], now: number): Promise<ResolvedCart> {
  const state = cartState(cart, now);
  if (state !== 'PENDING') return { cart, state, notices: notices.map((n) => ({ ...n, state: n.status })) };
  const tokens = await tokenStates(
    q,
    notices.flatMap((n) => (n.payment_token ? [n.payment_token] : [])),
  );
  const resolved = notices.map((n) => {
    const t = n.payment_token ? tokens.get(n.payment_token) : undefined;
    const s: CartNoticeState = t === 'PAID' || t === 'NOTIFIED' ? 'PAID' : t === 'CANCELLED' || t === 'FAILED' ? 'EXPIRED' : n.status;
    return { ...n, state: s };
  });
  const all = (s: CartNoticeState) => resolved.every((n) => n.state === s);
  return { cart, state: all('PAID') ? 'PAID' : all('EXPIRED') ? 'EXPIRED' : 'PENDING', notices: resolved };
}

export const checkoutPath = (cartId: string) => `/checkout/carts/${cartId}`;

/** Cart ids are lowercase UUIDs (newCart.ts): anything else is unknown without asking the database. */
export const isCartId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/**
 * A cart as GET /checkout/ec/v1/carts/{id} (our extension) and /admin/carts show it: the request's own
 * field names, plus the state of the cart and of each notice (with the token that paid it and, when the
 * node refused it, the node's fault).
 */
export function cartView({ cart, state, notices }: ResolvedCart, base: string) {
  return {
    id: cart.id,
    ...(cart.client_cart_id !== null ? { idCart: cart.client_cart_id } : {}),
    version: Number(cart.api_version),
    origin: cart.origin,
    status: state,
    createdAt: iso(cart.created_at),
    expiresAt: iso(cart.expires_at),
    completedAt: iso(cart.completed_at),
    ...(cart.email_notice !== null ? { emailNotice: cart.email_notice } : {}),
    ...(cart.all_ccp !== null ? { allCCP: Boolean(cart.all_ccp) } : {}),
    ...(cart.payment_method !== null ? { paymentMethod: cart.payment_method } : {}),
    returnUrls: {
      returnOkUrl: cart.return_ok_url,
      returnCancelUrl: cart.return_cancel_url,
      returnErrorUrl: cart.return_error_url,
      ...(Number(cart.api_version) === 2 ? { returnWaitingUrl: cart.return_waiting_url } : {}),
    },
    checkoutUrl: base + checkoutPath(cart.id),
    ...(cart.fault_code !== null ? { fault: { faultCode: cart.fault_code, description: cart.fault_description } } : {}),
    paymentNotices: notices.map((n) => ({
      noticeNumber: n.notice_number,
      fiscalCode: n.fiscal_code,
      amount: Number(n.amount_cents),
      // what the node activated, when it differs from what the EC declared
      ...(n.node_amount_cents !== null && Number(n.node_amount_cents) !== Number(n.amount_cents) ? { activatedAmount: Number(n.node_amount_cents) } : {}),
      companyName: n.company_name,
      description: n.description,
      status: n.state,
      paymentToken: n.payment_token,
      ...(n.fault_code !== null ? { fault: { faultCode: n.fault_code, description: n.fault_description } } : {}),
    })),
  };
}
