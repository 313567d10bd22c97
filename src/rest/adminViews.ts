import type { PaymentSummary } from '../store/adminLists';
import type { ReceiptSummary } from '../store/receipts';
import type {
  DebtPositionRow,
  JournalRow,
  NodeNoticeRow,
  OptionTransferRow,
  OutboxEmailRow,
  PaymentEventRow,
  PaymentOptionRow,
  PaymentTokenRow,
  ReceiptAttemptRow,
} from '../store/rows';

/**
 * What /admin answers, one explicit type and mapper per resource: camelCase as REST clients expect
 * (domain words as the spec writes them: idPSP, idChannel, noticeNumber), ISO times, real booleans and
 * numbers (SQLite gives 0/1 and PostgreSQL bigint strings). Only the fields listed here leave the
 * server: a new column changes nothing until it is added here, and what means nothing outside (lease
 * owners, foreign keys already in the URL, raw JSON text) never goes out.
 */

type Iso = string | null;
const iso = (ms: number | string | null | undefined): Iso => (ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString());
const bool = (v: boolean | number | null) => v === true || Number(v) === 1;
const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const parsed = (json: string | null): unknown => (json ? JSON.parse(json) : null);

// ---- journal ----------------------------------------------------------------------------------------------

export interface JournalEntryView {
  id: number;
  at: Iso;
  requestId: string;
  /** 'in': a PSP called the node; 'out': the node called an EC station */
  direction: 'in' | 'out';
  operation: string | null;
  idPSP: string | null;
  idChannel: string | null;
  /** out: the station called */
  stationCode: string | null;
  fiscalCode: string | null;
  noticeNumber: string | null;
  token: string | null;
  outcome: string | null;
  faultCode: string | null;
  /** 0: no HTTP answer (an EC station that did not answer) */
  httpStatus: number;
  durationUs: number;
  /** the pending-notice hint: the debtor's other open notices when this verify/activate was answered */
  debtorOpenNotices: number | null;
  debtorOpenAmountCents: number | null;
  links: { request: string; response: string };
}

export function journalEntryView(r: Omit<JournalRow, 'request_xml' | 'response_xml'>): JournalEntryView {
  const id = Number(r.id);
  return {
    id,
    at: iso(r.at),
    requestId: r.request_id,
    direction: r.direction ?? 'in',
    operation: r.operation,
    idPSP: r.id_psp,
    idChannel: r.id_channel,
    stationCode: r.station_code ?? null,
    fiscalCode: r.fiscal_code,
    noticeNumber: r.notice_number,
    token: r.token,
    outcome: r.outcome,
    faultCode: r.fault_code,
    httpStatus: Number(r.http_status),
    durationUs: Number(r.duration_us),
    debtorOpenNotices: num(r.debtor_open_notices),
    debtorOpenAmountCents: num(r.debtor_open_amount_cents),
    links: { request: `/admin/journal/${id}/request.xml`, response: `/admin/journal/${id}/response.xml` },
  };
}

// ---- the archive: debt positions, payment options, transfers ---------------------------------------------

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

// ---- the node's state: notices, payment tokens, their transitions ----------------------------------------

export interface NoticeView {
  id: number;
  fiscalCode: string;
  noticeNumber: string;
  status: string;
  currentToken: string | null;
  createdAt: Iso;
  updatedAt: Iso;
  links: { self: string; token?: string };
}

export function noticeView(n: NodeNoticeRow): NoticeView {
  const id = Number(n.id);
  return {
    id,
    fiscalCode: n.fiscal_code,
    noticeNumber: n.notice_number,
    status: n.status,
    currentToken: n.current_token,
    createdAt: iso(n.created_at),
    updatedAt: iso(n.updated_at),
    links: { self: `/admin/notices/${id}`, ...(n.current_token ? { token: `/admin/tokens/${n.current_token}` } : {}) },
  };
}

export interface PaymentView {
  token: string;
  noticeId: number;
  fiscalCode: string;
  noticeNumber: string;
  creditorReferenceId: string;
  idPSP: string;
  idBrokerPSP: string;
  idChannel: string;
  stationCode: string;
  primitive: string;
  status: string;
  amountCents: number;
  expiresAt: Iso;
  idempotencyKey: string | null;
  paymentNote: string | null;
  outcome: 'OK' | 'KO' | null;
  outcomeAt: Iso;
  createdAt: Iso;
  updatedAt: Iso;
  links: { self: string; notice: string };
}

export function paymentView(t: PaymentSummary): PaymentView {
  return {
    token: t.token,
    noticeId: Number(t.notice_id),
    fiscalCode: t.fiscal_code,
    noticeNumber: t.notice_number,
    creditorReferenceId: t.creditor_reference_id,
    idPSP: t.id_psp,
    idBrokerPSP: t.id_broker_psp,
    idChannel: t.id_channel,
    stationCode: t.station_code,
    primitive: t.primitive,
    status: t.status,
    amountCents: Number(t.amount_cents),
    expiresAt: iso(t.expires_at),
    idempotencyKey: t.idempotency_key,
    paymentNote: t.payment_note,
    outcome: t.outcome,
    outcomeAt: iso(t.outcome_at),
    createdAt: iso(t.created_at),
    updatedAt: iso(t.updated_at),
    links: { self: `/admin/tokens/${t.token}`, notice: `/admin/notices/${Number(t.notice_id)}` },
  };
}

