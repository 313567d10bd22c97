import type { NewPosition } from '../store/archive';
import type { StoredPosition } from '../store/positions';
import type { OptionTransferRow, PaymentOptionRow } from '../store/rows';
import type { Subject } from '../nodo/types';
import type { KeyValue, PaymentPositionModel } from './acaSchemas';

/**
 * GPD JSON ↔ archive rows. The store keeps due and retention dates as YYYY-MM-DD (what the node's XML
 * carries) and everything else as epoch ms; the API speaks ISO date-times. A due date comes back as the
 * end of its day in UTC: the day the EC wrote is what the node enforces.
 */
export const isoDate = (ms: number | null | undefined): string | undefined => (ms === null || ms === undefined ? undefined : new Date(Number(ms)).toISOString());
/** the calendar day as the EC wrote it (`2026-12-31T23:59:59+01:00` is the 31st, whatever UTC says) */
export const dayOf = (dateTime: string): string => dateTime.slice(0, 10);
export const endOfDay = (day: string | null | undefined): string | undefined => (day ? `${day}T23:59:59.999Z` : undefined);

const bool = (v: boolean | number) => Boolean(Number(v));
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

export function debtorOf(m: PaymentPositionModel): Subject {
  return defined({
    entityUniqueIdentifierType: m.type,
    entityUniqueIdentifierValue: m.fiscalCode,
    fullName: m.fullName,
    streetName: m.streetName,
    civicNumber: m.civicNumber,
    postalCode: m.postalCode,
    city: m.city,
    // the node's ctSubject has one stateProvinceRegion: GPD's province fills it (region is not kept)
    stateProvinceRegion: m.province,
    country: m.country,
    email: m.email,
  });
}

/** A validated PaymentPositionModel as archive rows; `nav` defaults to "3" + iuv (aux digit 3, as GPD does). */
export function toNewPosition(org: string, m: PaymentPositionModel, status: string, now: number): NewPosition {
  return {
    organizationFiscalCode: org,
    iupd: m.iupd,
    debtor: debtorOf(m),
    companyName: m.companyName,
    ...(m.officeName ? { officeName: m.officeName } : {}),
    status,
    payStandIn: m.payStandIn,
    serviceType: 'GPD',
    switchToExpired: m.switchToExpired,
    ...(m.validityDate ? { validityDate: Date.parse(m.validityDate) } : {}),
    ...(status === 'DRAFT' ? {} : { publishDate: now }),
    options: (m.paymentOption ?? []).map((o) => ({
      noticeNumber: o.nav ?? `3${o.iuv}`,
      iuv: o.iuv,
      amountCents: o.amount,
      description: (o as { description?: string }).description ?? '',
      dueDate: dayOf(o.dueDate),
      isPartialPayment: o.isPartialPayment,
      ...(o.retentionDate ? { retentionDate: dayOf(o.retentionDate) } : {}),
      feeCents: o.fee ?? 0,
      ...(o.paymentOptionMetadata?.length ? { metadata: o.paymentOptionMetadata } : {}),
      transfers: (o.transfer ?? []).map((t) => ({
        idTransfer: Number(t.idTransfer),
        transferAmountCents: t.amount,
        fiscalCodePA: t.organizationFiscalCode ?? org,
        companyName: t.companyName ?? m.companyName,
        ...(t.iban ? { IBAN: t.iban } : {}),
        ...(t.postalIban ? { postalIban: t.postalIban } : {}),
        ...(t.stamp ? { richiestaMarcaDaBollo: { hashDocumento: t.stamp.hashDocument, tipoBollo: t.stamp.stampType, provinciaResidenza: t.stamp.provincialResidence } } : {}),
        remittanceInformation: t.remittanceInformation,
        transferCategory: t.category,
        ...(t.transferMetadata?.length ? { metadata: t.transferMetadata } : {}),
      })),
    })),
  };
}

const metadata = (json: string | null): KeyValue[] => (json ? (JSON.parse(json) as KeyValue[]) : []);

