import type { NodoContext } from '../context';
import { activatePaymentNotice } from './activatePaymentNotice';
import { activatePaymentNoticeV2 } from './activatePaymentNoticeV2';
import { sendPaymentOutcome } from './sendPaymentOutcome';
import { sendPaymentOutcomeV2 } from './sendPaymentOutcomeV2';
import { paGetPaymentsByDebtor } from './paGetPaymentsByDebtor';
import { verifyPaymentNotice } from './verifyPaymentNotice';

/**
 * The dispatch table: operation name (= SOAPAction = WSDL operation = file name) → the primitive and its
 * wrapper elements in the nodeForPsp namespace. The router looks operations up here and nowhere else.
 */
export interface PrimitiveEntry {
  readonly requestElement: string;
  readonly responseElement: string;
  // typed per primitive in soap/messages.ts, which decodes the request and encodes the response
  readonly handle: (ctx: NodoContext, req: never) => Promise<unknown>;
}

export const PRIMITIVES = {
  verifyPaymentNotice: { requestElement: 'verifyPaymentNoticeReq', responseElement: 'verifyPaymentNoticeRes', handle: verifyPaymentNotice },
  activatePaymentNotice: { requestElement: 'activatePaymentNoticeReq', responseElement: 'activatePaymentNoticeRes', handle: activatePaymentNotice },
  activatePaymentNoticeV2: { requestElement: 'activatePaymentNoticeV2Request', responseElement: 'activatePaymentNoticeV2Response', handle: activatePaymentNoticeV2 },
  sendPaymentOutcome: { requestElement: 'sendPaymentOutcomeReq', responseElement: 'sendPaymentOutcomeRes', handle: sendPaymentOutcome },
  sendPaymentOutcomeV2: { requestElement: 'sendPaymentOutcomeV2Request', responseElement: 'sendPaymentOutcomeV2Response', handle: sendPaymentOutcomeV2 },
  // our extension (spec §9.4), declared in our WSDL/XSD only
  paGetPaymentsByDebtor: { requestElement: 'paGetPaymentsByDebtorRequest', responseElement: 'paGetPaymentsByDebtorResponse', handle: paGetPaymentsByDebtor },
} as const satisfies Record<string, PrimitiveEntry>;

export type OperationName = keyof typeof PRIMITIVES;

export function isOperation(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(PRIMITIVES, name);
}

/** Body wrapper element → operation, for requests without SOAPAction. */
export const OPERATION_BY_ELEMENT: ReadonlyMap<string, OperationName> = new Map(
  (Object.keys(PRIMITIVES) as OperationName[]).map((op) => [PRIMITIVES[op].requestElement, op]),
);
