import type { ActivateReq, ActivateRes } from '../../nodo/primitives/activate';
import { amount, optBool, optDate, optInt, optObj, optStr, str } from '../fields';
import type { XmlObject } from '../libxml';
import { defineOperation, NODE_FOR_PSP, type AnswerKeys, type KeyPaths } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { credentialsTree, metadataTree, money, qrCodeTree, readCredentials, readMetadata, readQrCode, readTransfers, transferPspTree, transferV2Tree } from './parts';

/** The request fields activatePaymentNotice and V2 share, in sequence order up to paymentNote. */
export function readActivateReq(o: XmlObject): ActivateReq {
  const r: ActivateReq = { ...readCredentials(o), qrCode: readQrCode(o), amountCents: amount(o, 'amount') };
  const key = optStr(o, 'idempotencyKey');
  if (key !== undefined) r.idempotencyKey = key;
  const exp = optInt(o, 'expirationTime');
  if (exp !== undefined) r.expirationTime = exp;
  const due = optDate(o, 'dueDate');
  if (due !== undefined) r.dueDate = due;
  const note = optStr(o, 'paymentNote');
  if (note !== undefined) r.paymentNote = note;
  return r;
}

export const activateReqTree = (r: ActivateReq): XmlTree => [
  ...credentialsTree(r),
  ['idempotencyKey', r.idempotencyKey],
  ['qrCode', qrCodeTree(r.qrCode)],
  ['expirationTime', r.expirationTime],
  ['amount', money(r.amountCents)],
  ['dueDate', r.dueDate],
  ['paymentNote', r.paymentNote],
];

export function readActivateRes(o: XmlObject): ActivateRes {
  const r: ActivateRes = {
    totalAmountCents: amount(o, 'totalAmount'),
    paymentDescription: str(o, 'paymentDescription'),
    fiscalCodePA: str(o, 'fiscalCodePA'),
    companyName: str(o, 'companyName'),
    paymentToken: str(o, 'paymentToken'),
    transferList: readTransfers(o),
    creditorReferenceId: str(o, 'creditorReferenceId'),
  };
  const office = optStr(o, 'officeName');
  if (office !== undefined) r.officeName = office;
  const meta = readMetadata(optObj(o, 'metadata'));
  if (meta) r.metadata = meta;
  if (optBool(o, 'standin')) r.standin = true;
  return r;
}

/** V1 transfers are ctTransferPSP and the payment has no metadata; V2 has both. */
export const activateResTree = (r: ActivateRes, v2: boolean): XmlTree => [
  ['totalAmount', money(r.totalAmountCents)],
  ['paymentDescription', r.paymentDescription],
  ['fiscalCodePA', r.fiscalCodePA],
  ['companyName', r.companyName],
  ['officeName', r.officeName],
  ['paymentToken', r.paymentToken],
  ['transferList', r.transferList.map((t): [string, XmlTree] => ['transfer', v2 ? transferV2Tree(t) : transferPspTree(t)])],
  ['metadata', v2 ? metadataTree(r.metadata) : undefined],
  ['creditorReferenceId', r.creditorReferenceId],
  ['standin', r.standin],
];

export const ACTIVATE_KEYS: KeyPaths = { idPSP: ['idPSP'], idChannel: ['idChannel'], fiscalCode: ['qrCode', 'fiscalCode'], noticeNumber: ['qrCode', 'noticeNumber'] };

/** the token is only in the response: indexed so /admin/journal?token= finds the whole flow */
export const activateAnswerKeys = (r: ActivateRes): AnswerKeys => ({
  token: r.paymentToken,
  ...(r.pendingNotices ? { debtorOpenNotices: r.pendingNotices.count, debtorOpenAmountCents: r.pendingNotices.totalCents } : {}),
});

/** nodeForPsp activatePaymentNotice (spec §3.2). */
export const activatePaymentNoticeOp = defineOperation<ActivateReq, ActivateRes>({
  name: 'activatePaymentNotice',
  iface: NODE_FOR_PSP,
  request: { element: 'activatePaymentNoticeReq', codec: { decode: readActivateReq, encode: activateReqTree } },
  response: { element: 'activatePaymentNoticeRes', codec: { decode: readActivateRes, encode: (r) => activateResTree(r, false) } },
  keys: ACTIVATE_KEYS,
  answerKeys: activateAnswerKeys,
});
