import pg from 'pg';
import type { DbCounters } from './dbCounters';
import type { Sql, SqlDb } from './sql';

/**
 * PostgreSQL's hot path: a group commit, and no pool in the way.
 *
 * - `tx()` jobs are queued and run back to back on one connection, each in its own SAVEPOINT (a failing job
 *   rolls back only its own writes), inside one BEGIN … COMMIT; callers are answered only after that COMMIT.
 *   One WAL flush per batch instead of one per request: without it PostgreSQL waited on an fsync for every
 *   transaction of every payment. Up to WRITERS batches run at once, each on its own connection, so a slow
 *   batch does not hold the whole process and PostgreSQL can use more than one core.
 * - The connections are node-postgres clients in pipeline mode, owned here (not knex's pool): a statement is
 *   written without waiting for the previous answer, so transaction control (BEGIN, SAVEPOINT, RELEASE) costs
 *   no round trip of its own, and concurrent reads share a connection without an acquire/release each
 *   (knex's tarn pool was a large part of a read's CPU).
 * - Statements are named prepared statements, parsed and planned once per connection.
 *
 * Two processes on one database: each has its own batches; row locks and the primitives' compare-and-set
 * updates keep one winner. A job that loses a deadlock (its batch and another hold locks the other wants)
 * is rolled back to its savepoint and run again in a later batch, so a deadlock between two batches never
 * fails an unrelated job. Job functions must therefore only read and write through the `Sql` they are given.
 */

/**
 * jobs per transaction: bounds how long one COMMIT keeps the others waiting, and keeps the subtransactions of
 * a batch under PostgreSQL's 64 cached per backend (beyond that, every other backend's snapshot slows down)
 */
const MAX_BATCH = 32;
/** a batch stops taking queued jobs after this long (a job stuck on another process's row lock delays its batch) */
const MAX_BATCH_MS = 50;
/**
 * batches that may run at once (one connection each). Measured on 2 cores: 2, 4 and 8 gave the same payments/s
 * and CPU per payment within the noise; 2 keeps about one COMMIT per payment (4: 1.6, 8: 2.1).
 */
const WRITERS = 2;
/**
 * connections for committed reads outside any transaction; each pipelines what it is given. Two, so that
 * PostgreSQL serves a process's reads on two backends (one would be a single core's worth of reads).
 */
const READERS = 2;
/** a job that lost a deadlock or a serialization check is run again up to this many times */
const MAX_RETRIES = 5;

// deadlock_detected, serialization_failure: the job itself did nothing wrong
const RETRYABLE = new Set(['40P01', '40001']);

type Job = { fn: (q: Sql) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void; retries: number };

/** one owned, pipelined connection, reopened on next use after it broke */
class Conn {
  private client?: Promise<pg.Client>;
  /** statements written and not yet answered (readers pick the least busy connection) */
  inflight = 0;
  constructor(private readonly settings: pg.ClientConfig) {}
  get(): Promise<pg.Client> {
    if (!this.client) {
      const client = new pg.Client({ ...this.settings, pipeline: true } as pg.ClientConfig);
      const drop = () => {
        if (this.client === opened) this.client = undefined;
      };
      // a broken connection (server restart, kill): its pending queries fail, the next use reconnects
      client.on('error', drop);
      client.on('end', drop);
      const opened = client.connect().then(
        () => client,
        (err) => {
          drop();
          throw err;
        },
      );
      opened.catch(() => undefined);
      this.client = opened;
    }
    return this.client;
  }
  private corked = false;
  /**
   * Holds what is written to `client` in this turn and sends it in one write: a job's SAVEPOINT with its first
   * statement, the reads of concurrent requests together (measured: a socket write per statement was the
   * largest single cost of the PostgreSQL path).
   */
  cork(client: pg.Client): pg.Client {
    const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
    if (!this.corked) {
      this.corked = true;
      stream.cork();
      process.nextTick(() => {
        this.corked = false;
        stream.uncork();
      });
    }
    return client;
  }
  async end(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await (await c.catch(() => undefined))?.end().catch(() => undefined);
  }
}

