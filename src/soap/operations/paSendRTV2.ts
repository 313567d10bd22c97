import { defineOperation, PA_FOR_NODE } from '../operation';
import { emptyPayload, readReceiptReq, receiptReqTree, RECEIPT_KEYS, type PaSendRTReq, type PaSendRTRes } from './paSendRT';

/** paForNode paSendRTV2 (spec §4.5): the receipt with V2 transfers (issued stamps) and the fee bundle fields. */
export const paSendRTV2Op = defineOperation<PaSendRTReq, PaSendRTRes>({
  name: 'paSendRTV2',
  iface: PA_FOR_NODE,
  request: { element: 'paSendRTV2Request', codec: { decode: readReceiptReq, encode: (r) => receiptReqTree(r, true) } },
  response: { element: 'paSendRTV2Response', codec: emptyPayload },
  keys: RECEIPT_KEYS,
});
