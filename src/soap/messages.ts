import type { XmlObject } from './libxml';
import type { XmlTree } from './xmlWriter';
import { formatAmount, parseAmount } from '../nodo/money';
import type { FaultBean } from '../nodo/faults';
import type { OperationName } from '../nodo/primitives';
import type { ActivateReq, ActivateRes } from '../nodo/primitives/activate';
import type { ActivatePaymentNoticeV2Req } from '../nodo/primitives/activatePaymentNoticeV2';
import type { OutcomeReq } from '../nodo/primitives/outcome';
import type { DebtorPosition, PaGetPaymentsByDebtorReq, PaGetPaymentsByDebtorRes } from '../nodo/primitives/paGetPaymentsByDebtor';
import type { SendPaymentOutcomeReq } from '../nodo/primitives/sendPaymentOutcome';
import type { VerifyPaymentNoticeReq, VerifyPaymentNoticeRes } from '../nodo/primitives/verifyPaymentNotice';
import type { OutcomeDetails, Transfer } from '../nodo/types';
import { metadataTree, readSubject } from './xmlTrees';

/**
 * The codec between XSD-valid Body children and the primitives' typed requests/responses. Decoders may
 * trust the structure (the XSD gate ran first); encoders write children in XSD sequence order.
 */

// ---- reading ---------------------------------------------------------------------------------------
const text = (o: XmlObject, name: string): string => o[name][0] as string;
const opt = (o: XmlObject, name: string): string | undefined => o[name]?.[0] as string | undefined;
const obj = (o: XmlObject, name: string): XmlObject => o[name][0] as XmlObject;
const optObj = (o: XmlObject, name: string): XmlObject | undefined => o[name]?.[0] as XmlObject | undefined;
const all = (o: XmlObject | undefined, name: string): XmlObject[] => (o?.[name] ?? []) as XmlObject[];

function credentials(o: XmlObject) {
  return { idPSP: text(o, 'idPSP'), idBrokerPSP: text(o, 'idBrokerPSP'), idChannel: text(o, 'idChannel'), password: text(o, 'password') };
}

function qrCode(o: XmlObject) {
  const q = obj(o, 'qrCode');
  return { fiscalCode: text(q, 'fiscalCode'), noticeNumber: text(q, 'noticeNumber') };
}


function details(o: XmlObject | undefined): OutcomeDetails | undefined {
  if (!o) return undefined;
  const d: OutcomeDetails = {
    paymentMethod: text(o, 'paymentMethod'),
    feeCents: parseAmount(text(o, 'fee')),
    applicationDate: text(o, 'applicationDate'),
    transferDate: text(o, 'transferDate'),
  };
  const channel = opt(o, 'paymentChannel');
  if (channel !== undefined) d.paymentChannel = channel;
  const ciFee = opt(o, 'primaryCiIncurredFee');
  if (ciFee !== undefined) d.primaryCiIncurredFeeCents = parseAmount(ciFee);
  const idBundle = opt(o, 'idBundle');
  if (idBundle !== undefined) d.idBundle = idBundle;
  const idCiBundle = opt(o, 'idCiBundle');
  if (idCiBundle !== undefined) d.idCiBundle = idCiBundle;
  const payer = optObj(o, 'payer');
  if (payer) d.payer = readSubject(payer);
  const stamps = all(optObj(o, 'marcheDaBollo'), 'marcaDaBollo');
  if (stamps.length) d.marcheDaBollo = stamps.map((m) => ({ paymentToken: text(m, 'paymentToken'), idTransfer: Number(text(m, 'idTransfer')), MBDAttachment: text(m, 'MBDAttachment') }));
  return d;
}

function activateReq(o: XmlObject): ActivateReq {
  const r: ActivateReq = { ...credentials(o), qrCode: qrCode(o), amountCents: parseAmount(text(o, 'amount')) };
  const key = opt(o, 'idempotencyKey');
  if (key !== undefined) r.idempotencyKey = key;
  const exp = opt(o, 'expirationTime');
  if (exp !== undefined) r.expirationTime = Number(exp);
  const due = opt(o, 'dueDate');
  if (due !== undefined) r.dueDate = due;
  const note = opt(o, 'paymentNote');
  if (note !== undefined) r.paymentNote = note;
  return r;
}

