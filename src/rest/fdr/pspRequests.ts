import { PAY_STATUSES, type FlowHeader, type FlowPayment, type FlowSender, type PayStatus } from '../../store/reportingFlows';
import { bindArray, bindDecimal, bindEnum, bindInstant, bindLocalDate, bindLong, bindObject, bindString, lengthPattern, Violations, type JsonObject } from './fdrBinding';

/**
 * The fdr-psp request bodies (spec reporting.md §3 "Bodies"; fdr_psp.json CreateFlowRequest, AddPaymentRequest,
 * DeletePaymentRequest) bound and validated as FDR does: binding first (FDR-1001..1004, first failure), then
 * every bean-validation violation at once (FDR-1000). Violation paths follow FDR's controller methods, named
 * as the operationIds of fdr_psp.json (`createEmptyFlow`, `addPaymentToExistingFlow`,
 * `deletePaymentFromExistingFlow`), and the body parameter is `request`.
 */
export const SENDER_TYPES = ['LEGAL_PERSON', 'ABI_CODE', 'BIC_CODE'] as const;
export const FDR_NAME: [string, RegExp] = ['[a-zA-Z0-9\\-_]{1,35}', /^[a-zA-Z0-9\-_]{1,35}$/];
const ID = lengthPattern(1, 35);
const PSP_NAME = lengthPattern(3, 70);
const ORG_NAME = lengthPattern(1, 140);
export const MAX_PAYMENTS_PER_CALL = 1000;

export interface CreateFlowRequest {
  fdr: string;
  fdrDate: number;
  header: FlowHeader;
}

export function bindCreate(body: JsonObject | null, pathFdr: string): CreateFlowRequest {
  const v = new Violations('createEmptyFlow');
  // the path parameter is validated with the body (fdr_psp.json: the create path's fdr has the name pattern)
  v.pattern('fdr', pathFdr, ...FDR_NAME);
  if (body === null) {
    v.notNull('request', undefined);
    v.throwIfAny();
  }
  const b = body!;
  const fdr = bindString(b.fdr, 'fdr');
  const fdrDate = bindInstant(b.fdrDate, 'fdrDate');
  const senderJson = bindObject(b.sender, 'sender');
  const sender = senderJson && {
    type: bindEnum(senderJson.type, 'sender.type', SENDER_TYPES),
    id: bindString(senderJson.id, 'sender.id'),
    pspId: bindString(senderJson.pspId, 'sender.pspId'),
    pspName: bindString(senderJson.pspName, 'sender.pspName'),
    pspBrokerId: bindString(senderJson.pspBrokerId, 'sender.pspBrokerId'),
    channelId: bindString(senderJson.channelId, 'sender.channelId'),
    password: bindString(senderJson.password, 'sender.password'),
  };
  const receiverJson = bindObject(b.receiver, 'receiver');
  const receiver = receiverJson && {
    id: bindString(receiverJson.id, 'receiver.id'),
    organizationId: bindString(receiverJson.organizationId, 'receiver.organizationId'),
    organizationName: bindString(receiverJson.organizationName, 'receiver.organizationName'),
  };
  const regulation = bindString(b.regulation, 'regulation');
  const regulationDate = bindLocalDate(b.regulationDate, 'regulationDate');
  const bicCodePouringBank = bindString(b.bicCodePouringBank, 'bicCodePouringBank');
  const totPayments = bindLong(b.totPayments, 'totPayments');
  const sumPayments = bindDecimal(b.sumPayments, 'sumPayments');

  const r = 'request';
  if (v.notNull(`${r}.fdr`, fdr)) v.pattern(`${r}.fdr`, fdr, ...FDR_NAME);
  v.notNull(`${r}.fdrDate`, fdrDate);
  if (v.notNull(`${r}.sender`, sender) && sender) {
    v.notNull(`${r}.sender.type`, sender.type);
    for (const k of ['id', 'pspId', 'pspBrokerId', 'channelId'] as const) if (v.notNull(`${r}.sender.${k}`, sender[k])) v.pattern(`${r}.sender.${k}`, sender[k], ...ID);
    if (v.notNull(`${r}.sender.pspName`, sender.pspName)) v.pattern(`${r}.sender.pspName`, sender.pspName, ...PSP_NAME);
  }
  if (v.notNull(`${r}.receiver`, receiver) && receiver) {
    for (const k of ['id', 'organizationId'] as const) if (v.notNull(`${r}.receiver.${k}`, receiver[k])) v.pattern(`${r}.receiver.${k}`, receiver[k], ...ID);
    if (v.notNull(`${r}.receiver.organizationName`, receiver.organizationName)) v.pattern(`${r}.receiver.organizationName`, receiver.organizationName, ...ORG_NAME);
  }
  if (v.notNull(`${r}.regulation`, regulation)) v.pattern(`${r}.regulation`, regulation, ...ID);
  v.notNull(`${r}.regulationDate`, regulationDate);
  v.pattern(`${r}.bicCodePouringBank`, bicCodePouringBank, ...ID);
  if (v.notNull(`${r}.totPayments`, totPayments)) v.min(`${r}.totPayments`, totPayments, 1);
  const sumPaymentsCents = v.notNull(`${r}.sumPayments`, sumPayments) ? v.amount(`${r}.sumPayments`, sumPayments) : undefined;
  v.throwIfAny();

  return {
    fdr: fdr!,
    fdrDate: fdrDate!,
    header: {
      sender: sender as FlowSender,
      receiver: { id: receiver!.id!, organizationId: receiver!.organizationId!, organizationName: receiver!.organizationName },
      regulation: regulation!,
      regulationDate: regulationDate!,
      ...(bicCodePouringBank !== undefined ? { bicCodePouringBank } : {}),
      totPayments: totPayments!,
      sumPaymentsCents: sumPaymentsCents!,
    },
  };
}

