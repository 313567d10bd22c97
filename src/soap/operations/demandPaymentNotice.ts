import type { DemandPaymentNoticeReq, DemandPaymentNoticeRes } from '../../nodo/primitives/demandPaymentNotice';
import { list, optObj, optStr, str } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { credentialsTree, pspOptionTree, readPspOption, qrCodeTree, readCredentials, readQrCode } from './parts';

/**
 * nodeForPsp demandPaymentNotice (spec §3.6): a spontaneous payment. The PSP names a service subject of
 * the catalogue and sends the service's specific data; the answer is a new notice (qrCode) with its
 * payment option, which the PSP then pays with activate as any other.
 */
export const demandPaymentNoticeOp = defineOperation<DemandPaymentNoticeReq, DemandPaymentNoticeRes>({
  name: 'demandPaymentNotice',
  iface: NODE_FOR_PSP,
  request: {
    element: 'demandPaymentNoticeRequest',
    codec: {
      decode: (o) => ({ ...readCredentials(o), idSoggettoServizio: str(o, 'idSoggettoServizio'), datiSpecificiServizio: str(o, 'datiSpecificiServizio') }),
      encode: (r) => [...credentialsTree(r), ['idSoggettoServizio', r.idSoggettoServizio], ['datiSpecificiServizio', r.datiSpecificiServizio]],
    },
  },
  response: {
    element: 'demandPaymentNoticeResponse',
    codec: {
      decode: (o) => {
        const r: DemandPaymentNoticeRes = {
          qrCode: readQrCode(o),
          paymentList: list(optObj(o, 'paymentList'), 'paymentOptionDescription').map(readPspOption),
          paymentDescription: str(o, 'paymentDescription'),
          fiscalCodePA: str(o, 'fiscalCodePA'),
          companyName: str(o, 'companyName'),
        };
        const office = optStr(o, 'officeName');
        if (office !== undefined) r.officeName = office;
        return r;
      },
      encode: (r) => [
        ['qrCode', qrCodeTree(r.qrCode)],
        ['paymentList', r.paymentList.map((p): [string, XmlTree] => ['paymentOptionDescription', pspOptionTree(p)])],
        ['paymentDescription', r.paymentDescription],
        ['fiscalCodePA', r.fiscalCodePA],
        ['companyName', r.companyName],
        ['officeName', r.officeName],
      ],
    },
  },
  keys: { idPSP: ['idPSP'], idChannel: ['idChannel'] },
  // the notice exists only once the EC has answered: the journal row is found by it all the same
  answerKeys: (r) => ({ fiscalCode: r.qrCode.fiscalCode, noticeNumber: r.qrCode.noticeNumber }),
});
