import type { NodoContext } from '../context';
import { newPaymentToken } from '../context';
import { NodoFault } from '../faults';
import { withIdempotency } from '../idempotency';
import type { PspCredentials } from '../registry';
import { activationBlocker, transition } from '../stateMachine';
import type { MapEntry, PaymentData, Transfer } from '../types';
import { appendEvent, findNotice, insertToken, lockNotice } from '../../store/payments';
import { getPaymentAtStation } from './ecCalls';
import { otherOpenNotices, type OpenNotices } from '../../store/pull';

/** The request fields activatePaymentNotice and activatePaymentNoticeV2 share (spec §3.2–§3.3). */
export interface ActivateReq extends PspCredentials {
  idempotencyKey?: string;
  qrCode: { fiscalCode: string; noticeNumber: string };
  expirationTime?: number;
  amountCents: number;
  dueDate?: string;
  paymentNote?: string;
}

export interface ActivateRes {
  totalAmountCents: number;
  paymentDescription: string;
  fiscalCodePA: string;
  companyName: string;
  officeName?: string;
  paymentToken: string;
  transferList: Transfer[];
  metadata?: MapEntry[];
  creditorReferenceId: string;
  standin?: boolean;
  /** not on the wire: the debtor's other open notices, for the journal's pending-notice hint (issue 3 item 5) */
  pendingNotices?: OpenNotices;
}

/**
 * §8.4: registry checks, the expirationTime ceiling, the node's notice state, paGetPayment(V2), then one
 * transaction that locks the notice (compare-and-set INSERTED → PAYING), creates the token, appends the
 * event and stores the idempotency entry. The EC is called outside the transaction: a failed call never
 * locks the notice.
 */
export async function activate(ctx: NodoContext, primitive: 'activatePaymentNotice' | 'activatePaymentNoticeV2', req: ActivateReq): Promise<ActivateRes> {
  return withIdempotency<ActivateReq, ActivateRes>(ctx, primitive, req, async (idem) => {
    const reg = ctx.registry();
    const psp = reg.checkPsp(req, { model3: true });
    const max = reg.config.max_token_duration_validity_millis;
    if (req.expirationTime !== undefined && req.expirationTime > max) {
      throw new NodoFault('PPT_AUTORIZZAZIONE', `expirationTime deve essere <= ${max}`);
    }
    const { fiscalCode, noticeNumber } = req.qrCode;
    const ec = reg.checkEc(fiscalCode, noticeNumber);
    const before = await findNotice(ctx.db.read, fiscalCode, noticeNumber);
    const blocked = activationBlocker(before?.status);
    if (blocked) throw new NodoFault(blocked);

    // outside the transaction below: a failed or slow EC call never holds a lock, nor leaves one
    const data = await getPaymentAtStation(ctx, psp, { ec, fiscalCode, noticeNumber, amountCents: req.amountCents, dueDate: req.dueDate, paymentNote: req.paymentNote });
    const hasStamp = data.transfers.some((t) => t.richiestaMarcaDaBollo);
    // A stamp can only be relayed by V2, and only to a PSP enabled to sell it (MBD NMU_MBD_pspNoEcommerce_KO)
    if (hasStamp && (primitive === 'activatePaymentNotice' || !psp.psp.digitalStamp)) throw new NodoFault('PPT_SEMANTICA', 'Pagamento non attivabile');

    const now = ctx.clock.now();
    const token = newPaymentToken(now.getTime());
    const expiresAt = now.getTime() + (req.expirationTime ?? reg.config.default_token_duration_validity_millis);
    const response = toResponse(data, fiscalCode, token);
    await ctx.db.tx(async (trx) => {
      const t = transition('ACTIVATE', null, 'INSERTED', now);
      const noticeId = await lockNotice(trx, fiscalCode, noticeNumber, t, token);
      if (noticeId === undefined) {
        // lost the race with a concurrent activation (same process or another one on the same database)
        const now2 = await findNotice(trx, fiscalCode, noticeNumber);
        throw new NodoFault(activationBlocker(now2?.status) ?? 'PPT_PAGAMENTO_IN_CORSO');
      }
      await insertToken(trx, {
        token,
        notice_id: noticeId,
        fiscal_code: fiscalCode,
        notice_number: noticeNumber,
        creditor_reference_id: data.creditorReferenceId,
        id_psp: req.idPSP,
        id_broker_psp: req.idBrokerPSP,
        id_channel: req.idChannel,
        station_code: ec.station.stationCode,
        primitive,
        status: 'PAYING',
        amount_cents: data.paymentAmountCents,
        expires_at: expiresAt,
        idempotency_key: idem.active ? (req.idempotencyKey ?? null) : null,
        payment_note: req.paymentNote ?? null,
        payment_json: JSON.stringify(data),
        outcome: null,
        outcome_at: null,
        outcome_json: null,
        created_at: now.getTime(),
        updated_at: now.getTime(),
      });
      await appendEvent(trx, noticeId, token, t);
      await idem.remember(trx, response, token, expiresAt);
    });
    // archive and synthetic stations (and Stand-In) answered from the archive row: its debtor is the hint's
    const archivedDebtor = ec.station.backend.type !== 'remote' || data.standin ? data.debtor.entityUniqueIdentifierValue : undefined;
    const pendingNotices = await otherOpenNotices(ctx.db.read, fiscalCode, noticeNumber, archivedDebtor);
    return pendingNotices ? { ...response, pendingNotices } : response;
  });
}

function toResponse(data: PaymentData, fiscalCode: string, token: string): ActivateRes {
  return {
    totalAmountCents: data.transfers.reduce((sum, t) => sum + t.transferAmountCents, 0),
    paymentDescription: data.description,
    fiscalCodePA: fiscalCode,
    companyName: data.companyName,
    ...(data.officeName ? { officeName: data.officeName } : {}),
    paymentToken: token,
    transferList: data.transfers,
    ...(data.metadata ? { metadata: data.metadata } : {}),
    creditorReferenceId: data.creditorReferenceId,
    ...(data.standin ? { standin: true } : {}),
  };
}
