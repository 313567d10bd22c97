import type { NodoContext } from '../nodo/context';
import { cartNotices, claimCart, findCart, insertEmail, setCartNotice, settleCart } from '../store/carts';
import type { CartAction, CartNoticeRow, CartRow } from '../store/rows';
import type { Sql } from '../store/sql';
import { cartState } from './cartView';
import type { EcommercePsp, NodeFault } from './ecommercePsp';
import { methodByCode } from './methods';
import { receiptEmail } from './receiptEmail';

export type ActionResult =
  /** this request ran the action; the cart is now in its final state */
  | { kind: 'done'; cart: CartRow }
  /** another request (double click, second tab) ran or is running an action: its final state */
  | { kind: 'taken'; cart: CartRow }
  /** the cart had expired */
  | { kind: 'expired'; cart: CartRow }
  | { kind: 'unknown'; cart?: undefined };

export interface ActionInput {
  action: CartAction;
  email: string | null;
  method: string;
  lang: 'it' | 'en';
}

/** how long a claimed cart belongs to the request that claimed it: activations of remote ECs take up to their timeouts */
const LEASE_MS = 60_000;
const WAIT_STEP_MS = 50;

/**
 * The payer's action on a cart, run once whatever the browser does: the cart is claimed by compare-and-
 * set (store/carts.ts), and a second click or tab waits for the first one's final state instead.
 *   pay     → activatePaymentNoticeV2 for every notice (paymentNote: idCart, else our cart id), then ONE
 *             sendPaymentOutcomeV2 OK for all tokens:
 *             the node writes the receipts to the outbox in that outcome's transaction
 *   fail    → the same activations, then sendPaymentOutcomeV2 KO (the notices are payable again)
 *   cancel  → nothing reaches the node: the payer left before authorising
 *   pending → the activations only: the tokens stay PAYING and expire (checkout.tokenExpirationMillis),
 *             as with a payer who closes the browser mid-payment (spec §10, §8.6)
 * A notice the node will not activate fails the whole cart: the tokens already issued are released
 * with a KO, and the cart keeps the node's fault for the page to show.
 */
export async function runCartAction(ctx: NodoContext, psp: EcommercePsp, cartId: string, input: ActionInput): Promise<ActionResult> {
  const now = ctx.clock.now().getTime();
  const claimed = await ctx.db.tx((q) =>
    claimCart(q, cartId, input.action, { payerEmail: input.email, paymentMethod: input.action === 'cancel' ? null : input.method }, now, now + LEASE_MS),
  );
  if (!claimed) return settledBySomeoneElse(ctx, cartId);
  const cart = (await findCart(ctx.db.read, cartId))!;
  const notices = await cartNotices(ctx.db.read, cartId);
  const method = methodByCode(input.method) ?? methodByCode('CP')!;
  const today = new Date(now).toISOString().slice(0, 10);

  if (input.action === 'cancel') {
    await finish(
      ctx,
      cart,
      notices,
      'CANCELLED',
      notices.map(() => 'CANCELLED'),
      input,
    );
    return { kind: 'done', cart: (await findCart(ctx.db.read, cartId))! };
  }

  // every notice at once: the EC calls of the activations overlap
  // paymentNote: the EC's own idCart when it gave one (pagoPA's Checkout docs), else our cart id
  const ids = { id: cart.id, paymentNote: cart.client_cart_id ?? cart.id };
  const activations = await Promise.all(
    notices.map((n) => psp.activate({ fiscalCode: n.fiscal_code, noticeNumber: n.notice_number, amountCents: Number(n.amount_cents) }, ids, n.position, method.code)),
  );
  const tokens = activations.map((a) => (a.ok ? a.value.paymentToken : null));
  const amounts = activations.map((a) => (a.ok ? a.value.totalAmountCents : null));
  const refused = activations.findIndex((a) => !a.ok);
  if (refused >= 0) {
    const issued = tokens.filter((t): t is string => t !== null);
    if (issued.length) await psp.outcome(cart.id, issued, 'KO', { method: method.code, feeCents: method.feeCents, today });
    const faults = activations.map((a) => (a.ok ? undefined : a.fault));
    await finish(
      ctx,
      cart,
      notices,
      'FAILED',
      notices.map((_, i) => (faults[i] ? 'REFUSED' : 'CANCELLED')),
      input,
      { tokens, amounts, faults, cartFault: faults[refused] },
    );
    return { kind: 'done', cart: (await findCart(ctx.db.read, cartId))! };
  }
  const all = tokens as string[];
  if (input.action === 'pending') {
    await finish(
      ctx,
      cart,
      notices,
      'PENDING',
      notices.map(() => 'PENDING'),
      input,
      { tokens, amounts },
    );
    return { kind: 'done', cart: (await findCart(ctx.db.read, cartId))! };
  }
  const outcome = input.action === 'pay' ? 'OK' : 'KO';
  const answer = await psp.outcome(cart.id, all, outcome, { method: method.code, feeCents: method.feeCents, today });
  if (answer.ok) {
    await finish(
      ctx,
      cart,
      notices,
      outcome === 'OK' ? 'PAID' : 'FAILED',
      notices.map(() => (outcome === 'OK' ? 'PAID' : 'FAILED')),
      input,
      { tokens, amounts },
    );
  } else {
    // the node refused the outcome (a token expired meanwhile, say): nothing was paid
    await finish(
      ctx,
      cart,
      notices,
      'FAILED',
      notices.map(() => 'FAILED'),
      input,
      { tokens, amounts, cartFault: answer.fault },
    );
  }
  return { kind: 'done', cart: (await findCart(ctx.db.read, cartId))! };
}

