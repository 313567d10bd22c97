import type { EcContext } from '../nodo/registry';
import type { PaymentData, VerifyData } from '../nodo/types';

/** Who the node is calling on behalf of whom: what paForNode puts in idPA / idBrokerPA / idStation. */
export interface EcCall {
  ec: EcContext;
  fiscalCode: string;
  noticeNumber: string;
}

export interface GetPaymentCall extends EcCall {
  amountCents: number;
  dueDate?: string;
  paymentNote?: string;
}

/**
 * A creditor institution's station, as the node sees it. Implementations answer with data, or throw
 * `EcFault` (a valid KO from the EC: PAA_*) or `StationFailure` (no usable answer). They never lock anything.
 */
export interface EcBackend {
  verify(call: EcCall): Promise<VerifyData>;
  getPayment(call: GetPaymentCall): Promise<PaymentData>;
}
