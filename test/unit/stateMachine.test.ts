import { describe, expect, it } from '@jest/globals';
import {
  activationBlocker,
  decideOutcome,
  fold,
  IllegalTransition,
  transition,
  unfoldEvent,
  TRANSITIONS,
  type OutcomeDecision,
  type PaymentEvent,
} from '../../src/nodo/stateMachine';
import type { NoticeStatus, TokenStatus } from '../../src/store/rows';

/** The model-3 state machine (spec §8.2–§8.5) as data: every row of the table, every refused pair, time injected. */
const TOKENS: (TokenStatus | null)[] = [null, 'PAYING', 'PAID', 'NOTIFIED', 'FAILED', 'CANCELLED'];
const NOTICES: NoticeStatus[] = ['INSERTED', 'PAYING', 'PAID', 'NOTIFIED'];
const NOW = new Date('2026-03-01T10:00:00.000Z');

/** The table as the spec writes it: event, token from → to, notice from → to. */
const EXPECTED: [PaymentEvent, TokenStatus | null, TokenStatus, NoticeStatus, NoticeStatus][] = [
  ['ACTIVATE', null, 'PAYING', 'INSERTED', 'PAYING'],
  ['OUTCOME_OK', 'PAYING', 'PAID', 'PAYING', 'PAID'],
  ['OUTCOME_KO', 'PAYING', 'FAILED', 'PAYING', 'INSERTED'],
  ['SWEEP', 'PAYING', 'CANCELLED', 'PAYING', 'INSERTED'],
  ['LATE_OUTCOME_OK', 'CANCELLED', 'PAID', 'INSERTED', 'PAID'],
  ['RECEIPT_NOTIFIED', 'PAID', 'NOTIFIED', 'PAID', 'NOTIFIED'],
];

describe('transition', () => {
  it('the table has exactly the six events of the spec', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(EXPECTED.map(([e]) => e).sort());
  });

  it.each(EXPECTED)('%s moves token %s → %s and notice %s → %s, stamped with the injected time', (event, tokenFrom, tokenTo, noticeFrom, noticeTo) => {
    expect(transition(event, tokenFrom, noticeFrom, NOW)).toEqual({
      event,
      token: { from: tokenFrom, to: tokenTo },
      notice: { from: noticeFrom, to: noticeTo },
      at: NOW.getTime(),
    });
  });

  it('takes its time only from the caller (no clock of its own)', () => {
    const past = new Date('2001-01-01T00:00:00Z');
    expect(transition('ACTIVATE', null, 'INSERTED', past).at).toBe(past.getTime());
  });

  // every (token, notice) pair the table does not name is refused, for every event
  const refused = EXPECTED.flatMap(([event, tokenFrom, , noticeFrom]) =>
    TOKENS.flatMap((token) => NOTICES.filter((notice) => token !== tokenFrom || notice !== noticeFrom).map((notice) => [event, token, notice] as const)),
  );
  it(`refuses the ${refused.length} other (event, token, notice) combinations with IllegalTransition`, () => {
    for (const [event, token, notice] of refused) {
      expect(() => transition(event, token, notice, NOW)).toThrow(IllegalTransition);
    }
  });

  it.each<[PaymentEvent, TokenStatus | null, NoticeStatus, string]>([
    ['OUTCOME_OK', 'PAID', 'PAID', 'OUTCOME_OK not allowed from token PAID / notice PAID'],
    ['ACTIVATE', null, 'PAYING', 'ACTIVATE not allowed from token - / notice PAYING'],
    ['RECEIPT_NOTIFIED', 'NOTIFIED', 'NOTIFIED', 'RECEIPT_NOTIFIED not allowed from token NOTIFIED / notice NOTIFIED'],
    ['SWEEP', 'CANCELLED', 'INSERTED', 'SWEEP not allowed from token CANCELLED / notice INSERTED'],
  ])('%s from %s/%s says which states refused it', (event, token, notice, message) => {
    expect(() => transition(event, token, notice, NOW)).toThrow(message);
  });

  it('a late OK needs the notice payable again (a KO or a sweep left it INSERTED)', () => {
    const swept = transition('SWEEP', 'PAYING', 'PAYING', NOW);
    expect(transition('LATE_OUTCOME_OK', swept.token.to, swept.notice.to, NOW).notice.to).toBe('PAID');
    expect(() => transition('LATE_OUTCOME_OK', 'CANCELLED', 'PAYING', NOW)).toThrow(IllegalTransition);
  });
});

