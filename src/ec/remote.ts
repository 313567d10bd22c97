import type { NodoContext } from '../nodo/context';
import { StationFailure } from '../nodo/faults';
import type { Station } from '../nodo/registryModel';
import { checkDemandAnswer, paDemandPaymentNoticeOp } from '../soap/operations/paDemandPaymentNotice';
import { callHead, checkPaymentAnswer, getPaymentRequest, paGetPaymentOp } from '../soap/operations/paGetPayment';
import { paGetPaymentV2Op } from '../soap/operations/paGetPaymentV2';
import { checkVerifyAnswer, paVerifyPaymentNoticeOp } from '../soap/operations/paVerifyPaymentNotice';
import type { EcBackend } from './backend';
import { callStation, type StationCall } from './outbound';
import { DEFAULT_TIMEOUTS } from './stationClient';

/**
 * A creditor institution's own paForNode endpoint (GovPay, an intermediary, the built-in mock EC): the
 * node calls it as pagoPA's does, paVerifyPaymentNotice for verify, paGetPayment or paGetPaymentV2
 * (per the station/association primitive version) for an activation, paDemandPaymentNotice for a
 * spontaneous payment, through the outbound pipeline
 * (ec/outbound.ts), which journals every exchange. Failures are thrown as EcFault (the EC's own KO) or
 * StationFailure (no usable answer); Stand-In and the PSP-side fault are decided by the caller
 * (nodo/primitives/ecCalls.ts).
 */
export function remoteBackend(ctx: NodoContext): EcBackend {
  async function exchange<Req, Res, Out>(station: Station, c: Omit<StationCall<Req, Res, Out>, 'url' | 'stationCode'>): Promise<Out> {
    const url = station.backend.url;
    // the registry loader refuses a remote station without url: this is only a guard for hand-made snapshots
    if (!url) throw new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `station ${station.stationCode} has no endpoint url`);
    const r = await callStation(ctx, { ...c, url, stationCode: station.stationCode });
    if (!r.ok) throw r.failure;
    return r.value;
  }

  return {
    verify(call) {
      return exchange(call.ec.station, {
        op: paVerifyPaymentNoticeOp,
        timeoutMs: call.ec.station.backend.timeouts?.verifyMs ?? DEFAULT_TIMEOUTS.verifyMs,
        request: { typed: { ...callHead(call), qrCode: { fiscalCode: call.fiscalCode, noticeNumber: call.noticeNumber } } },
        check: (a) => checkVerifyAnswer(a, call.fiscalCode),
      });
    },
    getPayment(call) {
      const op = call.ec.primitiveVersion === 2 ? paGetPaymentV2Op : paGetPaymentOp;
      return exchange(call.ec.station, {
        op,
        timeoutMs: call.ec.station.backend.timeouts?.getPaymentMs ?? DEFAULT_TIMEOUTS.getPaymentMs,
        request: { typed: getPaymentRequest(call) },
        check: (a) => checkPaymentAnswer(a, op.response.element, call, ctx.registry()),
      });
    },
    demand(call) {
      return exchange(call.station, {
        op: paDemandPaymentNoticeOp,
        // the demand is the same kind of interactive lookup as verify, with the same 7 s (spec §4.6)
        timeoutMs: call.station.backend.timeouts?.verifyMs ?? DEFAULT_TIMEOUTS.verifyMs,
        request: {
          typed: {
            idPA: call.fiscalCode,
            idBrokerPA: call.brokerCode,
            idStation: call.station.stationCode,
            idServizio: call.service.idServizio,
            idSoggettoServizio: call.subject.idSoggettoServizio,
            datiSpecificiServizioRequest: call.datiSpecificiServizio,
          },
        },
        check: (a) => checkDemandAnswer(a, call.fiscalCode, ctx.registry()),
        answerKeys: (d) => ({ noticeNumber: d.qrCode.noticeNumber }),
      });
    },
  };
}
