import { formatAmount } from './money';
import type { ReceiptParties } from './receipts';
import type { OutcomeDetails } from './types';
import type { PaymentTokenRow } from '../store/rows';

/**
 * payment_tokens.outcome_json: the details the PSP sent with its outcome and, for an OK, the registry's
 * part of the receipt as it was then (receipts.ts ReceiptParties), from which a GPD-hosted EC's receipt is
 * rendered on demand. Rows written before these two carry a `summary` instead of `parties`: both readable.
 */
export interface OutcomeRecord {
  details: OutcomeDetails | null;
  parties?: ReceiptParties;
  /** rows written before 2026-12: the quoted summary, now derived (outcomeSummary) */
  summary?: object;
}

export function outcomeJson(details: OutcomeDetails | undefined, parties: ReceiptParties | undefined): string {
  const record: OutcomeRecord = { details: details ?? null };
  if (parties) record.parties = parties;
  return JSON.stringify(record);
}

export function readOutcome(t: Pick<PaymentTokenRow, 'outcome_json'>): OutcomeRecord | undefined {
  return t.outcome_json ? (JSON.parse(t.outcome_json) as OutcomeRecord) : undefined;
}

/** The stored outcome quoted in PPT_ESITO_GIA_ACQUISITO descriptions (spec §6.3), in the node's key order. */
export function outcomeSummary(token: string, outcome: string, d: OutcomeDetails | null | undefined) {
  return {
    applicationDate: d?.applicationDate ?? null,
    fee: d ? formatAmount(d.feeCents) : null,
    outcome,
    payerEntityUniqueIdentifierValue: d?.payer?.entityUniqueIdentifierValue ?? null,
    paymentChannel: d?.paymentChannel ?? null,
    paymentMethod: d?.paymentMethod ?? null,
    paymentToken: token,
    transferDate: d?.transferDate ?? null,
  };
}

/** The summary of a token's stored outcome: the one stored by older rows, else derived from the details. */
export function storedSummary(t: Pick<PaymentTokenRow, 'token' | 'outcome' | 'outcome_json'>): object {
  const record = readOutcome(t);
  if (!record) return {};
  return record.summary ?? outcomeSummary(t.token, t.outcome ?? '', record.details);
}
