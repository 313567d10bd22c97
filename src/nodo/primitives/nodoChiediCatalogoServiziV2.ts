import { catalogueDocument, catalogueEntries, type CatalogueFilter } from '../catalogue';
import type { NodoContext } from '../context';
import { pspCredentials, type CredenzialiPsp } from '../registry';

export interface NodoChiediCatalogoServiziV2Req extends CredenzialiPsp, CatalogueFilter {}

export interface NodoChiediCatalogoServiziV2Res {
  /** base64 of a CatalogoServizi 2.0.0 document; absent when no service matches the filters */
  xmlCatalogoServizi?: string;
}

/**
 * §3.7: the PSP checks of §7.2 without the channel model (a listing is not a model-3 payment, any
 * channel of the PSP may ask), then the registry's version-2 services the filters keep. The filters only
 * filter: an EC or category nobody offers is an empty catalogue (no xmlCatalogoServizi), not a fault,
 * as paGetPaymentsByDebtor answers an empty list.
 */
export async function nodoChiediCatalogoServiziV2(ctx: NodoContext, req: NodoChiediCatalogoServiziV2Req): Promise<NodoChiediCatalogoServiziV2Res> {
  const reg = ctx.registry();
  reg.checkPsp(pspCredentials(req), { model3: false });
  const doc = catalogueDocument(reg, catalogueEntries(reg, req));
  return doc === undefined ? {} : { xmlCatalogoServizi: Buffer.from(doc, 'utf8').toString('base64') };
}