function transferOut(t: OptionTransferRow, full: boolean, o: PaymentOptionRow) {
  return defined({
    organizationFiscalCode: t.organization_fiscal_code,
    companyName: t.company_name,
    idTransfer: String(t.id_transfer),
    amount: Number(t.amount_cents),
    remittanceInformation: t.remittance_information,
    category: t.category,
    iban: t.iban,
    postalIban: t.postal_iban,
    stamp: t.stamp_hash ? { hashDocument: t.stamp_hash, stampType: t.stamp_type ?? '01', provincialResidence: t.stamp_province ?? 'RM' } : undefined,
    transferMetadata: metadata(t.metadata_json),
    // T_REPORTED once a published reporting flow names it (store/gpdReporting.ts)
    ...(full ? { insertedDate: isoDate(o.inserted_at), status: t.status ?? 'T_UNREPORTED', lastUpdatedDate: isoDate(o.updated_at) } : {}),
  });
}

/** PaymentPositionModel: the answer of create, update, publish and invalidate. */
export function positionModel(tree: StoredPosition) {
  const p = tree.position;
  const d = p.debtor_json ? (JSON.parse(p.debtor_json) as Subject) : undefined;
  return defined({
    iupd: p.iupd,
    type: p.debtor_type,
    payStandIn: bool(p.pay_stand_in),
    fiscalCode: p.debtor_fiscal_code,
    fullName: p.debtor_full_name,
    streetName: d?.streetName,
    civicNumber: d?.civicNumber,
    postalCode: d?.postalCode,
    city: d?.city,
    province: d?.stateProvinceRegion,
    country: d?.country,
    email: d?.email,
    switchToExpired: bool(p.switch_to_expired),
    companyName: p.company_name,
    officeName: p.office_name,
    validityDate: isoDate(p.validity_date),
    paymentDate: isoDate(p.payment_date),
    status: p.status,
    paymentOption: tree.options.map(({ option: o, transfers }) =>
      defined({
        nav: o.notice_number,
        iuv: o.iuv,
        amount: Number(o.amount_cents),
        description: o.description,
        isPartialPayment: bool(o.is_partial_payment),
        dueDate: endOfDay(o.due_date),
        retentionDate: endOfDay(o.retention_date),
        fee: Number(o.fee_cents),
        notificationFee: Number(o.notification_fee_cents),
        transfer: transfers.map((t) => transferOut(t, false, o)),
        paymentOptionMetadata: metadata(o.metadata_json),
      }),
    ),
  });
}

/** PaymentPositionModelBaseResponse: the answer of read and list. */
export function positionResponse(tree: StoredPosition) {
  const p = tree.position;
  return defined({
    iupd: p.iupd,
    organizationFiscalCode: p.organization_fiscal_code,
    type: p.debtor_type,
    companyName: p.company_name,
    officeName: p.office_name,
    insertedDate: isoDate(p.created_at),
    publishDate: isoDate(p.publish_date),
    validityDate: isoDate(p.validity_date),
    paymentDate: isoDate(p.payment_date),
    status: p.status,
    lastUpdatedDate: isoDate(p.updated_at),
    paymentOption: tree.options.map((o) => paymentOptionResponse(o.option, o.transfers)),
  });
}

export function paymentOptionResponse(o: PaymentOptionRow, transfers: OptionTransferRow[]) {
  return defined({
    nav: o.notice_number,
    iuv: o.iuv,
    organizationFiscalCode: o.organization_fiscal_code,
    amount: Number(o.amount_cents),
    description: o.description,
    isPartialPayment: bool(o.is_partial_payment),
    dueDate: endOfDay(o.due_date),
    retentionDate: endOfDay(o.retention_date),
    paymentDate: isoDate(o.payment_date),
    insertedDate: isoDate(o.inserted_at),
    paymentMethod: o.payment_method,
    fee: Number(o.fee_cents),
    notificationFee: Number(o.notification_fee_cents),
    pspCompany: o.psp_company,
    idReceipt: o.id_receipt,
    status: o.status,
    lastUpdatedDate: isoDate(o.updated_at),
    paymentOptionMetadata: metadata(o.metadata_json),
    transfer: transfers.map((t) => transferOut(t, true, o)),
  });
}
