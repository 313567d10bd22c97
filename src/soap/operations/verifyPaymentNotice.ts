import type { VerifyPaymentNoticeReq, VerifyPaymentNoticeRes } from '../../nodo/primitives/verifyPaymentNotice';
import { list, optBool, optObj, optStr, str } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { credentialsTree, pspOptionTree, readPspOption, qrCodeTree, readCredentials, readQrCode } from './parts';

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
          paymentList: list(optObj(o, 'paymentList'), 'paymentOptionDescription').map(readPspOption),
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
        ['paymentList', r.paymentList.map((p): [string, XmlTree] => ['paymentOptionDescription', pspOptionTree(p)])],
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
