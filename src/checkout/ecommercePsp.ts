import { createHash } from 'node:crypto';
import type { NodoContext } from '../nodo/context';
import type { FaultBean } from '../nodo/faults';
import type { ActivatePaymentNoticeV2Req } from '../nodo/primitives/activatePaymentNoticeV2';
import type { PspCredentials } from '../nodo/registry';
import { activatePaymentNoticeV2Op } from '../soap/operations/activatePaymentNoticeV2';
import { sendPaymentOutcomeV2Op } from '../soap/operations/sendPaymentOutcomeV2';
import { verifyPaymentNoticeOp } from '../soap/operations/verifyPaymentNotice';
import type { SoapPipeline } from '../soap/pipeline';

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
 * HTTP hop. The pipeline journals every exchange like any PSP's, so the dashboard shows the checkout's
 * activations and outcome next to everyone else's. Requests and answers go through the descriptors.
 */
export function ecommercePsp(ctx: NodoContext, soap: Pick<SoapPipeline, 'call'>) {
  /** the channel's password from the registry: a registry without the e-commerce PSP gets the node's own fault */
  const credentials = (): PspCredentials => ({ ...ECOMMERCE_PSP, password: ctx.registry().channel(ECOMMERCE_PSP.idChannel)?.password ?? 'unknown-channel' });
  const fault = (f: FaultBean): { ok: false; fault: NodeFault } => ({
    ok: false,
    fault: {
      faultCode: f.faultCode || 'PPT_SYSTEM_ERROR',
      faultString: f.faultString,
      description: f.description ?? f.faultString,
      ...(f.originalFaultCode ? { originalFaultCode: f.originalFaultCode } : {}),
      ...(f.originalDescription ? { originalDescription: f.originalDescription } : {}),
    },
  });

  return {
    async verify(fiscalCode: string, noticeNumber: string): Promise<NodeAnswer<VerifiedNotice>> {
      const a = await soap.call(verifyPaymentNoticeOp, { ...credentials(), qrCode: { fiscalCode, noticeNumber } });
      if (a.outcome === 'KO') return fault(a.fault);
      const r = a.value;
      return {
        ok: true,
        value: {
          amountCents: r.paymentList[0]?.amountCents ?? 0,
          description: r.paymentDescription,
          companyName: r.companyName,
          ...(r.officeName ? { officeName: r.officeName } : {}),
          fiscalCodePA: r.fiscalCodePA || fiscalCode,
        },
      };
    },

    /** activatePaymentNoticeV2 with the cart's id as paymentNote (relayed to the EC's paGetPayment) and an idempotency key per cart notice. */
    async activate(
      n: { fiscalCode: string; noticeNumber: string; amountCents: number },
      cart: { id: string; paymentNote: string },
      position: number,
      method: string,
    ): Promise<NodeAnswer<{ paymentToken: string; totalAmountCents: number }>> {
      const req: ActivatePaymentNoticeV2Req = {
        ...credentials(),
        idempotencyKey: idempotencyKey(`${cart.id}/${position}/activate`),
        qrCode: { fiscalCode: n.fiscalCode, noticeNumber: n.noticeNumber },
        amountCents: n.amountCents,
        paymentNote: cart.paymentNote,
        paymentMethod: method,
        touchPoint: 'CHECKOUT',
      };
      const expiration = Number(ctx.registry().config['checkout.tokenExpirationMillis']);
      if (Number.isFinite(expiration)) req.expirationTime = expiration;
      const a = await soap.call(activatePaymentNoticeV2Op, req);
      if (a.outcome === 'KO') return fault(a.fault);
      return { ok: true, value: { paymentToken: a.value.paymentToken, totalAmountCents: a.value.totalAmountCents } };
    },

    /** One sendPaymentOutcomeV2 for every token of the cart (the checkout channel is a pagoPA touchpoint). */
    async outcome(cartId: string, tokens: string[], outcome: 'OK' | 'KO', d: OutcomeDetails): Promise<NodeAnswer<Record<string, never>>> {
      const a = await soap.call(sendPaymentOutcomeV2Op, {
        ...credentials(),
        idempotencyKey: idempotencyKey(`${cartId}/outcome/${outcome}`),
        paymentTokens: tokens,
        outcome,
        details: { paymentMethod: d.method === 'CP' ? 'creditCard' : 'other', paymentChannel: 'onLine', feeCents: d.feeCents, applicationDate: d.today, transferDate: d.today },
      });
      return a.outcome === 'OK' ? { ok: true, value: {} } : fault(a.fault);
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
