import type { Knex } from 'knex';

/**
 * What this process has asked of its database since it opened it, counted by the emulator itself (not
 * by the engine, which two processes share): `npm run bench` reads it around a scenario to give statements
 * and transactions per payment. Plain integer increments, so the hot path pays nothing measurable.
 */
export interface DbCounters {
  /** SQL statements run (hot path, knex, both connections); transaction control (BEGIN, SAVEPOINT, COMMIT) apart */
  statements: number;
  /**
   * logical transactions committed: each hot-path `tx()`, each top-level knex transaction, and each write
   * run outside a transaction (autocommit: the journal's batches); reads outside a transaction are not one
   */
  transactions: number;
  /** physical commits: SQLite's group commit makes one for a whole batch of `tx()`; else one per transaction */
  commits: number;
  /** transactions rolled back (inside a SQLite batch, only the failing one's savepoint) */
  rollbacks: number;
}

export function newDbCounters(): DbCounters {
  return { statements: 0, transactions: 0, commits: 0, rollbacks: 0 };
}

/** knex's query object, as its `query` event passes it (the fields read here) */
interface KnexQuery {
  method?: string;
  sql?: string;
  __knexTxId?: string;
}

const READ_METHODS = new Set(['select', 'first', 'pluck', 'columnInfo']);
const READ_SQL = /^\s*(select|with|pragma|explain|show)\b/i;
// knex's own transaction control: a query without a builder method (ROLLBACK TO is a nested transaction's)
const CONTROL = /^\s*(begin|commit|rollback\s+to|rollback|savepoint|release|set\s+transaction)\b/i;

/**
 * Counts what goes through knex (admin, jobs, journal batches, migrations) from its `query` event, which
 * also reports knex's own BEGIN / COMMIT / ROLLBACK (COMMIT without the transaction's id): a COMMIT is a
 * transaction committed, a write outside any transaction one committed on its own; SAVEPOINT and RELEASE
 * are a nested transaction, part of its parent.
 */
export function countKnex(knex: Knex, counters: DbCounters): void {
  knex.on('query', (q: KnexQuery) => {
    const control = !q.method && q.sql ? CONTROL.exec(q.sql) : null;
    if (control) {
      const word = control[1].toLowerCase();
      if (word === 'commit') {
        counters.transactions++;
        counters.commits++;
      } else if (word === 'rollback') counters.rollbacks++;
      return;
    }
    counters.statements++;
    if (q.__knexTxId || (q.method && READ_METHODS.has(q.method)) || (q.method === 'raw' && q.sql && READ_SQL.test(q.sql))) return;
    // a write outside a transaction: autocommit
    counters.transactions++;
    counters.commits++;
  });
}
