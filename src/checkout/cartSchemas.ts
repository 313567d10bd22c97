import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The body of POST /checkout/ec/v1/carts (CartRequest) and /v2/carts (CartRequestV2), as our own JSON
 * schemas, wire-compatible with the official checkout_v1.json / checkout_v2.json. Two deliberate
 * differences, both from the real service rather than its file: more than 5 notices is a 422 (checked
 * after the schema, so maxItems is left out here), and a return URL must be an absolute http(s) URL
 * (the file's examples, "www.comune…", are not: the real Checkout could not redirect to them either).
 * idCart is capped at 210 characters: the node relays it in paymentNote (stText210).
 */
const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);

export interface CartPaymentNotice {
  noticeNumber: string;
  fiscalCode: string;
  amount: number;
  companyName: string;
  description: string;
}
export interface CartRequest {
  emailNotice?: string;
  paymentNotices: CartPaymentNotice[];
  returnUrls: { returnOkUrl: string; returnCancelUrl: string; returnErrorUrl: string; returnWaitingUrl?: string };
  idCart?: string;
  allCCP?: boolean;
}

const text = (min: number, max: number) => ({ type: 'string', minLength: min, maxLength: max }) as const;
// format uri alone would let javascript:, data: or a relative path through
const returnUrl = { type: 'string', format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://[^/?#\\s]+', maxLength: 2048 } as const;
const RETURN_URLS = ['returnOkUrl', 'returnCancelUrl', 'returnErrorUrl'] as const;

function cartRequest(version: 1 | 2) {
  const urls = version === 2 ? [...RETURN_URLS, 'returnWaitingUrl'] : RETURN_URLS;
  return {
    type: 'object',
    required: ['paymentNotices', 'returnUrls'],
    properties: {
      emailNotice: { type: 'string', format: 'email', maxLength: 255 },
      paymentNotices: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['noticeNumber', 'fiscalCode', 'amount', 'companyName', 'description'],
          properties: {
            // the file says length 18 / 11; a notice number and an EC fiscal code are digits on the node's side
            noticeNumber: { ...text(18, 18), pattern: '^[0-9]{18}$' },
            fiscalCode: { ...text(11, 11), pattern: '^[0-9]{11}$' },
            amount: { type: 'integer', minimum: 1, maximum: 99_999_999_999 },
            companyName: text(0, 140),
            description: text(0, 140),
          },
        },
      },
      returnUrls: { type: 'object', required: urls, properties: Object.fromEntries(urls.map((u) => [u, returnUrl])) },
      // relayed to the EC as paymentNote, a stText210: a longer one could not reach it
      idCart: { type: 'string', minLength: 1, maxLength: 210 },
      allCCP: { type: 'boolean' },
    },
  };
}

export const validateCartV1 = ajv.compile<CartRequest>(cartRequest(1));
export const validateCartV2 = ajv.compile<CartRequest>(cartRequest(2));
export const MAX_CART_NOTICES = 5;
