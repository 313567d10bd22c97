import type { EcCall } from '../ec/backend';
import { payable, toPaymentData, toVerifyData } from '../ec/archive';
import { findArchivedNotice, type ArchivedNotice } from '../store/archive';
import type { NodoContext } from './context';
import { EcFault, type StationFailure } from './faults';
import type { PspContext } from './registry';
import type { PaymentData, VerifyData } from './types';

/**
 * Stand-In (spec §8.10): when a station is down, the node answers verify and activate from the notices
 * archive (what ACA/GPD hold) instead of failing the PSP. All of these must hold:
 *   - the station is down: no connection or no answer in time (an EC that answers, even badly, is up);
 *   - the station and the PSP's channel both have flagStandIn;
 *   - the notice is in the archive, its position has payStandIn, and the archive would let it be paid.
 * A notice the archive would refuse (expired, cancelled, paid) gets the station's failure, not an EC
 * fault the EC never sent. The answer carries standin=true; the payment's data keeps it, so the receipt
 * gets standIn=true too.
 */
async function standInNotice(ctx: NodoContext, psp: PspContext, call: EcCall, failure: StationFailure): Promise<ArchivedNotice | undefined> {
  if (failure.code !== 'PPT_STAZIONE_INT_PA_TIMEOUT' && failure.code !== 'PPT_STAZIONE_INT_PA_IRRAGGIUNGIBILE') return undefined;
  if (!call.ec.station.flagStandIn || !psp.channel.flagStandIn) return undefined;
  const found = await findArchivedNotice(ctx.db.read, call.fiscalCode, call.noticeNumber);
  // pay_stand_in is a boolean on PostgreSQL, 0/1 on SQLite
  if (!found || !Number(found.position.pay_stand_in)) return undefined;
  try {
    return await payable(ctx.db, call, found);
  } catch (err) {
    if (err instanceof EcFault) return undefined;
    throw err;
  }
}

export async function standInVerify(ctx: NodoContext, psp: PspContext, call: EcCall, failure: StationFailure): Promise<VerifyData | undefined> {
  const n = await standInNotice(ctx, psp, call, failure);
  return n && { ...toVerifyData(n), standin: true };
}

export async function standInPayment(ctx: NodoContext, psp: PspContext, call: EcCall, failure: StationFailure): Promise<PaymentData | undefined> {
  const n = await standInNotice(ctx, psp, call, failure);
  return n && { ...toPaymentData(n), standin: true };
}
