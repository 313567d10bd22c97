import type { CartNoticeRow, CartRow } from '../store/rows';

export type CartState = CartRow['status'] | 'EXPIRED';

/** An OPEN cart past its expiry is EXPIRED: nothing writes that, it is read off the clock. */
export function cartState(cart: Pick<CartRow, 'status' | 'expires_at'>, now: number): CartState {
  return cart.status === 'OPEN' && Number(cart.expires_at) <= now ? 'EXPIRED' : cart.status;
}

export const checkoutPath = (cartId: string) => `/checkout/carts/${cartId}`;

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/**
 * A cart as GET /checkout/ec/v1/carts/{id} (our extension) and /admin/carts show it: the request's own
 * field names, plus the state of the cart and of each notice (with the token that paid it and, when the
 * node refused it, the node's fault).
 */
export function cartView(cart: CartRow, notices: CartNoticeRow[], now: number, base: string) {
  return {
    id: cart.id,
    ...(cart.client_cart_id !== null ? { idCart: cart.client_cart_id } : {}),
    version: Number(cart.api_version),
    origin: cart.origin,
    status: cartState(cart, now),
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
      companyName: n.company_name,
      description: n.description,
      status: n.status,
      paymentToken: n.payment_token,
      ...(n.fault_code !== null ? { fault: { faultCode: n.fault_code, description: n.fault_description } } : {}),
    })),
  };
}
