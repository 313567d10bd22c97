import type { Db } from './db';
import type { NodeNoticeRow, PaymentEventRow, PaymentTokenRow } from './rows';
import type { Sql } from './sql';
import { unfoldEvent, type Transition } from '../nodo/stateMachine';

/**
 * The node's payment state. Every state change is a compare-and-set on the row's current status, so
 * the same code is race-free on one SQLite connection and across processes on PostgreSQL: of two
 * concurrent activations exactly one UPDATE matches `status = 'INSERTED'`.
 */
export async function findNotice(q: Sql, fiscalCode: string, noticeNumber: string): Promise<NodeNoticeRow | undefined> {
  return q.get<NodeNoticeRow>('SELECT * FROM node_notices WHERE fiscal_code = ? AND notice_number = ?', [fiscalCode, noticeNumber]);
}

export async function findToken(q: Sql, token: string): Promise<PaymentTokenRow | undefined> {
  return q.get<PaymentTokenRow>('SELECT * FROM payment_tokens WHERE token = ?', [token]);
}

export async function findNoticeById(q: Sql, id: number): Promise<NodeNoticeRow> {
  return (await q.get<NodeNoticeRow>('SELECT * FROM node_notices WHERE id = ?', [id]))!;
}

/**
 * Locks the notice for an activation: moves it along `t` (INSERTED → PAYING) bound to `token`, and returns
 * its id, or undefined when it is not in `t.notice.from` (another activation holds or closed it). A notice
 * seen for the first time is inserted already in `t.notice.to` (one statement: the INSERTED row that a
 * separate insert, read and compare-and-set would write is never visible outside this transaction);
 * a known one is compare-and-set. The unique (fiscal_code, notice_number) key makes the insert the race's
 * arbiter across processes too.
 */
export async function lockNotice(q: Sql, fiscalCode: string, noticeNumber: string, t: Transition, token: string): Promise<number | undefined> {
  const inserted = await q.get<{ id: number }>(
    'INSERT INTO node_notices (fiscal_code, notice_number, status, current_token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (fiscal_code, notice_number) DO NOTHING RETURNING id',
    [fiscalCode, noticeNumber, t.notice.to, token, t.at, t.at],
  );
  if (inserted) return inserted.id;
  const notice = await findNotice(q, fiscalCode, noticeNumber);
  return notice && notice.status === t.notice.from && (await casNotice(q, notice.id, t, token)) ? notice.id : undefined;
}

/** Moves the notice along `t` if it is still in `t.notice.from` (and, when given, still bound to `expectToken`). */
export async function casNotice(q: Sql, noticeId: number, t: Transition, newToken: string | null, expectToken?: string | null): Promise<boolean> {
  const tokenCheck = expectToken === undefined ? '' : expectToken === null ? ' AND current_token IS NULL' : ' AND current_token = ?';
  const params: unknown[] = [t.notice.to, newToken, t.at, noticeId, t.notice.from];
  if (typeof expectToken === 'string') params.push(expectToken);
  return (await q.run(`UPDATE node_notices SET status = ?, current_token = ?, updated_at = ? WHERE id = ? AND status = ?${tokenCheck}`, params)) === 1;
}

export async function casToken(q: Sql, token: string, t: Transition, outcome?: Pick<PaymentTokenRow, 'outcome' | 'outcome_at' | 'outcome_json'>): Promise<boolean> {
  if (outcome) {
    return (
      (await q.run('UPDATE payment_tokens SET status = ?, outcome = ?, outcome_at = ?, outcome_json = ?, updated_at = ? WHERE token = ? AND status = ?', [
        t.token.to,
        outcome.outcome,
        outcome.outcome_at,
        outcome.outcome_json,
        t.at,
        token,
        t.token.from,
      ])) === 1
    );
  }
  return (await q.run('UPDATE payment_tokens SET status = ?, updated_at = ? WHERE token = ? AND status = ?', [t.token.to, t.at, token, t.token.from])) === 1;
}

const TOKEN_COLUMNS = [
  'token',
  'notice_id',
  'fiscal_code',
  'notice_number',
  'creditor_reference_id',
  'id_psp',
  'id_broker_psp',
  'id_channel',
  'station_code',
  'primitive',
  'status',
  'amount_cents',
  'expires_at',
  'idempotency_key',
  'payment_note',
  'payment_json',
  'outcome',
  'outcome_at',
  'outcome_json',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof PaymentTokenRow)[];
const INSERT_TOKEN = `INSERT INTO payment_tokens (${TOKEN_COLUMNS.join(', ')}) VALUES (${TOKEN_COLUMNS.map(() => '?').join(', ')})`;

export async function insertToken(q: Sql, row: PaymentTokenRow): Promise<void> {
  await q.run(
    INSERT_TOKEN,
    TOKEN_COLUMNS.map((c) => row[c]),
  );
}

export async function appendEvent(q: Sql, noticeId: number, token: string | null, t: Transition): Promise<void> {
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
  await q.run('INSERT INTO payment_events (token, notice_id, event, from_status, to_status, notice_from, notice_to, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    row.token,
    row.notice_id,
    row.event,
    row.from_status,
    row.to_status,
    row.notice_from,
    row.notice_to,
    row.at,
  ]);
}

/** PAYING tokens whose expiry has passed: candidates for the mod3CancelV2 sweep. */
export async function expiredPayingTokens(db: Db, now: number, limit: number): Promise<PaymentTokenRow[]> {
  return db.knex('payment_tokens').where('status', 'PAYING').andWhere('expires_at', '<=', now).orderBy('expires_at').limit(limit);
}

/** A token's transitions in order, a folded OK outcome shown as its two steps (stateMachine.ts fold). */
export async function eventsOf(db: Db, token: string): Promise<PaymentEventRow[]> {
  return timeline(await db.knex('payment_events').where({ token }).orderBy('id'));
}

export const timeline = (rows: PaymentEventRow[]): PaymentEventRow[] => rows.flatMap(unfoldEvent);
