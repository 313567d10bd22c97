import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openDb, type Db } from '../../src/store/db';
import { CREATE_T, groupCommitFixture } from '../helpers/groupCommitFixture';

/**
 * SQLite's group commit (src/store/sql.ts): transactions queued in one turn run back to back inside one
 * BEGIN … COMMIT, each in its own SAVEPOINT. One failing transaction rolls back only its own writes; the
 * others of its batch commit, on a real file (WAL, the read connection, the checkpointer included).
 */
let dir: string;
let db: Db;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodo-unit-gc-'));
  db = await openDb(`sqlite:${path.join(dir, 'gc.sqlite')}`);
  await db.knex.raw(CREATE_T);
});
afterEach(async () => {
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const { ids, writer } = groupCommitFixture(() => db);

describe('group commit savepoint isolation', () => {
  it('one failing transaction in a batch leaves the others committed', async () => {
    const results = await Promise.allSettled([writer(1), writer(2), writer(3, true), writer(4), writer(5)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('tx 3 failed'));
    expect((results[0] as PromiseFulfilledResult<number>).value).toBe(1);
    expect(await ids()).toEqual([1, 2, 4, 5, 1001, 1002, 1004, 1005]);
  });

  it('the first and the last transaction of a batch failing', async () => {
    const results = await Promise.allSettled([writer(1, true), writer(2), writer(3, true)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    expect(await ids()).toEqual([2, 1002]);
  });

  it('a constraint violation (a database error, not a thrown one) rolls back only its own transaction', async () => {
    // queued in this order: 10 commits first, then the duplicate of 10 fails, then 20
    const ten = writer(10);
    const dup = db.tx(async (q) => {
      await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [50, 'first write of the failing tx']);
      await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [10, 'duplicate of tx 10']);
    });
    const results = await Promise.allSettled([ten, dup, writer(20)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(await ids()).toEqual([10, 20, 1010, 1020]);
  });

  it('a later transaction of the same batch sees the earlier ones, never the rolled-back one', async () => {
    const one = writer(1);
    const two = writer(2, true);
    const seen = db.tx((q) => q.all<{ id: number }>('SELECT id FROM t ORDER BY id'));
    const [, , rows] = await Promise.allSettled([one, two, seen]);
    expect((rows as PromiseFulfilledResult<{ id: number }[]>).value.map((r) => r.id)).toEqual([1, 1001]);
  });

  it('more transactions than one batch holds (32): every batch isolates its own failures', async () => {
    const n = 100;
    const failing = new Set([0, 31, 32, 33, 63, 64, 99]);
    const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => writer(i + 1, failing.has(i))));
    results.forEach((r, i) => expect(r.status).toBe(failing.has(i) ? 'rejected' : 'fulfilled'));
    const expected = Array.from({ length: n }, (_, i) => i)
      .filter((i) => !failing.has(i))
      .flatMap((i) => [i + 1, i + 1001])
      .sort((a, b) => a - b);
    expect(await ids()).toEqual(expected);
  });

  it('a value thrown that is not an Error is handed back as is', async () => {
    const results = await Promise.allSettled([
      db.tx(async (q) => {
        await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [7, 'x']);
        throw 'plain string';
      }),
      writer(8),
    ]);
    expect(results[0]).toEqual({ status: 'rejected', reason: 'plain string' });
    expect(await ids()).toEqual([8, 1008]);
  });

  it('what a batch committed is on disk: a new connection to the file reads it', async () => {
    await Promise.allSettled([writer(1), writer(2, true), writer(3)]);
    await db.close();
    db = await openDb(`sqlite:${path.join(dir, 'gc.sqlite')}`);
    expect(await ids()).toEqual([1, 3, 1001, 1003]);
  });

  it('transactions queued after a batch started run in a later batch, and still commit', async () => {
    const first = writer(1);
    await new Promise((resolve) => setImmediate(resolve));
    const second = writer(2, true);
    const third = writer(3);
    await expect(first).resolves.toBe(1);
    await expect(second).rejects.toThrow('tx 2 failed');
    await expect(third).resolves.toBe(3);
    expect(await ids()).toEqual([1, 3, 1001, 1003]);
  });
});
