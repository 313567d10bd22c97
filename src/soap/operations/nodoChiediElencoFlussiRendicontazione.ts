import type { NodoChiediElencoFlussiRendicontazioneReq, NodoChiediElencoFlussiRendicontazioneRes } from '../../nodo/primitives/nodoChiediElencoFlussiRendicontazione';
import { date, int, list, optObj, str } from '../fields';
import { defineOperation, NODE_FOR_PA } from '../operation';
import { credenzialiPaTree, PA_KEYS, readCredenzialiPa } from './paCredentials';

/** nodoChiediElencoFlussiRendicontazione (nodeForPa.xsd): the EC's flows, a `risposta` without esito. */
export const nodoChiediElencoFlussiRendicontazioneOp = defineOperation<NodoChiediElencoFlussiRendicontazioneReq, NodoChiediElencoFlussiRendicontazioneRes>({
  name: 'nodoChiediElencoFlussiRendicontazione',
  iface: NODE_FOR_PA,
  style: { kind: 'risposta', esito: false },
  request: {
    element: 'nodoChiediElencoFlussiRendicontazione',
    codec: { decode: readCredenzialiPa, encode: credenzialiPaTree },
  },
  response: {
    element: 'nodoChiediElencoFlussiRendicontazioneRisposta',
    codec: {
      decode: (o) => {
        const e = optObj(o, 'elencoFlussiRendicontazione');
        return {
          elencoFlussiRendicontazione: {
            totRestituiti: e ? int(e, 'totRestituiti') : 0,
            idRendicontazione: list(e, 'idRendicontazione').map((i) => ({ identificativoFlusso: str(i, 'identificativoFlusso'), dataOraFlusso: date(i, 'dataOraFlusso') })),
          },
        };
      },
      encode: (r) => [
        [
          'elencoFlussiRendicontazione',
          [
            ['totRestituiti', r.elencoFlussiRendicontazione.totRestituiti],
            ...r.elencoFlussiRendicontazione.idRendicontazione.map((i): [string, [string, string][]] => [
              'idRendicontazione',
              [
                ['identificativoFlusso', i.identificativoFlusso],
                ['dataOraFlusso', i.dataOraFlusso],
              ],
            ]),
          ],
        ],
      ],
    },
  },
  keys: PA_KEYS,
});
