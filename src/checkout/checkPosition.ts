import type { NodoContext } from '../nodo/context';
import { EcFault, NodoFault } from '../nodo/faults';
import { payable } from '../ec/archive';
import { activationBlocker } from '../nodo/stateMachine';
import { findNotice } from '../store/payments';

export interface NotPayable {
  faultCode: string;
  description: string;
}

/**
 * The node's checkPosition, as Checkout calls it before it accepts a cart (spec §10.1: a 422 when a
 * notice is not payable): the registry must route the notice to an enabled station, the node must not
 * hold it in payment or paid, and an archive-backed EC must hold it unpaid. Like the real check, it never
 * calls a remote EC: what a remote station says comes at activation, on the checkout page.
 */
export async function checkPosition(ctx: NodoContext, fiscalCode: string, noticeNumber: string): Promise<NotPayable | undefined> {
  try {
    const ec = ctx.registry().checkEc(fiscalCode, noticeNumber);
    const blocked = activationBlocker((await findNotice(ctx.db.read, fiscalCode, noticeNumber))?.status);
    if (blocked) throw new NodoFault(blocked);
    if (ec.station.backend.type === 'archive') await payable(ctx.db, { fiscalCode, noticeNumber });
    return undefined;
  } catch (err) {
    if (err instanceof NodoFault) return { faultCode: err.code, description: err.bean.description ?? err.message };
    if (err instanceof EcFault) return { faultCode: err.faultCode, description: err.description ?? err.faultString };
    throw err;
  }
}
