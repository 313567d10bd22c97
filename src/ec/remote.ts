import type { NodoContext } from '../nodo/context';
import { EcFault, StationFailure } from '../nodo/faults';
import type { XmlObject } from '../soap/libxml';
import type { EcBackend, EcCall } from './backend';
import { PA_FOR_NODE_ELEMENTS, paGetPaymentReq, paVerifyPaymentNoticeReq, readPaymentAnswer, readVerifyAnswer } from './paForNodeCalls';
import { DEFAULT_TIMEOUTS } from './stationClient';
import { journalStationExchange } from './stationJournal';

type Action = keyof typeof PA_FOR_NODE_ELEMENTS;

/**
 * A creditor institution's own paForNode endpoint (GovPay, an intermediary, the built-in mock EC): the
 * node calls it as pagoPA's does, paVerifyPaymentNotice for verify and paGetPayment or paGetPaymentV2
 * (per the station/association primitive version) for an activation. Every exchange goes to the journal
 * (direction 'out'), whatever came of it. Failures are thrown as EcFault (the EC's own KO) or
 * StationFailure (no usable answer); Stand-In and the PSP-side fault are decided by the caller
 * (nodo/primitives/ecCalls.ts).
 */
export function remoteBackend(ctx: NodoContext): EcBackend {
  async function exchange<T>(call: EcCall, action: Action, body: string, timeoutMs: number, read: (answer: XmlObject) => T): Promise<T> {
    const station = call.ec.station;
    const keys = { stationCode: station.stationCode, fiscalCode: call.fiscalCode, noticeNumber: call.noticeNumber };
    const url = station.backend.url;
    // the registry loader refuses a remote station without url: this is only a guard for hand-made snapshots
    if (!url) throw new StationFailure('PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE', `station ${station.stationCode} has no endpoint url`);
    const r = await ctx.stations.post({ url, action, body, timeoutMs, expect: PA_FOR_NODE_ELEMENTS[action].response });
    if (!r.ok) {
      journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'FAULT', faultCode: r.failure.code });
      throw r.failure;
    }
    try {
      const data = read(r.answer);
      journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'OK' });
      return data;
    } catch (err) {
      if (err instanceof EcFault) journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'KO', faultCode: err.faultCode });
      else if (err instanceof StationFailure) journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'FAULT', faultCode: err.code });
      else journalStationExchange(ctx, r.exchange, { ...keys, outcome: 'FAULT', faultCode: 'PPT_SYSTEM_ERROR' });
      throw err;
    }
  }

  return {
    verify(call) {
      const timeoutMs = call.ec.station.backend.timeouts?.verifyMs ?? DEFAULT_TIMEOUTS.verifyMs;
      return exchange(call, 'paVerifyPaymentNotice', paVerifyPaymentNoticeReq(call), timeoutMs, (a) => readVerifyAnswer(a, call));
    },
    getPayment(call) {
      const primitive = call.ec.primitiveVersion === 2 ? 'paGetPaymentV2' : 'paGetPayment';
      const timeoutMs = call.ec.station.backend.timeouts?.getPaymentMs ?? DEFAULT_TIMEOUTS.getPaymentMs;
      return exchange(call, primitive, paGetPaymentReq(call, primitive), timeoutMs, (a) => readPaymentAnswer(a, call, primitive, ctx.registry()));
    },
  };
}
