import type { DebtorPosition, PaGetPaymentsByDebtorReq, PaGetPaymentsByDebtorRes } from '../../nodo/primitives/paGetPaymentsByDebtor';
import { amount, bool, collapse, date, int, list, obj, optDate, optObj, optStr, str } from '../fields';
import type { XmlObject } from '../libxml';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { credentialsTree, money, readCredentials, readSubject, subjectTree } from './parts';

/**
 * An optional element with an XSD default (status UNPAID, limit 50, page 0): absent, or present and
 * empty, it has the default value (XSD Part 1 §3.3.1: a default applies to an element with no content;
 * libxml2 and Xerces validate `<status/>` as the default). Blanks collapse for the xs:int ones.
 */
function withDefault(o: XmlObject, name: string, dflt: string): string {
  const v = optStr(o, name);
  return v === undefined || v === '' ? dflt : v;
}

/** Our extension (spec §9.4), declared in our WSDL/XSD only: the notices a debtor owes, paged. */
export const paGetPaymentsByDebtorOp = defineOperation<PaGetPaymentsByDebtorReq, PaGetPaymentsByDebtorRes>({
  name: 'paGetPaymentsByDebtor',
  iface: NODE_FOR_PSP,
  request: {
    element: 'paGetPaymentsByDebtorRequest',
    codec: {
      decode: (o) => {
        const d = obj(o, 'debtor');
        const r: PaGetPaymentsByDebtorReq = {
          ...readCredentials(o),
          debtor: { entityUniqueIdentifierType: str(d, 'entityUniqueIdentifierType') as 'F' | 'G', entityUniqueIdentifierValue: str(d, 'entityUniqueIdentifierValue') },
          status: withDefault(o, 'status', 'UNPAID') as PaGetPaymentsByDebtorReq['status'],
          limit: Number(collapse(withDefault(o, 'limit', '50'))),
          page: Number(collapse(withDefault(o, 'page', '0'))),
        };
        const ec = optStr(o, 'fiscalCodePA');
        if (ec !== undefined) r.fiscalCodePA = ec;
        const due = optDate(o, 'dueDateFrom');
        if (due !== undefined) r.dueDateFrom = due;
        return r;
      },
      encode: (r) => [
        ...credentialsTree(r),
        [
          'debtor',
          [
            ['entityUniqueIdentifierType', r.debtor.entityUniqueIdentifierType],
            ['entityUniqueIdentifierValue', r.debtor.entityUniqueIdentifierValue],
          ],
        ],
        ['fiscalCodePA', r.fiscalCodePA],
        ['dueDateFrom', r.dueDateFrom],
        ['status', r.status],
        ['limit', r.limit],
        ['page', r.page],
      ],
    },
  },
  response: {
    element: 'paGetPaymentsByDebtorResponse',
    codec: {
      decode: (o) => {
        const p = obj(o, 'pageInfo');
        return {
          pageInfo: { page: int(p, 'page'), limit: int(p, 'limit'), itemsFound: int(p, 'itemsFound'), totalPages: int(p, 'totalPages') },
          positions: list(optObj(o, 'positionList'), 'position').map(readPosition),
        };
      },
      encode: (r) => [
        [
          'pageInfo',
          [
            ['page', r.pageInfo.page],
            ['limit', r.pageInfo.limit],
            ['itemsFound', r.pageInfo.itemsFound],
            ['totalPages', r.pageInfo.totalPages],
          ],
        ],
        ['positionList', r.positions.map((p): [string, XmlTree] => ['position', positionTree(p)])],
      ],
    },
  },
  keys: { idPSP: ['idPSP'], idChannel: ['idChannel'], fiscalCode: ['fiscalCodePA'] },
});

function positionTree(p: DebtorPosition): XmlTree {
  return [
    ['fiscalCodePA', p.fiscalCodePA],
    ['companyName', p.companyName],
    ['debtor', subjectTree(p.debtor)],
    ['status', p.status],
    [
      'paymentOptionList',
      p.paymentOptions.map((o): [string, XmlTree] => [
        'paymentOption',
        [
          ['description', o.description],
          ['numberOfInstallments', o.numberOfInstallments],
          ['amount', money(o.amountCents)],
          ['dueDate', o.dueDate],
          ['isPartialPayment', o.isPartialPayment],
          [
            'installmentList',
            o.installments.map((i): [string, XmlTree] => [
              'installment',
              [
                ['noticeNumber', i.noticeNumber],
                ['creditorReferenceId', i.creditorReferenceId],
                ['amount', money(i.amountCents)],
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

function readPosition(p: XmlObject): DebtorPosition {
  return {
    fiscalCodePA: str(p, 'fiscalCodePA'),
    companyName: str(p, 'companyName'),
    debtor: readSubject(obj(p, 'debtor')),
    status: str(p, 'status'),
    paymentOptions: list(optObj(p, 'paymentOptionList'), 'paymentOption').map((o) => {
      const option: DebtorPosition['paymentOptions'][number] = {
        description: str(o, 'description'),
        numberOfInstallments: int(o, 'numberOfInstallments'),
        amountCents: amount(o, 'amount'),
        isPartialPayment: bool(o, 'isPartialPayment'),
        installments: list(optObj(o, 'installmentList'), 'installment').map((i) => ({
          noticeNumber: str(i, 'noticeNumber'),
          creditorReferenceId: str(i, 'creditorReferenceId'),
          amountCents: amount(i, 'amount'),
          description: str(i, 'description'),
          dueDate: date(i, 'dueDate'),
          status: str(i, 'status'),
        })),
      };
      const due = optDate(o, 'dueDate');
      if (due !== undefined) option.dueDate = due;
      return option;
    }),
  };
}
