import type { ActivatePaymentNoticeV2Req } from '../../nodo/primitives/activatePaymentNoticeV2';
import type { ActivateRes } from '../../nodo/primitives/activate';
import { optStr } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import { ACTIVATE_KEYS, activateAnswerKeys, activateReqTree, activateResTree, readActivateReq, readActivateRes } from './activatePaymentNotice';

/** nodeForPsp activatePaymentNoticeV2 (spec §3.3): V1 plus the fee inputs; V2 transfers and metadata in the answer. */
export const activatePaymentNoticeV2Op = defineOperation<ActivatePaymentNoticeV2Req, ActivateRes>({
  name: 'activatePaymentNoticeV2',
  iface: NODE_FOR_PSP,
  request: {
    element: 'activatePaymentNoticeV2Request',
    codec: {
      decode: (o) => {
        const r: ActivatePaymentNoticeV2Req = readActivateReq(o);
        const method = optStr(o, 'paymentMethod');
        if (method !== undefined) r.paymentMethod = method;
        const touchPoint = optStr(o, 'touchPoint');
        if (touchPoint !== undefined) r.touchPoint = touchPoint;
        return r;
      },
      encode: (r) => [...activateReqTree(r), ['paymentMethod', r.paymentMethod], ['touchPoint', r.touchPoint]],
    },
  },
  response: { element: 'activatePaymentNoticeV2Response', codec: { decode: readActivateRes, encode: (r) => activateResTree(r, true) } },
  keys: ACTIVATE_KEYS,
  answerKeys: activateAnswerKeys,
});
