import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { finalCheckpoint, startCheckpointer, type Checkpointer } from './checkpointer';
import { countKnex, newDbCounters, type DbCounters } from './dbCounters';
import { pgSqlDb, sqliteSqlDb, type Sql, type SqlDb } from './sql';

export type Engine = 'sqlite' | 'pg';

export interface Db {
  readonly knex: Knex;
  readonly engine: Engine;
  /** The URL with any password replaced, for banners and logs. */
  readonly safeUrl: string;
  /** committed reads of the hot path (see sql.ts) */
  readonly read: Sql;
  /** a hot-path transaction (see sql.ts) */
  tx<T>(fn: (q: Sql) => Promise<T>): Promise<T>;
  /** statements and transactions this process has run so far (dbCounters.ts); read-only to everyone else */
  readonly counters: Readonly<DbCounters>;
  close(): Promise<void>;
}

export class DbError extends Error {}

/* Same types on both engines: pg returns bigint (int8) and numeric as strings by default; all our bigint
   columns hold epoch ms or cents, well inside 2^53. Dates stay text. */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/**
 * knex's own logger prints a multi-line "Acquire connection error" with a stack for an unreachable server,
 * before openDb can say it in one line (DbError); the failing query reports the same error anyway. Its
 * other warnings stay, on one line each.
 */
const knexLog = {
  warn: (m: string) => void (m.startsWith('Acquire connection error') ? undefined : process.stderr.write(`knex: ${m.split('\n')[0]}\n`)),
  error: (m: string) => void process.stderr.write(`knex: ${m.split('\n')[0]}\n`),
  deprecate: (m: string) => void process.stderr.write(`knex: ${m}\n`),
  debug: () => undefined,
};

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

export async function openDb(url: string): Promise<Db> {
  let knex: Knex;
  let engine: Engine;
  if (url.startsWith('sqlite:')) {
    engine = 'sqlite';
    const file = url.slice('sqlite:'.length);
    const memory = file === ':memory:';
    if (!memory) {
      try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      } catch (err) {
        throw new DbError(`cannot create the directory of ${file}: ${(err as Error).message}`);
      }
    }
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: memory ? ':memory:' : file },
      useNullAsDefault: true,
      log: knexLog,
      // better-sqlite3 is synchronous: one connection serialises every statement and transaction.
      pool: {
        min: 1,
        max: 1,
        afterCreate: (conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
          try {
            conn.pragma('journal_mode = WAL');
            conn.pragma('synchronous = NORMAL');
            // checkpoints run in a worker thread (checkpointer.ts), not inside a request's COMMIT
            if (!memory) conn.pragma('wal_autocheckpoint = 0');
            // once a checkpoint has caught up, the WAL file is truncated back to this size
            conn.pragma('journal_size_limit = 67108864');
            conn.pragma('foreign_keys = ON');
            conn.pragma('busy_timeout = 5000');
            conn.pragma('cache_size = -65536'); // 64 MiB: the hot indexes stay in memory as the tables grow
            if (!memory) conn.pragma('mmap_size = 268435456');
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    });
  } else {
    engine = 'pg';
    // the hot path has its own four connections (pgGroupCommit.ts); knex's pool serves only the journal's
    // batches, the jobs' selects and admin, so it stays small: two processes hold at most 2 × 8 connections
    knex = knexFactory({ client: 'pg', connection: pgSettings(url), pool: { min: 1, max: 4 }, log: knexLog });
  }
  try {
    await knex.raw('select 1');
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    const reason = (err as Error).message;
    throw new DbError(`cannot open database ${safe(url)}: ${reason === 'timeout expired' ? 'no answer within 5 s (connect timeout)' : reason}`);
  }
  const counters = newDbCounters();
  countKnex(knex, counters);
  const sqlFile = engine === 'sqlite' && url !== 'sqlite::memory:' ? url.slice('sqlite:'.length) : undefined;
  let fast: SqlDb | undefined;
  let checkpointer: Checkpointer | undefined;
  const sql = () => {
    if (!fast) {
      fast = engine === 'sqlite' ? sqliteSqlDb(knex, sqlFile, counters) : pgSqlDb(pgSettings(url), counters);
      const db = fast;
      if (sqlFile) checkpointer = startCheckpointer({ file: sqlFile, onPass: () => db.requestCheckpoint(), onError: (msg) => process.stderr.write(`checkpoint: ${msg}\n`) });
    }
    return fast;
  };
  return {
    knex,
    engine,
    safeUrl: safe(url),
    // opened lazily: the read-only connection needs the file the first knex connection creates and migrates
    get read() {
      return sql().read;
    },
    tx: (fn) => sql().tx(fn),
    counters,
    close: async () => {
      await checkpointer?.stop();
      await fast?.close();
      if (sqlFile) await finalCheckpoint((q) => knex.raw(q)).catch((err: Error) => process.stderr.write(`checkpoint at close: ${err.message}\n`));
      await knex.destroy();
    },
  };
}

export async function migrate(db: Db): Promise<string[]> {
  const [, applied] = (await db.knex.migrate.latest({ directory: MIGRATIONS_DIR, loadExtensions: ['.js'] })) as [number, string[]];
  return applied;
}

function pgSettings(url: string): { connectionString: string; connectionTimeoutMillis: number } {
  return { connectionString: url, connectionTimeoutMillis: 5000 };
}

function safe(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