export interface PaymentEventView {
  id: number;
  token: string | null;
  event: string;
  fromStatus: string | null;
  toStatus: string;
  noticeFrom: string | null;
  noticeTo: string | null;
  at: Iso;
}

export function eventView(e: PaymentEventRow): PaymentEventView {
  return { id: Number(e.id), token: e.token, event: e.event, fromStatus: e.from_status, toStatus: e.to_status, noticeFrom: e.notice_from, noticeTo: e.notice_to, at: iso(e.at) };
}

/** /admin/tokens/{token}: the payment as activated, the outcome as the PSP sent it, every transition. */
export interface TokenDetailView extends PaymentView {
  payment: unknown;
  outcomeDetails: unknown;
  events: PaymentEventView[];
}

export function tokenDetailView(t: PaymentTokenRow, events: PaymentEventRow[]): TokenDetailView {
  return { ...paymentView(t), payment: parsed(t.payment_json), outcomeDetails: parsed(t.outcome_json), events: events.map(eventView) };
}

export interface NoticeDetailView extends NoticeView {
  tokens: PaymentView[];
  events: PaymentEventView[];
}

// ---- receipts outbox --------------------------------------------------------------------------------------

export interface ReceiptView {
  id: number;
  token: string;
  primitive: string;
  fiscalCode: string;
  noticeNumber: string;
  creditorReferenceId: string;
  debtorFiscalCode: string | null;
  recipientFiscalCode: string;
  brokerCode: string;
  stationCode: string;
  backend: string;
  /** the notice's own EC (primary) rather than a transfer's (broadcast) */
  isPrimary: boolean;
  status: string;
  attempts: number;
  nextAttemptAt: Iso;
  /** a delivery is in progress until then */
  leaseUntil: Iso;
  lastError: string | null;
  paymentDateTime: Iso;
  createdAt: Iso;
  updatedAt: Iso;
  notifiedAt: Iso;
  links: { self: string; xml: string; resend: string; token: string };
}

export function receiptView(r: ReceiptSummary): ReceiptView {
  const id = Number(r.id);
  return {
    id,
    token: r.token,
    primitive: r.primitive,
    fiscalCode: r.fiscal_code,
    noticeNumber: r.notice_number,
    creditorReferenceId: r.creditor_reference_id,
    debtorFiscalCode: r.debtor_fiscal_code,
    recipientFiscalCode: r.recipient_fiscal_code,
    brokerCode: r.broker_code,
    stationCode: r.station_code,
    backend: r.backend,
    isPrimary: bool(r.is_primary),
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: iso(r.next_attempt_at),
    leaseUntil: iso(r.lease_until),
    lastError: r.last_error,
    paymentDateTime: iso(r.payment_date_time),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    notifiedAt: iso(r.notified_at),
    links: { self: `/admin/receipts/${id}`, xml: `/admin/receipts/${id}/xml`, resend: `/admin/receipts/${id}/resend`, token: `/admin/tokens/${r.token}` },
  };
}

export interface ReceiptAttemptView {
  attempt: number;
  at: Iso;
  result: 'OK' | 'KO' | 'FAILURE';
  faultCode: string | null;
  httpStatus: number | null;
  durationMs: number;
  /** the process that made the attempt: which of several emulators sharing a database */
  worker: string;
  detail: string | null;
}

export const receiptAttemptView = (a: ReceiptAttemptRow): ReceiptAttemptView => ({
  attempt: Number(a.attempt),
  at: iso(a.at),
  result: a.result,
  faultCode: a.fault_code,
  httpStatus: num(a.http_status),
  durationMs: Number(a.duration_ms),
  worker: a.worker,
  detail: a.detail,
});

export interface ReceiptDetailView extends ReceiptView {
  attemptList: ReceiptAttemptView[];
}

// ---- checkout's e-mail outbox -----------------------------------------------------------------------------

export interface OutboxEmailView {
  id: number;
  cartId: string;
  to: string;
  subject: string;
  body: string;
  lang: 'it' | 'en';
  createdAt: Iso;
}

export const outboxEmailView = (e: OutboxEmailRow): OutboxEmailView => ({
  id: Number(e.id),
  cartId: e.cart_id,
  to: e.to_address,
  subject: e.subject,
  body: e.body,
  lang: e.lang,
  createdAt: iso(e.created_at),
});

/** Every /admin list: one page and the total. */
export interface PageView<T> {
  total: number;
  limit: number;
  offset: number;
  items: T[];
}
