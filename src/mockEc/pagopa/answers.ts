import type { FaultBean } from '../../nodo/faults';
import type { Subject, Transfer } from '../../nodo/types';
import { encodeAnswer, type Answer, type Operation } from '../../soap/operation';
import { paGetPaymentOp, type PaGetPaymentRes, type PaPaymentData } from '../../soap/operations/paGetPayment';
import { paGetPaymentV2Op } from '../../soap/operations/paGetPaymentV2';
import { paSendRTOp } from '../../soap/operations/paSendRT';
import { paSendRTV2Op } from '../../soap/operations/paSendRTV2';
import { paVerifyPaymentNoticeOp, type PaVerifyPaymentNoticeRes } from '../../soap/operations/paVerifyPaymentNotice';
import { CATEGORY, CATEGORY_2, EC_TE, ECS, FAMILIES, FAMILY_27_V2, familyOf, IBANS, PAYMENT_COMMON, remittanceText, VERIFY_COMMON, type Family } from './families';
import type { PagopaRequest } from './request';
import { pafEnvelope, type PagopaAnswer } from './wire';

/**
 * The answers of pagoPA's mock EC to the model-3 primitives, by notice family (families.ts) and edge case
 * (uat-environment.md §2.4). Stateless: the request's EC is ignored, paying changes nothing, a receipt is
 * always OK. Every OK and KO is valid against the official paForNode.xsd; the payloads are written by the
 * paForNode descriptors, so their elements come in XSD order.
 */
export interface AnswerOptions {
  /** how long family 98 is held (pagoPA's TIMEOUT_DELAY) */
  timeoutDelayMs: number;
}

type AnyOp = Operation<unknown, unknown>;
const asAny = (op: unknown) => op as AnyOp;

const ok = (op: AnyOp, value: unknown): PagopaAnswer => ({ status: 200, body: pafEnvelope(op.response.element, encodeAnswer(op, { outcome: 'OK', value })) });
const ko = (op: AnyOp, status: number, faultCode: string, faultString: string, description?: string): PagopaAnswer => {
  const fault: FaultBean = { faultCode, faultString, id: EC_TE, ...(description !== undefined ? { description } : {}) };
  return { status, body: pafEnvelope(op.response.element, encodeAnswer(op, { outcome: 'KO', fault } satisfies Answer<never>)) };
};

const DUPLICATE = 'Errore mockato - caso PAA_PAGAMENTO_DUPLICATO';
const EXPIRED = 'Pagamento in attesa risulta scaduto all’Ente Creditore';
const UNKNOWN_ON_VERIFY = 'Payment unknown      ';
const UNKNOWN_ON_PAYMENT = 'Pagamento in attesa risulta sconosciuto all’Ente Creditore';
const UNKNOWN_ON_PAYMENT_DESCRIPTION = 'numero avviso deve iniziare con 3\\d\\d[00|01|02|03|04|05|06|07|08|09|10|11|12|13|14|15|16|99|98|97]';

export function verifyAnswer(r: PagopaRequest, opts: AnswerOptions): PagopaAnswer {
  const op = asAny(paVerifyPaymentNoticeOp);
  const nn = familyOf(r.noticeNumber);
  switch (nn) {
    case '95':
      return ko(op, 200, 'PAA_PAGAMENTO_DUPLICATO', DUPLICATE, DUPLICATE);
    case '96':
      return ko(op, 200, 'PAA_SINTASSI_XSD', 'messaggio xml non corretto', 'sintassi XSD errata');
    case '97':
      return ko(op, 404, 'NOT_REACHEABLE', 'EC Station not reacheable', 'EC Station not reacheable');
    case '98':
      // the slow answer: a verify for the notice's own EC
      return { ...ok(op, verifyRes(10000, '2021-07-31', true, r.fiscalCode ?? EC_TE)), delayMs: opts.timeoutDelayMs };
    case '99':
      return ko(op, 200, 'PAA_PAGAMENTO_SCADUTO', EXPIRED, `il numero avviso ${r.noticeNumber} e' scaduto`);
  }
  const f = nn === undefined ? undefined : FAMILIES[nn];
  if (!f) return ko(op, 404, 'PAA_PAGAMENTO_SCONOSCIUTO', UNKNOWN_ON_VERIFY, UNKNOWN_ON_VERIFY);
  return ok(op, verifyRes(f.verify.cents, f.verify.dueDate, f.verify.allCCP, EC_TE, f.verify.companyName));
}

function verifyRes(cents: number, dueDate: string, allCCP: boolean, fiscalCodePA: string, companyName: string = VERIFY_COMMON.companyName): PaVerifyPaymentNoticeRes {
  return {
    paymentList: [{ amountCents: cents, options: VERIFY_COMMON.options, dueDate, detailDescription: VERIFY_COMMON.detailDescription, allCCP }],
    paymentDescription: VERIFY_COMMON.paymentDescription,
    fiscalCodePA,
    companyName,
    officeName: VERIFY_COMMON.officeName,
  };
}

