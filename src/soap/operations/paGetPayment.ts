import type { EcCall, GetPaymentCall } from '../../ec/backend';
import { formatAmount } from '../../nodo/money';
import type { Registry } from '../../nodo/registry';
import type { MapEntry, PaymentData, Subject, Transfer } from '../../nodo/types';
import { amount, date, obj, optAmount, optBool, optDate, optEnum, optObj, optStr, str } from '../fields';
import type { XmlObject } from '../libxml';
import { defineOperation, PA_FOR_NODE, type Answer } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { metadataTree, money, qrCodeTree, readMetadata, readQrCode, readSubject, readTransfers, subjectTree, transferPaTree, transferV2Tree, type QrCode } from './parts';
import { badAnswer, ecFaultOf, headTree, PA_KEYS, readHead, type PaRequestHead } from './paVerifyPaymentNotice';

/** paGetPaymentReq and paGetPaymentV2Request: the same fields; `amount` is what the PSP activated. */
export interface PaGetPaymentReq extends PaRequestHead {
  qrCode: QrCode;
  amountCents?: number;
  paymentNote?: string;
  transferType?: 'POSTAL' | 'PAGOPA';
  dueDate?: string;
}

/** ctPaymentPA / ctPaymentPAV2 (V1 may omit companyName, V2 may not). */
export interface PaPaymentData {
  creditorReferenceId: string;
  paymentAmountCents: number;
  dueDate: string;
  retentionDate?: string;
  lastPayment?: boolean;
  description: string;
  companyName?: string;
  officeName?: string;
  debtor: Subject;
  transfers: Transfer[];
  metadata?: MapEntry[];
}

export interface PaGetPaymentRes {
  data?: PaPaymentData;
}

export function readGetPaymentReq(o: XmlObject): PaGetPaymentReq {
  const r: PaGetPaymentReq = { ...readHead(o), qrCode: readQrCode(o) };
  const a = optAmount(o, 'amount');
  if (a !== undefined) r.amountCents = a;
  const note = optStr(o, 'paymentNote');
  if (note !== undefined) r.paymentNote = note;
  const type = optEnum<'POSTAL' | 'PAGOPA'>(o, 'transferType');
  if (type !== undefined) r.transferType = type;
  const due = optDate(o, 'dueDate');
  if (due !== undefined) r.dueDate = due;
  return r;
}

export const getPaymentReqTree = (r: PaGetPaymentReq): XmlTree => [
  ...headTree(r),
  ['qrCode', qrCodeTree(r.qrCode)],
  ['amount', money(r.amountCents)],
  ['paymentNote', r.paymentNote],
  ['transferType', r.transferType],
  ['dueDate', r.dueDate],
];

export function readGetPaymentRes(o: XmlObject): PaGetPaymentRes {
  const d = optObj(o, 'data');
  if (!d) return {};
  const data: PaPaymentData = {
    creditorReferenceId: str(d, 'creditorReferenceId'),
    paymentAmountCents: amount(d, 'paymentAmount'),
    dueDate: date(d, 'dueDate'),
    description: str(d, 'description'),
    debtor: readSubject(obj(d, 'debtor')),
    transfers: readTransfers(d),
  };
  const retention = optDate(d, 'retentionDate');
  if (retention !== undefined) data.retentionDate = retention;
  const last = optBool(d, 'lastPayment');
  if (last !== undefined) data.lastPayment = last;
  for (const k of ['companyName', 'officeName'] as const) {
    const v = optStr(d, k);
    if (v !== undefined) data[k] = v;
  }
  const meta = readMetadata(optObj(d, 'metadata'));
  if (meta) data.metadata = meta;
  return { data };
}

export function getPaymentResTree(r: PaGetPaymentRes, v2: boolean): XmlTree {
  const p = r.data;
  if (!p) return [];
  return [
    [
      'data',
      [
        ['creditorReferenceId', p.creditorReferenceId],
        ['paymentAmount', money(p.paymentAmountCents)],
        ['dueDate', p.dueDate],
        ['retentionDate', p.retentionDate],
        ['lastPayment', p.lastPayment],
        ['description', p.description],
        ['companyName', p.companyName],
        ['officeName', p.officeName],
        ['debtor', subjectTree(p.debtor)],
        ['transferList', p.transfers.map((t): [string, XmlTree] => ['transfer', v2 ? transferV2Tree(t) : transferPaTree(t)])],
        ['metadata', metadataTree(p.metadata)],
      ],
    ],
  ];
}

