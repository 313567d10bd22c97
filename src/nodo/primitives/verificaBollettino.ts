import type { NodoContext } from '../context';
import { NodoFault } from '../faults';
import type { PspCredentials } from '../registry';
import type { OpenNotices } from '../../store/pull';
import { paymentOption, verifyNotice, type PaymentOption } from './verifyNotice';

export interface VerificaBollettinoReq extends PspCredentials {
  ccPost: string;
  noticeNumber: string;
}

export interface VerificaBollettinoRes {
  paymentBollettinoList: (PaymentOption & { allCCP: boolean })[];
  paymentDescription: string;
  fiscalCodePA: string;
  noticeNumber: string;
  companyName: string;
  officeName?: string;
  /** not on the wire: as verifyPaymentNotice's, for the journal */
  pendingNotices?: OpenNotices;
}

/**
 * §3.8, Poste Italiane's verify of a "bollettino postale": the PSP checks incl. the ATTIVATO_PRESSO_PSP
 * channel, the EC of the postal account (unknown account: PPT_SEMANTICA "Codifica non riconosciuta",
 * TEST verificaBollettino_semantic_ko), then exactly verify. Unlike verify, the PSP sees the EC's allCCP
 * (may every transfer be credited to a postal account). No standin element exists in this response.
 */
export async function verificaBollettino(ctx: NodoContext, req: VerificaBollettinoReq): Promise<VerificaBollettinoRes> {
  const reg = ctx.registry();
  const psp = reg.checkPsp(req, { model3: true });
  const fiscalCode = reg.postalAccountEc(req.ccPost);
  if (fiscalCode === undefined) throw new NodoFault('PPT_SEMANTICA', 'Codifica non riconosciuta');
  const { data, pendingNotices } = await verifyNotice(ctx, reg, psp, fiscalCode, req.noticeNumber);
  return {
    paymentBollettinoList: [{ ...paymentOption(data), allCCP: data.allCCP }],
    paymentDescription: data.paymentDescription,
    fiscalCodePA: data.fiscalCodePA,
    noticeNumber: req.noticeNumber,
    companyName: data.companyName,
    ...(data.officeName ? { officeName: data.officeName } : {}),
    ...(pendingNotices ? { pendingNotices } : {}),
  };
}