describe('activationBlocker (§8.4)', () => {
  it.each<[NoticeStatus | undefined, string | undefined]>([
    [undefined, undefined],
    ['INSERTED', undefined],
    ['PAYING', 'PPT_PAGAMENTO_IN_CORSO'],
    ['PAID', 'PPT_PAGAMENTO_DUPLICATO'],
    ['NOTIFIED', 'PPT_PAGAMENTO_DUPLICATO'],
  ])('notice %s → %s', (notice, fault) => {
    expect(activationBlocker(notice)).toBe(fault);
  });
});

describe('decideOutcome (§8.5)', () => {
  it.each<[TokenStatus, 'OK' | 'KO', OutcomeDecision]>([
    ['PAYING', 'OK', { kind: 'apply', event: 'OUTCOME_OK' }],
    ['PAYING', 'KO', { kind: 'apply', event: 'OUTCOME_KO' }],
    ['PAID', 'OK', { kind: 'fault', code: 'PPT_ESITO_GIA_ACQUISITO' }],
    ['PAID', 'KO', { kind: 'fault', code: 'PPT_ESITO_GIA_ACQUISITO' }],
    ['NOTIFIED', 'OK', { kind: 'fault', code: 'PPT_ESITO_GIA_ACQUISITO' }],
    ['FAILED', 'OK', { kind: 'fault', code: 'PPT_ESITO_GIA_ACQUISITO' }],
    ['FAILED', 'KO', { kind: 'fault', code: 'PPT_ESITO_GIA_ACQUISITO' }],
    ['CANCELLED', 'KO', { kind: 'fault', code: 'PPT_TOKEN_SCADUTO_KO' }],
  ])('token %s, outcome %s → %j', (token, outcome, decision) => {
    expect(decideOutcome(token, outcome, 'PAYING', 'tok', 'tok')).toEqual(decision);
  });

  it('a late OK on a cancelled token is accepted while nobody took the notice (no token, or this one)', () => {
    expect(decideOutcome('CANCELLED', 'OK', 'INSERTED', null, 'tok')).toEqual({ kind: 'late-ok' });
    expect(decideOutcome('CANCELLED', 'OK', 'INSERTED', 'tok', 'tok')).toEqual({ kind: 'late-ok' });
  });

  it.each<[NoticeStatus, string | null]>([
    ['INSERTED', 'other'],
    ['PAYING', 'other'],
    ['PAYING', null],
    ['PAID', 'other'],
    ['NOTIFIED', 'tok'],
  ])('a late OK after the notice moved on (notice %s, its token %s) is PPT_PAGAMENTO_DUPLICATO', (noticeStatus, noticeToken) => {
    expect(decideOutcome('CANCELLED', 'OK', noticeStatus, noticeToken, 'tok')).toEqual({ kind: 'fault', code: 'PPT_PAGAMENTO_DUPLICATO' });
  });
});

describe('fold / unfoldEvent: an OK whose receipt is stored at once, written as one transition and one event row', () => {
  const now = new Date(1_000);
  it('PAYING → NOTIFIED in one step, read back as OUTCOME_OK then RECEIPT_NOTIFIED', () => {
    const folded = fold(transition('OUTCOME_OK', 'PAYING', 'PAYING', now), transition('RECEIPT_NOTIFIED', 'PAID', 'PAID', now));
    expect(folded).toEqual({ event: 'OUTCOME_OK', token: { from: 'PAYING', to: 'NOTIFIED' }, notice: { from: 'PAYING', to: 'NOTIFIED' }, at: 1_000 });
    const row = { id: 7, token: 't', notice_id: 1, event: 'OUTCOME_OK', from_status: 'PAYING', to_status: 'NOTIFIED', notice_from: 'PAYING', notice_to: 'NOTIFIED', at: 1_000 };
    expect(unfoldEvent(row).map((e) => [e.event, e.from_status, e.to_status, e.notice_from, e.notice_to])).toEqual([
      ['OUTCOME_OK', 'PAYING', 'PAID', 'PAYING', 'PAID'],
      ['RECEIPT_NOTIFIED', 'PAID', 'NOTIFIED', 'PAID', 'NOTIFIED'],
    ]);
    // rows written one step at a time read as they are
    expect(unfoldEvent({ ...row, to_status: 'PAID', notice_to: 'PAID' })).toHaveLength(1);
  });
  it('refuses transitions that do not chain', () => {
    expect(() => fold(transition('OUTCOME_KO', 'PAYING', 'PAYING', now), transition('RECEIPT_NOTIFIED', 'PAID', 'PAID', now))).toThrow(IllegalTransition);
  });
});
