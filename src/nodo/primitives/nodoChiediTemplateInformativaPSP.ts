import type { NodoContext } from '../context';
import { templateDocument } from '../informativa';
import { pspCredentials, type CredenzialiPsp } from '../registry';

export type NodoChiediTemplateInformativaPSPReq = CredenzialiPsp;

export interface NodoChiediTemplateInformativaPSPRes {
  /** base64 of a TemplateInformativa 1.0.11 `informativaPSP` */
  xmlTemplateInformativa: string;
}

/** Deprecated since SANP 3.5, still in nodeForPsp.wsdl: the PSP checks (§7.2 steps 2–6), then the calling PSP's template. */
export async function nodoChiediTemplateInformativaPSP(ctx: NodoContext, req: NodoChiediTemplateInformativaPSPReq): Promise<NodoChiediTemplateInformativaPSPRes> {
  const reg = ctx.registry();
  const { psp } = reg.checkPsp(pspCredentials(req), { model3: false });
  return { xmlTemplateInformativa: Buffer.from(templateDocument(reg, psp, ctx.clock.now()), 'utf8').toString('base64') };
}
