import type { NodoContext } from '../context';
import { activate, type ActivateReq, type ActivateRes } from './activate';

export type ActivatePaymentNoticeReq = ActivateReq;
export type ActivatePaymentNoticeRes = ActivateRes;

/** SOAPAction activatePaymentNotice (spec §3.2): lock the notice and hand out a token. */
export function activatePaymentNotice(ctx: NodoContext, req: ActivatePaymentNoticeReq): Promise<ActivatePaymentNoticeRes> {
  return activate(ctx, 'activatePaymentNotice', req);
}