export function pgSqlDb(settings: pg.ClientConfig, counters: DbCounters): SqlDb {
  const prepared = new Map<string, { name: string; text: string }>();
  const statement = (sql: string) => {
    let p = prepared.get(sql);
    if (!p) {
      let i = 0;
      // our SQL never carries a literal '?': every one is a placeholder
      p = { name: `nodo_${prepared.size}`, text: sql.replace(/\?/g, () => `$${++i}`) };
      prepared.set(sql, p);
    }
    return p;
  };
  const query = (client: pg.Client, sql: string, params: unknown[] = [], rowMode?: 'array') => {
    counters.statements++;
    const q = { ...statement(sql), values: params.map((v) => (v === undefined ? null : v)), ...(rowMode ? { rowMode } : {}) };
    return client.query(q as pg.QueryConfig) as Promise<pg.QueryResult>;
  };
  /** an Sql over `run`, which sends one statement (and whatever must precede it) */
  const sqlOf = (run: (sql: string, params: unknown[] | undefined, rowMode?: 'array') => Promise<pg.QueryResult>): Sql => ({
    arrays: async (sql, params) => (await run(sql, params, 'array')).rows as unknown[][],
    get: async <T>(sql: string, params?: unknown[]) => (await run(sql, params)).rows[0] as T | undefined,
    all: async <T>(sql: string, params?: unknown[]) => (await run(sql, params)).rows as T[],
    run: async (sql, params) => (await run(sql, params)).rowCount ?? 0,
  });

  const readers = Array.from({ length: READERS }, () => new Conn(settings));
  const readQuery = async (sql: string, params: unknown[] | undefined, rowMode?: 'array') => {
    const conn = readers.reduce((a, b) => (b.inflight < a.inflight ? b : a));
    conn.inflight++;
    try {
      return await query(conn.cork(await conn.get()), sql, params, rowMode);
    } finally {
      conn.inflight--;
    }
  };

  const queue: Job[] = [];
  const writers = Array.from({ length: WRITERS }, () => ({ conn: new Conn(settings), busy: false }));
  let scheduled = false;

  /** Runs `batch` in one transaction on `client`; settles every job after the COMMIT (or the failure). */
  const runBatch = async (conn: Conn, client: pg.Client, batch: Job[]) => {
    const began = Date.now();
    let open = false; // BEGIN written
    let savepoint = false; // a job's SAVEPOINT is open (released when the next job starts or by the COMMIT)
    let controlError: unknown;
    // control statements are pipelined ahead of the job's first statement, not awaited: a failure shows up
    // as that statement's error (the transaction is aborted) and in controlError
    const control = (text: string) => void client.query(text).catch((err: unknown) => void (controlError ??= err));
    const settled: { job: Job; ok: boolean; value: unknown }[] = [];
    const retry: Job[] = [];
    let i = 0;
    try {
      for (; i < batch.length; i++) {
        if (open && Date.now() - began > MAX_BATCH_MS) break;
        const job = batch[i];
        let started = false;
        // the first job to write needs no savepoint: if it fails, the whole transaction holds nothing else
        // (a subtransaction saved per batch: at low concurrency most batches hold one job)
        let ownSavepoint = false;
        const q = sqlOf((sql, params, rowMode) => {
          if (!started) {
            started = true;
            conn.cork(client);
            ownSavepoint = open;
            control(open ? `${savepoint ? 'RELEASE nodo_tx; ' : ''}SAVEPOINT nodo_tx` : 'BEGIN');
            savepoint = ownSavepoint;
            open = true;
          }
          return query(client, sql, params, rowMode);
        });
        try {
          settled.push({ job, ok: true, value: await job.fn(q) });
        } catch (err) {
          // undo this job's writes only; a failure here means the transaction itself is lost
          if (ownSavepoint) await client.query('ROLLBACK TO nodo_tx; RELEASE nodo_tx');
          else if (started) {
            await client.query('ROLLBACK');
            open = false;
            controlError = undefined;
          }
          if (started) savepoint = false;
          const code = (err as { code?: string }).code;
          if (code && RETRYABLE.has(code) && job.retries < MAX_RETRIES) {
            job.retries++;
            retry.push(job);
          } else settled.push({ job, ok: false, value: err });
        }
        if (controlError) throw controlError;
      }
      if (open) {
        // COMMIT of an aborted transaction answers ROLLBACK without an error
        const done = await client.query('COMMIT');
        if (done.command !== 'COMMIT') throw controlError ?? new Error(`PostgreSQL answered ${done.command} to the group commit's COMMIT`);
        counters.commits++;
      }
    } catch (err) {
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      counters.rollbacks += batch.length;
      for (const job of batch) job.reject(err);
      return;
    }
    // jobs not reached within MAX_BATCH_MS, and deadlock losers (their locks are gone with this COMMIT), go first
    queue.unshift(...retry, ...batch.slice(i));
    for (const s of settled) {
      if (s.ok) counters.transactions++;
      else counters.rollbacks++;
      (s.ok ? s.job.resolve : s.job.reject)(s.value);
    }
  };

  const drain = async (writer: (typeof writers)[number]) => {
    writer.busy = true;
    try {
      while (queue.length) {
        let client: pg.Client;
        try {
          client = await writer.conn.get();
        } catch (err) {
          for (const job of queue.splice(0)) job.reject(err);
          break;
        }
        await runBatch(writer.conn, client, queue.splice(0, MAX_BATCH));
      }
    } finally {
      writer.busy = false;
      kick();
    }
  };
  // start on the next turn, so that every request read in this turn joins the same commit
  const kick = () => {
    if (scheduled || !queue.length || !writers.some((w) => !w.busy)) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const free = writers.find((w) => !w.busy);
      if (free && queue.length) void drain(free);
    });
  };
  const tx = <T>(fn: (q: Sql) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, retries: 0 });
      kick();
    });

  const read: Sql = {
    ...sqlOf(readQuery),
    // a write never runs as a stray autocommit beside the group commit
    run: (sql, params) => tx((q) => q.run(sql, params)),
  };
  return {
    read,
    tx,
    requestCheckpoint: () => undefined,
    close: async () => void (await Promise.all([...readers, ...writers.map((w) => w.conn)].map((c) => c.end()))),
  };
}
