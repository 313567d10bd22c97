import type { Knex } from 'knex';
import type { Db } from './db';
import type { NodeNoticeRow, PaymentEventRow, PaymentTokenRow } from './rows';
import type { Transition } from '../nodo/stateMachine';

/**
 * The node's payment state. Every state change is a compare-and-set on the row's current status, so
 * the same code is race-free on one SQLite connection and across processes on PostgreSQL: of two
 * concurrent activations exactly one UPDATE matches `status = 'INSERTED'`.
 */
export async function findNotice(k: Knex | Knex.Transaction, fiscalCode: string, noticeNumber: string): Promise<NodeNoticeRow | undefined> {
  return k('node_notices').where({ fiscal_code: fiscalCode, notice_number: noticeNumber }).first();
}

export async function findToken(k: Knex | Knex.Transaction, token: string): Promise<PaymentTokenRow | undefined> {
  return k('payment_tokens').where({ token }).first();
}

export async function findNoticeById(k: Knex | Knex.Transaction, id: number): Promise<NodeNoticeRow> {
  return k('node_notices').where({ id }).first();
}

/** Creates the notice row on first sight (INSERTED) and returns it. */
export async function ensureNotice(trx: Knex.Transaction, fiscalCode: string, noticeNumber: string, now: number): Promise<NodeNoticeRow> {
  await trx('node_notices')
    .insert({ fiscal_code: fiscalCode, notice_number: noticeNumber, status: 'INSERTED', current_token: null, created_at: now, updated_at: now })
    .onConflict(['fiscal_code', 'notice_number'])
    .ignore();
  return (await findNotice(trx, fiscalCode, noticeNumber))!;
}

/** Moves the notice along `t` if it is still in `t.notice.from` (and, when given, still bound to `token`). */
export async function casNotice(trx: Knex.Transaction, noticeId: number, t: Transition, newToken: string | null, expectToken?: string | null): Promise<boolean> {
  const q = trx('node_notices').where({ id: noticeId, status: t.notice.from });
  if (expectToken !== undefined) {
    if (expectToken === null) q.whereNull('current_token');
    else q.where({ current_token: expectToken });
  }
  const n = await q.update({ status: t.notice.to, current_token: newToken, updated_at: t.at });
  return n === 1;
}

export async function casToken(trx: Knex.Transaction, token: string, t: Transition, changes: Partial<PaymentTokenRow>): Promise<boolean> {
  const n = await trx('payment_tokens')
    .where({ token, status: t.token.from })
    .update({ ...changes, status: t.token.to, updated_at: t.at });
  return n === 1;
}

export async function insertToken(trx: Knex.Transaction, row: PaymentTokenRow): Promise<void> {
  await trx('payment_tokens').insert(row);
}

export async function appendEvent(trx: Knex.Transaction, noticeId: number, token: string | null, t: Transition): Promise<void> {
  const row: PaymentEventRow = {
    token,
    notice_id: noticeId,
    event: t.event,
    from_status: t.token.from,
    to_status: t.token.to,
    notice_from: t.notice.from,
    notice_to: t.notice.to,
    at: t.at,
  };
  await trx('payment_events').insert(row);
}

/** PAYING tokens whose expiry has passed: candidates for the mod3CancelV2 sweep. */
export async function expiredPayingTokens(db: Db, now: number, limit: number): Promise<PaymentTokenRow[]> {
  return db.knex('payment_tokens').where('status', 'PAYING').andWhere('expires_at', '<=', now).orderBy('expires_at').limit(limit);
}

export async function eventsOf(db: Db, token: string): Promise<PaymentEventRow[]> {
  return db.knex('payment_events').where({ token }).orderBy('id');
}
