import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import { withIdempotency } from '../idempotency';
import type { PspCredentials, Registry } from '../registry';
import { enqueueReceipts, primaryStoredAtOnce, receiptParties, recipientsOf } from '../receipts';
import { outcomeJson, storedSummary } from '../outcomeRecord';
import { checkStampTokens, checkStampTransfers } from '../stamps';
import { pokeReceiptWorker } from '../receiptDelivery';
import { decideOutcome, fold, transition, type OutcomeDecision } from '../stateMachine';
import type { OutcomeDetails, PaymentData } from '../types';
import { appendEvent, casNotice, casToken, findNoticeById, findToken } from '../../store/payments';
import { markOptionPaid } from '../../store/archive';
import { invalidateForToken } from '../../store/idempotency';
import type { PaymentTokenRow } from '../../store/rows';
import type { Sql } from '../../store/sql';

export interface OutcomeReq extends PspCredentials {
  idempotencyKey?: string;
  paymentTokens: string[];
  outcome: 'OK' | 'KO';
  details?: OutcomeDetails;
}

/**
 * sendPaymentOutcome(V2) answer: just outcome OK on the wire (a KO is a thrown NodoFault). `noticeNumber`
 * is not sent: it is the journal's key (the request carries only tokens), the first token's notice, as the
 * row's token is the first token; a V2 row cannot name several notices, its request XML holds the others.
 */
export interface OutcomeRes {
  noticeNumber?: string;
}

/**
 * §8.5 for one or several tokens (V2). Each token is decided on its own row state; the decisions must
 * agree, then they are applied in one transaction with compare-and-set on every token and notice.
 */
export async function sendOutcome(ctx: NodoContext, primitive: 'sendPaymentOutcome' | 'sendPaymentOutcomeV2', req: OutcomeReq): Promise<OutcomeRes> {
  return withIdempotency<OutcomeReq, OutcomeRes>(ctx, primitive, req, async (idem) => {
    const reg = ctx.registry();
    // the ATTIVATO_PRESSO_PSP check does not apply to the outcome (SEM_SPO_07)
    const { psp } = reg.checkPsp(req, { model3: false });
    if (req.outcome === 'OK' && !req.details && reg.config['sendPaymentOutcome.okWithoutDetails'] === 'PPT_SEMANTICA') {
      throw new NodoFault('PPT_SEMANTICA', 'details obbligatorio con outcome OK');
    }
    if (new Set(req.paymentTokens).size !== req.paymentTokens.length) throw new NodoFault('PPT_SEMANTICA', 'paymentToken ripetuto');
    const stamps = req.details?.marcheDaBollo;
    checkStampTokens(stamps, req.paymentTokens);

    for (let attempt = 0; ; attempt++) {
      const tokens: PaymentTokenRow[] = [];
      for (const id of req.paymentTokens) {
        const row = await findToken(ctx.db.read, id);
        // a token is bound to the PSP that activated it: anyone else sees it as unknown
        if (!row || row.id_psp !== req.idPSP) throw new NodoFault('PPT_TOKEN_SCONOSCIUTO', 'token unknown');
        tokens.push(row);
      }
      if (tokens.length > 1 && tokens.some((t) => !reg.channel(t.id_channel)?.pagoPaTouchpoint)) {
        throw new NodoFault('PPT_SEMANTICA', 'Outcome non accettabile per token multipli attivati presso il PSP');
      }
      // each stamp is for a transfer of its token's payment that asked for one (as the EC answered it)
      checkStampTransfers(stamps, (id) => {
        const t = tokens.find((row) => row.token === id);
        return t ? (JSON.parse(t.payment_json) as PaymentData) : undefined;
      });
      const decisions: OutcomeDecision[] = [];
      for (const t of tokens) {
        // only a CANCELLED token's decision (late OK or duplicate) depends on its notice; for the others the
        // compare-and-set on the notice in applyOne is the check, so their notice is not read
        const notice = t.status === 'CANCELLED' ? await findNoticeById(ctx.db.read, t.notice_id) : undefined;
        decisions.push(decideOutcome(t.status, req.outcome, notice?.status ?? 'PAYING', notice?.current_token ?? null, t.token));
      }
      const first = decisions[0];
      const same = decisions.every((d) => d.kind === first.kind && (d.kind !== 'fault' || first.kind !== 'fault' || d.code === first.code));
      if (!same) throw new NodoFault('PPT_SEMANTICA', 'Esiti acquisiti parziali o discordi');

      if (first.kind === 'fault') {
        if (first.code === 'PPT_ESITO_GIA_ACQUISITO') {
          const stored = tokens[0];
          const agree = tokens.every((t) => t.outcome === req.outcome);
          const summary = storedSummary(stored);
          throw new NodoFault('PPT_ESITO_GIA_ACQUISITO', `${agree ? 'Esito concorde' : 'Esito discorde'}: ${JSON.stringify(summary)}`);
        }
        throw new NodoFault(first.code);
      }

      const now = ctx.clock.now();
      const answer: OutcomeRes = { noticeNumber: tokens[0].notice_number };
      const queued = { remote: 0 };
      const applied = await ctx.db.tx(async (trx) => {
        for (const t of tokens) {
          if (!(await applyOne(trx, t, first.kind === 'late-ok', req, now, psp.businessName, reg, queued))) return false;
        }
        await idem.remember(trx, answer, null, Number.MAX_SAFE_INTEGER);
        return true;
      });
      if (applied) {
        // receipts for remote stations are committed: their first attempt starts now, not at the next poll
        if (queued.remote) pokeReceiptWorker(ctx);
        // the money of a late OK is accepted, but the PSP is told its token had expired (retry_PaNew_02)
        if (first.kind === 'late-ok') throw new NodoFault('PPT_TOKEN_SCADUTO');
        return answer;
      }
      // a concurrent outcome or sweep changed a token between reading and writing: decide again
      if (attempt >= 2) throw new NodoFault('PPT_SEMANTICA', 'Outcome non accettabile per stato pagamento');
    }
  });
}

