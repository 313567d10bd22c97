import { readOutcome, storedSummary } from '../../nodo/outcomeRecord';
import type { PaymentSummary } from '../../store/adminLists';
import type { NodeNoticeRow, PaymentEventRow, PaymentTokenRow } from '../../store/rows';
import { type Iso, iso, parsed } from './viewValues';

/** The node's state as /admin shows it: notices, payment tokens, their transitions. */
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
  // the outcome as it always read: the quoted summary (derived for newer rows) and the PSP's details
  const record = readOutcome(t);
  const outcomeDetails = record ? { summary: storedSummary(t), details: record.details } : null;
  return { ...paymentView(t), payment: parsed(t.payment_json), outcomeDetails, events: events.map(eventView) };
}

export interface NoticeDetailView extends NoticeView {
  tokens: PaymentView[];
  events: PaymentEventView[];
}
