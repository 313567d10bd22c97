import type { VerifyPaymentNoticeReq, VerifyPaymentNoticeRes } from '../../nodo/primitives/verifyPaymentNotice';
import { amount, list, optBool, optDate, optObj, optStr, str } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { credentialsTree, money, qrCodeTree, readCredentials, readQrCode } from './parts';

/** nodeForPsp verifyPaymentNotice (spec §3.1): the notice's payment options, nothing locked. */
export const verifyPaymentNoticeOp = defineOperation<VerifyPaymentNoticeReq, VerifyPaymentNoticeRes>({
  name: 'verifyPaymentNotice',
  iface: NODE_FOR_PSP,
  request: {
    element: 'verifyPaymentNoticeReq',
    codec: {
      decode: (o) => ({ ...readCredentials(o), qrCode: readQrCode(o) }),
      encode: (r) => [...credentialsTree(r), ['qrCode', qrCodeTree(r.qrCode)]],
    },
  },
  response: {
    element: 'verifyPaymentNoticeRes',
    codec: {
      decode: (o) => {
        const r: VerifyPaymentNoticeRes = {
          paymentList: list(optObj(o, 'paymentList'), 'paymentOptionDescription').map((p) => {
            const option: VerifyPaymentNoticeRes['paymentList'][number] = { amountCents: amount(p, 'amount'), options: str(p, 'options') };
            const due = optDate(p, 'dueDate');
            if (due !== undefined) option.dueDate = due;
            const note = optStr(p, 'paymentNote');
            if (note !== undefined) option.paymentNote = note;
            return option;
          }),
          paymentDescription: str(o, 'paymentDescription'),
          fiscalCodePA: str(o, 'fiscalCodePA'),
          companyName: str(o, 'companyName'),
        };
        const office = optStr(o, 'officeName');
        if (office !== undefined) r.officeName = office;
        if (optBool(o, 'standin')) r.standin = true;
        return r;
      },
      encode: (r) => [
        [
          'paymentList',
          r.paymentList.map((p): [string, XmlTree] => [
            'paymentOptionDescription',
            [
              ['amount', money(p.amountCents)],
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
    },
  },
  keys: { idPSP: ['idPSP'], idChannel: ['idChannel'], fiscalCode: ['qrCode', 'fiscalCode'], noticeNumber: ['qrCode', 'noticeNumber'] },
  answerKeys: (r) => (r.pendingNotices ? { debtorOpenNotices: r.pendingNotices.count, debtorOpenAmountCents: r.pendingNotices.totalCents } : {}),
});
