import express from 'express';
import { DEMO_EC } from '../ec/demoPosition';
import type { NodoContext } from '../nodo/context';
import type { FaultBean } from '../nodo/faults';
import type { PspCredentials } from '../nodo/registry';
import type { Answer } from '../soap/operation';
import { activatePaymentNoticeOp } from '../soap/operations/activatePaymentNotice';
import { sendPaymentOutcomeOp } from '../soap/operations/sendPaymentOutcome';
import { verifyPaymentNoticeOp } from '../soap/operations/verifyPaymentNotice';
import type { SoapPipeline } from '../soap/pipeline';
import { demoRoute } from './demoRequest';
import { ProblemError } from './problems';

/** The demo registry's test PSP and its ATTIVATO_PRESSO_PSP channel (V1): the PSP a tester's own system would be. */
export const DEMO_PSP = { idPSP: '60000000001', idBrokerPSP: '60000000001', idChannel: '60000000001_01' } as const;

/** What POST /admin/demo-payment answers (201). */
export interface DemoPaymentView {
  noticeNumber: string;
  fiscalCode: string;
  token: string;
  amountCents: number;
  /** payment: the dashboard's timeline of the payment; token and journal: the admin API's views of it */
  links: { payment: string; token: string; journal: string };
}

/**
 * POST /admin/demo-payment: "pay a demo notice" in one call. A fresh notice is published as
 * /admin/demo-cart does (Comune di Test, remote station 66666666666_03 on the built-in mock EC), then
 * paid as the demo PSP through this process's own SOAP pipeline: verifyPaymentNotice →
 * activatePaymentNotice → sendPaymentOutcome OK. Every exchange is journaled like any PSP's, the EC
 * calls (paGetPayment, then the receipt) included, so the payment's timeline shows a whole model-3 flow.
 * A step the node answers KO (a mock EC override, a registry without the demo PSP) is a 422 naming the
 * step and its fault; the notice stays published.
 */
export function adminDemoPaymentRouter(ctx: NodoContext, soap: Pick<SoapPipeline, 'call'>): express.Router {
  const r = express.Router();
  r.post(
    '/demo-payment',
    ...demoRoute(ctx, async ({ noticeNumber, amountCents }, _req, res) => {
      // the channel's password from the registry: a registry without the demo PSP gets the node's own fault
      const creds: PspCredentials = { ...DEMO_PSP, password: ctx.registry().channel(DEMO_PSP.idChannel)?.password ?? 'unknown-channel' };
      const qrCode = { fiscalCode: DEMO_EC, noticeNumber };
      ok('verifyPaymentNotice', noticeNumber, await soap.call(verifyPaymentNoticeOp, { ...creds, qrCode }));
      const { paymentToken } = ok('activatePaymentNotice', noticeNumber, await soap.call(activatePaymentNoticeOp, { ...creds, qrCode, amountCents }));
      const today = ctx.clock.now().toISOString().slice(0, 10);
      ok(
        'sendPaymentOutcome',
        noticeNumber,
        await soap.call(sendPaymentOutcomeOp, {
          ...creds,
          paymentToken,
          outcome: 'OK',
          details: {
            paymentMethod: 'creditCard',
            paymentChannel: 'onLine',
            feeCents: 0,
            payer: { entityUniqueIdentifierType: 'F', entityUniqueIdentifierValue: 'RSSMRA80A01H501U', fullName: 'Mario Rossi' },
            applicationDate: today,
            transferDate: today,
          },
        }),
      );
      res.status(201).json({
        noticeNumber,
        fiscalCode: DEMO_EC,
        token: paymentToken,
        amountCents,
        links: { payment: `/#payments/${paymentToken}`, token: `/admin/tokens/${paymentToken}`, journal: `/admin/journal?noticeNumber=${noticeNumber}` },
      } satisfies DemoPaymentView);
    }),
  );
  return r;
}

/** The answer's value, or the 422 that says which step the node refused and why. */
function ok<T>(step: string, noticeNumber: string, a: Answer<T>): T {
  if (a.outcome === 'OK') return a.value;
  throw new ProblemError('unprocessable', `${step} of notice ${noticeNumber} answered KO: ${describe(a.fault)}; see GET /admin/journal?noticeNumber=${noticeNumber}`);
}

// the node's description of an EC fault (PPT_ERRORE_EMESSO_DA_PAA) already names the EC's code and text
const describe = (f: FaultBean) => `${f.faultCode}${f.description ? ` (${f.description})` : ''}`;
