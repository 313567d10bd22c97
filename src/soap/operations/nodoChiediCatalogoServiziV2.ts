import type { NodoChiediCatalogoServiziV2Req, NodoChiediCatalogoServiziV2Res } from '../../nodo/primitives/nodoChiediCatalogoServiziV2';
import { optEnum, optStr } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import { credenzialiTree, readCredenziali } from './parts';

/** nodeForPsp nodoChiediCatalogoServiziV2 (spec §3.7): the service catalogue, as a base64 document. */
export const nodoChiediCatalogoServiziV2Op = defineOperation<NodoChiediCatalogoServiziV2Req, NodoChiediCatalogoServiziV2Res>({
  name: 'nodoChiediCatalogoServiziV2',
  iface: NODE_FOR_PSP,
  request: {
    element: 'nodoChiediCatalogoServiziV2Request',
    codec: {
      decode: (o) => {
        const r: NodoChiediCatalogoServiziV2Req = readCredenziali(o);
        const ec = optStr(o, 'identificativoDominio');
        if (ec !== undefined) r.identificativoDominio = ec;
        const category = optStr(o, 'categoria');
        if (category !== undefined) r.categoria = category;
        const fee = optEnum<'Y' | 'N'>(o, 'commissione');
        if (fee !== undefined) r.commissione = fee;
        return r;
      },
      encode: (r) => [...credenzialiTree(r), ['identificativoDominio', r.identificativoDominio], ['categoria', r.categoria], ['commissione', r.commissione]],
    },
  },
  response: {
    element: 'nodoChiediCatalogoServiziV2Response',
    codec: {
      decode: (o) => {
        const doc = optStr(o, 'xmlCatalogoServizi');
        return doc === undefined ? {} : { xmlCatalogoServizi: doc };
      },
      encode: (r) => [['xmlCatalogoServizi', r.xmlCatalogoServizi]],
    },
  },
  keys: { idPSP: ['identificativoPSP'], idChannel: ['identificativoCanale'], fiscalCode: ['identificativoDominio'] },
});
