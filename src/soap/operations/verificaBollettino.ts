import type { VerificaBollettinoReq, VerificaBollettinoRes } from '../../nodo/primitives/verificaBollettino';
import { bool, list, optObj, optStr, str } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import type { XmlTree } from '../xmlWriter';
import { credentialsTree, pspOptionTree, readPspOption, readCredentials } from './parts';

/** nodeForPsp verificaBollettino (spec §3.8): verify for Poste Italiane, the EC found from the postal account. */
export const verificaBollettinoOp = defineOperation<VerificaBollettinoReq, VerificaBollettinoRes>({
  name: 'verificaBollettino',
  iface: NODE_FOR_PSP,
  request: {
    element: 'verificaBollettinoReq',
    codec: {
      decode: (o) => ({ ...readCredentials(o), ccPost: str(o, 'ccPost'), noticeNumber: str(o, 'noticeNumber') }),
      encode: (r) => [...credentialsTree(r), ['ccPost', r.ccPost], ['noticeNumber', r.noticeNumber]],
    },
  },
  response: {
    element: 'verificaBollettinoRes',
    codec: {
      decode: (o) => {
        const r: VerificaBollettinoRes = {
          paymentBollettinoList: list(optObj(o, 'paymentBollettinoList'), 'paymentOptionDescription').map((p) => ({ ...readPspOption(p), allCCP: bool(p, 'allCCP') })),
          paymentDescription: str(o, 'paymentDescription'),
          fiscalCodePA: str(o, 'fiscalCodePA'),
          noticeNumber: str(o, 'noticeNumber'),
          companyName: str(o, 'companyName'),
        };
        const office = optStr(o, 'officeName');
        if (office !== undefined) r.officeName = office;
        return r;
      },
      encode: (r) => [
        ['paymentBollettinoList', r.paymentBollettinoList.map((p): [string, XmlTree] => ['paymentOptionDescription', [...pspOptionTree(p), ['allCCP', p.allCCP]]])],
        ['paymentDescription', r.paymentDescription],
        ['fiscalCodePA', r.fiscalCodePA],
        ['noticeNumber', r.noticeNumber],
        ['companyName', r.companyName],
        ['officeName', r.officeName],
      ],
    },
  },
  keys: { idPSP: ['idPSP'], idChannel: ['idChannel'], noticeNumber: ['noticeNumber'] },
  answerKeys: (r) => ({
    fiscalCode: r.fiscalCodePA,
    ...(r.pendingNotices ? { debtorOpenNotices: r.pendingNotices.count, debtorOpenAmountCents: r.pendingNotices.totalCents } : {}),
  }),
});
