/** Typed rows: one interface per table, in column spelling. Mapping to protocol names happens in store/ only. */

export interface NodeNoticeRow {
  id: number;
  fiscal_code: string;
  notice_number: string;
  status: NoticeStatus;
  current_token: string | null;
  created_at: number;
  updated_at: number;
}
export type NoticeStatus = 'INSERTED' | 'PAYING' | 'PAID' | 'NOTIFIED';
/** NOTIFIED: the primary EC acknowledged the receipt (the receipt rows carry the delivery states) */
export type TokenStatus = 'PAYING' | 'PAID' | 'NOTIFIED' | 'FAILED' | 'CANCELLED';

export interface PaymentTokenRow {
  token: string;
  notice_id: number;
  fiscal_code: string;
  notice_number: string;
  creditor_reference_id: string;
  id_psp: string;
  id_broker_psp: string;
  id_channel: string;
  station_code: string;
  primitive: string;
  status: TokenStatus;
  amount_cents: number;
  expires_at: number;
  idempotency_key: string | null;
  payment_note: string | null;
  payment_json: string;
  outcome: 'OK' | 'KO' | null;
  outcome_at: number | null;
  outcome_json: string | null;
  created_at: number;
  updated_at: number;
}

export interface PaymentEventRow {
  id?: number;
  token: string | null;
  notice_id: number;
  event: string;
  from_status: string | null;
  to_status: string;
  notice_from: string | null;
  notice_to: string | null;
  at: number;
}

export interface IdempotencyRow {
  id_psp: string;
  idempotency_key: string;
  primitive: string;
  request_hash: string;
  response_json: string;
  token: string | null;
  valid_to: number;
}

export interface JournalRow {
  id?: number;
  at: number;
  request_id: string;
  operation: string | null;
  id_psp: string | null;
  id_channel: string | null;
  fiscal_code: string | null;
  notice_number: string | null;
  token: string | null;
  outcome: string | null;
  fault_code: string | null;
  http_status: number;
  duration_us: number;
  request_xml: string;
  response_xml: string;
  /** set (and response_xml '') when the response was stored deflated: see journal.ts */
  response_xml_deflated?: Buffer | null;
  /** set (and request_xml, response_xml '') when both messages are stored compressed: see journalCodec.ts */
  exchange_deflated?: Buffer | null;
  /** pending-notice hint: the debtor's other open notices when this verify/activate was answered */
  debtor_open_notices?: number | null;
  debtor_open_amount_cents?: number | null;
  /** 'in' (default): a PSP called the node; 'out': the node called an EC station (stationJournal.ts) */
  direction?: 'in' | 'out';
  /** out: the station called */
  station_code?: string | null;
}

export interface DebtPositionRow {
  id: number;
  organization_fiscal_code: string;
  iupd: string;
  debtor_type: 'F' | 'G';
  debtor_fiscal_code: string;
  debtor_full_name: string;
  debtor_json: string | null;
  company_name: string;
  office_name: string | null;
  status: string;
  pay_stand_in: boolean | number;
  created_at: number;
  updated_at: number;
  service_type: string;
  pull: boolean | number;
  switch_to_expired: boolean | number;
  validity_date: number | null;
  publish_date: number | null;
  payment_date: number | null;
}

export interface PaymentOptionRow {
  id: number;
  position_id: number;
  organization_fiscal_code: string;
  notice_number: string;
  iuv: string;
  amount_cents: number;
  description: string;
  due_date: string;
  is_partial_payment: boolean | number;
  status: string;
  metadata_json: string | null;
  retention_date: string | null;
  fee_cents: number;
  notification_fee_cents: number;
  inserted_at: number | null;
  updated_at: number | null;
  payment_date: number | null;
  payment_method: string | null;
  psp_company: string | null;
  id_receipt: string | null;
}

export interface OptionTransferRow {
  option_id: number;
  id_transfer: number;
  amount_cents: number;
  organization_fiscal_code: string;
  company_name: string | null;
  iban: string | null;
  remittance_information: string;
  category: string;
  metadata_json: string | null;
  stamp_hash: string | null;
  stamp_type: string | null;
  stamp_province: string | null;
  postal_iban: string | null;
  /** GPD reporting mark (spec reporting.md §8); absent on rows read before the migration ran */
  status?: 'T_UNREPORTED' | 'T_REPORTED';
}

export type ReceiptStatus = 'NOTICE_GENERATED' | 'NOTICE_SENT' | 'NOTICE_PENDING' | 'NOTIFIED';

/** The receipts outbox: one row per (receipt, recipient station); see migrations/20261124090000_create_receipts.js */
export interface ReceiptRow {
  id: number;
  token: string;
  notice_id: number;
  fiscal_code: string;
  notice_number: string;
  creditor_reference_id: string;
  debtor_fiscal_code: string | null;
  recipient_fiscal_code: string;
  broker_code: string;
  station_code: string;
  backend: string;
  primitive: 'paSendRT' | 'paSendRTV2';
  is_primary: boolean | number;
  status: ReceiptStatus;
  attempts: number;
  next_attempt_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  request_xml: string;
  payment_date_time: number;
  created_at: number;
  updated_at: number;
  notified_at: number | null;
}

export interface ReceiptAttemptRow {
  id?: number;
  receipt_id: number;
  attempt: number;
  at: number;
  duration_ms: number;
  worker: string;
  result: 'OK' | 'KO' | 'FAILURE';
  fault_code: string | null;
  detail: string | null;
  http_status: number | null;
}

export type CartStatus = 'OPEN' | 'PROCESSING' | 'PAID' | 'FAILED' | 'CANCELLED' | 'PENDING';
export type CartAction = 'pay' | 'fail' | 'cancel' | 'pending';
export type CartNoticeStatus = 'OPEN' | 'ACTIVATED' | 'PAID' | 'FAILED' | 'CANCELLED' | 'PENDING' | 'REFUSED';
/** what a reader sees: a PENDING notice whose token expired unpaid is EXPIRED (checkout/pending.ts) */
export type CartNoticeState = CartNoticeStatus | 'EXPIRED';

/** A checkout cart: see migrations/20261125090000_create_carts.js */
export interface CartRow {
  id: string;
  api_version: 1 | 2;
  origin: 'api' | 'manual' | 'demo';
  client_cart_id: string | null;
  email_notice: string | null;
  all_ccp: boolean | number | null;
  return_ok_url: string | null;
  return_cancel_url: string | null;
  return_error_url: string | null;
  return_waiting_url: string | null;
  status: CartStatus;
  action: CartAction | null;
  lease_until: number | null;
  payer_email: string | null;
  payment_method: string | null;
  fault_code: string | null;
  fault_description: string | null;
  created_at: number;
  expires_at: number;
  updated_at: number;
  completed_at: number | null;
}

export interface CartNoticeRow {
  cart_id: string;
  position: number;
  notice_number: string;
  fiscal_code: string;
  amount_cents: number;
  company_name: string;
  description: string;
  payment_token: string | null;
  status: CartNoticeStatus;
  /** totalAmount the node activated; null until activated */
  node_amount_cents: number | null;
  fault_code: string | null;
  fault_description: string | null;
}

export interface OutboxEmailRow {
  id?: number;
  cart_id: string;
  to_address: string;
  subject: string;
  body: string;
  lang: 'it' | 'en';
  created_at: number;
}