/**
 * paGetPayment and paGetPaymentV2. pagoPA's V2 handler crashes on every edge case but 95; here V2 answers
 * what V1 does (uat-environment.md §2.4), and differs only on family 27 (the stamp).
 */
export function paymentAnswer(r: PagopaRequest, v2: boolean, opts: AnswerOptions): PagopaAnswer {
  const op = asAny(v2 ? paGetPaymentV2Op : paGetPaymentOp);
  const nn = familyOf(r.noticeNumber);
  const notice = r.noticeNumber ?? '';
  switch (nn) {
    case '95':
      return ko(op, 200, 'PAA_PAGAMENTO_DUPLICATO', DUPLICATE, DUPLICATE);
    case '97':
      return ko(op, 404, 'PAA_SEMANTICA', 'Errore1', 'ErroreDesc');
    case '98':
      return { ...ok(op, { data: slowPayment(notice) }), delayMs: opts.timeoutDelayMs };
    case '99':
      return ko(op, 200, 'PAA_PAGAMENTO_SCADUTO', EXPIRED, `il numero avviso ${notice} e' scaduto`);
  }
  const f = nn === undefined ? undefined : FAMILIES[nn];
  if (!f) return ko(op, 200, 'PAA_PAGAMENTO_SCONOSCIUTO', UNKNOWN_ON_PAYMENT, UNKNOWN_ON_PAYMENT_DESCRIPTION);
  return ok(op, { data: v2 && nn === '27' ? family27V2(notice) : familyPayment(notice, f.payment) } satisfies PaGetPaymentRes);
}

const base = (notice: string, cents: number, dueDate: string, transfers: Transfer[], debtor: Subject = PAYMENT_COMMON.debtor): PaPaymentData => ({
  creditorReferenceId: notice.slice(1),
  paymentAmountCents: cents,
  dueDate,
  description: PAYMENT_COMMON.description,
  companyName: PAYMENT_COMMON.companyName,
  officeName: PAYMENT_COMMON.officeName,
  debtor,
  transfers,
});

function familyPayment(notice: string, p: Family['payment']): PaPaymentData {
  const transfers = p.transfers.map((x, i): Transfer => ({
    idTransfer: i + 1,
    transferAmountCents: x.cents,
    fiscalCodePA: ECS[x.ec].fiscalCode,
    IBAN: IBANS[x.iban],
    remittanceInformation: remittanceText(p, i),
    transferCategory: x.category2 ? CATEGORY_2 : CATEGORY,
  }));
  return base(notice, p.cents, p.dueDate ?? PAYMENT_COMMON.dueDate, transfers);
}

function family27V2(notice: string): PaPaymentData {
  const f = FAMILY_27_V2;
  const transfers = f.transfers.map((x, i): Transfer => {
    const t: Transfer = { idTransfer: i + 1, transferAmountCents: x.cents, fiscalCodePA: ECS[x.ec].fiscalCode, remittanceInformation: x.text, transferCategory: CATEGORY };
    if ('stamp' in x) t.richiestaMarcaDaBollo = x.stamp;
    else t.IBAN = IBANS[x.iban];
    return t;
  });
  return { ...base(notice, f.cents, f.dueDate, transfers, { ...PAYMENT_COMMON.debtor, streetName: f.streetName }), description: f.description };
}

/** Family 98's answer, after the delay: another debtor and texts than the families'. */
function slowPayment(notice: string): PaPaymentData {
  const transfers: Transfer[] = [
    { idTransfer: 1, transferAmountCents: 10000, fiscalCodePA: EC_TE, IBAN: IBANS.P1, remittanceInformation: 'TARI Comune EC_TE', transferCategory: CATEGORY },
    { idTransfer: 2, transferAmountCents: 2000, fiscalCodePA: ECS.MILANO.fiscalCode, IBAN: IBANS.P2, remittanceInformation: 'TEFA Comune Milano', transferCategory: CATEGORY_2 },
  ];
  const debtor: Subject = {
    entityUniqueIdentifierType: 'F',
    entityUniqueIdentifierValue: 'JHNDOE00A01F205N',
    fullName: 'John Doe',
    streetName: 'street',
    civicNumber: '12',
    postalCode: '89020',
    city: 'city',
    stateProvinceRegion: 'MI',
    email: 'john.doe@test.it',
  };
  return base(notice, 12000, PAYMENT_COMMON.dueDate, transfers, debtor);
}

/** paSendRT, paSendRTV2: always OK (pagoPA's mock keeps no state, so never a duplicate). */
export function receiptAnswer(v2: boolean): PagopaAnswer {
  return ok(asAny(v2 ? paSendRTV2Op : paSendRTOp), {});
}
