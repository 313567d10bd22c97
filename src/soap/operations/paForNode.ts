import { paDemandPaymentNoticeOp } from './paDemandPaymentNotice';
import { paGetPaymentOp } from './paGetPayment';
import { paGetPaymentV2Op } from './paGetPaymentV2';
import { paSendRTOp } from './paSendRT';
import { paSendRTV2Op } from './paSendRTV2';
import { paVerifyPaymentNoticeOp } from './paVerifyPaymentNotice';

/**
 * The paForNode interface (xsd/paForNode.xsd, wsdl/paForNode.wsdl): what the node calls on EC stations
 * and what the mock EC serves. Key = operation name = SOAPAction.
 */
export const PA_FOR_NODE_OPERATIONS = {
  paDemandPaymentNotice: paDemandPaymentNoticeOp,
  paVerifyPaymentNotice: paVerifyPaymentNoticeOp,
  paGetPayment: paGetPaymentOp,
  paGetPaymentV2: paGetPaymentV2Op,
  paSendRT: paSendRTOp,
  paSendRTV2: paSendRTV2Op,
} as const;

export type PaForNodeOperation = keyof typeof PA_FOR_NODE_OPERATIONS;
