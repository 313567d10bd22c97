import { activatePaymentNotice } from '../../nodo/primitives/activatePaymentNotice';
import { demandPaymentNotice } from '../../nodo/primitives/demandPaymentNotice';
import { activatePaymentNoticeV2 } from '../../nodo/primitives/activatePaymentNoticeV2';
import { paGetPaymentsByDebtor } from '../../nodo/primitives/paGetPaymentsByDebtor';
import { sendPaymentOutcome } from '../../nodo/primitives/sendPaymentOutcome';
import { sendPaymentOutcomeV2 } from '../../nodo/primitives/sendPaymentOutcomeV2';
import { verifyPaymentNotice } from '../../nodo/primitives/verifyPaymentNotice';
import { bind } from '../operation';
import { activatePaymentNoticeOp } from './activatePaymentNotice';
import { activatePaymentNoticeV2Op } from './activatePaymentNoticeV2';
import { demandPaymentNoticeOp } from './demandPaymentNotice';
import { paGetPaymentsByDebtorOp } from './paGetPaymentsByDebtor';
import { sendPaymentOutcomeOp } from './sendPaymentOutcome';
import { sendPaymentOutcomeV2Op } from './sendPaymentOutcomeV2';
import { verifyPaymentNoticeOp } from './verifyPaymentNotice';

/**
 * The nodeForPsp interface the node serves, and its dispatch table: operation name (= SOAPAction = WSDL
 * operation = descriptor and primitive file name) → descriptor bound to its primitive. Adding an
 * operation is one descriptor file, one primitive file and one line here (plus its XSD/WSDL elements).
 */
export const NODE_FOR_PSP_OPERATIONS = {
  demandPaymentNotice: bind(demandPaymentNoticeOp, demandPaymentNotice),
  verifyPaymentNotice: bind(verifyPaymentNoticeOp, verifyPaymentNotice),
  activatePaymentNotice: bind(activatePaymentNoticeOp, activatePaymentNotice),
  activatePaymentNoticeV2: bind(activatePaymentNoticeV2Op, activatePaymentNoticeV2),
  sendPaymentOutcome: bind(sendPaymentOutcomeOp, sendPaymentOutcome),
  sendPaymentOutcomeV2: bind(sendPaymentOutcomeV2Op, sendPaymentOutcomeV2),
  // our extension (spec §9.4), declared in our WSDL/XSD only
  paGetPaymentsByDebtor: bind(paGetPaymentsByDebtorOp, paGetPaymentsByDebtor),
} as const;
