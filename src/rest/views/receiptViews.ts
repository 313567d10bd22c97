import type { ReceiptSummary } from '../../store/receipts';
import type { ReceiptAttemptRow } from '../../store/rows';
import { type Iso, iso, bool, num } from './viewValues';

/** The receipts outbox as /admin shows it: receipts and their delivery attempts. */
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
