import type { NodoContext } from '../context';
import { activate, type ActivateReq, type ActivateRes } from './activate';

export interface ActivatePaymentNoticeV2Req extends ActivateReq {
  /** inputs of the fee calculation ("Gestione Evoluta Commissioni"); accepted, not used by the emulator */
  paymentMethod?: string;
  touchPoint?: string;
}
export type ActivatePaymentNoticeV2Res = ActivateRes;

/**
 * SOAPAction activatePaymentNoticeV2 (spec §3.3): as V1, with V2 transfers (companyName, category,
 * metadata, digital stamps for enabled PSPs) and payment-level metadata in the answer.
 */
export function activatePaymentNoticeV2(ctx: NodoContext, req: ActivatePaymentNoticeV2Req): Promise<ActivatePaymentNoticeV2Res> {
  return activate(ctx, 'activatePaymentNoticeV2', req);
}
