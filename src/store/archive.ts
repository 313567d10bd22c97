import type { Knex } from 'knex';
import type { Db } from './db';
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

export async function findArchivedNotice(db: Db | Knex.Transaction, fiscalCode: string, noticeNumber: string): Promise<ArchivedNotice | undefined> {
  const k = 'knex' in db ? db.knex : db;
  const option = (await k('payment_options').where({ organization_fiscal_code: fiscalCode, notice_number: noticeNumber }).first()) as PaymentOptionRow | undefined;
  if (!option) return undefined;
  const [position, transfers] = await Promise.all([
    k('debt_positions').where({ id: option.position_id }).first() as Promise<DebtPositionRow>,
    k('option_transfers').where({ option_id: option.id }).orderBy('id_transfer') as Promise<OptionTransferRow[]>,
  ]);
  return { position, option, transfers };
}

/**
 * Inserts a position with its options and transfers. With `ignoreExisting`, a notice number that is
 * already archived is left alone (the synthetic backend racing with itself in two processes).
 */
export async function insertPosition(trx: Knex.Transaction, p: NewPosition, now: number): Promise<void> {
  const [{ id: positionId }] = await trx('debt_positions')
    .insert({
      organization_fiscal_code: p.organizationFiscalCode,
      iupd: p.iupd,
      debtor_type: p.debtor.entityUniqueIdentifierType,
      debtor_fiscal_code: p.debtor.entityUniqueIdentifierValue,
      debtor_full_name: p.debtor.fullName,
      debtor_json: JSON.stringify(p.debtor),
      company_name: p.companyName,
      office_name: p.officeName ?? null,
      status: p.status,
      pay_stand_in: p.payStandIn ?? false,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  for (const o of p.options) {
    const [{ id: optionId }] = await trx('payment_options')
      .insert({
        position_id: positionId,
        organization_fiscal_code: p.organizationFiscalCode,
        notice_number: o.noticeNumber,
        iuv: o.iuv,
        amount_cents: o.amountCents,
        description: o.description,
        due_date: o.dueDate,
        is_partial_payment: o.isPartialPayment,
        status: 'PO_UNPAID',
        metadata_json: o.metadata ? JSON.stringify(o.metadata) : null,
      })
      .returning('id');
    await trx('option_transfers').insert(
      o.transfers.map((t) => ({
        option_id: optionId,
        id_transfer: t.idTransfer,
        amount_cents: t.transferAmountCents,
        organization_fiscal_code: t.fiscalCodePA,
        company_name: t.companyName ?? null,
        iban: t.IBAN ?? null,
        remittance_information: t.remittanceInformation,
        category: t.transferCategory,
        metadata_json: t.metadata ? JSON.stringify(t.metadata) : null,
        stamp_hash: t.richiestaMarcaDaBollo?.hashDocumento ?? null,
        stamp_type: t.richiestaMarcaDaBollo?.tipoBollo ?? null,
        stamp_province: t.richiestaMarcaDaBollo?.provinciaResidenza ?? null,
      })),
    );
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
