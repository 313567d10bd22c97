import type { Db } from './db';
import type { ReceiptAttemptRow, ReceiptRow, ReceiptStatus } from './rows';
import type { Sql } from './sql';
import type { ReceiptXmlSource } from '../nodo/receiptXml';

/**
 * The receipts outbox. A worker takes rows with a lease (claim*), makes its attempt, then settles the row
 * (settleAttempt) only if it still holds that lease: the lease owner and the attempt number fence out a
 * worker whose lease expired and was taken over. On PostgreSQL the claims lock the selected rows with
 * FOR UPDATE SKIP LOCKED, so processes sharing the database never take the same row; SQLite has a single
 * writer and no FOR UPDATE.
 */
export type NewReceipt = Omit<ReceiptRow, 'id'>;

const RECEIPT_COLUMNS = [
  'token',
  'notice_id',
  'fiscal_code',
  'notice_number',
  'creditor_reference_id',
  'debtor_fiscal_code',
  'recipient_fiscal_code',
  'broker_code',
  'station_code',
  'backend',
  'primitive',
  'is_primary',
  'status',
  'attempts',
  'next_attempt_at',
  'lease_owner',
  'lease_until',
  'last_error',
  'request_xml',
  'payment_date_time',
  'created_at',
  'updated_at',
  'notified_at',
] as const satisfies readonly (keyof NewReceipt)[];
// a repeated enqueue of the same receipt for the same recipient is a no-op, never a second copy
const INSERT_RECEIPT =
  `INSERT INTO receipts (${RECEIPT_COLUMNS.join(', ')}) VALUES (${RECEIPT_COLUMNS.map(() => '?').join(', ')}) ` +
  'ON CONFLICT (token, station_code, recipient_fiscal_code) DO NOTHING';

export async function insertReceipt(q: Sql, r: NewReceipt): Promise<void> {
  await q.run(
    INSERT_RECEIPT,
    RECEIPT_COLUMNS.map((c) => r[c]),
  );
}

/** What a worker needs of a claimed row. */
export type ClaimedReceipt = Pick<
  ReceiptRow,
  | 'id'
  | 'token'
  | 'notice_id'
  | 'fiscal_code'
  | 'notice_number'
  | 'recipient_fiscal_code'
  | 'broker_code'
  | 'station_code'
  | 'primitive'
  | 'is_primary'
  | 'attempts'
  | 'request_xml'
  | 'payment_date_time'
  | 'status'
>;
const CLAIMED =
  'id, token, notice_id, fiscal_code, notice_number, recipient_fiscal_code, broker_code, station_code, primitive, is_primary, attempts, request_xml, payment_date_time, status';

export interface Lease {
  owner: string;
  now: number;
  until: number;
}

const TAKE = "UPDATE receipts SET status = 'NOTICE_SENT', attempts = attempts + 1, lease_owner = ?, lease_until = ?, next_attempt_at = ?, updated_at = ? WHERE id IN ";

/** True when some row is due: a cheap read that spares an empty claim transaction. */
export async function anyDue(q: Sql, now: number): Promise<boolean> {
  return (await q.get('SELECT id FROM receipts WHERE next_attempt_at <= ? LIMIT 1', [now])) !== undefined;
}

/**
 * Rows whose retry time has come, or whose lease expired (next_attempt_at holds the lease expiry while an
 * attempt is in flight), oldest first.
 */
export function claimDue(q: Sql, pg: boolean, lease: Lease, limit: number): Promise<ClaimedReceipt[]> {
  const select = `SELECT id FROM receipts WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?${pg ? ' FOR UPDATE SKIP LOCKED' : ''}`;
  return q.all<ClaimedReceipt>(`${TAKE}(${select}) RETURNING ${CLAIMED}`, [lease.owner, lease.until, lease.until, lease.now, lease.now, limit]);
}

/**
 * Every undelivered row not leased by a live attempt, whatever its retry time (the admin "run now"),
 * walking ids upwards from `afterId` so that one run makes at most one attempt per row.
 */
