import type { NoticeStatus, PaymentEventRow, TokenStatus } from '../store/rows';

/**
 * The model-3 payment state machine (spec §8.2–§8.5) as data. Every transition moves a token and its
 * notice together; `transition` is pure and takes the time from its caller (the injected clock).
 */
export type PaymentEvent = 'ACTIVATE' | 'OUTCOME_OK' | 'OUTCOME_KO' | 'SWEEP' | 'LATE_OUTCOME_OK' | 'RECEIPT_NOTIFIED';

interface Rule {
  token: [TokenStatus | null, TokenStatus];
  notice: [NoticeStatus, NoticeStatus];
}

export const TRANSITIONS: Readonly<Record<PaymentEvent, Rule>> = {
  ACTIVATE: { token: [null, 'PAYING'], notice: ['INSERTED', 'PAYING'] },
  OUTCOME_OK: { token: ['PAYING', 'PAID'], notice: ['PAYING', 'PAID'] },
  // KO frees the notice: a new activation is allowed (SEM_SPO_22)
  OUTCOME_KO: { token: ['PAYING', 'FAILED'], notice: ['PAYING', 'INSERTED'] },
  // mod3CancelV2: an expired token is cancelled and the notice payable again
  SWEEP: { token: ['PAYING', 'CANCELLED'], notice: ['PAYING', 'INSERTED'] },
  // late OK on a cancelled token nobody replaced: the money is accepted (PPT_TOKEN_SCADUTO, retry_PaNew_02)
  LATE_OUTCOME_OK: { token: ['CANCELLED', 'PAID'], notice: ['INSERTED', 'PAID'] },
  // the primary EC acknowledged the receipt (paSendRT OK, or stored for a GPD-hosted EC): §8.2
  RECEIPT_NOTIFIED: { token: ['PAID', 'NOTIFIED'], notice: ['PAID', 'NOTIFIED'] },
};

export interface Transition {
  event: PaymentEvent;
  token: { from: TokenStatus | null; to: TokenStatus };
  notice: { from: NoticeStatus; to: NoticeStatus };
  at: number;
}

export class IllegalTransition extends Error {}

export function transition(event: PaymentEvent, token: TokenStatus | null, notice: NoticeStatus, now: Date): Transition {
  const rule = TRANSITIONS[event];
  if (rule.token[0] !== token || rule.notice[0] !== notice) {
    throw new IllegalTransition(`${event} not allowed from token ${token ?? '-'} / notice ${notice}`);
  }
  return { event, token: { from: token, to: rule.token[1] }, notice: { from: notice, to: rule.notice[1] }, at: now.getTime() };
}

/**
 * Two transitions applied as one write: `a` then `b` on the same token and notice (an OK outcome whose
 * receipt is stored at once: PAYING → PAID → NOTIFIED). It keeps `a`'s event and one row of events holds
 * both; unfoldEvent gives the timeline its two steps back.
 */
export function fold(a: Transition, b: Transition): Transition {
  if (a.token.to !== b.token.from || a.notice.to !== b.notice.from) throw new IllegalTransition(`${b.event} cannot follow ${a.event}`);
  return { event: a.event, token: { from: a.token.from, to: b.token.to }, notice: { from: a.notice.from, to: b.notice.to }, at: b.at };
}

/** A folded OK (fold above) is the only event row whose OK lands on NOTIFIED: the two steps it stands for. */
export function unfoldEvent(e: PaymentEventRow): PaymentEventRow[] {
  if ((e.event !== 'OUTCOME_OK' && e.event !== 'LATE_OUTCOME_OK') || e.to_status !== 'NOTIFIED') return [e];
  return [
    { ...e, to_status: 'PAID', notice_to: 'PAID' },
    { ...e, event: 'RECEIPT_NOTIFIED', from_status: 'PAID', notice_from: 'PAID' },
  ];
}

/** §8.4: what an activation (or a verify, which never locks) may do given the node's notice state. */
export function activationBlocker(notice: NoticeStatus | undefined): 'PPT_PAGAMENTO_IN_CORSO' | 'PPT_PAGAMENTO_DUPLICATO' | undefined {
  switch (notice) {
    case 'PAYING':
      return 'PPT_PAGAMENTO_IN_CORSO';
    case 'PAID':
    case 'NOTIFIED':
      return 'PPT_PAGAMENTO_DUPLICATO';
    default:
      return undefined;
  }
}

/** §8.5: the decision for an outcome on one token, before anything is written. */
export type OutcomeDecision =
  | { kind: 'apply'; event: 'OUTCOME_OK' | 'OUTCOME_KO' }
  | { kind: 'late-ok' }
  | { kind: 'fault'; code: 'PPT_ESITO_GIA_ACQUISITO' | 'PPT_TOKEN_SCADUTO_KO' | 'PPT_PAGAMENTO_DUPLICATO' };

export function decideOutcome(token: TokenStatus, outcome: 'OK' | 'KO', noticeStatus: NoticeStatus, noticeToken: string | null, tokenId: string): OutcomeDecision {
  switch (token) {
    // PAYING, even past expiresAt but not yet swept, is outcomed normally (retry_PaNew_01/03)
    case 'PAYING':
      return { kind: 'apply', event: outcome === 'OK' ? 'OUTCOME_OK' : 'OUTCOME_KO' };
    // a NOTIFIED token was paid: only its receipt has travelled since
    case 'PAID':
    case 'NOTIFIED':
    case 'FAILED':
      return { kind: 'fault', code: 'PPT_ESITO_GIA_ACQUISITO' };
    case 'CANCELLED':
      if (outcome === 'KO') return { kind: 'fault', code: 'PPT_TOKEN_SCADUTO_KO' };
      // nobody re-activated or paid the notice meanwhile: accept the money anyway
      if (noticeStatus === 'INSERTED' && (noticeToken === null || noticeToken === tokenId)) return { kind: 'late-ok' };
      return { kind: 'fault', code: 'PPT_PAGAMENTO_DUPLICATO' };
  }
}
