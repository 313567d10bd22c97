import type { NodoInviaFlussoRendicontazioneReq, NodoInviaFlussoRendicontazioneRes } from '../../nodo/primitives/nodoInviaFlussoRendicontazione';
import { date, str } from '../fields';
import { defineOperation, NODO_PER_PSP } from '../operation';
import { credenzialiTree, readCredenziali } from './parts';

/** Legacy nodoInviaFlussoRendicontazione (nodoPerPsp.xsd): a reporting flow; the `risposta` carries esito OK|KO. */
export const nodoInviaFlussoRendicontazioneOp = defineOperation<NodoInviaFlussoRendicontazioneReq, NodoInviaFlussoRendicontazioneRes>({
  name: 'nodoInviaFlussoRendicontazione',
  iface: NODO_PER_PSP,
  style: { kind: 'risposta', esito: true },
  request: {
    element: 'nodoInviaFlussoRendicontazione',
    codec: {
      decode: (o) => ({
        ...readCredenziali(o),
        identificativoDominio: str(o, 'identificativoDominio'),
        identificativoFlusso: str(o, 'identificativoFlusso'),
        dataOraFlusso: date(o, 'dataOraFlusso'),
        xmlRendicontazione: str(o, 'xmlRendicontazione'),
      }),
      encode: (r) => [
        ...credenzialiTree(r),
        ['identificativoDominio', r.identificativoDominio],
        ['identificativoFlusso', r.identificativoFlusso],
        ['dataOraFlusso', r.dataOraFlusso],
        ['xmlRendicontazione', r.xmlRendicontazione],
      ],
    },
  },
  response: { element: 'nodoInviaFlussoRendicontazioneRisposta', codec: { decode: () => ({}), encode: () => [] } },
  keys: { idPSP: ['identificativoPSP'], idChannel: ['identificativoCanale'], fiscalCode: ['identificativoDominio'] },
});