function outcomeCommon(o: XmlObject) {
  const r = { ...credentials(o), outcome: text(o, 'outcome') as 'OK' | 'KO' } as Omit<OutcomeReq, 'paymentTokens'>;
  const key = opt(o, 'idempotencyKey');
  if (key !== undefined) r.idempotencyKey = key;
  const d = details(optObj(o, 'details'));
  if (d) r.details = d;
  return r;
}

export const DECODERS: Record<OperationName, (o: XmlObject) => unknown> = {
  verifyPaymentNotice: (o): VerifyPaymentNoticeReq => ({ ...credentials(o), qrCode: qrCode(o) }),
  activatePaymentNotice: activateReq,
  activatePaymentNoticeV2: (o): ActivatePaymentNoticeV2Req => {
    const r: ActivatePaymentNoticeV2Req = activateReq(o);
    const method = opt(o, 'paymentMethod');
    if (method !== undefined) r.paymentMethod = method;
    const touchPoint = opt(o, 'touchPoint');
    if (touchPoint !== undefined) r.touchPoint = touchPoint;
    return r;
  },
  sendPaymentOutcome: (o): SendPaymentOutcomeReq => ({ ...outcomeCommon(o), paymentToken: text(o, 'paymentToken') }),
  sendPaymentOutcomeV2: (o): OutcomeReq => ({ ...outcomeCommon(o), paymentTokens: (obj(o, 'paymentTokens').paymentToken as string[]).slice() }),
  paGetPaymentsByDebtor: (o): PaGetPaymentsByDebtorReq => {
    const d = obj(o, 'debtor');
    const r: PaGetPaymentsByDebtorReq = {
      ...credentials(o),
      debtor: { entityUniqueIdentifierType: text(d, 'entityUniqueIdentifierType') as 'F' | 'G', entityUniqueIdentifierValue: text(d, 'entityUniqueIdentifierValue') },
      // the XSD defaults (status UNPAID, limit 50, page 0); xsd:int allows surrounding blanks and a sign
      status: (opt(o, 'status')?.trim() as 'UNPAID' | 'ALL' | undefined) ?? 'UNPAID',
      limit: Number(opt(o, 'limit') ?? 50),
      page: Number(opt(o, 'page') ?? 0),
    };
    const ec = opt(o, 'fiscalCodePA');
    if (ec !== undefined) r.fiscalCodePA = ec;
    const due = opt(o, 'dueDateFrom');
    if (due !== undefined) r.dueDateFrom = due.trim();
    return r;
  },
};

/** Fields the journal indexes, read from the raw request object (present even when the request is KO). */
export function journalKeys(o: XmlObject): { idPSP?: string; idChannel?: string; fiscalCode?: string; noticeNumber?: string; token?: string } {
  const q = optObj(o, 'qrCode');
  const tokens = optObj(o, 'paymentTokens');
  return {
    idPSP: opt(o, 'idPSP'),
    idChannel: opt(o, 'idChannel'),
    fiscalCode: q && typeof q === 'object' ? opt(q, 'fiscalCode') : undefined,
    noticeNumber: q && typeof q === 'object' ? opt(q, 'noticeNumber') : undefined,
    token: opt(o, 'paymentToken') ?? (tokens && typeof tokens === 'object' ? opt(tokens, 'paymentToken') : undefined),
  };
}

// ---- writing ---------------------------------------------------------------------------------------
const amount = (cents: number | undefined) => (cents === undefined ? undefined : formatAmount(cents));

export function faultTree(f: FaultBean): XmlTree {
  return [
    ['faultCode', f.faultCode],
    ['faultString', f.faultString],
    ['id', f.id],
    ['description', f.description],
    ['serial', f.serial],
    ['originalFaultCode', f.originalFaultCode],
    ['originalFaultString', f.originalFaultString],
    ['originalDescription', f.originalDescription],
  ];
}


function transferV1(t: Transfer): XmlTree {
  return [
    ['idTransfer', t.idTransfer],
    ['transferAmount', amount(t.transferAmountCents)],
    ['fiscalCodePA', t.fiscalCodePA],
    ['IBAN', t.IBAN],
    ['remittanceInformation', t.remittanceInformation],
    ['metadata', metadataTree(t.metadata)],
  ];
}

