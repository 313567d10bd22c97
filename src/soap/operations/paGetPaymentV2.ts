import { defineOperation, PA_FOR_NODE } from '../operation';
import { getPaymentReqTree, getPaymentResTree, readGetPaymentReq, readGetPaymentRes, type PaGetPaymentReq, type PaGetPaymentRes } from './paGetPayment';
import { PA_KEYS } from './paVerifyPaymentNotice';

/** paForNode paGetPaymentV2 (spec §4.3): as V1 with V2 transfers (companyName, stamps) and a mandatory companyName. */
export const paGetPaymentV2Op = defineOperation<PaGetPaymentReq, PaGetPaymentRes>({
  name: 'paGetPaymentV2',
  iface: PA_FOR_NODE,
  request: { element: 'paGetPaymentV2Request', codec: { decode: readGetPaymentReq, encode: getPaymentReqTree } },
  response: { element: 'paGetPaymentV2Response', codec: { decode: readGetPaymentRes, encode: (r) => getPaymentResTree(r, true) } },
  keys: PA_KEYS,
});
