import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import { informativaDocument } from '../informativa';
import { pspCredentials, type CredenzialiPsp } from '../registry';

export interface NodoChiediInformativaPAReq extends Omit<CredenzialiPsp, 'identificativoPSP'> {
  identificativoPSP?: string;
  identificativoDominio?: string;
}

export interface NodoChiediInformativaPARes {
  /** base64 of a CatalogoDatiInformativi `listaInformativePSP` */
  xmlInformativa: string;
}

/**
 * Deprecated since SANP 3.5, still in nodeForPsp.wsdl. The PSP is optional here: without it, the broker,
 * channel and password checks (§7.2 steps 3–5); with it, steps 2–6. A given identificativoDominio must
 * be an enabled EC of the registry (PPT_DOMINIO_SCONOSCIUTO / _DISABILITATO). The answer is the
 * informativa of every PSP (src/nodo/informativa.ts): in the emulator every PSP serves every EC, so the
 * EC does not narrow it.
 */
export async function nodoChiediInformativaPA(ctx: NodoContext, req: NodoChiediInformativaPAReq): Promise<NodoChiediInformativaPARes> {
  const reg = ctx.registry();
  if (req.identificativoPSP !== undefined) reg.checkPsp(pspCredentials({ ...req, identificativoPSP: req.identificativoPSP }), { model3: false });
  else reg.checkBrokerChannel({ idBrokerPSP: req.identificativoIntermediarioPSP, idChannel: req.identificativoCanale, password: req.password });
  if (req.identificativoDominio !== undefined) {
    const ec = reg.creditorInstitution(req.identificativoDominio);
    if (!ec) throw new NodoFault('PPT_DOMINIO_SCONOSCIUTO');
    if (!ec.enabled) throw new NodoFault('PPT_DOMINIO_DISABILITATO');
  }
  return { xmlInformativa: Buffer.from(informativaDocument(reg, ctx.clock.now()), 'utf8').toString('base64') };
}
