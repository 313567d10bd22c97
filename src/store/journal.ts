import type { Db } from './db';
import { packedRow, readableRow } from './journalCodec';
import type { JournalRow } from './rows';

/**
 * The SOAP journal: what PSPs sent the node and what it answered (direction 'in'), and the node's own
 * calls to EC stations (direction 'out', written through ec/stationJournal.ts). Exchanges are appended to an in-memory batch and written in one transaction
 * every few milliseconds, so the hot path never pays a second transaction for its evidence. Reads flush
 * first, so `/admin/journal` always shows every exchange answered so far; shutdown flushes too.
 */
/**
 * A key as its journal column stores it (widths of the journal migrations). Keys are read from requests and
 * answers that may have failed the XSD: one too long (varchar on PostgreSQL) would make the whole journal
 * batch fail, so such a key is left out; the XML still carries it.
 */
export function journalKey(v: string | undefined, width: number): string | null {
  return v !== undefined && v.length <= width ? v : null;
}

/** XML as the journal stores it: PostgreSQL text cannot hold NUL, which an unreadable request or a broken station may carry. */
export function journalXml(xml: string): string {
  return xml.includes('\0') ? xml.replace(/\0/g, '\uFFFD') : xml;
}

export interface JournalWriter {
  append(row: JournalRow): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const BATCH_ROWS = 200;
const JOURNAL_COLUMNS = [
  'at',
  'request_id',
  'operation',
  'id_psp',
  'id_channel',
  'fiscal_code',
  'notice_number',
  'token',
  'outcome',
  'fault_code',
  'http_status',
  'duration_us',
  'request_xml',
  'response_xml',
  'debtor_open_notices',
  'debtor_open_amount_cents',
  'response_xml_deflated',
  'direction',
  'station_code',
  'exchange_deflated',
] as const satisfies readonly (keyof JournalRow)[];
const INSERT_JOURNAL = `INSERT INTO journal (${JOURNAL_COLUMNS.join(', ')}) VALUES (${JOURNAL_COLUMNS.map(() => '?').join(', ')})`;

export function createJournalWriter(db: Db, onError: (err: Error) => void, intervalMs = 20): JournalWriter {
  let pending: JournalRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    const rows = pending;
    pending = [];
    writing = writing.then(async () => {
      if (!rows.length) return;
      try {
        // compressed here, before the transaction: on SQLite the group commit (and every payment queued
        // behind it) does not wait for zlib
        const packed = rows.map(packedRow);
        if (db.engine === 'sqlite') {
          // one prepared statement per row, inside the group commit of the payment transactions
          await db.tx(async (q) => {
            for (const r of packed)
              await q.run(
                INSERT_JOURNAL,
                JOURNAL_COLUMNS.map((c) => r[c] ?? null),
              );
          });
        } else {
          // PostgreSQL: a round trip per statement costs more than building one multi-row INSERT
          for (let i = 0; i < packed.length; i += BATCH_ROWS) await db.knex('journal').insert(packed.slice(i, i + BATCH_ROWS));
        }
      } catch (err) {
        onError(err as Error);
      }
    });
    return writing;
  };

  return {
    append(row) {
      pending.push(row);
      if (pending.length >= BATCH_ROWS) void flush();
      else timer ??= setTimeout(() => void flush(), intervalMs);
    },
    flush,
    close: flush,
  };
}

export interface JournalFilter {
  noticeNumber?: string;
  token?: string;
  idPSP?: string;
  fiscalCode?: string;
  operation?: string;
  outcome?: string;
  direction?: 'in' | 'out';
  stationCode?: string;
  from?: number;
  to?: number;
  limit: number;
  offset: number;
}

export async function queryJournal(db: Db, f: JournalFilter): Promise<{ total: number; rows: Omit<JournalRow, 'request_xml' | 'response_xml'>[] }> {
  const q = db.knex('journal');
  if (f.noticeNumber) q.where('notice_number', f.noticeNumber);
  if (f.token) q.where('token', f.token);
  if (f.idPSP) q.where('id_psp', f.idPSP);
  if (f.fiscalCode) q.where('fiscal_code', f.fiscalCode);
  if (f.operation) q.where('operation', f.operation);
  if (f.outcome) q.where('outcome', f.outcome);
  if (f.direction) q.where('direction', f.direction);
  if (f.stationCode) q.where('station_code', f.stationCode);
  if (f.from !== undefined) q.where('at', '>=', f.from);
  if (f.to !== undefined) q.where('at', '<=', f.to);
  const [{ n }] = await q.clone().count({ n: '*' });
  const rows = await q
    .select(
      'id',
      'at',
      'request_id',
      'operation',
      'id_psp',
      'id_channel',
      'fiscal_code',
      'notice_number',
      'token',
      'outcome',
      'fault_code',
      'http_status',
      'duration_us',
      'debtor_open_notices',
      'debtor_open_amount_cents',
      'direction',
      'station_code',
    )
    .orderBy('id', 'desc')
    .limit(f.limit)
    .offset(f.offset);
  return { total: Number(n), rows };
}

export async function journalEntry(db: Db, id: number): Promise<JournalRow | undefined> {
  const row = (await db.knex('journal').where({ id }).first()) as JournalRow | undefined;
  return row && readableRow(row);
}

/** Rows one export may hold: a payment's exchanges are a dozen; a notice retried for days stays far below. */
export const EXPORT_MAX_ROWS = 1000;

/**
 * One payment's exchanges, whole (XML included), oldest first: the rows keyed by the notice, and those
 * keyed only by one of its tokens (an outcome refused with a KO carries no notice). With `token`, only
 * that attempt: its rows and the notice's token-less ones (verify, paVerify, paGetPayment). On the same
 * millisecond a PSP's exchange comes before the EC call it caused (that call is appended first).
 */
export async function paymentExchanges(db: Db, f: { noticeNumber: string; token?: string }): Promise<JournalRow[]> {
  const tokens = db.knex('payment_tokens').select('token').where('notice_number', f.noticeNumber);
  const q = db.knex('journal').where((w) => {
    w.where('notice_number', f.noticeNumber).orWhereIn('token', tokens);
  });
  if (f.token) {
    const token = f.token;
    q.where((w) => {
      w.where('token', token).orWhereNull('token');
    });
  }
  const rows = (await q.select('*').orderBy('at', 'asc').orderByRaw("CASE WHEN direction = 'out' THEN 1 ELSE 0 END").orderBy('id', 'asc').limit(EXPORT_MAX_ROWS)) as JournalRow[];
  return rows.map(readableRow);
}
