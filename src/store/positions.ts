import type { Knex } from 'knex';
import type { Sql } from './sql';
import type { DebtPositionRow, OptionTransferRow, PaymentOptionRow } from './rows';
import { insertPosition, type NewPosition } from './archive';

/**
 * Debt positions as the EC-facing APIs (ACA paCreatePosition, GPD-for-ACA) manage them: whole positions
 * with their options and transfers. Every write runs inside the caller's transaction (ctx.db.tx).
 */
export interface StoredOption {
  option: PaymentOptionRow;
  transfers: OptionTransferRow[];
}
export interface StoredPosition {
  position: DebtPositionRow;
  options: StoredOption[];
}

/** GPD statuses in which the EC may still change or withdraw the position (nothing paid, still live). */
export const EDITABLE_STATUSES: readonly string[] = ['DRAFT', 'PUBLISHED', 'VALID'];

export async function findPosition(q: Sql, ec: string, iupd: string): Promise<StoredPosition | undefined> {
  const position = await q.get<DebtPositionRow>('SELECT * FROM debt_positions WHERE organization_fiscal_code = ? AND iupd = ?', [ec, iupd]);
  if (!position) return undefined;
  return { position, options: await optionsOf(q, position.id) };
}

async function optionsOf(q: Sql, positionId: number): Promise<StoredOption[]> {
  const options = await q.all<PaymentOptionRow>('SELECT * FROM payment_options WHERE position_id = ? ORDER BY id', [positionId]);
  const transfers = await q.all<OptionTransferRow>(
    'SELECT t.* FROM option_transfers t JOIN payment_options o ON o.id = t.option_id WHERE o.position_id = ? ORDER BY t.option_id, t.id_transfer',
    [positionId],
  );
  return options.map((option) => ({ option, transfers: transfers.filter((t) => Number(t.option_id) === Number(option.id)) }));
}

/** The position that owns notice `nav` of `ec`, if any. */
export async function positionOfNotice(q: Sql, ec: string, nav: string): Promise<StoredPosition | undefined> {
  const row = await q.get<{ iupd: string }>(
    'SELECT p.iupd FROM payment_options o JOIN debt_positions p ON p.id = o.position_id WHERE o.organization_fiscal_code = ? AND o.notice_number = ?',
    [ec, nav],
  );
  return row ? findPosition(q, ec, row.iupd) : undefined;
}

/** The first of `navs` already used by another position of `ec` (notice numbers are unique per EC). */
export async function takenNotice(q: Sql, ec: string, navs: string[], exceptPositionId?: number): Promise<string | undefined> {
  for (const nav of navs) {
    const row = await q.get<{ position_id: number }>('SELECT position_id FROM payment_options WHERE organization_fiscal_code = ? AND notice_number = ?', [ec, nav]);
    if (row && Number(row.position_id) !== exceptPositionId) return nav;
  }
  return undefined;
}

/**
 * A notice of the position that a PSP is paying right now (a live token): changing or withdrawing the
 * position under it would let the payment close on data the EC no longer has.
 */
export async function noticeInPayment(q: Sql, positionId: number): Promise<string | undefined> {
  const row = await q.get<{ notice_number: string }>(
    'SELECT n.notice_number FROM payment_options o JOIN node_notices n ON n.fiscal_code = o.organization_fiscal_code AND n.notice_number = o.notice_number ' +
      "WHERE o.position_id = ? AND n.status = 'PAYING' LIMIT 1",
    [positionId],
  );
  return row?.notice_number;
}

export async function deletePosition(q: Sql, positionId: number): Promise<void> {
  await q.run('DELETE FROM option_transfers WHERE option_id IN (SELECT id FROM payment_options WHERE position_id = ?)', [positionId]);
  await q.run('DELETE FROM payment_options WHERE position_id = ?', [positionId]);
  await q.run('DELETE FROM debt_positions WHERE id = ?', [positionId]);
}

/**
 * An update replaces options and transfers wholesale (GPD's PUT is a full replacement); the position keeps
 * its insertion date. Only called for unpaid positions, so no payment data is lost.
 */
export async function replacePosition(q: Sql, old: DebtPositionRow, p: NewPosition, now: number): Promise<void> {
  await deletePosition(q, Number(old.id));
  await insertPosition(q, p, now);
  await q.run('UPDATE debt_positions SET created_at = ? WHERE organization_fiscal_code = ? AND iupd = ?', [Number(old.created_at), p.organizationFiscalCode, p.iupd]);
}

