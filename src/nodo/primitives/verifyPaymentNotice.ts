import type { NodoContext } from '../context';
import type { PspCredentials } from '../registry';
import type { OpenNotices } from '../../store/pull';
import { paymentOption, verifyNotice, type PaymentOption } from './verifyNotice';

export interface VerifyPaymentNoticeReq extends PspCredentials {
  qrCode: { fiscalCode: string; noticeNumber: string };
}

export interface VerifyPaymentNoticeRes {
  paymentList: PaymentOption[];
  paymentDescription: string;
  fiscalCodePA: string;
  companyName: string;
  officeName?: string;
  standin?: boolean;
  /** not on the wire: the debtor's other open notices, for the journal's pending-notice hint (issue 3 item 5) */
  pendingNotices?: OpenNotices;
}

/** §3.1: registry checks incl. the ATTIVATO_PRESSO_PSP channel, then the notice as verifyNotice reads it. */
export async function verifyPaymentNotice(ctx: NodoContext, req: VerifyPaymentNoticeReq): Promise<VerifyPaymentNoticeRes> {
  const reg = ctx.registry();
  const psp = reg.checkPsp(req, { model3: true });
  const { data, pendingNotices } = await verifyNotice(ctx, reg, psp, req.qrCode.fiscalCode, req.qrCode.noticeNumber);
  return {
    paymentList: [paymentOption(data)],
    paymentDescription: data.paymentDescription,
    fiscalCodePA: data.fiscalCodePA,
    companyName: data.companyName,
    ...(data.officeName ? { officeName: data.officeName } : {}),
    ...(data.standin ? { standin: true } : {}),
    ...(pendingNotices ? { pendingNotices } : {}),
  };
}
