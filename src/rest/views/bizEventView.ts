import type { Registry } from '../../nodo/registry';
import { addressOf, receiptParties, receiptRequest, recipientsOf } from '../../nodo/receipts';
import { readOutcome } from '../../nodo/outcomeRecord';
import type { MapEntry, PaymentData, Subject } from '../../nodo/types';
import type { PaymentTokenRow } from '../../store/rows';

/**
 * biz-events' CtReceiptModelResponse (biz_events.json, reporting spec §7). The service writes every field,
 * null when the event has no value (Jackson's default), although the official file declares none nullable:
 * its TransferPA even requires both `iban` and `mbdAttachment`, which no transfer has together.
 */
export interface BizSubject {
  entityUniqueIdentifierType: 'F' | 'G';
  entityUniqueIdentifierValue: string;
  fullName: string;
  streetName: string | null;
  civicNumber: string | null;
  postalCode: string | null;
  city: string | null;
  stateProvinceRegion: string | null;
  country: string | null;
  email: string | null;
}

export interface BizTransfer {
  idTransfer: number;
  transferAmount: number;
  fiscalCodePA: string;
  iban: string | null;
  mbdAttachment: string | null;
  remittanceInformation: string;
  transferCategory: string;
  metadata: MapEntry[] | null;
}

export interface CtReceiptModelResponse {
  receiptId: string;
  noticeNumber: string;
  fiscalCode: string;
  /** biz events exist for OK outcomes only */
  outcome: 'OK';
  creditorReferenceId: string;
  paymentAmount: number;
  description: string;
  companyName: string;
  officeName: string | null;
  debtor: BizSubject;
  transferList: BizTransfer[];
  idPSP: string;
  pspFiscalCode: string | null;
  pspPartitaIVA: string | null;
  pspCompanyName: string;
  idChannel: string;
  channelDescription: string;
  payer: BizSubject | null;
  paymentMethod: string | null;
  fee: number | null;
  primaryCiIncurredFee: number | null;
  idBundle: string | null;
  idCiBundle: string | null;
  /** yyyy-MM-dd */
  paymentDateTime: string;
  /** yyyy-MM-dd'T'HH:mm:ss */
  paymentDateTimeFormatted: string;
  applicationDate: string | null;
  transferDate: string | null;
  metadata: MapEntry[] | null;
}

const euros = (cents: number | undefined): number | null => (cents === undefined ? null : Number(cents) / 100);

function subject(s: Subject): BizSubject {
  return {
    entityUniqueIdentifierType: s.entityUniqueIdentifierType,
    entityUniqueIdentifierValue: s.entityUniqueIdentifierValue,
    fullName: s.fullName,
    streetName: s.streetName ?? null,
    civicNumber: s.civicNumber ?? null,
    postalCode: s.postalCode ?? null,
    city: s.city ?? null,
    stateProvinceRegion: s.stateProvinceRegion ?? null,
    country: s.country ?? null,
    email: s.email ?? null,
  };
}

/** The EC codes of the payment's transfers: who may find the event by IUR. */
export function transferEcs(t: PaymentTokenRow): string[] {
  return (JSON.parse(t.payment_json) as PaymentData).transfers.map((tr) => tr.fiscalCodePA);
}

/**
 * The event of a paid token, from the same receipt the node sends the primary EC (nodo/receipts.ts
 * receiptRequest), so the two never disagree. No paymentNote and no standIn: CtReceiptModelResponse has
 * neither. The payment time is the receipt's (UTC), cut to the day and to the second.
 */
export function bizEventView(reg: Registry, t: PaymentTokenRow): CtReceiptModelResponse {
  const data = JSON.parse(t.payment_json) as PaymentData;
  const record = readOutcome(t);
  const parties = record?.parties ?? receiptParties(reg, t, data);
  const r = receiptRequest(parties, addressOf(recipientsOf(reg, t, data)[0]!), t, data, record?.details ?? undefined, Number(t.outcome_at)).receipt;
  const paid = r.paymentDateTime!;
  return {
    receiptId: r.receiptId,
    noticeNumber: r.noticeNumber,
    fiscalCode: r.fiscalCode,
    outcome: 'OK',
    creditorReferenceId: r.creditorReferenceId,
    paymentAmount: Number(r.paymentAmountCents) / 100,
    description: r.description,
    companyName: r.companyName,
    officeName: r.officeName ?? null,
    debtor: subject(r.debtor),
    transferList: r.transfers.map((tr) => ({
      idTransfer: tr.idTransfer,
      transferAmount: tr.transferAmountCents / 100,
      fiscalCodePA: tr.fiscalCodePA,
      iban: tr.IBAN ?? null,
      mbdAttachment: tr.MBDAttachment ?? null,
      remittanceInformation: tr.remittanceInformation,
      transferCategory: tr.transferCategory,
      metadata: tr.metadata?.length ? tr.metadata : null,
    })),
    idPSP: r.idPSP,
    pspFiscalCode: r.pspFiscalCode ?? null,
    pspPartitaIVA: r.pspPartitaIVA ?? null,
    pspCompanyName: r.PSPCompanyName,
    idChannel: r.idChannel,
    channelDescription: r.channelDescription,
    payer: r.payer ? subject(r.payer) : null,
    paymentMethod: r.paymentMethod ?? null,
    fee: euros(r.feeCents),
    primaryCiIncurredFee: euros(r.primaryCiIncurredFeeCents),
    idBundle: r.idBundle ?? null,
    idCiBundle: r.idCiBundle ?? null,
    paymentDateTime: paid.slice(0, 10),
    paymentDateTimeFormatted: paid.slice(0, 19),
    applicationDate: r.applicationDate ?? null,
    transferDate: r.transferDate ?? null,
    metadata: r.metadata?.length ? r.metadata : null,
  };
}
