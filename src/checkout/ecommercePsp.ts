import { createHash } from 'node:crypto';
import type { NodoContext } from '../nodo/context';
import { formatAmount, parseAmount } from '../nodo/money';
import type { OperationName } from '../nodo/primitives';
import { parseEnvelope } from '../soap/envelope';
import { toObject, type XmlObject } from '../soap/libxml';
import type { SoapExchange } from '../soap/router';
import { responseEnvelope, type XmlTree } from '../soap/xmlWriter';
import type { JournalWriter } from '../store/journal';

/** pagoPA's e-commerce PSP, broker and checkout channel (demo registry): who the checkout page pays as. */
export const ECOMMERCE_PSP = { idPSP: '36892710904', idBrokerPSP: '36892710904', idChannel: '36892710904_02' } as const;

export interface NodeFault {
  faultCode: string;
  faultString: string;
  description: string;
  originalFaultCode?: string;
  originalDescription?: string;
}
export type NodeAnswer<T> = { ok: true; value: T } | { ok: false; fault: NodeFault };

export interface VerifiedNotice {
  amountCents: number;
  description: string;
  companyName: string;
  officeName?: string;
  fiscalCodePA: string;
}

export interface OutcomeDetails {
  /** stPaymentMethodFee of the simulated method (CP, PPAL, …) */
  method: string;
  feeCents: number;
  /** the day the payment was booked, yyyy-mm-dd */
  today: string;
}

/**
 * The checkout page's way into the node: real nodeForPsp SOAP requests, as pagoPA's e-commerce sends
 * them, through this process's own SOAP pipeline (XSD gate, primitives, journal) without a loopback
 * HTTP hop. Every exchange lands in the journal like any PSP's, so the dashboard shows the checkout's
 * activations and outcome next to everyone else's.
 */
