import { randomUUID } from 'node:crypto';
import type { NodoContext } from '../nodo/context';
import { insertCart, type NewCartNotice } from '../store/carts';
import type { CartRow } from '../store/rows';

export interface CartSpec {
  version: 1 | 2;
  origin: CartRow['origin'];
  idCart?: string;
  emailNotice?: string;
  allCCP?: boolean;
  /** absent for carts of the page itself (manual entry, dashboard demo): the page shows the result */
  returnUrls?: { returnOkUrl: string; returnCancelUrl: string; returnErrorUrl: string; returnWaitingUrl?: string };
  notices: NewCartNotice[];
}

/** Stores a new OPEN cart, valid for checkout.cartExpirationMinutes; returns its id. */
export async function newCart(ctx: NodoContext, spec: CartSpec): Promise<string> {
  const now = ctx.clock.now().getTime();
  const id = randomUUID();
  const urls = spec.returnUrls;
  await ctx.db.tx((q) =>
    insertCart(
      q,
      {
        id,
        api_version: spec.version,
        origin: spec.origin,
        client_cart_id: spec.idCart ?? null,
        email_notice: spec.emailNotice ?? null,
        all_ccp: spec.allCCP ?? null,
        return_ok_url: urls?.returnOkUrl ?? null,
        return_cancel_url: urls?.returnCancelUrl ?? null,
        return_error_url: urls?.returnErrorUrl ?? null,
        return_waiting_url: spec.version === 2 ? (urls?.returnWaitingUrl ?? null) : null,
        created_at: now,
        expires_at: now + ctx.registry().config['checkout.cartExpirationMinutes'] * 60_000,
      },
      spec.notices,
    ),
  );
  return id;
}
