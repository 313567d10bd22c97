import type { OutcomeRes } from '../../nodo/primitives/outcome';
import type { SendPaymentOutcomeReq } from '../../nodo/primitives/sendPaymentOutcome';
import { enumOf, optObj, optStr, str } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import { credentialsTree, detailsTree, readCredentials, readDetails } from './parts';

/** nodeForPsp sendPaymentOutcome (spec §3.4): one token closed OK or KO; the answer is outcome only. */
export const sendPaymentOutcomeOp = defineOperation<SendPaymentOutcomeReq, OutcomeRes>({
  name: 'sendPaymentOutcome',
  iface: NODE_FOR_PSP,
  request: {
    element: 'sendPaymentOutcomeReq',
    codec: {
      decode: (o) => {
        const r: SendPaymentOutcomeReq = { ...readCredentials(o), paymentToken: str(o, 'paymentToken'), outcome: enumOf<'OK' | 'KO'>(o, 'outcome') };
        const key = optStr(o, 'idempotencyKey');
        if (key !== undefined) r.idempotencyKey = key;
        const d = readDetails(optObj(o, 'details'));
        if (d) r.details = d;
        return r;
      },
      encode: (r) => [
        ...credentialsTree(r),
        ['idempotencyKey', r.idempotencyKey],
        ['paymentToken', r.paymentToken],
        ['outcome', r.outcome],
        ['details', r.details ? detailsTree(r.details, false) : undefined],
      ],
    },
  },
  response: { element: 'sendPaymentOutcomeRes', codec: { decode: () => ({}), encode: () => [] } },
  // the journal's notice number: the primitive's, from the (first) token
  answerKeys: (r) => (r.noticeNumber !== undefined ? { noticeNumber: r.noticeNumber } : {}),
  keys: { idPSP: ['idPSP'], idChannel: ['idChannel'], token: ['paymentToken'] },
});
