import type { CredenzialiPa } from '../../nodo/primitives/nodoChiediElencoFlussiRendicontazione';
import { optStr, str } from '../fields';
import type { XmlObject } from '../libxml';
import type { XmlTree } from '../xmlWriter';

/** The five leading elements of the nodeForPa reporting reads (nodeForPa.xsd), in order. */
export function readCredenzialiPa(o: XmlObject): CredenzialiPa {
  const r: CredenzialiPa = {
    identificativoIntermediarioPA: str(o, 'identificativoIntermediarioPA'),
    identificativoStazioneIntermediarioPA: str(o, 'identificativoStazioneIntermediarioPA'),
    password: str(o, 'password'),
  };
  const ec = optStr(o, 'identificativoDominio');
  if (ec !== undefined) r.identificativoDominio = ec;
  const psp = optStr(o, 'identificativoPSP');
  if (psp !== undefined) r.identificativoPSP = psp;
  return r;
}

export const credenzialiPaTree = (r: CredenzialiPa): XmlTree => [
  ['identificativoIntermediarioPA', r.identificativoIntermediarioPA],
  ['identificativoStazioneIntermediarioPA', r.identificativoStazioneIntermediarioPA],
  ['password', r.password],
  ['identificativoDominio', r.identificativoDominio],
  ['identificativoPSP', r.identificativoPSP],
];

/** Journal keys: the domain (so an EC can export its evidence), the PSP asked about. */
export const PA_KEYS = { fiscalCode: ['identificativoDominio'], idPSP: ['identificativoPSP'], station: ['identificativoStazioneIntermediarioPA'] } as const;
