import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import { formatAmount } from '../../nodo/money';

/**
 * FDR answers amounts as JSON numbers with two decimals (`100.00`, spec reporting.md §3), which
 * JSON.stringify cannot write: an amount is a `Cents` in the view, serialised as a marked string and then
 * unquoted. The mark carries a per-process nonce, so no string a client sent can look like one.
 */
const MARK = `\u0001amount-${randomBytes(6).toString('hex')}:`;
const MARKED = new RegExp(`"${MARK.replace('\u0001', '\\\\u0001')}(\\d+\\.\\d{2})"`, 'g');

export class Cents {
  constructor(readonly cents: number) {}
  toJSON(): string {
    return `${MARK}${formatAmount(this.cents)}`;
  }
}

export function fdrJsonText(body: unknown): string {
  return JSON.stringify(body).replace(MARKED, '$1');
}

export function sendFdrJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(fdrJsonText(body));
}

/** Java's Instant.toString(), as FDR's Jackson writes instants: UTC, the fraction only when not zero. */
export function javaInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
