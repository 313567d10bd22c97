import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import type { PspCredentials } from '../registry';
import { activationBlocker } from '../stateMachine';
import { findNotice } from '../../store/payments';
import { otherOpenNotices, type OpenNotices } from '../../store/pull';
import { verifyAtStation } from './ecCalls';

export interface VerifyPaymentNoticeReq extends PspCredentials {
  qrCode: { fiscalCode: string; noticeNumber: string };
}

export interface VerifyPaymentNoticeRes {
  paymentList: { amountCents: number; options: string; dueDate?: string; paymentNote?: string }[];
  paymentDescription: string;
  fiscalCodePA: string;
  companyName: string;
  officeName?: string;
  standin?: boolean;
  /** not on the wire: the debtor's other open notices, for the journal's pending-notice hint (issue 3 item 5) */
  pendingNotices?: OpenNotices;
}

/**
 * §3.1: registry checks incl. the ATTIVATO_PRESSO_PSP channel, then the node's own copy of the notice
 * (PAYING → in corso, PAID/NOTIFIED → duplicato, without calling the EC), then paVerifyPaymentNotice
 * (answered from the archive with standin=true when the station is down and Stand-In applies, §8.10).
 * Verify never locks the notice.
 */
export async function verifyPaymentNotice(ctx: NodoContext, req: VerifyPaymentNoticeReq): Promise<VerifyPaymentNoticeRes> {
  const reg = ctx.registry();
  const psp = reg.checkPsp(req, { model3: true });
  const ec = reg.checkEc(req.qrCode.fiscalCode, req.qrCode.noticeNumber);
  const notice = await findNotice(ctx.db.read, req.qrCode.fiscalCode, req.qrCode.noticeNumber);
  const blocked = activationBlocker(notice?.status);
  if (blocked) throw new NodoFault(blocked);
  const data = await verifyAtStation(ctx, psp, { ec, fiscalCode: req.qrCode.fiscalCode, noticeNumber: req.qrCode.noticeNumber });
  const pendingNotices = await otherOpenNotices(ctx.db.read, req.qrCode.fiscalCode, req.qrCode.noticeNumber);
  return {
    paymentList: [
      {
        amountCents: data.amountCents,
        options: data.options,
        ...(data.dueDate ? { dueDate: data.dueDate } : {}),
        ...(data.detailDescription ? { paymentNote: data.detailDescription } : {}),
      },
    ],
    paymentDescription: data.paymentDescription,
    fiscalCodePA: data.fiscalCodePA,
    companyName: data.companyName,
    ...(data.officeName ? { officeName: data.officeName } : {}),
    ...(data.standin ? { standin: true } : {}),
    ...(pendingNotices ? { pendingNotices } : {}),
  };
}