/** paForNode paGetPayment (spec §4.2): the payment behind a notice, V1 transfers. */
export const paGetPaymentOp = defineOperation<PaGetPaymentReq, PaGetPaymentRes>({
  name: 'paGetPayment',
  iface: PA_FOR_NODE,
  request: { element: 'paGetPaymentReq', codec: { decode: readGetPaymentReq, encode: getPaymentReqTree } },
  response: { element: 'paGetPaymentRes', codec: { decode: readGetPaymentRes, encode: (r) => getPaymentResTree(r, false) } },
  keys: PA_KEYS,
});

/** The request the node sends for an activation: idPA is the notice's EC, broker and station what the registry resolved. */
export function getPaymentRequest(call: GetPaymentCall): PaGetPaymentReq {
  const r: PaGetPaymentReq = { ...callHead(call), qrCode: { fiscalCode: call.fiscalCode, noticeNumber: call.noticeNumber }, amountCents: call.amountCents };
  if (call.paymentNote !== undefined) r.paymentNote = call.paymentNote;
  if (call.dueDate !== undefined) r.dueDate = call.dueDate;
  return r;
}

export const callHead = (call: EcCall): PaRequestHead => ({ idPA: call.fiscalCode, idBrokerPA: call.ec.brokerCode, idStation: call.ec.station.stationCode });

/**
 * What the node checks in a paGetPayment(V2) answer beyond the XSD (spec §4.2, §8.8): an OK carries data,
 * the transfers are numbered 1..n in order, the amounts add up, every transfer names a registered, enabled
 * EC and one of its registered IBANs.
 */
export function checkPaymentAnswer(a: Answer<PaGetPaymentRes>, element: string, call: EcCall, registry: Registry): PaymentData {
  if (a.outcome === 'KO') throw ecFaultOf(a, element, call.fiscalCode);
  const d = a.value.data;
  if (!d) throw badAnswer(`${element}: outcome OK without data`);
  const data: PaymentData = {
    creditorReferenceId: d.creditorReferenceId,
    paymentAmountCents: d.paymentAmountCents,
    dueDate: d.dueDate,
    description: d.description,
    // mandatory in V2; a V1 answer may omit it, and the PSP's activate response needs one: the registry's
    companyName: d.companyName ?? call.ec.ec.businessName,
    debtor: d.debtor,
    transfers: d.transfers,
  };
  if (d.officeName !== undefined) data.officeName = d.officeName;
  if (d.metadata) data.metadata = d.metadata;
  checkTransfers(data, element, registry);
  return data;
}

function checkTransfers(data: PaymentData, element: string, registry: Registry): void {
  let sum = 0;
  for (const [i, t] of data.transfers.entries()) {
    // idTransfer is the transfer's position (1..n, in order): receipts, stamps and reporting flows
    // (indiceDatiSingoloPagamento) address transfers by it, so a gap (1, 3), a repeat or a swap (2, 1) is refused
    if (t.idTransfer !== i + 1) {
      const ids = data.transfers.map((x) => x.idTransfer).join(', ');
      throw badAnswer(`${element}: idTransfer values must be 1..${data.transfers.length} in order, found ${ids}`);
    }
    sum += t.transferAmountCents;
    const ec = registry.creditorInstitution(t.fiscalCodePA);
    if (!ec) throw badAnswer(`${element}: transfer ${t.idTransfer}: fiscalCodePA ${t.fiscalCodePA} is not a creditor institution known to pagoPA`);
    if (!ec.enabled) throw badAnswer(`${element}: transfer ${t.idTransfer}: creditor institution ${t.fiscalCodePA} is disabled`);
    if (t.IBAN !== undefined && !registry.isIbanRegistered(t.fiscalCodePA, t.IBAN)) {
      throw badAnswer(`${element}: transfer ${t.idTransfer}: IBAN ${t.IBAN} is not registered for creditor institution ${t.fiscalCodePA}`);
    }
  }
  if (sum !== data.paymentAmountCents) {
    throw badAnswer(`${element}: paymentAmount ${formatAmount(data.paymentAmountCents)} is not the sum of the transferAmounts (${formatAmount(sum)})`);
  }
}
