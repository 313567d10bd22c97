import type { NodoContext } from '../context';
import type { PspCredentials } from '../registry';
import type { OutcomeDetails } from '../types';
import { sendOutcome, type OutcomeRes } from './outcome';

export interface SendPaymentOutcomeReq extends PspCredentials {
  idempotencyKey?: string;
  paymentToken: string;
  outcome: 'OK' | 'KO';
  details?: OutcomeDetails;
}
export type SendPaymentOutcomeRes = OutcomeRes;

/** SOAPAction sendPaymentOutcome (spec §3.4): close one token with OK or KO. */
export function sendPaymentOutcome(ctx: NodoContext, req: SendPaymentOutcomeReq): Promise<SendPaymentOutcomeRes> {
  const { paymentToken, ...rest } = req;
  return sendOutcome(ctx, 'sendPaymentOutcome', { ...rest, paymentTokens: [paymentToken] });
}
