import type { Db } from './db';

/**
 * How much of the SOAP journal the node keeps (`--journal-retention`): exchanges younger than a duration
 * (on the injected clock), the newest N rows, or everything. The journal is the one table that grows with
 * every exchange whatever the payments do (~100-400 B a row compressed, journalCodec.ts), so it is the only one the cleaning job touches.
 */
export type JournalRetention = { kind: 'forever' } | { kind: 'age'; ms: number; text: string } | { kind: 'rows'; rows: number; text: string };

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** ten years: a longer retention is a typo, or "keep forever", which is 0 */
const MAX_AGE_MS = 3650 * UNIT_MS.d;
const MAX_ROWS = 1e12;

/** The option's syntax, as --help and errors show it. */
export const RETENTION_SYNTAX = 'a duration (30m, 12h, 7d; units s, m, h, d), a row count (100000rows) or 0 to keep everything';

/** Reads `7d`, `12h`, `100000rows`, `0`; returns the reason as a string when the value is not one of those. */
export function parseJournalRetention(raw: string): JournalRetention | string {
  const v = raw.trim().toLowerCase();
  if (/^0+$/.test(v)) return { kind: 'forever' };
  const rows = /^(\d+)\s*rows?$/.exec(v);
  if (rows) {
    const n = Number(rows[1]);
    if (n < 1 || n > MAX_ROWS) return `a row count must be between 1 and ${MAX_ROWS} (0 keeps everything), got "${raw}"`;
    return { kind: 'rows', rows: n, text: `${n}rows` };
  }
  const age = /^(\d+)\s*([smhd])$/.exec(v);
  if (age) {
    const n = Number(age[1]);
    const ms = n * UNIT_MS[age[2] as keyof typeof UNIT_MS];
    if (n === 0) return { kind: 'forever' };
    if (ms > MAX_AGE_MS) return `a duration must be at most 3650d (0 keeps everything), got "${raw}"`;
    return { kind: 'age', ms, text: `${n}${age[2]}` };
  }
  return `must be ${RETENTION_SYNTAX}, got "${raw}"`;
}

export function retentionText(r: JournalRetention): string {
  return r.kind === 'forever' ? '0' : r.text;
}

/**
 * Rows one deleting transaction removes. On SQLite a batch joins the group commit (sql.ts), so it delays
 * the payments queued behind it by as long as it runs: 1,000 journal rows (with their three indexes) is
 * a few milliseconds, the same order as one group COMMIT.
 */
export const DELETE_BATCH_ROWS = 1000;
/**
 * Pages one incremental-vacuum step gives back at most (256 KiB with 4 KiB pages). Each freed page near the
 * start of the file means moving one from its end: measured on a 400 MB journal, 1,024 pages took 440 ms in
 * one transaction, a 1,000-row delete 35 ms.
 */
const VACUUM_BATCH_PAGES = 64;
/**
 * What one step (a delete batch, a vacuum step) may hold the writer: the payments queued behind it wait
 * that long. A vacuum step stops freeing pages once past it; a delete batch that took longer makes the
 * next one smaller (halved, down to MIN_DELETE_ROWS), a fast one lets it grow back to DELETE_BATCH_ROWS.
 */
const STEP_BUDGET_US = 10_000;
const MIN_DELETE_ROWS = 50;

export interface PruneResult {
  /** journal rows deleted */
  deleted: number;
  batches: number;
  /** the longest deleting (or vacuum) transaction, in microseconds: what a request could have waited behind it */
  longestBatchUs: number;
  /** SQLite: bytes the incremental vacuum gave back to the file system (0 on PostgreSQL, or on a database without auto_vacuum) */
  reclaimedBytes: number;
}

