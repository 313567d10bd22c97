import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import type { PspContext, Registry } from '../registry';
import { activationBlocker } from '../stateMachine';
import type { VerifyData } from '../types';
import { findNotice } from '../../store/payments';
import { otherOpenNotices, type OpenNotices } from '../../store/pull';
import { verifyAtStation } from './ecCalls';

/** A payment option as the PSP sees it: the EC's detailDescription becomes paymentNote (spec §3.1). */
export interface PaymentOption {
  amountCents: number;
  options: string;
  dueDate?: string;
  paymentNote?: string;
}

export interface VerifiedNotice {
  data: VerifyData;
  /** the debtor's other open notices, for the journal's pending-notice hint (issue 3 item 5) */
  pendingNotices?: OpenNotices;
}

/**
 * What verifyPaymentNotice and verificaBollettino share once the PSP is checked and the EC known
 * (§7.2 from step 8, §3.1): the notice → station resolution, the node's own copy of the notice (PAYING →
 * in corso, PAID/NOTIFIED → duplicato, without calling the EC), then paVerifyPaymentNotice (answered
 * from the archive with standin=true when the station is down and Stand-In applies, §8.10). Verify
 * never locks the notice.
 */
export async function verifyNotice(ctx: NodoContext, reg: Registry, psp: PspContext, fiscalCode: string, noticeNumber: string): Promise<VerifiedNotice> {
  const ec = reg.checkEc(fiscalCode, noticeNumber);
  const notice = await findNotice(ctx.db.read, fiscalCode, noticeNumber);
  const blocked = activationBlocker(notice?.status);
  if (blocked) throw new NodoFault(blocked);
  const data = await verifyAtStation(ctx, psp, { ec, fiscalCode, noticeNumber });
  const pendingNotices = await otherOpenNotices(ctx.db.read, fiscalCode, noticeNumber, data.debtorId);
  return { data, ...(pendingNotices ? { pendingNotices } : {}) };
}

export function paymentOption(data: VerifyData): PaymentOption {
  return {
    amountCents: data.amountCents,
    options: data.options,
    ...(data.dueDate ? { dueDate: data.dueDate } : {}),
    ...(data.detailDescription ? { paymentNote: data.detailDescription } : {}),
  };
}
