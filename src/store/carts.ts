import type { CartAction, CartNoticeRow, CartNoticeStatus, CartRow, CartStatus, OutboxEmailRow } from './rows';
import type { Sql } from './sql';

/**
 * Checkout carts. A payer's action claims the cart with a compare-and-set OPEN → PROCESSING (or takes
 * over a PROCESSING cart whose lease ran out: the request that held it died), so a double click or a
 * second tab can never run a second payment; the loser waits for the winner's final state.
 */
export type NewCart = Omit<CartRow, 'status' | 'action' | 'lease_until' | 'payer_email' | 'payment_method' | 'fault_code' | 'fault_description' | 'updated_at' | 'completed_at'>;
export type NewCartNotice = Pick<CartNoticeRow, 'notice_number' | 'fiscal_code' | 'amount_cents' | 'company_name' | 'description'>;

const CART_COLUMNS = [
  'id',
  'api_version',
  'origin',
  'client_cart_id',
  'email_notice',
  'all_ccp',
  'return_ok_url',
  'return_cancel_url',
  'return_error_url',
  'return_waiting_url',
  'created_at',
  'expires_at',
] as const satisfies readonly (keyof NewCart)[];
const INSERT_CART = `INSERT INTO carts (${CART_COLUMNS.join(', ')}, status, updated_at) VALUES (${CART_COLUMNS.map(() => '?').join(', ')}, 'OPEN', ?)`;
const INSERT_NOTICE =
  "INSERT INTO cart_notices (cart_id, position, notice_number, fiscal_code, amount_cents, company_name, description, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN')";

export async function insertCart(q: Sql, cart: NewCart, notices: readonly NewCartNotice[]): Promise<void> {
  await q.run(INSERT_CART, [...CART_COLUMNS.map((c) => cart[c]), cart.created_at]);
  for (const [i, n] of notices.entries()) {
    await q.run(INSERT_NOTICE, [cart.id, i, n.notice_number, n.fiscal_code, n.amount_cents, n.company_name, n.description]);
  }
}

export function findCart(q: Sql, id: string): Promise<CartRow | undefined> {
  return q.get<CartRow>('SELECT * FROM carts WHERE id = ?', [id]);
}

export function cartNotices(q: Sql, id: string): Promise<CartNoticeRow[]> {
  return q.all<CartNoticeRow>('SELECT * FROM cart_notices WHERE cart_id = ? ORDER BY position', [id]);
}

/** OPEN (not expired) → PROCESSING for `action`, or a PROCESSING cart whose lease expired. False: someone else has it. */
export async function claimCart(
  q: Sql,
  id: string,
  action: CartAction,
  fields: { payerEmail: string | null; paymentMethod: string | null },
  now: number,
  leaseUntil: number,
): Promise<boolean> {
  const changed = await q.run(
    "UPDATE carts SET status = 'PROCESSING', action = ?, lease_until = ?, payer_email = ?, payment_method = ?, updated_at = ? " +
      "WHERE id = ? AND ((status = 'OPEN' AND expires_at > ?) OR (status = 'PROCESSING' AND lease_until <= ?))",
    [action, leaseUntil, fields.payerEmail, fields.paymentMethod, now, id, now, now],
  );
  return changed === 1;
}

/** PROCESSING → a final state (or back to OPEN when nothing happened and the payer may try again). */
export async function settleCart(q: Sql, id: string, status: Exclude<CartStatus, 'PROCESSING'>, now: number, fault?: { code: string; description: string }): Promise<void> {
  await q.run("UPDATE carts SET status = ?, lease_until = NULL, fault_code = ?, fault_description = ?, updated_at = ?, completed_at = ? WHERE id = ? AND status = 'PROCESSING'", [
    status,
    fault?.code ?? null,
    fault?.description ?? null,
    now,
    status === 'OPEN' ? null : now,
    id,
  ]);
}

export async function setCartNotice(
  q: Sql,
  cartId: string,
  position: number,
  status: CartNoticeStatus,
  extra: { token?: string | null; nodeAmountCents?: number | null; fault?: { code: string; description: string } } = {},
): Promise<void> {
  await q.run(
    'UPDATE cart_notices SET status = ?, payment_token = COALESCE(?, payment_token), node_amount_cents = COALESCE(?, node_amount_cents), fault_code = ?, fault_description = ? WHERE cart_id = ? AND position = ?',
    [status, extra.token ?? null, extra.nodeAmountCents ?? null, extra.fault?.code ?? null, extra.fault?.description ?? null, cartId, position],
  );
}

/** The node's state of each token of a cart (payment_tokens.status), for a PENDING cart's reader. */
export async function tokenStates(q: Sql, tokens: string[]): Promise<Map<string, string>> {
  if (!tokens.length) return new Map();
  // one statement per cart size (at most 5 tokens): prepared once each
  const rows = await q.all<{ token: string; status: string }>(`SELECT token, status FROM payment_tokens WHERE token IN (${tokens.map(() => '?').join(', ')})`, tokens);
  return new Map(rows.map((r) => [r.token, r.status]));
}

export async function insertEmail(q: Sql, e: OutboxEmailRow): Promise<void> {
  await q.run('INSERT INTO outbox_emails (cart_id, to_address, subject, body, lang, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    e.cart_id,
    e.to_address,
    e.subject,
    e.body,
    e.lang,
    e.created_at,
  ]);
}
