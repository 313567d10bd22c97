import type { NodoChiediFlussoRendicontazioneReq, NodoChiediFlussoRendicontazioneRes } from '../../nodo/primitives/nodoChiediFlussoRendicontazione';
import { str } from '../fields';
import { defineOperation, NODE_FOR_PA } from '../operation';
import { credenzialiPaTree, PA_KEYS, readCredenzialiPa } from './paCredentials';

/**
 * nodoChiediFlussoRendicontazione (nodeForPa.xsd; pagoPA's gad/ copy renames it …Request/…Response, the
 * nodeForPa.wsdl name is the one served, spec §12): one flow, base64, in a `risposta` without esito.
 */
export const nodoChiediFlussoRendicontazioneOp = defineOperation<NodoChiediFlussoRendicontazioneReq, NodoChiediFlussoRendicontazioneRes>({
  name: 'nodoChiediFlussoRendicontazione',
  iface: NODE_FOR_PA,
  style: { kind: 'risposta', esito: false },
  request: {
    element: 'nodoChiediFlussoRendicontazione',
    codec: {
      decode: (o) => ({ ...readCredenzialiPa(o), identificativoFlusso: str(o, 'identificativoFlusso') }),
      encode: (r) => [...credenzialiPaTree(r), ['identificativoFlusso', r.identificativoFlusso]],
    },
  },
  response: {
    element: 'nodoChiediFlussoRendicontazioneRisposta',
    codec: {
      decode: (o) => ({ xmlRendicontazione: str(o, 'xmlRendicontazione') }),
      encode: (r) => [['xmlRendicontazione', r.xmlRendicontazione]],
    },
  },
  keys: PA_KEYS,
  // without a domain in the request, the journal still files the exchange under the flow's EC
  answerKeys: (r) => (r.fiscalCode !== undefined ? { fiscalCode: r.fiscalCode } : {}),
});
