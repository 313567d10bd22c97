import type { Knex } from 'knex';
import type { Db } from './db';
import { timeline } from './payments';
import type { DebtPositionRow, NodeNoticeRow, OptionTransferRow, PaymentEventRow, PaymentOptionRow, PaymentTokenRow } from './rows';

/**
 * The operator's read-only lists behind /admin/positions, /admin/notices and /admin/payments (the
 * dashboard). knex builds the variable filters: none of this is on the hot path. Every list is one
 * page plus the total count, newest first, with a unique tie-breaker so pages never overlap.
 */
export interface Page<T> {
  total: number;
  rows: T[];
}

interface Paging {
  limit: number;
  offset: number;
}

async function page<T>(q: Knex.QueryBuilder, f: Paging, order: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<Page<T>> {
  const [{ n }] = await q.clone().clearSelect().count({ n: '*' });
  const rows = (await order(q).limit(f.limit).offset(f.offset)) as T[];
  return { total: Number(n), rows };
}

// ---- archive: debt positions and their payment options ------------------------------------------------

export interface PositionListFilter extends Paging {
  organizationFiscalCode?: string;
  status?: string;
  /** a piece of the IUPD, debtor code or name, company name, or of one option's notice number, IUV or description */
  search?: string;
}

export interface PositionWithOptions {
  position: DebtPositionRow;
  options: PaymentOptionRow[];
}

/** `%`, `_` and the escape itself match literally: the operator types text, not a LIKE pattern. */
const likeContaining = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
// lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not
const LIKE = "lower(??) LIKE ? ESCAPE '\\'";

export async function listPositions(db: Db, f: PositionListFilter): Promise<Page<PositionWithOptions>> {
  const k = db.knex;
  const q = k('debt_positions as p').select('p.*');
  if (f.organizationFiscalCode) q.where('p.organization_fiscal_code', f.organizationFiscalCode);
  if (f.status) q.where('p.status', f.status);
  if (f.search) {
    const like = likeContaining(f.search);
    q.where((w) => {
      for (const c of ['p.iupd', 'p.debtor_fiscal_code', 'p.debtor_full_name', 'p.company_name']) w.orWhereRaw(LIKE, [c, like]);
      w.orWhereExists((s) => {
        s.select(k.raw('1')).from('payment_options as o').whereRaw('o.position_id = p.id');
        s.where((o) => {
          for (const c of ['o.notice_number', 'o.iuv', 'o.description']) o.orWhereRaw(LIKE, [c, like]);
        });
      });
    });
  }
  const found = await page<DebtPositionRow>(q, f, (b) => b.orderBy('p.id', 'desc'));
  const ids = found.rows.map((p) => p.id);
  const options: PaymentOptionRow[] = ids.length ? await k('payment_options').whereIn('position_id', ids).orderBy('id') : [];
  return {
    total: found.total,
    rows: found.rows.map((position) => ({ position, options: options.filter((o) => Number(o.position_id) === Number(position.id)) })),
  };
}

export interface PositionDetail {
  position: DebtPositionRow;
  options: { option: PaymentOptionRow; transfers: OptionTransferRow[] }[];
}

export async function positionDetail(db: Db, id: number): Promise<PositionDetail | undefined> {
  const position = (await db.knex('debt_positions').where({ id }).first()) as DebtPositionRow | undefined;
  if (!position) return undefined;
  const options: PaymentOptionRow[] = await db.knex('payment_options').where({ position_id: id }).orderBy('id');
  const transfers: OptionTransferRow[] = options.length
    ? await db
        .knex('option_transfers')
        .whereIn(
          'option_id',
          options.map((o) => o.id),
        )
        .orderBy(['option_id', 'id_transfer'])
    : [];
  return { position, options: options.map((option) => ({ option, transfers: transfers.filter((t) => Number(t.option_id) === Number(option.id)) })) };
}

// ---- the node's own state: notices it has seen, payment tokens ---------------------------------------

export interface NoticeListFilter extends Paging {
  fiscalCode?: string;
  noticeNumber?: string;
  status?: string;
}

export function listNotices(db: Db, f: NoticeListFilter): Promise<Page<NodeNoticeRow>> {
  const q = db.knex('node_notices').select('*');
  if (f.fiscalCode) q.where('fiscal_code', f.fiscalCode);
  if (f.noticeNumber) q.where('notice_number', f.noticeNumber);
  if (f.status) q.where('status', f.status);
  return page<NodeNoticeRow>(q, f, (b) => b.orderBy('updated_at', 'desc').orderBy('id', 'desc'));
}

/** A token without the JSON blobs: the list shows the payment, /admin/tokens/{token} has the rest. */
export type PaymentSummary = Omit<PaymentTokenRow, 'payment_json' | 'outcome_json'>;
const SUMMARY_COLUMNS = [
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
  'outcome',
  'outcome_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof PaymentSummary)[];

export interface NoticeDetail {
  notice: NodeNoticeRow;
  tokens: PaymentSummary[];
  events: PaymentEventRow[];
}

/** One notice with every token that tried to pay it and every transition, expired activations included. */
export async function noticeDetail(db: Db, id: number): Promise<NoticeDetail | undefined> {
  const notice = (await db.knex('node_notices').where({ id }).first()) as NodeNoticeRow | undefined;
  if (!notice) return undefined;
  const tokens = (await db.knex('payment_tokens').select(SUMMARY_COLUMNS).where({ notice_id: id }).orderBy('created_at').orderBy('token')) as PaymentSummary[];
  const events = timeline((await db.knex('payment_events').where({ notice_id: id }).orderBy('id')) as PaymentEventRow[]);
  return { notice, tokens, events };
}

export interface PaymentListFilter extends Paging {
  noticeNumber?: string;
  token?: string;
  status?: string;
  idPSP?: string;
}

export function listPayments(db: Db, f: PaymentListFilter): Promise<Page<PaymentSummary>> {
  const q = db.knex('payment_tokens').select(SUMMARY_COLUMNS);
  if (f.noticeNumber) q.where('notice_number', f.noticeNumber);
  if (f.token) q.where('token', f.token);
  if (f.status) q.where('status', f.status);
  if (f.idPSP) q.where('id_psp', f.idPSP);
  return page<PaymentSummary>(q, f, (b) => b.orderBy('created_at', 'desc').orderBy('token', 'desc'));
}