export function bindAdd(body: JsonObject | null): FlowPayment[] {
  const v = new Violations('addPaymentToExistingFlow');
  if (body === null) {
    v.notNull('request', undefined);
    v.throwIfAny();
  }
  const list = bindArray(body!.payments, 'payments');
  const bound = (list ?? []).map((p) => {
    const o = bindObject(p, 'payments');
    return (
      o && {
        index: bindLong(o.index, 'payments.index'),
        iuv: bindString(o.iuv, 'payments.iuv'),
        iur: bindString(o.iur, 'payments.iur'),
        idTransfer: bindLong(o.idTransfer, 'payments.idTransfer'),
        pay: bindDecimal(o.pay, 'payments.pay'),
        payStatus: bindEnum<PayStatus>(o.payStatus, 'payments.payStatus', PAY_STATUSES),
        payDate: bindInstant(o.payDate, 'payments.payDate'),
      }
    );
  });
  if (v.notNull('request.payments', list)) v.size('request.payments', list, 1, MAX_PAYMENTS_PER_CALL);
  const payments = bound.map((p, i) => {
    const at = `request.payments[${i}]`;
    if (!p) {
      v.add(at, 'must not be null');
      return undefined;
    }
    if (v.notNull(`${at}.index`, p.index)) v.min(`${at}.index`, p.index, 1);
    for (const k of ['iuv', 'iur'] as const) if (v.notNull(`${at}.${k}`, p[k])) v.pattern(`${at}.${k}`, p[k], ...ID);
    if (v.notNull(`${at}.idTransfer`, p.idTransfer)) {
      v.min(`${at}.idTransfer`, p.idTransfer, 1);
      v.max(`${at}.idTransfer`, p.idTransfer, 5);
    }
    const payCents = v.notNull(`${at}.pay`, p.pay) ? v.amount(`${at}.pay`, p.pay) : undefined;
    v.notNull(`${at}.payStatus`, p.payStatus);
    v.notNull(`${at}.payDate`, p.payDate);
    return { index: p.index!, iuv: p.iuv!, iur: p.iur!, idTransfer: p.idTransfer!, payCents: payCents!, payStatus: p.payStatus!, payDate: p.payDate! };
  });
  v.throwIfAny();
  return payments as FlowPayment[];
}

export function bindDelete(body: JsonObject | null): number[] {
  const v = new Violations('deletePaymentFromExistingFlow');
  if (body === null) {
    v.notNull('request', undefined);
    v.throwIfAny();
  }
  const list = bindArray(body!.indexList, 'indexList');
  const indexes = (list ?? []).map((x) => bindLong(x, 'indexList'));
  if (v.notNull('request.indexList', list)) v.size('request.indexList', list, 1, MAX_PAYMENTS_PER_CALL);
  indexes.forEach((x, i) => v.notNull(`request.indexList[${i}]`, x));
  v.throwIfAny();
  return indexes as number[];
}
