import type { OutcomeReq, OutcomeRes } from '../../nodo/primitives/outcome';
import { enumOf, obj, optObj, optStr, strings } from '../fields';
import { defineOperation, NODE_FOR_PSP } from '../operation';
import { credentialsTree, detailsTree, readCredentials, readDetails } from './parts';

/** nodeForPsp sendPaymentOutcomeV2 (spec §3.5): 1..5 tokens closed at once. */
export const sendPaymentOutcomeV2Op = defineOperation<OutcomeReq, OutcomeRes>({
  name: 'sendPaymentOutcomeV2',
  iface: NODE_FOR_PSP,
  request: {
    element: 'sendPaymentOutcomeV2Request',
    codec: {
      decode: (o) => {
        const r: OutcomeReq = { ...readCredentials(o), paymentTokens: strings(obj(o, 'paymentTokens'), 'paymentToken'), outcome: enumOf<'OK' | 'KO'>(o, 'outcome') };
        const key = optStr(o, 'idempotencyKey');
        if (key !== undefined) r.idempotencyKey = key;
        const d = readDetails(optObj(o, 'details'));
        if (d) r.details = d;
        return r;
      },
      encode: (r) => [
        ...credentialsTree(r),
        ['idempotencyKey', r.idempotencyKey],
        ['paymentTokens', r.paymentTokens.map((t): [string, string] => ['paymentToken', t])],
        ['outcome', r.outcome],
        ['details', r.details ? detailsTree(r.details, true) : undefined],
      ],
    },
  },
  response: { element: 'sendPaymentOutcomeV2Response', codec: { decode: () => ({}), encode: () => [] } },
  // the first token indexes the exchange; the request XML holds the others
  // the journal's notice number: the primitive's, from the (first) token
  answerKeys: (r) => (r.noticeNumber !== undefined ? { noticeNumber: r.noticeNumber } : {}),
  keys: { idPSP: ['idPSP'], idChannel: ['idChannel'], token: ['paymentTokens', 'paymentToken'] },
});