function transferV2(t: Transfer): XmlTree {
  const stamp = t.richiestaMarcaDaBollo;
  return [
    ['idTransfer', t.idTransfer],
    ['transferAmount', amount(t.transferAmountCents)],
    ['fiscalCodePA', t.fiscalCodePA],
    ['companyName', t.companyName],
    ['IBAN', stamp ? undefined : t.IBAN],
    ['richiestaMarcaDaBollo', stamp ? [['hashDocumento', stamp.hashDocumento], ['tipoBollo', stamp.tipoBollo], ['provinciaResidenza', stamp.provinciaResidenza]] : undefined],
    ['remittanceInformation', t.remittanceInformation],
    ['transferCategory', t.transferCategory],
    ['metadata', metadataTree(t.metadata)],
  ];
}

function activateRes(r: ActivateRes, v2: boolean): XmlTree {
  return [
    ['totalAmount', amount(r.totalAmountCents)],
    ['paymentDescription', r.paymentDescription],
    ['fiscalCodePA', r.fiscalCodePA],
    ['companyName', r.companyName],
    ['officeName', r.officeName],
    ['paymentToken', r.paymentToken],
    ['transferList', r.transferList.map((t): [string, XmlTree] => ['transfer', v2 ? transferV2(t) : transferV1(t)])],
    ['metadata', v2 ? metadataTree(r.metadata) : undefined],
    ['creditorReferenceId', r.creditorReferenceId],
    ['standin', r.standin],
  ];
}

/** OK payloads, after `outcome`; a KO is outcome + fault only (payload omitted). */
export const ENCODERS: Record<OperationName, (res: never) => XmlTree> = {
  verifyPaymentNotice: (r: VerifyPaymentNoticeRes) => [
    [
      'paymentList',
      r.paymentList.map((p): [string, XmlTree] => [
        'paymentOptionDescription',
        [
          ['amount', amount(p.amountCents)],
          ['options', p.options],
          ['dueDate', p.dueDate],
          ['paymentNote', p.paymentNote],
        ],
      ]),
    ],
    ['paymentDescription', r.paymentDescription],
    ['fiscalCodePA', r.fiscalCodePA],
    ['companyName', r.companyName],
    ['officeName', r.officeName],
    ['standin', r.standin],
  ],
  activatePaymentNotice: (r: ActivateRes) => activateRes(r, false),
  activatePaymentNoticeV2: (r: ActivateRes) => activateRes(r, true),
  sendPaymentOutcome: () => [],
  sendPaymentOutcomeV2: () => [],
  paGetPaymentsByDebtor: (r: PaGetPaymentsByDebtorRes) => [
    ['pageInfo', [['page', r.pageInfo.page], ['limit', r.pageInfo.limit], ['itemsFound', r.pageInfo.itemsFound], ['totalPages', r.pageInfo.totalPages]]],
    ['positionList', r.positions.map((p): [string, XmlTree] => ['position', debtorPosition(p)])],
  ],
};

function debtorPosition(p: DebtorPosition): XmlTree {
  const d = p.debtor;
  return [
    ['fiscalCodePA', p.fiscalCodePA],
    ['companyName', p.companyName],
    [
      'debtor',
      [
        ['uniqueIdentifier', [['entityUniqueIdentifierType', d.entityUniqueIdentifierType], ['entityUniqueIdentifierValue', d.entityUniqueIdentifierValue]]],
        ['fullName', d.fullName],
        ['streetName', d.streetName],
        ['civicNumber', d.civicNumber],
        ['postalCode', d.postalCode],
        ['city', d.city],
        ['stateProvinceRegion', d.stateProvinceRegion],
        ['country', d.country],
        ['e-mail', d.email],
      ],
    ],
    ['status', p.status],
    [
      'paymentOptionList',
      p.paymentOptions.map((o): [string, XmlTree] => [
        'paymentOption',
        [
          ['description', o.description],
          ['numberOfInstallments', o.numberOfInstallments],
          ['amount', amount(o.amountCents)],
          ['dueDate', o.dueDate],
          ['isPartialPayment', o.isPartialPayment],
          [
            'installmentList',
            o.installments.map((i): [string, XmlTree] => [
              'installment',
              [
                ['noticeNumber', i.noticeNumber],
                ['creditorReferenceId', i.creditorReferenceId],
                ['amount', amount(i.amountCents)],
                ['description', i.description],
                ['dueDate', i.dueDate],
                ['status', i.status],
              ],
            ]),
          ],
        ],
      ]),
    ],
  ];
}
