import type { NodoContext } from '../context';
import { sendOutcome, type OutcomeReq, type OutcomeRes } from './outcome';

export type SendPaymentOutcomeV2Req = OutcomeReq;
export type SendPaymentOutcomeV2Res = OutcomeRes;

/**
 * SOAPAction sendPaymentOutcomeV2 (spec §3.5): close 1..5 tokens at once. Several tokens are accepted
 * only when a pagoPA touchpoint channel activated them (carts); a PSP's own multi-token outcome is refused.
 */
export function sendPaymentOutcomeV2(ctx: NodoContext, req: SendPaymentOutcomeV2Req): Promise<SendPaymentOutcomeV2Res> {
  return sendOutcome(ctx, 'sendPaymentOutcomeV2', req);
}
