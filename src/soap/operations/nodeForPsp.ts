import { activatePaymentNotice } from '../../nodo/primitives/activatePaymentNotice';
import { demandPaymentNotice } from '../../nodo/primitives/demandPaymentNotice';
import { activatePaymentNoticeV2 } from '../../nodo/primitives/activatePaymentNoticeV2';
import { nodoChiediCatalogoServiziV2 } from '../../nodo/primitives/nodoChiediCatalogoServiziV2';
import { nodoChiediElencoFlussiRendicontazione } from '../../nodo/primitives/nodoChiediElencoFlussiRendicontazione';
import { nodoChiediFlussoRendicontazione } from '../../nodo/primitives/nodoChiediFlussoRendicontazione';
import { nodoChiediInformativaPA } from '../../nodo/primitives/nodoChiediInformativaPA';
import { nodoChiediTemplateInformativaPSP } from '../../nodo/primitives/nodoChiediTemplateInformativaPSP';
import { nodoInviaFlussoRendicontazione } from '../../nodo/primitives/nodoInviaFlussoRendicontazione';
import { paGetPaymentsByDebtor } from '../../nodo/primitives/paGetPaymentsByDebtor';
import { sendPaymentOutcome } from '../../nodo/primitives/sendPaymentOutcome';
import { sendPaymentOutcomeV2 } from '../../nodo/primitives/sendPaymentOutcomeV2';
import { verificaBollettino } from '../../nodo/primitives/verificaBollettino';
import { verifyPaymentNotice } from '../../nodo/primitives/verifyPaymentNotice';
import { bind } from '../operation';
import { nodoChiediElencoFlussiRendicontazioneOp } from './nodoChiediElencoFlussiRendicontazione';
import { nodoChiediFlussoRendicontazioneOp } from './nodoChiediFlussoRendicontazione';
import { activatePaymentNoticeOp } from './activatePaymentNotice';
import { activatePaymentNoticeV2Op } from './activatePaymentNoticeV2';
import { demandPaymentNoticeOp } from './demandPaymentNotice';
import { nodoChiediCatalogoServiziV2Op } from './nodoChiediCatalogoServiziV2';
import { nodoChiediInformativaPAOp } from './nodoChiediInformativaPA';
import { nodoChiediTemplateInformativaPSPOp } from './nodoChiediTemplateInformativaPSP';
import { nodoInviaFlussoRendicontazioneOp } from './nodoInviaFlussoRendicontazione';
import { paGetPaymentsByDebtorOp } from './paGetPaymentsByDebtor';
import { sendPaymentOutcomeOp } from './sendPaymentOutcome';
import { sendPaymentOutcomeV2Op } from './sendPaymentOutcomeV2';
import { verificaBollettinoOp } from './verificaBollettino';
import { verifyPaymentNoticeOp } from './verifyPaymentNotice';

/**
 * The nodeForPsp interface the node serves, and its dispatch table: operation name (= SOAPAction = WSDL
 * operation = descriptor and primitive file name) → descriptor bound to its primitive. Adding an
 * operation is one descriptor file, one primitive file and one line here (plus its XSD/WSDL elements).
 */
export const NODE_FOR_PSP_OPERATIONS = {
  demandPaymentNotice: bind(demandPaymentNoticeOp, demandPaymentNotice),
  verificaBollettino: bind(verificaBollettinoOp, verificaBollettino),
  verifyPaymentNotice: bind(verifyPaymentNoticeOp, verifyPaymentNotice),
  activatePaymentNotice: bind(activatePaymentNoticeOp, activatePaymentNotice),
  activatePaymentNoticeV2: bind(activatePaymentNoticeV2Op, activatePaymentNoticeV2),
  sendPaymentOutcome: bind(sendPaymentOutcomeOp, sendPaymentOutcome),
  sendPaymentOutcomeV2: bind(sendPaymentOutcomeV2Op, sendPaymentOutcomeV2),
  // legacy, in the ws.pagamenti.telematici.gov namespace (nodoPerPsp.xsd), answered in the risposta style
  nodoInviaFlussoRendicontazione: bind(nodoInviaFlussoRendicontazioneOp, nodoInviaFlussoRendicontazione),
  nodoChiediTemplateInformativaPSP: bind(nodoChiediTemplateInformativaPSPOp, nodoChiediTemplateInformativaPSP),
  nodoChiediInformativaPA: bind(nodoChiediInformativaPAOp, nodoChiediInformativaPA),
  nodoChiediCatalogoServiziV2: bind(nodoChiediCatalogoServiziV2Op, nodoChiediCatalogoServiziV2),
  // our extension (spec §9.4), declared in our WSDL/XSD only
  paGetPaymentsByDebtor: bind(paGetPaymentsByDebtorOp, paGetPaymentsByDebtor),
  // nodeForPa (the EC's reporting reads, reporting.md §5.5–5.6): every SOAP path serves every operation,
  // as the node's /webservices/input does; /node-for-pa/v1 serves their WSDL
  nodoChiediElencoFlussiRendicontazione: bind(nodoChiediElencoFlussiRendicontazioneOp, nodoChiediElencoFlussiRendicontazione),
  nodoChiediFlussoRendicontazione: bind(nodoChiediFlussoRendicontazioneOp, nodoChiediFlussoRendicontazione),
} as const;
