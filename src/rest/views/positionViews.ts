import type { DebtPositionRow, OptionTransferRow, PaymentOptionRow } from '../../store/rows';
import { type Iso, iso, bool, parsed } from './viewValues';

/** The archive as /admin shows it: debt positions, payment options, transfers. */
export interface TransferView {
  idTransfer: number;
  amountCents: number;
  organizationFiscalCode: string;
  companyName: string | null;
  iban: string | null;
  postalIban: string | null;
  remittanceInformation: string;
  category: string;
  stamp: { hash: string | null; type: string | null; province: string | null } | null;
  metadata: unknown;
}

export interface OptionView {
  id: number;
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  feeCents: number;
  notificationFeeCents: number;
  description: string;
  dueDate: string;
  retentionDate: string | null;
  isPartialPayment: boolean;
  status: string;
  paymentDate: Iso;
  paymentMethod: string | null;
  pspCompany: string | null;
  idReceipt: string | null;
  metadata: unknown;
  insertedAt: Iso;
  updatedAt: Iso;
}

export interface PositionView {
  id: number;
  organizationFiscalCode: string;
  iupd: string;
  status: string;
  serviceType: string;
  companyName: string;
  officeName: string | null;
  debtorType: 'F' | 'G';
  debtorFiscalCode: string;
  debtorFullName: string;
  payStandIn: boolean;
  pull: boolean;
  switchToExpired: boolean;
  validityDate: Iso;
  publishDate: Iso;
  paymentDate: Iso;
  createdAt: Iso;
  updatedAt: Iso;
  options: OptionView[];
  links: { self: string };
}

/** /admin/positions/{id}: the debtor as GPD took it, and each option's transfers. */
export interface PositionDetailView extends Omit<PositionView, 'options'> {
  debtor: unknown;
  options: (OptionView & { transfers: TransferView[] })[];
}

export function transferView(t: OptionTransferRow): TransferView {
  return {
    idTransfer: Number(t.id_transfer),
    amountCents: Number(t.amount_cents),
    organizationFiscalCode: t.organization_fiscal_code,
    companyName: t.company_name,
    iban: t.iban,
    postalIban: t.postal_iban,
    remittanceInformation: t.remittance_information,
    category: t.category,
    stamp: t.stamp_hash || t.stamp_type ? { hash: t.stamp_hash, type: t.stamp_type, province: t.stamp_province } : null,
    metadata: parsed(t.metadata_json),
  };
}

export function optionView(o: PaymentOptionRow): OptionView {
  return {
    id: Number(o.id),
    noticeNumber: o.notice_number,
    iuv: o.iuv,
    amountCents: Number(o.amount_cents),
    feeCents: Number(o.fee_cents),
    notificationFeeCents: Number(o.notification_fee_cents),
    description: o.description,
    dueDate: o.due_date,
    retentionDate: o.retention_date,
    isPartialPayment: bool(o.is_partial_payment),
    status: o.status,
    paymentDate: iso(o.payment_date),
    paymentMethod: o.payment_method,
    pspCompany: o.psp_company,
    idReceipt: o.id_receipt,
    metadata: parsed(o.metadata_json),
    insertedAt: iso(o.inserted_at),
    updatedAt: iso(o.updated_at),
  };
}

export function positionView(p: DebtPositionRow, options: PaymentOptionRow[]): PositionView {
  return {
    id: Number(p.id),
    organizationFiscalCode: p.organization_fiscal_code,
    iupd: p.iupd,
    status: p.status,
    serviceType: p.service_type,
    companyName: p.company_name,
    officeName: p.office_name,
    debtorType: p.debtor_type,
    debtorFiscalCode: p.debtor_fiscal_code,
    debtorFullName: p.debtor_full_name,
    payStandIn: bool(p.pay_stand_in),
    pull: bool(p.pull),
    switchToExpired: bool(p.switch_to_expired),
    validityDate: iso(p.validity_date),
    publishDate: iso(p.publish_date),
    paymentDate: iso(p.payment_date),
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
    options: options.map(optionView),
    links: { self: `/admin/positions/${Number(p.id)}` },
  };
}

export function positionDetailView(p: DebtPositionRow, options: { option: PaymentOptionRow; transfers: OptionTransferRow[] }[]): PositionDetailView {
  return {
    ...positionView(p, []),
    debtor: parsed(p.debtor_json),
    options: options.map((o) => ({ ...optionView(o.option), transfers: o.transfers.map(transferView) })),
  };
}