/**
 * Applies the decided transition to one token and its notice; false when a concurrent change won. An OK
 * whose primary receipt is stored at once (GPD-hosted EC) goes PAYING → NOTIFIED in one write per row and
 * one event row (stateMachine.ts fold), decided before writing since the recipients depend only on the
 * token row and the registry.
 */
async function applyOne(trx: Sql, t: PaymentTokenRow, late: boolean, req: OutcomeReq, now: Date, pspCompany: string, reg: Registry, queued: { remote: number }): Promise<boolean> {
  const event = late ? 'LATE_OUTCOME_OK' : req.outcome === 'OK' ? 'OUTCOME_OK' : 'OUTCOME_KO';
  let tr = transition(event, late ? 'CANCELLED' : 'PAYING', late ? 'INSERTED' : 'PAYING', now);
  const paid = tr.token.to === 'PAID';
  const data = paid ? (JSON.parse(t.payment_json) as PaymentData) : undefined;
  const recipients = data ? recipientsOf(reg, t, data) : [];
  const parties = data ? receiptParties(reg, t, data) : undefined;
  if (primaryStoredAtOnce(recipients)) tr = fold(tr, transition('RECEIPT_NOTIFIED', 'PAID', 'PAID', now));
  const record = outcomeJson(req.details, parties);
  if (!(await casToken(trx, t.token, tr, { outcome: req.outcome, outcome_at: tr.at, outcome_json: record }))) return false;
  const keepToken = tr.notice.to === 'INSERTED' ? null : t.token;
  if (!(await casNotice(trx, t.notice_id, tr, keepToken, late ? null : t.token))) return false;
  await appendEvent(trx, t.notice_id, t.token, tr);
  // only an activation with an idempotency key left an entry naming the token (activate.ts)
  if (t.idempotency_key !== null) await invalidateForToken(trx, t.token, tr.at);
  // the archive (ACA/GPD) sees the payment in the same transaction: option PO_PAID, position (PARTIALLY_)PAID
  if (data && parties) {
    await markOptionPaid(trx, { fiscalCode: t.fiscal_code, noticeNumber: t.notice_number, token: t.token, at: tr.at, pspCompany, paymentMethod: req.details?.paymentMethod });
    // every accepted OK, late ones included, has its receipt in the outbox with the payment (spec §8.7)
    queued.remote += await enqueueReceipts(trx, t, data, recipients, parties, req.details, tr.at);
  }
  return true;
}
