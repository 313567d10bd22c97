import Database from 'better-sqlite3';
import type { Knex } from 'knex';

/**
 * The hot path's SQL executor: plain parameterised SQL (`?` placeholders) that both engines understand.
 * Measured reason: knex builds and prepares every statement anew and queues every query on its pool;
 * on SQLite that was ~45 % of a verify's CPU. Here SQLite statements are prepared once and run
 * synchronously; PostgreSQL goes through knex.raw (its cost is the network round trip anyway).
 * Query building stays with knex everywhere else (admin, jobs' selects, migrations, journal batches).
 */
export interface Sql {
  get<T>(sql: string, params?: unknown[]): Promise<T | undefined>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** returns the number of rows changed */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export interface SqlDb {
  /** Reads of committed data, outside any transaction. */
  read: Sql;
  /** One transaction; every write of the hot path goes through here. */
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
  close(): void;
}

type Stmt = Database.Statement;

// better-sqlite3 binds numbers, strings, bigints, buffers and null: booleans become 0/1 (as knex stores them)
const bind = (params: unknown[]) => params.map((p) => (p === true ? 1 : p === false ? 0 : p === undefined ? null : p));

function sqliteExecutor(conn: Database.Database): Sql {
  const cache = new Map<string, Stmt>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) {
      s = conn.prepare(sql);
      cache.set(sql, s);
    }
    return s;
  };
  return {
    get: async <T>(sql: string, params: unknown[] = []) => stmt(sql).get(...bind(params)) as T | undefined,
    all: async <T>(sql: string, params: unknown[] = []) => stmt(sql).all(...bind(params)) as T[],
    run: async (sql: string, params: unknown[] = []) => stmt(sql).run(...bind(params)).changes,
  };
}

export function sqliteSqlDb(knex: Knex, file: string | undefined): SqlDb {
  // knex's single pooled connection is the only writer: a transaction here holds it, so knex queries
  // (journal, jobs, admin) and hot-path transactions never interleave inside one SQLite transaction.
  const executors = new WeakMap<Database.Database, Sql>();
  const writer = (conn: Database.Database) => {
    let e = executors.get(conn);
    if (!e) executors.set(conn, (e = sqliteExecutor(conn)));
    return e;
  };
  const tx = async <T>(fn: (q: Sql) => Promise<T>): Promise<T> => {
    const conn = (await knex.client.acquireConnection()) as Database.Database;
    try {
      conn.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(writer(conn));
        conn.exec('COMMIT');
        return result;
      } catch (err) {
        if (conn.inTransaction) conn.exec('ROLLBACK');
        throw err;
      }
    } finally {
      await knex.client.releaseConnection(conn);
    }
  };
  // A file database gets a second, read-only connection: WAL lets it read the last committed state
  // without waiting for the writer. An in-memory database exists on one connection only.
  const readConn = file ? new Database(file, { readonly: true, fileMustExist: true }) : undefined;
  if (readConn) readConn.pragma('busy_timeout = 5000');
  const read: Sql = readConn
    ? sqliteExecutor(readConn)
    : {
        get: (sql, params) => tx((q) => q.get(sql, params)),
        all: (sql, params) => tx((q) => q.all(sql, params)),
        run: (sql, params) => tx((q) => q.run(sql, params)),
      };
  return { read, tx, close: () => readConn?.close() };
}

function knexExecutor(k: Knex | Knex.Transaction): Sql {
  return {
    get: async <T>(sql: string, params: unknown[] = []) => ((await k.raw(sql, params as Knex.RawBinding[])) as { rows: T[] }).rows[0],
    all: async <T>(sql: string, params: unknown[] = []) => ((await k.raw(sql, params as Knex.RawBinding[])) as { rows: T[] }).rows,
    run: async (sql: string, params: unknown[] = []) => ((await k.raw(sql, params as Knex.RawBinding[])) as { rowCount: number }).rowCount,
  };
}

export function pgSqlDb(knex: Knex): SqlDb {
  return { read: knexExecutor(knex), tx: (fn) => knex.transaction((trx) => fn(knexExecutor(trx))), close: () => undefined };
}
