import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import { pspCredentials, type CredenzialiPsp } from '../registry';

export interface NodoInviaFlussoRendicontazioneReq extends CredenzialiPsp {
  identificativoDominio: string;
  identificativoFlusso: string;
  dataOraFlusso: string;
  /** base64 of a FlussoRiversamento document */
  xmlRendicontazione: string;
}

/** esito OK and nothing else (the esito is the response style's, see the descriptor) */
export type NodoInviaFlussoRendicontazioneRes = Record<string, never>;

/**
 * Declared and routed, so a PSP gets a precise answer rather than PPT_SOAPACTION_ERRATA: after the PSP
 * checks (§7.2 steps 2–6), a KO saying reporting flows are not emulated yet (issue 14 brings them).
 */
export async function nodoInviaFlussoRendicontazione(ctx: NodoContext, req: NodoInviaFlussoRendicontazioneReq): Promise<NodoInviaFlussoRendicontazioneRes> {
  ctx.registry().checkPsp(pspCredentials(req), { model3: false });
  throw new NodoFault(
    'PPT_SEMANTICA',
    'nodoInviaFlussoRendicontazione: i flussi di rendicontazione non sono ancora supportati da questo emulatore (reporting flows are not implemented yet)',
  );
}
