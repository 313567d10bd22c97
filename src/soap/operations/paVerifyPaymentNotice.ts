import { EcFault, StationFailure } from '../../nodo/faults';
import type { VerifyData } from '../../nodo/types';
import { amount, bool, enumOf, list, optDate, optObj, optStr, str } from '../fields';
import type { XmlObject } from '../libxml';
import { defineOperation, PA_FOR_NODE, type Answer, type KeyPaths } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { money, qrCodeTree, readQrCode, type QrCode } from './parts';

/** idPA, idBrokerPA, idStation: the head of every paForNode request (what the registry resolved). */
export interface PaRequestHead {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
}
export const readHead = (o: XmlObject): PaRequestHead => ({ idPA: str(o, 'idPA'), idBrokerPA: str(o, 'idBrokerPA'), idStation: str(o, 'idStation') });
export const headTree = (h: PaRequestHead): XmlTree => [
  ['idPA', h.idPA],
  ['idBrokerPA', h.idBrokerPA],
  ['idStation', h.idStation],
];
/** the journal of the node's calls: idPA is the EC the call is for (for a broadcast receipt, the secondary EC) */
export const PA_KEYS: KeyPaths = { fiscalCode: ['idPA'], noticeNumber: ['qrCode', 'noticeNumber'], station: ['idStation'] };

export interface PaVerifyPaymentNoticeReq extends PaRequestHead {
  qrCode: QrCode;
}

/** ctPaymentOptionDescriptionPA */
export interface PaPaymentOption {
  amountCents: number;
  options: VerifyData['options'];
  dueDate?: string;
  detailDescription?: string;
  allCCP: boolean;
}

/** Every payload element is optional in the XSD (a KO has none): what an OK must carry is the check's business. */
export interface PaVerifyPaymentNoticeRes {
  paymentList?: PaPaymentOption[];
  paymentDescription?: string;
  fiscalCodePA?: string;
  companyName?: string;
  officeName?: string;
}

/** ctPaymentOptionDescriptionPA (paVerifyPaymentNotice, paDemandPaymentNotice) */
export function readOption(p: XmlObject): PaPaymentOption {
  const o: PaPaymentOption = { amountCents: amount(p, 'amount'), options: enumOf(p, 'options'), allCCP: bool(p, 'allCCP') };
  const due = optDate(p, 'dueDate');
  if (due !== undefined) o.dueDate = due;
  const detail = optStr(p, 'detailDescription');
  if (detail !== undefined) o.detailDescription = detail;
  return o;
}

/** ctPaymentOptionsDescriptionListPA */
export const paymentListPaTree = (list: PaPaymentOption[]): XmlTree =>
  list.map((p): [string, XmlTree] => [
    'paymentOptionDescription',
    [
      ['amount', money(p.amountCents)],
      ['options', p.options],
      ['dueDate', p.dueDate],
      ['detailDescription', p.detailDescription],
      ['allCCP', p.allCCP],
    ],
  ]);

export const paVerifyPaymentNoticeOp = defineOperation<PaVerifyPaymentNoticeReq, PaVerifyPaymentNoticeRes>({
  name: 'paVerifyPaymentNotice',
  iface: PA_FOR_NODE,
  request: {
    element: 'paVerifyPaymentNoticeReq',
    codec: { decode: (o) => ({ ...readHead(o), qrCode: readQrCode(o) }), encode: (r) => [...headTree(r), ['qrCode', qrCodeTree(r.qrCode)]] },
  },
  response: {
    element: 'paVerifyPaymentNoticeRes',
    codec: {
      decode: (o) => {
        const r: PaVerifyPaymentNoticeRes = {};
        const pl = optObj(o, 'paymentList');
        if (pl) r.paymentList = list(pl, 'paymentOptionDescription').map(readOption);
        for (const k of ['paymentDescription', 'fiscalCodePA', 'companyName', 'officeName'] as const) {
          const v = optStr(o, k);
          if (v !== undefined) r[k] = v;
        }
        return r;
      },
      encode: (r) => [
        ['paymentList', r.paymentList && paymentListPaTree(r.paymentList)],
        ['paymentDescription', r.paymentDescription],
        ['fiscalCodePA', r.fiscalCodePA],
        ['companyName', r.companyName],
        ['officeName', r.officeName],
      ],
    },
  },
  keys: PA_KEYS,
});

export const badAnswer = (detail: string) => new StationFailure('PPT_STAZIONE_INT_PA_ERRORE_RESPONSE', detail);

/**
 * outcome KO: the EC's fault, relayed to the PSP as PPT_ERRORE_EMESSO_DA_PAA with id = the EC (whatever
 * id the EC wrote); a KO without a fault is no answer at all.
 */
export function ecFaultOf(a: Answer<unknown> & { outcome: 'KO' }, element: string, fiscalCode: string): EcFault | StationFailure {
  if (!a.fault.faultCode) return badAnswer(`${element}: outcome KO without fault`);
  return new EcFault(a.fault.faultCode, a.fault.faultString, fiscalCode, a.fault.description);
}

/**
 * What the node checks in a verify answer beyond the XSD (spec §4.1, TEST paVerifyPaymentNoticeRes_syntax_ko):
 * an OK carries its data and exactly one option. Violations are PPT_STAZIONE_INT_PA_ERRORE_RESPONSE.
 */
export function checkVerifyAnswer(a: Answer<PaVerifyPaymentNoticeRes>, fiscalCode: string): VerifyData {
  const element = paVerifyPaymentNoticeOp.response.element;
  if (a.outcome === 'KO') throw ecFaultOf(a, element, fiscalCode);
  const r = a.value;
  const missing = (['paymentList', 'paymentDescription', 'fiscalCodePA', 'companyName'] as const).filter((n) => r[n] === undefined);
  if (missing.length) throw badAnswer(`${element}: outcome OK without ${missing.join(', ')}`);
  const options = r.paymentList!;
  if (options.length !== 1) throw badAnswer(`${element}: paymentList must hold exactly one paymentOptionDescription, got ${options.length}`);
  const o = options[0]!;
  const data: VerifyData = {
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
