/**
 * What a scenario costs the database, read before and after its measured run:
 *  - statements, transactions, physical commits and rollbacks: the emulator's own counters, from each
 *    server's GET /admin/process (src/store/dbCounters.ts);
 *  - bytes: SQLite, the pages in use ((page_count - freelist_count) x page_size, read through a read-only
 *    connection, so it includes what is still in the WAL) and the files (main + -wal); PostgreSQL,
 *    pg_database_size;
 *  - PostgreSQL only: WAL bytes (pg_current_wal_lsn) and the CPU of the whole cluster (the postmaster and
 *    all its children, from /proc: backends, WAL writer, checkpointer, autovacuum), when it runs on this
 *    machine.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { clusterCpuMicros } from './cpu';

/** the counters of GET /admin/process's `database` (one server) */
export interface DbCounts {
  statements: number;
  transactions: number;
  commits: number;
  rollbacks: number;
}

/** A reading of the database itself (not of the emulator processes) */
interface DbReading {
  /** bytes the data occupies: SQLite pages in use, PostgreSQL pg_database_size */
  bytes: number;
  /** SQLite: main file + -wal file */
  fileBytes?: number;
  /** PostgreSQL: the WAL position, in bytes */
  walLsn?: bigint;
  /** PostgreSQL on this machine: CPU µs of the cluster's processes so far */
  pgCpuMicros?: number;
}

/** The totals of a measured run, and the same per request and per payment */
export interface DbFigures {
  statements: number;
  transactions: number;
  commits: number;
  rollbacks: number;
  bytes?: number;
  fileBytes?: number;
  walBytes?: number;
  pgCpuMicros?: number;
}

export interface DbCost {
  totals: DbFigures;
  perRequest: DbFigures;
  perPayment?: DbFigures;
}

/** Reads the database a scenario runs on; `null` when there is none (baseline) or it cannot be read. */
export class DbProbe {
  private pg?: Client;
  private postmaster?: number;

  private constructor(private readonly url: string) {}

  static async open(url: string): Promise<DbProbe> {
    const probe = new DbProbe(url);
    if (!url.startsWith('sqlite:')) {
      probe.pg = new Client({ connectionString: url });
      await probe.pg.connect();
      probe.postmaster = postmasterOf(Number((await probe.pg.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid));
    }
    return probe;
  }

  async read(): Promise<DbReading> {
    if (!this.pg) {
      const file = this.url.slice('sqlite:'.length);
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const pages = Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }));
        const bytes = pages * Number(db.pragma('page_size', { simple: true }));
        const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
        return { bytes, fileBytes: size(file) + size(`${file}-wal`) };
      } finally {
        db.close();
      }
    }
    const { rows } = await this.pg.query<{ bytes: string; lsn: string }>(
      "SELECT pg_database_size(current_database()) AS bytes, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn",
    );
    return {
      bytes: Number(rows[0].bytes),
      walLsn: BigInt(rows[0].lsn.split('.')[0]),
      ...(this.postmaster ? { pgCpuMicros: clusterCpuMicros(this.postmaster) } : {}),
    };
  }

  async close(): Promise<void> {
    await this.pg?.end();
  }
}

/**
 * The postmaster of a backend, when PostgreSQL runs on this machine: the backend's parent in /proc, both
 * named postgres. A server elsewhere (or in a container: another pid namespace) gives undefined.
 */
function postmasterOf(backend: number): number | undefined {
  try {
    const isPostgres = (pid: number) => /postgres|postmaster/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    if (!isPostgres(backend)) return undefined;
    const stat = fs.readFileSync(`/proc/${backend}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return isPostgres(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** the servers' counters summed: several emulator processes share one database */
export function sumCounts(views: (DbCounts | undefined)[]): DbCounts | undefined {
  if (views.some((v) => v === undefined)) return undefined;
  return views.reduce<DbCounts>(
    (a, v) => ({
      statements: a.statements + v!.statements,
      transactions: a.transactions + v!.transactions,
      commits: a.commits + v!.commits,
      rollbacks: a.rollbacks + v!.rollbacks,
    }),
    { statements: 0, transactions: 0, commits: 0, rollbacks: 0 },
  );
}

/** The figures of a run from the readings around it, per request and per payment. */
export function dbCost(
  counts: { before: DbCounts; after: DbCounts },
  db: { before: DbReading; after: DbReading } | undefined,
  responses: number,
  payments: number | undefined,
): DbCost {
  const totals: DbFigures = {
    statements: counts.after.statements - counts.before.statements,
    transactions: counts.after.transactions - counts.before.transactions,
    commits: counts.after.commits - counts.before.commits,
    rollbacks: counts.after.rollbacks - counts.before.rollbacks,
  };
  if (db) {
    totals.bytes = db.after.bytes - db.before.bytes;
    if (db.after.fileBytes !== undefined && db.before.fileBytes !== undefined) totals.fileBytes = db.after.fileBytes - db.before.fileBytes;
    if (db.after.walLsn !== undefined && db.before.walLsn !== undefined) totals.walBytes = Number(db.after.walLsn - db.before.walLsn);
    if (db.after.pgCpuMicros !== undefined && db.before.pgCpuMicros !== undefined) totals.pgCpuMicros = db.after.pgCpuMicros - db.before.pgCpuMicros;
  }
  const per = (n: number): DbFigures => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(totals)) if (v !== undefined) out[k] = v / n >= 100 ? Math.round(v / n) : Math.round((100 * v) / n) / 100;
    return out as unknown as DbFigures;
  };
  return { totals, perRequest: per(Math.max(1, responses)), ...(payments ? { perPayment: per(payments) } : {}) };
}