export function ecommercePsp(ctx: NodoContext, soap: (body: string, action: string) => Promise<SoapExchange>, journal: JournalWriter) {
  async function call(op: OperationName, wrapper: string, body: XmlTree, responseEl: string): Promise<NodeAnswer<XmlObject>> {
    const channel = ctx.registry().channel(ECOMMERCE_PSP.idChannel);
    // the channel's password from the registry: a registry without the e-commerce PSP gets the node's own fault
    const credentials: XmlTree = [['idPSP', ECOMMERCE_PSP.idPSP], ['idBrokerPSP', ECOMMERCE_PSP.idBrokerPSP], ['idChannel', ECOMMERCE_PSP.idChannel], ['password', channel?.password ?? 'unknown-channel']];
    // responseEnvelope writes <nfpsp:wrapper> in the nodeForPsp namespace: a request has the same shape
    const ex = await soap(responseEnvelope(wrapper, [...credentials, ...body]), op);
    journal.append(ex.journal);
    const parsed = parseEnvelope(ex.body);
    if (parsed.kind !== 'parsed' || !parsed.bodyChild || parsed.bodyChild.name !== responseEl) {
      if (parsed.kind === 'parsed') parsed.doc.dispose();
      return { ok: false, fault: { faultCode: 'PPT_SYSTEM_ERROR', faultString: 'Errore generico.', description: `unexpected answer to ${op}` } };
    }
    try {
      const o = toObject(parsed.bodyChild);
      if (text(o, 'outcome') === 'OK') return { ok: true, value: o };
      const f = child(o, 'fault') ?? {};
      return {
        ok: false,
        fault: {
          faultCode: text(f, 'faultCode') ?? 'PPT_SYSTEM_ERROR',
          faultString: text(f, 'faultString') ?? '',
          description: text(f, 'description') ?? text(f, 'faultString') ?? '',
          ...(text(f, 'originalFaultCode') ? { originalFaultCode: text(f, 'originalFaultCode') } : {}),
          ...(text(f, 'originalDescription') ? { originalDescription: text(f, 'originalDescription') } : {}),
        },
      };
    } finally {
      parsed.doc.dispose();
    }
  }

  return {
    async verify(fiscalCode: string, noticeNumber: string): Promise<NodeAnswer<VerifiedNotice>> {
      const a = await call('verifyPaymentNotice', 'verifyPaymentNoticeReq', [['qrCode', [['fiscalCode', fiscalCode], ['noticeNumber', noticeNumber]]]], 'verifyPaymentNoticeRes');
      if (!a.ok) return a;
      const option = child(child(a.value, 'paymentList') ?? {}, 'paymentOptionDescription') ?? {};
      return {
        ok: true,
        value: {
          amountCents: parseAmount(text(option, 'amount') ?? '0.00'),
          description: text(a.value, 'paymentDescription') ?? '',
          companyName: text(a.value, 'companyName') ?? '',
          ...(text(a.value, 'officeName') ? { officeName: text(a.value, 'officeName') } : {}),
          fiscalCodePA: text(a.value, 'fiscalCodePA') ?? fiscalCode,
        },
      };
    },

    /** activatePaymentNoticeV2 with the cart's id as paymentNote (relayed to the EC's paGetPayment) and an idempotency key per cart notice. */
    async activate(n: { fiscalCode: string; noticeNumber: string; amountCents: number }, cart: { id: string; paymentNote: string }, position: number, method: string): Promise<NodeAnswer<{ paymentToken: string; totalAmountCents: number }>> {
      const a = await call(
        'activatePaymentNoticeV2',
        'activatePaymentNoticeV2Request',
        [
          ['idempotencyKey', idempotencyKey(`${cart.id}/${position}/activate`)],
          ['qrCode', [['fiscalCode', n.fiscalCode], ['noticeNumber', n.noticeNumber]]],
          ['expirationTime', ctx.registry().config['checkout.tokenExpirationMillis']],
          ['amount', formatAmount(n.amountCents)],
          ['paymentNote', cart.paymentNote],
          ['paymentMethod', method],
          ['touchPoint', 'CHECKOUT'],
        ],
        'activatePaymentNoticeV2Response',
      );
      if (!a.ok) return a;
      const total = text(a.value, 'totalAmount');
      return { ok: true, value: { paymentToken: text(a.value, 'paymentToken') ?? '', totalAmountCents: total ? parseAmount(total) : n.amountCents } };
    },

    /** One sendPaymentOutcomeV2 for every token of the cart (the checkout channel is a pagoPA touchpoint). */
    async outcome(cartId: string, tokens: string[], outcome: 'OK' | 'KO', d: OutcomeDetails): Promise<NodeAnswer<Record<string, never>>> {
      const details: XmlTree = [
        ['paymentMethod', d.method === 'CP' ? 'creditCard' : 'other'],
        ['paymentChannel', 'onLine'],
        ['fee', formatAmount(d.feeCents)],
        ['applicationDate', d.today],
        ['transferDate', d.today],
      ];
      const a = await call(
        'sendPaymentOutcomeV2',
        'sendPaymentOutcomeV2Request',
        [['idempotencyKey', idempotencyKey(`${cartId}/outcome/${outcome}`)], ['paymentTokens', tokens.map((t): [string, string] => ['paymentToken', t])], ['outcome', outcome], ['details', details]],
        'sendPaymentOutcomeV2Response',
      );
      return a.ok ? { ok: true, value: {} } : a;
    },
  };
}
export type EcommercePsp = ReturnType<typeof ecommercePsp>;

/**
 * `<idPSP>_<10 alphanumerics>` derived from what is being done: a request repeated after a crash (the
 * cart's lease taken over) replays the node's first answer instead of activating twice.
 */
function idempotencyKey(what: string): string {
  return `${ECOMMERCE_PSP.idPSP}_${createHash('sha256').update(what).digest('base64url').replace(/[-_]/g, '').slice(0, 10).padEnd(10, '0')}`;
}

function child(o: XmlObject, name: string): XmlObject | undefined {
  const v = o[name]?.[0];
  return typeof v === 'object' ? v : undefined;
}
function text(o: XmlObject, name: string): string | undefined {
  const v = o[name]?.[0];
  return typeof v === 'string' ? v : undefined;
}
