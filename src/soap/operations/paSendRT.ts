import type { MapEntry, Subject, Transfer } from '../../nodo/types';
import { amount, enumOf, obj, optAmount, optBool, optDate, optObj, optStr, str } from '../fields';
import type { XmlObject } from '../libxml';
import { defineOperation, PA_FOR_NODE, type KeyPaths } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { metadataTree, money, readMetadata, readSubject, readTransfers, subjectTree, transferPaTree } from './parts';
import { headTree, readHead, type PaRequestHead } from './paVerifyPaymentNotice';

/** A receipt transfer: V2 carries the issued stamp (MBDAttachment) where a stamp was requested. */
export type ReceiptTransfer = Transfer & { MBDAttachment?: string };

/** ctReceipt / ctReceiptV2 (V2 adds paymentNote, primaryCiIncurredFee, idBundle, idCiBundle, MBDAttachment). */
export interface PaReceipt {
  receiptId: string;
  noticeNumber: string;
  fiscalCode: string;
  outcome: 'OK' | 'KO';
  creditorReferenceId: string;
  paymentAmountCents: number;
  description: string;
  companyName: string;
  officeName?: string;
  debtor: Subject;
  transfers: ReceiptTransfer[];
  idPSP: string;
  pspFiscalCode?: string;
  pspPartitaIVA?: string;
  PSPCompanyName: string;
  idChannel: string;
  channelDescription: string;
  payer?: Subject;
  paymentMethod?: string;
  paymentNote?: string;
  feeCents?: number;
  primaryCiIncurredFeeCents?: number;
  idBundle?: string;
  idCiBundle?: string;
  paymentDateTime?: string;
  applicationDate?: string;
  transferDate?: string;
  metadata?: MapEntry[];
  standIn?: boolean;
}

export interface PaSendRTReq extends PaRequestHead {
  receipt: PaReceipt;
}

/** the answer is outcome (and fault) only */
export type PaSendRTRes = Record<string, never>;

export function readReceiptReq(o: XmlObject): PaSendRTReq {
  const x = obj(o, 'receipt');
  const r: PaReceipt = {
    receiptId: str(x, 'receiptId'),
    noticeNumber: str(x, 'noticeNumber'),
    fiscalCode: str(x, 'fiscalCode'),
    outcome: enumOf(x, 'outcome'),
    creditorReferenceId: str(x, 'creditorReferenceId'),
    paymentAmountCents: amount(x, 'paymentAmount'),
    description: str(x, 'description'),
    companyName: str(x, 'companyName'),
    debtor: readSubject(obj(x, 'debtor')),
    transfers: readTransfers(x),
    idPSP: str(x, 'idPSP'),
    PSPCompanyName: str(x, 'PSPCompanyName'),
    idChannel: str(x, 'idChannel'),
    channelDescription: str(x, 'channelDescription'),
  };
  for (const k of ['officeName', 'pspFiscalCode', 'pspPartitaIVA', 'paymentMethod', 'paymentNote', 'idBundle', 'idCiBundle'] as const) {
    const v = optStr(x, k);
    if (v !== undefined) r[k] = v;
  }
  for (const k of ['paymentDateTime', 'applicationDate', 'transferDate'] as const) {
    const v = optDate(x, k);
    if (v !== undefined) r[k] = v;
  }
  const payer = optObj(x, 'payer');
  if (payer) r.payer = readSubject(payer);
  const fee = optAmount(x, 'fee');
  if (fee !== undefined) r.feeCents = fee;
  const ciFee = optAmount(x, 'primaryCiIncurredFee');
  if (ciFee !== undefined) r.primaryCiIncurredFeeCents = ciFee;
  const meta = readMetadata(optObj(x, 'metadata'));
  if (meta) r.metadata = meta;
  const standIn = optBool(x, 'standIn');
  if (standIn !== undefined) r.standIn = standIn;
  return { ...readHead(o), receipt: r };
}

/** ctTransferPAReceiptV2: an IBAN, or the stamp the PSP issued */
const receiptTransferV2Tree = (t: ReceiptTransfer): XmlTree => [
  ['idTransfer', t.idTransfer],
  ['transferAmount', money(t.transferAmountCents)],
  ['fiscalCodePA', t.fiscalCodePA],
  ['companyName', t.companyName],
  ['IBAN', t.IBAN],
  ['MBDAttachment', t.IBAN === undefined ? (t.MBDAttachment ?? '') : undefined],
  ['remittanceInformation', t.remittanceInformation],
  ['transferCategory', t.transferCategory],
  ['metadata', metadataTree(t.metadata)],
];

export function receiptReqTree(q: PaSendRTReq, v2: boolean): XmlTree {
  const r = q.receipt;
  const only2 = <T>(v: T): T | undefined => (v2 ? v : undefined);
  return [
    ...headTree(q),
    [
      'receipt',
      [
        ['receiptId', r.receiptId],
        ['noticeNumber', r.noticeNumber],
        ['fiscalCode', r.fiscalCode],
        ['outcome', r.outcome],
        ['creditorReferenceId', r.creditorReferenceId],
        ['paymentAmount', money(r.paymentAmountCents)],
        ['description', r.description],
        ['companyName', r.companyName],
        ['officeName', r.officeName],
        ['debtor', subjectTree(r.debtor)],
        ['transferList', r.transfers.map((t): [string, XmlTree] => ['transfer', v2 ? receiptTransferV2Tree(t) : transferPaTree(t)])],
        ['idPSP', r.idPSP],
        ['pspFiscalCode', r.pspFiscalCode],
        ['pspPartitaIVA', r.pspPartitaIVA],
        ['PSPCompanyName', r.PSPCompanyName],
        ['idChannel', r.idChannel],
        ['channelDescription', r.channelDescription],
        ['payer', r.payer ? subjectTree(r.payer) : undefined],
        ['paymentMethod', r.paymentMethod],
        ['paymentNote', only2(r.paymentNote)],
        ['fee', money(r.feeCents)],
        ['primaryCiIncurredFee', only2(money(r.primaryCiIncurredFeeCents))],
        ['idBundle', only2(r.idBundle)],
        ['idCiBundle', only2(r.idCiBundle)],
        ['paymentDateTime', r.paymentDateTime],
        ['applicationDate', r.applicationDate],
        ['transferDate', r.transferDate],
        ['metadata', metadataTree(r.metadata)],
        ['standIn', r.standIn],
      ],
    ],
  ];
}

export const RECEIPT_KEYS: KeyPaths = { fiscalCode: ['idPA'], noticeNumber: ['receipt', 'noticeNumber'], token: ['receipt', 'receiptId'], station: ['idStation'] };
export const emptyPayload = { decode: (): PaSendRTRes => ({}), encode: (): XmlTree => [] };

/** paForNode paSendRT (spec §4.4): the receipt of a payment, V1 transfers. */
export const paSendRTOp = defineOperation<PaSendRTReq, PaSendRTRes>({
  name: 'paSendRT',
  iface: PA_FOR_NODE,
  request: { element: 'paSendRTReq', codec: { decode: readReceiptReq, encode: (r) => receiptReqTree(r, false) } },
  response: { element: 'paSendRTRes', codec: emptyPayload },
  keys: RECEIPT_KEYS,
});
