import type { Registry } from './registry';
import { readOutcome } from './outcomeRecord';
import { receiptEnvelope, receiptParties } from './receipts';
import type { PaymentData } from './types';
import { findToken } from '../store/payments';
import type { ReceiptRow } from '../store/rows';
import type { Sql } from '../store/sql';

/** What rendering needs of a receipts row: its recipient, primitive and time, and the stored XML if any. */
export type ReceiptXmlSource = Pick<ReceiptRow, 'token' | 'recipient_fiscal_code' | 'broker_code' | 'station_code' | 'primitive' | 'payment_date_time' | 'request_xml'>;

/**
 * The paSendRT(V2) envelope of a receipts row: every reader of a receipt's XML goes through here. A remote
 * station's row holds what was sent; a GPD-hosted EC's row holds none (receipts.ts enqueueReceipts) and its
 * receipt is rendered from the token row: the payment as activated, the outcome's details and the registry
 * fields stored with them, so it is byte for byte the one that used to be stored.
 */
export async function receiptXml(q: Sql, reg: Registry, row: ReceiptXmlSource): Promise<string> {
  if (row.request_xml) return row.request_xml;
  const t = await findToken(q, row.token);
  const record = t && readOutcome(t);
  // the token row goes with its receipts (same transaction, same retention): a row without one is corrupt
  if (!t || !record) throw new Error(`receipt of token ${row.token} has neither a stored XML nor an outcome to render it from`);
  const data = JSON.parse(t.payment_json) as PaymentData;
  const address = { fiscalCode: row.recipient_fiscal_code, brokerCode: row.broker_code, stationCode: row.station_code };
  return receiptEnvelope(
    record.parties ?? receiptParties(reg, t, data),
    address,
    row.primitive === 'paSendRTV2',
    t,
    data,
    record.details ?? undefined,
    Number(row.payment_date_time),
  );
}
