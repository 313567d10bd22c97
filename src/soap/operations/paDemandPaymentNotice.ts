import type { Registry } from '../../nodo/registry';
import type { DemandData } from '../../nodo/types';
import { list, optObj, optStr, str } from '../fields';
import { defineOperation, PA_FOR_NODE, type Answer } from '../operation';
import { qrCodeTree, readQrCode, type QrCode } from './parts';
import { badAnswer, ecFaultOf, headTree, PA_KEYS, paymentListPaTree, readHead, readOption, type PaPaymentOption, type PaRequestHead } from './paVerifyPaymentNotice';

export interface PaDemandPaymentNoticeReq extends PaRequestHead {
  idServizio: string;
  idSoggettoServizio: string;
  /** the PSP's datiSpecificiServizio, base64, passed on as received */
  datiSpecificiServizioRequest: string;
}

/** Every payload element is optional in the XSD (a KO has none): what an OK must carry is checkDemandAnswer's business. */
export interface PaDemandPaymentNoticeRes {
  qrCode?: QrCode;
  paymentList?: PaPaymentOption[];
  paymentDescription?: string;
  fiscalCodePA?: string;
  companyName?: string;
  officeName?: string;
}

/** paForNode paDemandPaymentNotice (spec §4.5): the EC creates a notice for a spontaneous payment. */
export const paDemandPaymentNoticeOp = defineOperation<PaDemandPaymentNoticeReq, PaDemandPaymentNoticeRes>({
  name: 'paDemandPaymentNotice',
  iface: PA_FOR_NODE,
  request: {
    element: 'paDemandPaymentNoticeRequest',
    codec: {
      decode: (o) => ({
        ...readHead(o),
        idServizio: str(o, 'idServizio'),
        idSoggettoServizio: str(o, 'idSoggettoServizio'),
        datiSpecificiServizioRequest: str(o, 'datiSpecificiServizioRequest'),
      }),
      encode: (r) => [...headTree(r), ['idServizio', r.idServizio], ['idSoggettoServizio', r.idSoggettoServizio], ['datiSpecificiServizioRequest', r.datiSpecificiServizioRequest]],
    },
  },
  response: {
    element: 'paDemandPaymentNoticeResponse',
    codec: {
      decode: (o) => {
        const r: PaDemandPaymentNoticeRes = {};
        if (optObj(o, 'qrCode')) r.qrCode = readQrCode(o);
        const pl = optObj(o, 'paymentList');
        if (pl) r.paymentList = list(pl, 'paymentOptionDescription').map(readOption);
        for (const k of ['paymentDescription', 'fiscalCodePA', 'companyName', 'officeName'] as const) {
          const v = optStr(o, k);
          if (v !== undefined) r[k] = v;
        }
        return r;
      },
      encode: (r) => [
        ['qrCode', r.qrCode && qrCodeTree(r.qrCode)],
        ['paymentList', r.paymentList && paymentListPaTree(r.paymentList)],
        ['paymentDescription', r.paymentDescription],
        ['fiscalCodePA', r.fiscalCodePA],
        ['companyName', r.companyName],
        ['officeName', r.officeName],
      ],
    },
  },
  // the request names no notice: the outbound journal row takes the answer's (ec/remote.ts)
  keys: PA_KEYS,
});

/**
 * What the node checks in a demand answer beyond the XSD, as for verify (spec §4.1, §4.5): an OK carries
 * the new notice's qrCode and the data verify needs, with exactly one option. The qrCode may name
 * another EC than the subject's (pagoPA's own mock EC answers for 44444444444 on behalf of 77777777777),
 * but one the registry knows and has enabled: the PSP is about to activate it, and that would fail.
 * Violations are PPT_STAZIONE_INT_PA_ERRORE_RESPONSE.
 */
export function checkDemandAnswer(a: Answer<PaDemandPaymentNoticeRes>, fiscalCode: string, registry: Registry): DemandData {
  const element = paDemandPaymentNoticeOp.response.element;
  if (a.outcome === 'KO') throw ecFaultOf(a, element, fiscalCode);
  const r = a.value;
  const missing = (['qrCode', 'paymentList', 'paymentDescription', 'fiscalCodePA', 'companyName'] as const).filter((n) => r[n] === undefined);
  if (missing.length) throw badAnswer(`${element}: outcome OK without ${missing.join(', ')}`);
  const options = r.paymentList!;
  if (options.length !== 1) throw badAnswer(`${element}: paymentList must hold exactly one paymentOptionDescription, got ${options.length}`);
  const qrCode = r.qrCode!;
  const ec = registry.creditorInstitution(qrCode.fiscalCode);
  if (!ec) throw badAnswer(`${element}: qrCode.fiscalCode ${qrCode.fiscalCode} is not a creditor institution known to pagoPA`);
  if (!ec.enabled) throw badAnswer(`${element}: qrCode.fiscalCode ${qrCode.fiscalCode} is a disabled creditor institution`);
  const o = options[0]!;
  const data: DemandData = {
    qrCode,
    amountCents: o.amountCents,
    options: o.options,
    allCCP: o.allCCP,
    paymentDescription: r.paymentDescription!,
    fiscalCodePA: r.fiscalCodePA!,
    companyName: r.companyName!,
  };
  if (o.dueDate !== undefined) data.dueDate = o.dueDate;
  if (o.detailDescription !== undefined) data.detailDescription = o.detailDescription;
  if (r.officeName !== undefined) data.officeName = r.officeName;
  return data;
}
