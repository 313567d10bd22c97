import type { NodoChiediTemplateInformativaPSPReq, NodoChiediTemplateInformativaPSPRes } from '../../nodo/primitives/nodoChiediTemplateInformativaPSP';
import { str } from '../fields';
import { defineOperation, NODO_PER_PSP } from '../operation';
import { credenzialiTree, readCredenziali } from './parts';

/** Legacy nodoChiediTemplateInformativaPSP (nodoPerPsp.xsd): the PSP's template, base64, in a `risposta` without esito. */
export const nodoChiediTemplateInformativaPSPOp = defineOperation<NodoChiediTemplateInformativaPSPReq, NodoChiediTemplateInformativaPSPRes>({
  name: 'nodoChiediTemplateInformativaPSP',
  iface: NODO_PER_PSP,
  style: { kind: 'risposta', esito: false },
  request: {
    element: 'nodoChiediTemplateInformativaPSP',
    codec: { decode: readCredenziali, encode: credenzialiTree },
  },
  response: {
    element: 'nodoChiediTemplateInformativaPSPRisposta',
    codec: {
      decode: (o) => ({ xmlTemplateInformativa: str(o, 'xmlTemplateInformativa') }),
      encode: (r) => [['xmlTemplateInformativa', r.xmlTemplateInformativa]],
    },
  },
  keys: { idPSP: ['identificativoPSP'], idChannel: ['identificativoCanale'] },
});