/** The cart's final state, its notices', and the e-mail the payer would get, in one transaction. */
async function finish(
  ctx: NodoContext,
  cart: CartRow,
  notices: CartNoticeRow[],
  status: 'PAID' | 'FAILED' | 'CANCELLED' | 'PENDING',
  noticeStatus: CartNoticeRow['status'][],
  input: ActionInput,
  extra: { tokens?: (string | null)[]; amounts?: (number | null)[]; faults?: (NodeFault | undefined)[]; cartFault?: NodeFault } = {},
): Promise<void> {
  const now = ctx.clock.now().getTime();
  const fault = (f: NodeFault | undefined) =>
    f ? { code: f.faultCode, description: f.originalFaultCode ? `${f.description} (${f.originalFaultCode}: ${f.originalDescription ?? ''})` : f.description } : undefined;
  await ctx.db.tx(async (q: Sql) => {
    for (const n of notices) {
      await setCartNotice(q, cart.id, n.position, noticeStatus[n.position], {
        token: extra.tokens?.[n.position] ?? null,
        nodeAmountCents: extra.amounts?.[n.position] ?? null,
        fault: fault(extra.faults?.[n.position]),
      });
    }
    await settleCart(q, cart.id, status, now, fault(extra.cartFault));
    const to = input.email ?? cart.email_notice;
    // pagoPA mails the payer the outcome of a payment it attempted: paid or not paid, never a cancel
    if (to && (status === 'PAID' || status === 'FAILED')) {
      // what the node activated, which the EC may price differently from its cart
      const paid = notices.map((n) => ({ ...n, node_amount_cents: extra.amounts?.[n.position] ?? null }));
      // the fee the page added for the chosen method (pay and fail are refused without one)
      const method = methodByCode(input.method) ?? methodByCode('CP')!;
      const mail = receiptEmail(cart, paid, status, input.lang, now, extra.tokens ?? [], { method: method[input.lang], cents: method.feeCents });
      await insertEmail(q, { cart_id: cart.id, to_address: to, subject: mail.subject, body: mail.body, lang: input.lang, created_at: now });
    }
  });
}

/** Waits (bounded) for the action another request claimed, then reports the cart's state. */
async function settledBySomeoneElse(ctx: NodoContext, cartId: string): Promise<ActionResult> {
  for (let waited = 0; ; waited += WAIT_STEP_MS) {
    const cart = await findCart(ctx.db.read, cartId);
    if (!cart) return { kind: 'unknown' };
    const state = cartState(cart, ctx.clock.now().getTime());
    if (state === 'EXPIRED') return { kind: 'expired', cart };
    if (state !== 'PROCESSING' || waited >= LEASE_MS) return { kind: 'taken', cart };
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}
