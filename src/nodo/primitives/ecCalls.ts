import type { DemandCall, EcCall, GetPaymentCall } from '../../ec/backend';
import type { NodoContext } from '../context';
import { EcFault, NodoFault, StationFailure } from '../faults';
import type { PspContext } from '../registry';
import { standInPayment, standInVerify } from '../standIn';
import type { DemandData, PaymentData, VerifyData } from '../types';

/** paVerifyPaymentNotice at the notice's station, with Stand-In when the station is down. */
export function verifyAtStation(ctx: NodoContext, psp: PspContext, call: EcCall): Promise<VerifyData> {
  return atStation(
    psp,
    () => ctx.backend(call.ec.station).verify(call),
    (failure) => standInVerify(ctx, psp, call, failure),
  );
}

/** paGetPayment(V2) at the notice's station, with Stand-In when the station is down. */
export function getPaymentAtStation(ctx: NodoContext, psp: PspContext, call: GetPaymentCall): Promise<PaymentData> {
  return atStation(
    psp,
    () => ctx.backend(call.ec.station).getPayment(call),
    (failure) => standInPayment(ctx, psp, call, failure),
  );
}

/**
 * paDemandPaymentNotice at the service subject's station. No Stand-In: the notice does not exist yet, so
 * the node has no copy to answer from; every failure reaches the PSP as for verify.
 */
export async function demandAtStation(ctx: NodoContext, psp: PspContext, call: DemandCall): Promise<DemandData> {
  try {
    return await ctx.backend(call.station).demand(call);
  } catch (err) {
    throw relayed(psp, err);
  }
}

async function atStation<T>(psp: PspContext, call: () => Promise<T>, standIn: (failure: StationFailure) => Promise<T | undefined>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof StationFailure) {
      const answer = await standIn(err);
      if (answer !== undefined) return answer;
    }
    throw relayed(psp, err);
  }
}

/**
 * How the node relays an EC-side problem to the PSP (spec §6.1, §6.3): a valid EC KO becomes
 * PPT_ERRORE_EMESSO_DA_PAA with `id` = the EC; the PAA fault travels in original* fields when the PSP's
 * broker has the extended fault bean, folded into `description` otherwise. A station that gave no usable
 * answer is its PPT_STAZIONE_INT_PA_* code, the detail (what was wrong) in `description`.
 */
function relayed(psp: PspContext, err: unknown): unknown {
  if (err instanceof EcFault) {
    if (psp.broker.extendedFaultBean) {
      return new NodoFault('PPT_ERRORE_EMESSO_DA_PAA', undefined, {
        id: err.id,
        originalFaultCode: err.faultCode,
        originalFaultString: err.faultString,
        ...(err.description !== undefined ? { originalDescription: err.description } : {}),
      });
    }
    const parts = [`FaultString PA: ${err.faultString}`, `FaultCode PA: ${err.faultCode}`];
    if (err.description !== undefined) parts.push(`Description PA: ${err.description}`);
    return new NodoFault('PPT_ERRORE_EMESSO_DA_PAA', parts.join('; '), { id: err.id });
  }
  if (err instanceof StationFailure) return new NodoFault(err.code, err.detail);
  return err;
}
