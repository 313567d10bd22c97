import type { Db } from './db';
import type { Sql } from './sql';
import type { DebtPositionRow, OptionTransferRow, PaymentOptionRow } from './rows';
import type { MapEntry, Subject, Transfer } from '../nodo/types';

/** A payment option (one notice) with its position and transfers, as the archive holds it. */
export interface ArchivedNotice {
  position: DebtPositionRow;
  option: PaymentOptionRow;
  transfers: OptionTransferRow[];
}

export interface NewPosition {
  organizationFiscalCode: string;
  iupd: string;
  debtor: Subject;
  companyName: string;
  officeName?: string;
  status: string;
  payStandIn?: boolean;
  options: {
    noticeNumber: string;
    iuv: string;
    amountCents: number;
    description: string;
    dueDate: string;
    isPartialPayment: boolean;
    metadata?: MapEntry[];
    transfers: Transfer[];
  }[];
}

const OPTION_COLUMNS = ['id', 'position_id', 'organization_fiscal_code', 'notice_number', 'iuv', 'amount_cents', 'description', 'due_date',
  'is_partial_payment', 'status', 'metadata_json'] as const satisfies readonly (keyof PaymentOptionRow)[];
const POSITION_COLUMNS = ['id', 'organization_fiscal_code', 'iupd', 'debtor_type', 'debtor_fiscal_code', 'debtor_full_name', 'debtor_json',
  'company_name', 'office_name', 'status', 'pay_stand_in', 'created_at', 'updated_at'] as const satisfies readonly (keyof DebtPositionRow)[];
const TRANSFER_COLUMNS = ['option_id', 'id_transfer', 'amount_cents', 'organization_fiscal_code', 'company_name', 'iban', 'remittance_information',
  'category', 'metadata_json', 'stamp_hash', 'stamp_type', 'stamp_province'] as const satisfies readonly (keyof OptionTransferRow)[];

// One statement, one row per transfer (every option has at least one), read as arrays. Measured on SQLite:
// three lookups were ~21 µs, one join read as objects ~17 µs, as arrays ~8.5 µs.
const FIND_ARCHIVED_NOTICE =
  `SELECT ${OPTION_COLUMNS.map((c) => `o.${c}`).join(', ')}, ${POSITION_COLUMNS.map((c) => `p.${c}`).join(', ')}, ${TRANSFER_COLUMNS.map((c) => `t.${c}`).join(', ')} ` +
  'FROM payment_options o JOIN debt_positions p ON p.id = o.position_id LEFT JOIN option_transfers t ON t.option_id = o.id ' +
  'WHERE o.organization_fiscal_code = ? AND o.notice_number = ? ORDER BY t.id_transfer';

/** columns[i] ← row[offset + i] */
function pick<T>(row: unknown[], offset: number, columns: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) out[columns[i]!] = row[offset + i];
  return out as T;
}

export async function findArchivedNotice(q: Sql, fiscalCode: string, noticeNumber: string): Promise<ArchivedNotice | undefined> {
  const rows = await q.arrays(FIND_ARCHIVED_NOTICE, [fiscalCode, noticeNumber]);
  const first = rows[0];
  if (!first) return undefined;
  const option = pick<PaymentOptionRow>(first, 0, OPTION_COLUMNS);
  const position = pick<DebtPositionRow>(first, OPTION_COLUMNS.length, POSITION_COLUMNS);
  const t0 = OPTION_COLUMNS.length + POSITION_COLUMNS.length;
  const transfers = first[t0] === null ? [] : rows.map((r) => pick<OptionTransferRow>(r, t0, TRANSFER_COLUMNS));
  return { position, option, transfers };
}

/** Inserts a position with its options and transfers, inside the caller's transaction. */
export async function insertPosition(q: Sql, p: NewPosition, now: number): Promise<void> {
  const pos = await q.get<{ id: number }>(
    'INSERT INTO debt_positions (organization_fiscal_code, iupd, debtor_type, debtor_fiscal_code, debtor_full_name, debtor_json, company_name, office_name, status, pay_stand_in, created_at, updated_at) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
    [p.organizationFiscalCode, p.iupd, p.debtor.entityUniqueIdentifierType, p.debtor.entityUniqueIdentifierValue, p.debtor.fullName, JSON.stringify(p.debtor),
      p.companyName, p.officeName ?? null, p.status, p.payStandIn ?? false, now, now],
  );
  for (const o of p.options) {
    const opt = await q.get<{ id: number }>(
      'INSERT INTO payment_options (position_id, organization_fiscal_code, notice_number, iuv, amount_cents, description, due_date, is_partial_payment, status, metadata_json) ' +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PO_UNPAID', ?) RETURNING id",
      [pos!.id, p.organizationFiscalCode, o.noticeNumber, o.iuv, o.amountCents, o.description, o.dueDate, o.isPartialPayment, o.metadata ? JSON.stringify(o.metadata) : null],
    );
    for (const t of o.transfers) {
      await q.run(
        'INSERT INTO option_transfers (option_id, id_transfer, amount_cents, organization_fiscal_code, company_name, iban, remittance_information, category, metadata_json, stamp_hash, stamp_type, stamp_province) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [opt!.id, t.idTransfer, t.transferAmountCents, t.fiscalCodePA, t.companyName ?? null, t.IBAN ?? null, t.remittanceInformation, t.transferCategory,
          t.metadata ? JSON.stringify(t.metadata) : null, t.richiestaMarcaDaBollo?.hashDocumento ?? null, t.richiestaMarcaDaBollo?.tipoBollo ?? null,
          t.richiestaMarcaDaBollo?.provinciaResidenza ?? null],
      );
    }
  }
}

export async function countPositions(db: Db): Promise<number> {
  const row = await db.knex('debt_positions').count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export function transferFromRow(t: OptionTransferRow): Transfer {
  return {
    idTransfer: t.id_transfer,
    transferAmountCents: Number(t.amount_cents),
    fiscalCodePA: t.organization_fiscal_code,
    ...(t.company_name ? { companyName: t.company_name } : {}),
    ...(t.iban ? { IBAN: t.iban } : {}),
    ...(t.stamp_hash ? { richiestaMarcaDaBollo: { hashDocumento: t.stamp_hash, tipoBollo: t.stamp_type ?? '01', provinciaResidenza: t.stamp_province ?? 'RM' } } : {}),
    remittanceInformation: t.remittance_information,
    transferCategory: t.category,
    ...(t.metadata_json ? { metadata: JSON.parse(t.metadata_json) as MapEntry[] } : {}),
  };
}

export function debtorFromRow(p: DebtPositionRow): Subject {
  if (p.debtor_json) return JSON.parse(p.debtor_json) as Subject;
  return { entityUniqueIdentifierType: p.debtor_type, entityUniqueIdentifierValue: p.debtor_fiscal_code, fullName: p.debtor_full_name };
}
