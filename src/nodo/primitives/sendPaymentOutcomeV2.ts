import type { NodoContext } from '../context';
import { checkStampSyntax } from '../stamps';
import { sendOutcome, type OutcomeReq, type OutcomeRes } from './outcome';

export type SendPaymentOutcomeV2Req = OutcomeReq;
export type SendPaymentOutcomeV2Res = OutcomeRes;

/**
 * SOAPAction sendPaymentOutcomeV2 (spec §3.5): close 1..5 tokens at once. Several tokens are accepted
 * only when a pagoPA touchpoint channel activated them (carts); a PSP's own multi-token outcome is refused.
 * The issued stamps are embedded documents: their syntax is checked before anything else (nodo/stamps.ts).
 */
export async function sendPaymentOutcomeV2(ctx: NodoContext, req: SendPaymentOutcomeV2Req): Promise<SendPaymentOutcomeV2Res> {
  await checkStampSyntax(req.details?.marcheDaBollo, ctx.log);
  return sendOutcome(ctx, 'sendPaymentOutcomeV2', req);
}
