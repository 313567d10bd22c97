import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { JOURNAL_DICTIONARIES } from './journalDictionary';
import type { JournalRow } from './rows';

/**
 * How the journal stores an exchange's two messages (migration 20261206090000). `exchange_deflated` holds
 * byte 0: the dictionary version (journalDictionary.ts), then the raw deflate, with that preset dictionary,
 * of `<request's UTF-8 byte length>:` + request + response; `request_xml` and `response_xml` are then ''.
 * One stream for both, so the response's notice, token and amounts are matches into the request.
 *
 * Measured on the payment flow (activate + sendPaymentOutcome, 2,970 bytes of XML): 200 bytes stored
 * instead of 2,970, ~25-35 µs of CPU per row (most of it zlib's set-up and the dictionary's hashing, not
 * the data), ~6 µs to read one back. Level 1: higher levels save a few bytes more for twice the time. The writer compresses in its batched flush, before the group commit, never on the
 * request path.
 *
 * Older rows stay readable: plain text, or (migration 20261123120000) a raw-deflated `response_xml_deflated`.
 */
const WRITE_VERSION = JOURNAL_DICTIONARIES.length - 1;
// A 4 KB window and memLevel 4: zlib's set-up (allocating and clearing the window and hash table, hashing the
// dictionary's tail that fits the window) is most of a row's cost, not the data. Measured on 400 payment-flow
// rows: ~45–72 µs a row with (14, 8), ~25–34 µs with (12, 4), the same 99 bytes stored (the dictionary's
// payment-flow messages are its last 4 KB). Any window decodes with inflate's default one.
const DEFLATE = { level: 1, windowBits: 12, memLevel: 4 } as const;

export function packExchange(request: string, response: string): Buffer {
  const req = Buffer.from(request, 'utf8');
  const body = Buffer.concat([Buffer.from(`${req.length}:`, 'latin1'), req, Buffer.from(response, 'utf8')]);
  const deflated = deflateRawSync(body, { ...DEFLATE, dictionary: JOURNAL_DICTIONARIES[WRITE_VERSION] });
  return Buffer.concat([Buffer.of(WRITE_VERSION), deflated]);
}

export function unpackExchange(packed: Buffer): { request: string; response: string } {
  const dictionary = JOURNAL_DICTIONARIES[packed[0]];
  if (!dictionary) throw new Error(`journal row written with unknown dictionary version ${packed[0]}`);
  const body = inflateRawSync(packed.subarray(1), dictionary.length ? { dictionary } : {});
  const colon = body.indexOf(0x3a);
  const length = Number(body.subarray(0, colon).toString('latin1'));
  const start = colon + 1;
  return { request: body.subarray(start, start + length).toString('utf8'), response: body.subarray(start + length).toString('utf8') };
}

/** The row as it is written: both messages in `exchange_deflated`. */
export function packedRow(r: JournalRow): JournalRow {
  // the INSERT names every column: an unset direction would be an explicit NULL, not the column default
  return { ...r, direction: r.direction ?? 'in', request_xml: '', response_xml: '', response_xml_deflated: null, exchange_deflated: packExchange(r.request_xml, r.response_xml) };
}

/** The row as it was journalled, whichever way it was stored: the one function every reader goes through. */
export function readableRow(r: JournalRow): JournalRow {
  if (r.exchange_deflated) {
    const { request, response } = unpackExchange(Buffer.from(r.exchange_deflated));
    return { ...r, request_xml: request, response_xml: response, exchange_deflated: null };
  }
  if (r.response_xml_deflated) return { ...r, response_xml: inflateRawSync(r.response_xml_deflated).toString('utf8'), response_xml_deflated: null };
  return r;
}
