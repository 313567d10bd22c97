import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import type { DbCounters } from './dbCounters';

/**
 * The hot path's SQL executor: plain parameterised SQL (`?` placeholders) that both engines understand.
 * Measured reason: knex builds and prepares every statement anew and queues every query on its pool;
 * on SQLite that was ~45 % of a verify's CPU. Here SQLite statements are prepared once and run
 * synchronously; on PostgreSQL they are named prepared statements on knex's pooled connections.
 * Query building stays with knex everywhere else (admin, jobs' selects, migrations, journal batches).
 */
export interface Sql {
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** rows as arrays, in select-list order: no object per row (measured: half the cost of a wide join) */
  arrays(sql: string, params?: unknown[]): Promise<unknown[][]>;
  /** returns the number of rows changed */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export interface SqlDb {
  /** Reads of committed data, outside any transaction. */
  read: Sql;
  /** One transaction; every write of the hot path goes through here. */
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
  /** SQLite: checkpoint the WAL on the writer between two group commits (see checkpointer.ts) */
  requestCheckpoint(): void;
  close(): void | Promise<void>;
}

type Stmt = Database.Statement;

/** transactions per group commit: bounds how long one COMMIT keeps the others waiting */
const MAX_BATCH = 32;

// better-sqlite3 binds numbers, strings, bigints, buffers and null: booleans become 0/1 (as knex stores them)
const bind = (params: unknown[]) => params.map((p) => (p === true ? 1 : p === false ? 0 : p === undefined ? null : p));

function sqliteExecutor(conn: Database.Database, counters: DbCounters): Sql {
  const cache = new Map<string, Stmt>();
  const rawCache = new Map<string, Stmt>();
  const stmt = (sql: string, raw = false) => {
    counters.statements++;
    const c = raw ? rawCache : cache;
    let s = c.get(sql);
    if (!s) {
      s = conn.prepare(sql);
      if (raw) s.raw(true);
      c.set(sql, s);
    }
    return s;
  };
  return {
    get: async <T>(sql: string, params: unknown[] = []) => stmt(sql).get(...bind(params)) as T | undefined,
    all: async <T>(sql: string, params: unknown[] = []) => stmt(sql).all(...bind(params)) as T[],
    arrays: async (sql: string, params: unknown[] = []) => stmt(sql, true).all(...bind(params)) as unknown[][],
    run: async (sql: string, params: unknown[] = []) => stmt(sql).run(...bind(params)).changes,
  };
}

export function sqliteSqlDb(knex: Knex, file: string | undefined, counters: DbCounters): SqlDb {
  // knex's single pooled connection is the only writer: a transaction here holds it, so knex queries
  // (journal, jobs, admin) and hot-path transactions never interleave inside one SQLite transaction.
  const executors = new WeakMap<Database.Database, Sql>();
  const writer = (conn: Database.Database) => {
    let e = executors.get(conn);
    if (!e) executors.set(conn, (e = sqliteExecutor(conn, counters)));
    return e;
  };
  // Group commit: transactions that arrive while one is running are queued and run back to back, each in
  // its own SAVEPOINT (a failure rolls back only its own writes), inside one BEGIN … COMMIT. Callers are
  // answered only after that COMMIT. One COMMIT per batch instead of one per request is what lets a
  // single SQLite file keep up with thousands of payments a second.
  // transaction control, prepared once per connection (exec() would parse it on every call)
  const controls = new WeakMap<Database.Database, Record<'begin' | 'savepoint' | 'release' | 'rollbackTo' | 'commit', Stmt>>();
  const control = (conn: Database.Database) => {
    let c = controls.get(conn);
    if (!c) {
      c = {
        begin: conn.prepare('BEGIN IMMEDIATE'),
        savepoint: conn.prepare('SAVEPOINT nodo_tx'),
        release: conn.prepare('RELEASE nodo_tx'),
        rollbackTo: conn.prepare('ROLLBACK TO nodo_tx'),
        commit: conn.prepare('COMMIT'),
      };
      controls.set(conn, c);
    }
    return c;
  };
  type Job = { fn: (q: Sql) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
  const queue: Job[] = [];
  let draining = false;
  /** knex's one pooled connection, as last seen by a group commit */
  let writerConn: Database.Database | undefined;
  let checkpointDue = false;
  const drain = async () => {
    draining = true;
    let conn: Database.Database | undefined;
    try {
      conn = (await knex.client.acquireConnection()) as Database.Database;
      writerConn = conn;
      const q = writer(conn);
      const c = control(conn);
      while (queue.length) {
        const batch = queue.splice(0, MAX_BATCH);
        const settled: { job: Job; ok: boolean; value: unknown }[] = [];
        c.begin.run();
        try {
          for (const job of batch) {
            c.savepoint.run();
            try {
              const value = await job.fn(q);
              c.release.run();
              settled.push({ job, ok: true, value });
            } catch (err) {
              c.rollbackTo.run();
              c.release.run();
              settled.push({ job, ok: false, value: err });
            }
          }
          c.commit.run();
          counters.commits++;
          for (const s of settled) {
            if (s.ok) counters.transactions++;
            else counters.rollbacks++;
          }
          if (checkpointDue) {
            checkpointDue = false;
            conn.pragma('wal_checkpoint(PASSIVE)');
          }
        } catch (err) {
          if (conn.inTransaction) conn.exec('ROLLBACK');
          counters.rollbacks += batch.length;
          for (const job of batch) job.reject(err);
          continue;
        }
        for (const s of settled) (s.ok ? s.job.resolve : s.job.reject)(s.value);
      }
    } catch (err) {
      for (const job of queue.splice(0)) job.reject(err);
    } finally {
      draining = false;
      if (conn) await knex.client.releaseConnection(conn);
      // work queued while the connection was being released
      if (queue.length && !draining) void drain();
    }
  };
  const tx = <T>(fn: (q: Sql) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      // start on the next turn, so that every request read in this turn joins the same commit
      if (!draining && queue.length === 1) setImmediate(() => draining || void drain());
    });
  // A file database gets a second, read-only connection: WAL lets it read the last committed state
  // without waiting for the writer. An in-memory database exists on one connection only.
  const readConn = file ? new Database(file, { readonly: true, fileMustExist: true }) : undefined;
  if (readConn) {
    readConn.pragma('busy_timeout = 5000');
    readConn.pragma('cache_size = -65536');
    readConn.pragma('mmap_size = 268435456');
  }
  // Reads go to the writer's connection whenever it is between transactions (statements are synchronous,
  // so nothing can interleave), else to the read-only one. Measured reason: in WAL mode every commit by
  // another connection drops a reader's whole page cache; with the journal committing every 20 ms the
  // read connection ran cold (a paGetPaymentsByDebtor page: 51 µs warm, 127 µs with a commit every 40
  // requests). The writer's cache survives its own commits.
  const readExec = readConn && sqliteExecutor(readConn, counters);
  const current = (): Sql => (writerConn && writerConn.open && !writerConn.inTransaction ? writer(writerConn) : readExec!);
  const read: Sql = readExec
    ? {
        get: (sql, params) => current().get(sql, params),
        all: (sql, params) => current().all(sql, params),
        arrays: (sql, params) => current().arrays(sql, params),
        // a write never runs as a stray autocommit beside the group commit
        run: (sql, params) => tx((q) => q.run(sql, params)),
      }
    : {
        get: (sql, params) => tx((q) => q.get(sql, params)),
        all: (sql, params) => tx((q) => q.all(sql, params)),
        arrays: (sql, params) => tx((q) => q.arrays(sql, params)),
        run: (sql, params) => tx((q) => q.run(sql, params)),
      };
  return { read, tx, requestCheckpoint: () => void (checkpointDue = true), close: () => void readConn?.close() };
}

// PostgreSQL's SqlDb: a group commit on owned, pipelined connections (pgGroupCommit.ts)
export { pgSqlDb } from './pgGroupCommit';