export async function setPositionStatus(q: Sql, positionId: number, status: string, now: number, publishDate?: number): Promise<void> {
  if (publishDate !== undefined) {
    await q.run('UPDATE debt_positions SET status = ?, updated_at = ?, publish_date = ? WHERE id = ?', [status, now, publishDate, positionId]);
  } else {
    await q.run('UPDATE debt_positions SET status = ?, updated_at = ? WHERE id = ?', [status, now, positionId]);
  }
}

/**
 * Time-driven transitions of GPD: a PUBLISHED position whose validity date has come becomes VALID; a VALID
 * one with switchToExpired whose every due date has passed becomes EXPIRED (a due date is payable through
 * its whole day, so "passed" means before today). Applied lazily before the APIs read, and by the
 * `expirePositions` job. `ec` narrows it to one creditor institution.
 */
export async function refreshTimedStatuses(q: Sql, nowMs: number, today: string, ec?: string): Promise<number> {
  const scope = ec === undefined ? '' : ' AND organization_fiscal_code = ?';
  const args = ec === undefined ? [] : [ec];
  const valid = await q.run(`UPDATE debt_positions SET status = 'VALID', updated_at = ? WHERE status = 'PUBLISHED' AND validity_date IS NOT NULL AND validity_date <= ?${scope}`, [
    nowMs,
    nowMs,
    ...args,
  ]);
  const expired = await q.run(
    `UPDATE debt_positions SET status = 'EXPIRED', updated_at = ? WHERE status = 'VALID' AND switch_to_expired = ?${scope} ` +
      'AND NOT EXISTS (SELECT 1 FROM payment_options o WHERE o.position_id = debt_positions.id AND o.due_date >= ?)',
    [nowMs, true, ...args, today],
  );
  return valid + expired;
}

export interface PositionFilter {
  limit: number;
  page: number;
  dueDateFrom?: string;
  dueDateTo?: string;
  /** epoch ms, inclusive */
  paymentDateFrom?: number;
  paymentDateTo?: number;
  status?: string;
  orderBy: 'created_at' | 'iupd' | 'status' | 'company_name';
  ordering: 'asc' | 'desc';
}

/** One page of an EC's positions (a read: knex builds the variable filter), with the total count. */
export async function listPositions(knex: Knex, ec: string, f: PositionFilter): Promise<{ total: number; positions: StoredPosition[] }> {
  const base = knex('debt_positions as p').where('p.organization_fiscal_code', ec);
  if (f.status) base.andWhere('p.status', f.status);
  if (f.dueDateFrom || f.dueDateTo) {
    base.whereExists(function dueInRange() {
      this.select(knex.raw('1')).from('payment_options as o').whereRaw('o.position_id = p.id');
      if (f.dueDateFrom) this.andWhere('o.due_date', '>=', f.dueDateFrom);
      if (f.dueDateTo) this.andWhere('o.due_date', '<=', f.dueDateTo);
    });
  }
  if (f.paymentDateFrom !== undefined) base.andWhere('p.payment_date', '>=', f.paymentDateFrom);
  if (f.paymentDateTo !== undefined) base.andWhere('p.payment_date', '<=', f.paymentDateTo);
  const countRow = await base.clone().count({ n: '*' }).first();
  const rows: DebtPositionRow[] = await base
    .clone()
    .select('p.*')
    .orderBy(`p.${f.orderBy}`, f.ordering)
    .orderBy('p.id', f.ordering)
    .limit(f.limit)
    .offset(f.page * f.limit);
  const ids = rows.map((r) => r.id);
  const options: PaymentOptionRow[] = ids.length ? await knex('payment_options').whereIn('position_id', ids).orderBy('id') : [];
  const optionIds = options.map((o) => o.id);
  const transfers: OptionTransferRow[] = optionIds.length ? await knex('option_transfers').whereIn('option_id', optionIds).orderBy(['option_id', 'id_transfer']) : [];
  return {
    total: Number(countRow?.n ?? 0),
    positions: rows.map((position) => ({
      position,
      options: options
        .filter((o) => Number(o.position_id) === Number(position.id))
        .map((option) => ({ option, transfers: transfers.filter((t) => Number(t.option_id) === Number(option.id)) })),
    })),
  };
}
