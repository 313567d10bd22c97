import { EcFault, NodoFault, StationFailure } from '../faults';
import type { PspContext } from '../registry';

/**
 * How the node relays an EC-side problem to the PSP (spec §6.1, §6.3): a valid EC KO becomes
 * PPT_ERRORE_EMESSO_DA_PAA with `id` = the EC; the PAA fault travels in original* fields when the PSP's
 * broker has the extended fault bean, folded into `description` otherwise.
 */
export async function callStation<T>(psp: PspContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof EcFault) {
      if (psp.broker.extendedFaultBean) {
        throw new NodoFault('PPT_ERRORE_EMESSO_DA_PAA', undefined, {
          id: err.id,
          originalFaultCode: err.faultCode,
          originalFaultString: err.faultString,
          ...(err.description !== undefined ? { originalDescription: err.description } : {}),
        });
      }
      const parts = [`FaultString PA: ${err.faultString}`, `FaultCode PA: ${err.faultCode}`];
      if (err.description !== undefined) parts.push(`Description PA: ${err.description}`);
      throw new NodoFault('PPT_ERRORE_EMESSO_DA_PAA', parts.join('; '), { id: err.id });
    }
    if (err instanceof StationFailure) throw new NodoFault(err.code, err.detail);
    throw err;
  }
}
