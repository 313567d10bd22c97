import type { NodoChiediInformativaPAReq, NodoChiediInformativaPARes } from '../../nodo/primitives/nodoChiediInformativaPA';
import { optStr, str } from '../fields';
import { defineOperation, NODO_PER_PSP } from '../operation';
import { credenzialiTree, readCredenziali } from './parts';

/** Legacy nodoChiediInformativaPA (nodoPerPsp.xsd): the informativa, base64, in a `risposta` without esito. */
export const nodoChiediInformativaPAOp = defineOperation<NodoChiediInformativaPAReq, NodoChiediInformativaPARes>({
  name: 'nodoChiediInformativaPA',
  iface: NODO_PER_PSP,
  style: { kind: 'risposta', esito: false },
  request: {
    element: 'nodoChiediInformativaPA',
    codec: {
      decode: (o) => {
        const { identificativoPSP: _absentOrNot, ...rest } = readCredenziali(o);
        const r: NodoChiediInformativaPAReq = rest;
        const psp = optStr(o, 'identificativoPSP');
        if (psp !== undefined) r.identificativoPSP = psp;
        const ec = optStr(o, 'identificativoDominio');
        if (ec !== undefined) r.identificativoDominio = ec;
        return r;
      },
      encode: (r) => [...credenzialiTree(r), ['identificativoDominio', r.identificativoDominio]],
    },
  },
  response: {
    element: 'nodoChiediInformativaPARisposta',
    codec: {
      decode: (o) => ({ xmlInformativa: str(o, 'xmlInformativa') }),
      encode: (r) => [['xmlInformativa', r.xmlInformativa]],
    },
  },
  keys: { idPSP: ['identificativoPSP'], idChannel: ['identificativoCanale'], fiscalCode: ['identificativoDominio'] },
});
