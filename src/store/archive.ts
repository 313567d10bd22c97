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
  /** GPD (default) or ACA (paCreatePosition) */
  serviceType?: 'GPD' | 'ACA';
  /** listed by payments pull (default true) */
  pull?: boolean;
  switchToExpired?: boolean;
  validityDate?: number;
  publishDate?: number;
  options: {
    noticeNumber: string;
    iuv: string;
    amountCents: number;
    description: string;
    dueDate: string;
    isPartialPayment: boolean;
    retentionDate?: string;
    feeCents?: number;
    notificationFeeCents?: number;
    metadata?: MapEntry[];
    transfers: (Transfer & { postalIban?: string })[];
  }[];
}

const OPTION_COLUMNS = [
  'id',
  'position_id',
  'organization_fiscal_code',
  'notice_number',
  'iuv',
  'amount_cents',
  'description',
  'due_date',
  'is_partial_payment',
  'status',
  'metadata_json',
  'retention_date',
  'fee_cents',
  'notification_fee_cents',
  'inserted_at',
  'updated_at',
  'payment_date',
  'payment_method',
  'psp_company',
  'id_receipt',
] as const satisfies readonly (keyof PaymentOptionRow)[];
const POSITION_COLUMNS = [
  'id',
  'organization_fiscal_code',
  'iupd',
  'debtor_type',
  'debtor_fiscal_code',
  'debtor_full_name',
  'debtor_json',
  'company_name',
  'office_name',
  'status',
  'pay_stand_in',
  'created_at',
  'updated_at',
  'service_type',
  'pull',
  'switch_to_expired',
  'validity_date',
  'publish_date',
  'payment_date',
] as const satisfies readonly (keyof DebtPositionRow)[];
const TRANSFER_COLUMNS = [
  'option_id',
  'id_transfer',
  'amount_cents',
  'organization_fiscal_code',
  'company_name',
  'iban',
  'remittance_information',
  'category',
  'metadata_json',
  'stamp_hash',
  'stamp_type',
  'stamp_province',
  'postal_iban',
] as const satisfies readonly (keyof OptionTransferRow)[];

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

/**
 * Inserts a position with its options and transfers, inside the caller's transaction, and returns each
 * option as findArchivedNotice would read it (RETURNING: a caller that serves the notice next, the
 * synthetic backend, needs no second lookup).
 */
export async function insertPosition(q: Sql, p: NewPosition, now: number): Promise<ArchivedNotice[]> {
  const notices: ArchivedNotice[] = [];
  const pos = await q.get<DebtPositionRow>(
    'INSERT INTO debt_positions (organization_fiscal_code, iupd, debtor_type, debtor_fiscal_code, debtor_full_name, debtor_json, company_name, office_name, status, pay_stand_in, ' +
      'created_at, updated_at, service_type, pull, switch_to_expired, validity_date, publish_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
    [
      p.organizationFiscalCode,
      p.iupd,
      p.debtor.entityUniqueIdentifierType,
      p.debtor.entityUniqueIdentifierValue,
      p.debtor.fullName,
      JSON.stringify(p.debtor),
      p.companyName,
      p.officeName ?? null,
      p.status,
      p.payStandIn ?? false,
      now,
      now,
      p.serviceType ?? 'GPD',
      p.pull ?? true,
      p.switchToExpired ?? false,
      p.validityDate ?? null,
      p.publishDate ?? (p.status === 'DRAFT' ? null : now),
    ],
  );
  for (const o of p.options) {
    const opt = await q.get<PaymentOptionRow>(
      'INSERT INTO payment_options (position_id, organization_fiscal_code, notice_number, iuv, amount_cents, description, due_date, is_partial_payment, status, metadata_json, ' +
        "retention_date, fee_cents, notification_fee_cents, inserted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PO_UNPAID', ?, ?, ?, ?, ?, ?) RETURNING *",
      [
        pos!.id,
        p.organizationFiscalCode,
        o.noticeNumber,
        o.iuv,
        o.amountCents,
        o.description,
        o.dueDate,
        o.isPartialPayment,
        o.metadata ? JSON.stringify(o.metadata) : null,
        o.retentionDate ?? null,
        o.feeCents ?? 0,
        o.notificationFeeCents ?? 0,
        now,
        now,
      ],
    );
    const transfers: OptionTransferRow[] = [];
    for (const t of o.transfers) {
      const row = await q.get<OptionTransferRow>(
        'INSERT INTO option_transfers (option_id, id_transfer, amount_cents, organization_fiscal_code, company_name, iban, remittance_information, category, metadata_json, stamp_hash, stamp_type, stamp_province, postal_iban) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
        [
          opt!.id,
          t.idTransfer,
          t.transferAmountCents,
          t.fiscalCodePA,
          t.companyName ?? null,
          t.IBAN ?? null,
          t.remittanceInformation,
          t.transferCategory,
          t.metadata ? JSON.stringify(t.metadata) : null,
          t.richiestaMarcaDaBollo?.hashDocumento ?? null,
          t.richiestaMarcaDaBollo?.tipoBollo ?? null,
          t.richiestaMarcaDaBollo?.provinciaResidenza ?? null,
          t.postalIban ?? null,
        ],
      );
      transfers.push(row!);
    }
    // findArchivedNotice's order
    transfers.sort((a, b) => a.id_transfer - b.id_transfer);
    notices.push({ position: pos!, option: opt!, transfers });
  }
  return notices;
}

export interface OptionPayment {
  fiscalCode: string;
  noticeNumber: string;
  /** the paymentToken that paid it: GPD's idReceipt */
  token: string;
  at: number;
  pspCompany?: string;
  paymentMethod?: string;
}

/**
 * An OK outcome on an archived notice, in the payment's own transaction: the option becomes PO_PAID and
 * its position PAID, or PARTIALLY_PAID while other installments of the same plan are unpaid (GPD's
 * rules). Paying the single-payment option closes the position, whatever installments it also offered.
 * A notice that is not in the archive (a remote EC's) changes nothing.
 */
export async function markOptionPaid(q: Sql, p: OptionPayment): Promise<void> {
  // one statement: the unpaid option (if the notice is one of the archive's) is paid and says which it was
  const [option] = await q.all<Pick<PaymentOptionRow, 'id' | 'position_id' | 'is_partial_payment'>>(
    "UPDATE payment_options SET status = 'PO_PAID', payment_date = ?, updated_at = ?, id_receipt = ?, psp_company = ?, payment_method = ? " +
      "WHERE organization_fiscal_code = ? AND notice_number = ? AND status = 'PO_UNPAID' RETURNING id, position_id, is_partial_payment",
    [p.at, p.at, p.token, p.pspCompany ?? null, p.paymentMethod ?? null, p.fiscalCode, p.noticeNumber],
  );
  if (!option) return;
  const unpaidInstallments = option.is_partial_payment
    ? ((
        await q.get<{ n: number }>("SELECT COUNT(*) AS n FROM payment_options WHERE position_id = ? AND is_partial_payment = ? AND status = 'PO_UNPAID'", [
          option.position_id,
          true,
        ])
      )?.n ?? 0)
    : 0;
  const status = Number(unpaidInstallments) > 0 ? 'PARTIALLY_PAID' : 'PAID';
  await q.run('UPDATE debt_positions SET status = ?, updated_at = ?, payment_date = ? WHERE id = ?', [status, p.at, status === 'PAID' ? p.at : null, option.position_id]);
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
