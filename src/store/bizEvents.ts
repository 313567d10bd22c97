import type { PaymentTokenRow } from './rows';
import type { Sql } from './sql';

/**
 * The biz events of the emulator (reporting spec §7): a payment becomes one as soon as the PSP's OK outcome is
 * recorded, which is when its receipts enter the outbox (nodo/receipts.ts enqueueReceipts, in the outcome's own
 * transaction). The primary outbox row says the receipt exists, whatever its delivery state; its content is
 * rebuilt from the token row (the EC's payment data and the outcome details), as the node's own data feeds
 * pagoPA's biz events, not the paSendRT an EC may not have got.
 *
 * Model 3: IUR = receiptId = paymentToken, so `iur` looks the token up by its primary key; the caller then keeps
 * the events whose transfers name the organization (a secondary EC of a multi-beneficiary payment finds it too).
 * LIMIT 2: enough to tell "one" from "more than one" (BZ_422_*), which unique tokens make impossible today.
 */
export async function bizEventsByIur(q: Sql, iur: string): Promise<PaymentTokenRow[]> {
  return q.all<PaymentTokenRow>(`SELECT t.* FROM payment_tokens t WHERE t.token = ? AND ${HAS_RECEIPT} LIMIT 2`, [iur]);
}

/** The deprecated lookup: the primary EC (the notice's owner) and the IUV must match too. */
export async function bizEventsByIurIuv(q: Sql, organization: string, iur: string, iuv: string): Promise<PaymentTokenRow[]> {
  return q.all<PaymentTokenRow>(`SELECT t.* FROM payment_tokens t WHERE t.token = ? AND t.fiscal_code = ? AND t.creditor_reference_id = ? AND ${HAS_RECEIPT} LIMIT 2`, [
    iur,
    organization,
    iuv,
  ]);
}

// an accepted OK outcome (late ones included: their token is CANCELLED but the money was taken and the receipt sent)
const HAS_RECEIPT = "t.outcome = 'OK' AND EXISTS (SELECT 1 FROM receipts r WHERE r.token = t.token)";
