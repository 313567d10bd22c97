import type { Knex } from 'knex';

/** A row of a published reporting flow, as GPD's report call sees it (GPDRA GpdReportingSync). */
export interface ReportedRow {
  iuv: string;
  iur: string;
  idTransfer: number;
}

/**
 * GPD's "reported" marking (spec reporting.md §8), applied in-process in the caller's transaction (the one
 * that stores the flow): each row naming a paid option of the archive by (receiving EC, IUV, idTransfer)
 * moves that transfer to T_REPORTED, the option to PO_PARTIALLY_REPORTED then PO_REPORTED when all its
 * transfers are, and the position to REPORTED when every option that was paid is reported. The receiving
 * EC is the transfer's beneficiary: a secondary EC's row carries the primary EC's IUV (spec §6), so the
 * option is found by IUV and the transfer by its beneficiary. Only PO_PAID / PO_PARTIALLY_REPORTED options
 * accept a mark (GPD); unmatched rows are ignored. Returns how many transfers were newly marked.
 */
export async function markReported(trx: Knex.Transaction, orgId: string, rows: readonly ReportedRow[], at: number): Promise<number> {
  let marked = 0;
  const touched = new Set<number>();
  // one query per 500 IUVs, not one per row: a generated flow can carry 100,000 rows
  const candidates = new Map<string, { option_id: number; status: string }>();
  const iuvs = [...new Set(rows.map((r) => r.iuv))];
  for (let i = 0; i < iuvs.length; i += 500) {
    const hits = await trx('option_transfers as t')
      .join('payment_options as o', 'o.id', 't.option_id')
      .whereIn('o.iuv', iuvs.slice(i, i + 500))
      .where({ 't.organization_fiscal_code': orgId })
      .whereIn('o.status', ['PO_PAID', 'PO_PARTIALLY_REPORTED'])
      .select<{ iuv: string; id_transfer: number; option_id: number; status: string }[]>('o.iuv', 't.id_transfer', 't.option_id', 't.status');
    for (const h of hits) candidates.set(`${h.iuv}|${h.id_transfer}`, h);
  }
  for (const r of rows) {
    const hit = candidates.get(`${r.iuv}|${r.idTransfer}`);
    if (!hit || hit.status === 'T_REPORTED') continue;
    await trx('option_transfers').where({ option_id: hit.option_id, id_transfer: r.idTransfer }).update({ status: 'T_REPORTED', reported_iur: r.iur, reported_at: at });
    hit.status = 'T_REPORTED';
    touched.add(hit.option_id);
    marked++;
  }
  for (const optionId of touched) {
    const left = await trx('option_transfers').where({ option_id: optionId }).whereNot({ status: 'T_REPORTED' }).count<{ n: number | string }[]>('* as n');
    const status = Number(left[0]?.n ?? 0) > 0 ? 'PO_PARTIALLY_REPORTED' : 'PO_REPORTED';
    await trx('payment_options').where({ id: optionId }).update({ status, updated_at: at });
    if (status !== 'PO_REPORTED') continue;
    const option = await trx('payment_options').where({ id: optionId }).first<{ position_id: number }>('position_id');
    // alternatives never paid (the single option of a plan paid by installments, or the reverse) stay PO_UNPAID
    const open = await trx('payment_options')
      .where({ position_id: option.position_id })
      .whereIn('status', ['PO_PAID', 'PO_PARTIALLY_REPORTED'])
      .count<{ n: number | string }[]>('* as n');
    if (Number(open[0]?.n ?? 0) === 0) await trx('debt_positions').where({ id: option.position_id, status: 'PAID' }).update({ status: 'REPORTED', updated_at: at });
  }
  return marked;
}