// Each batch is one short transaction through db.tx: on SQLite the group commit, so it never runs
// beside a payment's transaction on the one writer connection, and payments queued meanwhile are
// served between two batches (the loop yields to the event loop after each one).
const DELETE_OLDER = 'DELETE FROM journal WHERE id IN (SELECT id FROM journal WHERE at < ? ORDER BY at LIMIT ?)';
const DELETE_BELOW_ID = 'DELETE FROM journal WHERE id IN (SELECT id FROM journal WHERE id < ? ORDER BY id LIMIT ?)';
/** the id of the N-th newest row: rows with a smaller id go (ids grow with every row written) */
const NTH_NEWEST_ID = 'SELECT id FROM journal ORDER BY id DESC LIMIT 1 OFFSET ?';

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes the journal rows beyond the retention, a batch at a time, then (SQLite) gives the freed pages
 * back. Rows written while it runs are newer than its bound, so they stay.
 */
export async function pruneJournal(db: Db, retention: JournalRetention, nowMs: number): Promise<PruneResult> {
  const result: PruneResult = { deleted: 0, batches: 0, longestBatchUs: 0, reclaimedBytes: 0 };
  if (retention.kind === 'forever') return result;
  let sql: string;
  let bound: number;
  if (retention.kind === 'age') {
    sql = DELETE_OLDER;
    bound = nowMs - retention.ms;
  } else {
    const nth = await db.read.get<{ id: number }>(NTH_NEWEST_ID, [retention.rows - 1]);
    if (!nth) return result;
    sql = DELETE_BELOW_ID;
    bound = Number(nth.id);
  }
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      const us = Number((process.hrtime.bigint() - started) / 1000n);
      if (us > result.longestBatchUs) result.longestBatchUs = us;
    }
  };
  let batch = DELETE_BATCH_ROWS;
  for (;;) {
    const started = process.hrtime.bigint();
    const rows = batch;
    const n = await timed(() => db.tx((q) => q.run(sql, [bound, rows])));
    const us = Number((process.hrtime.bigint() - started) / 1000n);
    batch = us > STEP_BUDGET_US ? Math.max(MIN_DELETE_ROWS, Math.floor(rows / 2)) : us < STEP_BUDGET_US / 4 ? Math.min(DELETE_BATCH_ROWS, rows * 2) : rows;
    result.batches++;
    result.deleted += n;
    await yieldToRequests();
    if (n < rows) break;
  }
  if (db.engine === 'sqlite' && result.deleted > 0) result.reclaimedBytes = await vacuumFreePages(db, timed);
  return result;
}

/**
 * SQLite keeps deleted pages in its free list, where new rows reuse them: without auto_vacuum the file
 * stops growing but never shrinks. With auto_vacuum=INCREMENTAL (migration 20261205090000) the free pages
 * are moved to the end of the file and cut off, a few at a time, each step its own short transaction.
 */
async function vacuumFreePages(db: Db, timed: <T>(fn: () => Promise<T>) => Promise<T>): Promise<number> {
  const [mode] = (await db.read.all<{ auto_vacuum: number }>('PRAGMA auto_vacuum')).map((r) => Number(r.auto_vacuum));
  if (mode !== 2) return 0;
  const pageSize = Number((await db.read.get<{ page_size: number }>('PRAGMA page_size'))!.page_size);
  let freed = 0;
  for (;;) {
    const step = await timed(() =>
      db.tx(async (q) => {
        const before = Number((await q.get<{ freelist_count: number }>('PRAGMA freelist_count'))!.freelist_count);
        if (before === 0) return 0;
        // one page per run(): the pragma frees a page per step of its statement, and run() steps once;
        // at least one page a step, so the loop always ends
        const started = process.hrtime.bigint();
        for (let i = 0; i < before && i < VACUUM_BATCH_PAGES; i++) {
          await q.run('PRAGMA incremental_vacuum');
          if (Number((process.hrtime.bigint() - started) / 1000n) > STEP_BUDGET_US) break;
        }
        return before - Number((await q.get<{ freelist_count: number }>('PRAGMA freelist_count'))!.freelist_count);
      }),
    );
    freed += step;
    await yieldToRequests();
    if (step === 0) break;
  }
  return freed * pageSize;
}
