import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openDb, type Db } from '../../src/store/db';
import type { DbCounters } from '../../src/store/dbCounters';

/**
 * The database counters (src/store/dbCounters.ts) that GET /admin/process shows and the bench divides by
 * payments: a known sequence of statements and transactions on a SQLite file gives known counts, through
 * the hot path's executor (group commit included) and through knex alike.
 */
let dir: string;
let db: Db;
let before: DbCounters;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodo-unit-counters-'));
  db = await openDb(`sqlite:${path.join(dir, 'c.sqlite')}`);
  await db.knex.raw('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  before = { ...db.counters };
});
afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** what the counters moved by since the table was created */
const delta = (): DbCounters => {
  const c = db.counters;
  return {
    statements: c.statements - before.statements,
    transactions: c.transactions - before.transactions,
    commits: c.commits - before.commits,
    rollbacks: c.rollbacks - before.rollbacks,
  };
};

const insert = (id: number, fail = false) =>
  db.tx(async (q) => {
    await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [id, `row ${id}`]);
    if (fail) throw new Error(`tx ${id} failed`);
    await q.run('UPDATE t SET v = ? WHERE id = ?', [`updated ${id}`, id]);
  });

describe('database counters on SQLite', () => {
  it('the DDL that set the test up was one autocommit write through knex', () => {
    expect(before).toEqual({ statements: 1, transactions: 1, commits: 1, rollbacks: 0 });
  });

  it('a group commit: one physical commit for the batch, one logical transaction for each that succeeded', async () => {
    const results = await Promise.allSettled([insert(1), insert(2, true), insert(3), insert(4)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    // 2 statements each, 1 for the failing one; BEGIN, SAVEPOINT, RELEASE, COMMIT are not statements
    expect(delta()).toEqual({ statements: 7, transactions: 3, commits: 1, rollbacks: 1 });
  });

  it('transactions one after the other: one commit each', async () => {
    await insert(1);
    await insert(2);
    await insert(3);
    expect(delta()).toEqual({ statements: 6, transactions: 3, commits: 3, rollbacks: 0 });
  });

  it('reads outside a transaction are statements, not transactions', async () => {
    await insert(1);
    expect(await db.read.get('SELECT v FROM t WHERE id = ?', [1])).toEqual({ v: 'updated 1' });
    expect(await db.read.all('SELECT id FROM t')).toHaveLength(1);
    expect(await db.read.arrays('SELECT id, v FROM t')).toEqual([[1, 'updated 1']]);
    expect(delta()).toEqual({ statements: 5, transactions: 1, commits: 1, rollbacks: 0 });
  });

  it('knex: an autocommit write is a transaction, a select is not, a knex transaction is one however many statements', async () => {
    await db.knex('t').insert({ id: 1, v: 'a' });
    await db.knex('t').select('id');
    await db.knex.raw('SELECT count(*) FROM t');
    expect(delta()).toEqual({ statements: 3, transactions: 1, commits: 1, rollbacks: 0 });
    await db.knex.transaction(async (trx) => {
      await trx('t').insert({ id: 2, v: 'b' });
      await trx('t').where({ id: 1 }).update({ v: 'c' });
      await trx('t').select('id');
      // a nested transaction is a savepoint of its parent: no transaction or commit of its own
      await trx.transaction(async (inner) => inner('t').insert({ id: 3, v: 'd' }));
    });
    expect(delta()).toEqual({ statements: 7, transactions: 2, commits: 2, rollbacks: 0 });
  });

  it('knex: a failing transaction is a rollback, and its statements still count', async () => {
    await expect(
      db.knex.transaction(async (trx) => {
        await trx('t').insert({ id: 1, v: 'a' });
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(delta()).toEqual({ statements: 1, transactions: 0, commits: 0, rollbacks: 1 });
    expect(await db.read.all('SELECT id FROM t')).toEqual([]);
  });

  it('a write through the read side runs as a transaction of the group commit', async () => {
    expect(await db.read.run('INSERT INTO t (id, v) VALUES (?, ?)', [9, 'x'])).toBe(1);
    expect(delta()).toEqual({ statements: 1, transactions: 1, commits: 1, rollbacks: 0 });
  });
});