export function claimUndelivered(q: Sql, pg: boolean, lease: Lease, afterId: number, limit: number): Promise<ClaimedReceipt[]> {
  // `+id`: not the primary key, the partial index of undelivered rows. Measured on SQLite with 200k
  // NOTIFIED rows: 0.04 ms a page instead of a 240 ms walk of the whole table in id order.
  const select =
    'SELECT id FROM receipts WHERE next_attempt_at IS NOT NULL AND +id > ? AND (lease_until IS NULL OR lease_until <= ?) ' +
    `ORDER BY +id LIMIT ?${pg ? ' FOR UPDATE SKIP LOCKED' : ''}`;
  return q.all<ClaimedReceipt>(`${TAKE}(${select}) RETURNING ${CLAIMED}`, [lease.owner, lease.until, lease.until, lease.now, afterId, lease.now, limit]);
}

/** One row, delivered or not, unless an attempt holds a live lease on it (admin resend). */
export async function claimOne(q: Sql, pg: boolean, lease: Lease, id: number): Promise<ClaimedReceipt | undefined> {
  const select = `SELECT id FROM receipts WHERE id = ? AND (lease_until IS NULL OR lease_until <= ?)${pg ? ' FOR UPDATE SKIP LOCKED' : ''}`;
  const rows = await q.all<ClaimedReceipt>(`${TAKE}(${select}) RETURNING ${CLAIMED}`, [lease.owner, lease.until, lease.until, lease.now, id, lease.now]);
  return rows[0];
}

export interface Settlement {
  id: number;
  owner: string;
  /** the attempt number the claim gave the row (its fencing value) */
  attempt: number;
  status: Extract<ReceiptStatus, 'NOTIFIED' | 'NOTICE_PENDING'>;
  nextAttemptAt: number | null;
  lastError: string | null;
  at: number;
}

/** Records the outcome of an attempt on the row; false when the lease was lost meanwhile (nothing changed). */
export async function settleAttempt(q: Sql, s: Settlement): Promise<boolean> {
  const notified = s.status === 'NOTIFIED' ? s.at : null;
  return (
    (await q.run(
      'UPDATE receipts SET status = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL, last_error = ?, updated_at = ?, notified_at = COALESCE(?, notified_at) ' +
        'WHERE id = ? AND lease_owner = ? AND attempts = ?',
      [s.status, s.nextAttemptAt, s.lastError, s.at, notified, s.id, s.owner, s.attempt],
    )) === 1
  );
}

const ATTEMPT_COLUMNS = [
  'receipt_id',
  'attempt',
  'at',
  'duration_ms',
  'worker',
  'result',
  'fault_code',
  'detail',
  'http_status',
] as const satisfies readonly (keyof ReceiptAttemptRow)[];
const INSERT_ATTEMPT = `INSERT INTO receipt_attempts (${ATTEMPT_COLUMNS.join(', ')}) VALUES (${ATTEMPT_COLUMNS.map(() => '?').join(', ')})`;

export async function insertAttempt(q: Sql, a: ReceiptAttemptRow): Promise<void> {
  await q.run(
    INSERT_ATTEMPT,
    ATTEMPT_COLUMNS.map((c) => a[c]),
  );
}

/**
 * Gives leased rows back (due now): on shutdown the worker's own unfinished attempts; at start on SQLite
 * every lease (owner undefined), since one process serves a SQLite file and a lease left in it belongs
 * to a run that is gone.
 */
export async function releaseLeases(q: Sql, now: number, owner?: string, ids?: number[]): Promise<number> {
  let sql = "UPDATE receipts SET status = 'NOTICE_PENDING', lease_owner = NULL, lease_until = NULL, next_attempt_at = ?, updated_at = ? WHERE lease_owner IS NOT NULL";
  const params: unknown[] = [now, now];
  if (owner !== undefined) {
    sql += ' AND lease_owner = ?';
    params.push(owner);
  }
  if (ids?.length) sql += ` AND id IN (${ids.map((id) => Number(id)).join(', ')})`;
  return q.run(sql, params);
}

// ---- reading (admin, GPD receipts API): knex, off the hot path ---------------------------------------

export interface ReceiptFilter {
  noticeNumber?: string;
  token?: string;
  /** the notice's EC or the recipient EC */
  fiscalCode?: string;
  status?: string;
  station?: string;
  limit: number;
  offset: number;
}

export type ReceiptSummary = Omit<ReceiptRow, 'request_xml'>;
const SUMMARY_COLUMNS = RECEIPT_COLUMNS.filter((c) => c !== 'request_xml');

export async function listReceipts(db: Db, f: ReceiptFilter): Promise<{ total: number; rows: ReceiptSummary[] }> {
  const q = db.knex('receipts');
  if (f.noticeNumber) q.where('notice_number', f.noticeNumber);
  if (f.token) q.where('token', f.token);
  if (f.fiscalCode) q.where((w) => w.where('fiscal_code', f.fiscalCode!).orWhere('recipient_fiscal_code', f.fiscalCode!));
  if (f.status) q.where('status', f.status);
  if (f.station) q.where('station_code', f.station);
  const [{ n }] = await q.clone().count({ n: '*' });
  const rows = await q
    .select('id', ...SUMMARY_COLUMNS)
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  return { total: Number(n), rows: rows as ReceiptSummary[] };
}

export async function findReceipt(db: Db, id: number): Promise<ReceiptRow | undefined> {
  return (await db.knex('receipts').where({ id }).first()) as ReceiptRow | undefined;
}

export async function attemptsOf(db: Db, receiptId: number): Promise<ReceiptAttemptRow[]> {
  return db.knex('receipt_attempts').where({ receipt_id: receiptId }).orderBy('id');
}

/** Receipts a GPD-hosted EC holds: the ones delivered to its stations with a local (archive, synthetic) backend. */
export interface StoredReceiptFilter {
  organization: string;
  debtor?: string;
  service?: string;
  from?: number;
  to?: number;
  segregationCodes?: string[];
  debtorOrIuv?: string;
  pageNum: number;
  pageSize: number;
}

const LOCAL_BACKENDS = ['archive', 'synthetic'];

export async function storedReceipts(
  db: Db,
  f: StoredReceiptFilter,
): Promise<{ total: number; rows: Pick<ReceiptRow, 'recipient_fiscal_code' | 'creditor_reference_id' | 'debtor_fiscal_code' | 'payment_date_time'>[] }> {
  const q = db.knex('receipts as r').where('r.recipient_fiscal_code', f.organization).whereIn('r.backend', LOCAL_BACKENDS);
  if (f.debtor) q.where('r.debtor_fiscal_code', f.debtor);
  if (f.from !== undefined) q.where('r.payment_date_time', '>=', f.from);
  if (f.to !== undefined) q.where('r.payment_date_time', '<', f.to);
  if (f.segregationCodes) q.where((w) => f.segregationCodes!.forEach((c) => w.orWhere('r.creditor_reference_id', 'like', `${c}%`)));
  // prefixes are alphanumeric (checked by the REST layer): no LIKE wildcard can slip in
  if (f.debtorOrIuv) q.where((w) => w.where('r.debtor_fiscal_code', 'like', `${f.debtorOrIuv}%`).orWhere('r.creditor_reference_id', 'like', `${f.debtorOrIuv}%`));
  if (f.service) {
    // GPD's service filter: the type of the debt position the receipt paid (GPD, ACA)
    q.whereExists((s) =>
      s
        .select(db.knex.raw('1'))
        .from('payment_options as o')
        .join('debt_positions as p', 'p.id', 'o.position_id')
        .whereRaw('o.organization_fiscal_code = r.fiscal_code AND o.notice_number = r.notice_number')
        .where('p.service_type', f.service!),
    );
  }
  const [{ n }] = await q.clone().count({ n: '*' });
  const rows = await q
    .select('r.recipient_fiscal_code', 'r.creditor_reference_id', 'r.debtor_fiscal_code', 'r.payment_date_time')
    .orderBy('r.payment_date_time', 'desc')
    .orderBy('r.id', 'desc')
    .limit(f.pageSize)
    .offset(f.pageNum * f.pageSize);
  return { total: Number(n), rows };
}

/** The receipt of `iuv` a GPD-hosted EC holds, as it was delivered (latest first if the IUV was paid twice). */
export async function storedReceipt(db: Db, organization: string, iuv: string): Promise<ReceiptXmlSource | undefined> {
  return db
    .knex('receipts')
    .select('token', 'recipient_fiscal_code', 'broker_code', 'station_code', 'primitive', 'payment_date_time', 'request_xml')
    .where({ recipient_fiscal_code: organization, creditor_reference_id: iuv })
    .whereIn('backend', LOCAL_BACKENDS)
    .orderBy('id', 'desc')
    .first();
}
