import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { openDb, type Db } from '../../src/store/db';
import { describeWith } from '../helpers/crossChecks';
import { DATABASES } from '../helpers/databases';
import { CREATE_T, groupCommitFixture } from '../helpers/groupCommitFixture';

/**
 * PostgreSQL's group commit (src/store/pgGroupCommit.ts), on a real server: transactions queued in one turn
 * share one BEGIN … COMMIT, each in its own SAVEPOINT. A failing one rolls back only its own writes; a
 * deadlock between two batches (two processes' connections) fails no job, the loser is run again.
 */
const pg = DATABASES.find((d) => d.id === 'postgres');

describeWith('postgres')('PostgreSQL group commit', () => {
  let db: Db;
  /** a second handle on the same database: its own connections and batches, as another process has */
  let other: Db;

  beforeAll(async () => {
    const url = await pg!.create();
    db = await openDb(url);
    other = await openDb(url);
    await db.knex.raw(CREATE_T);
  });
  afterAll(async () => {
    await Promise.all([db?.close(), other?.close()]);
  });
  beforeEach(async () => {
    await db.knex.raw('DELETE FROM t');
  });

  const { ids, writer } = groupCommitFixture(() => db);

  it('one failing transaction in a batch leaves the others committed, in fewer commits than transactions', async () => {
    const before = { ...db.counters };
    const results = await Promise.allSettled([writer(1), writer(2), writer(3, true), writer(4), writer(5)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('tx 3 failed'));
    expect((results[4] as PromiseFulfilledResult<number>).value).toBe(5);
    expect(await ids()).toEqual([1, 2, 4, 5, 1001, 1002, 1004, 1005]);
    expect(db.counters.transactions - before.transactions).toBe(4);
    expect(db.counters.rollbacks - before.rollbacks).toBe(1);
    // queued in one turn: one batch (a group commit), not a COMMIT per transaction
    expect(db.counters.commits - before.commits).toBeLessThan(4);
  });

  it('a constraint violation (a database error, not a thrown one) rolls back only its own transaction', async () => {
    const results = await Promise.allSettled([
      writer(10),
      db.tx(async (q) => {
        await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [50, 'first write of the failing tx']);
        await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [10, 'duplicate of tx 10']);
      }),
      writer(20),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/duplicate key value violates unique constraint/);
    expect(await ids()).toEqual([10, 20, 1010, 1020]);
  });

  it('the first and the last transaction of a batch failing, and one that fails before any statement', async () => {
    const early = db.tx(async () => {
      throw new Error('refused before writing');
    });
    const results = await Promise.allSettled([writer(1, true), early, writer(2), writer(3, true)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'rejected']);
    expect(await ids()).toEqual([2, 1002]);
  });

  it('every transaction of a large burst is committed once (batches are bounded, several run at once)', async () => {
    const all = await Promise.all(Array.from({ length: 200 }, (_, i) => writer(i + 1)));
    expect(all).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect((await ids()).length).toBe(400);
  });

  it('statements a transaction issues together are pipelined on its connection, and fail together', async () => {
    const together = (ids: number[]) => db.tx((q) => Promise.all(ids.map((id) => q.run('INSERT INTO t (id, v) VALUES (?, ?)', [id, 'piped']))));
    const results = await Promise.allSettled([together([31, 32, 33]), together([41, 31, 42]), together([51, 52])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual([31, 32, 33, 51, 52]);
  });

  it('reads outside a transaction see what a committed transaction wrote, and a stray write is committed', async () => {
    await writer(7);
    expect(await db.read.get<{ v: string }>('SELECT v FROM t WHERE id = ?', [7])).toEqual({ v: 'row 7' });
    expect(await db.read.run('UPDATE t SET v = ? WHERE id = ?', ['changed', 7])).toBe(1);
    expect(await other.read.get<{ v: string }>('SELECT v FROM t WHERE id = ?', [7])).toEqual({ v: 'changed' });
  });

  it('a deadlock between two batches fails no transaction: the loser is rolled back to its savepoint and run again', async () => {
    await db.knex('t').insert([
      { id: 1, v: 'a' },
      { id: 2, v: 'b' },
    ]);
    // each batch's first job locks one row, then waits until the other batch's first job has locked the other
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((r) => (release = r));
    const lockThenWait = (handle: Db, id: number) =>
      handle.tx(async (q) => {
        await q.run('UPDATE t SET v = v || ? WHERE id = ?', ['+first', id]);
        if (++arrived === 2) release();
        await bothLocked;
        return id;
      });
    // the second job of each batch wants the row the other batch holds: a cycle PostgreSQL breaks by failing one
    let runs = 0;
    const crossWrite = (handle: Db, id: number) =>
      handle.tx(async (q) => {
        runs++;
        await q.run('UPDATE t SET v = v || ? WHERE id = ?', ['+second', id]);
        return id;
      });
    const results = await Promise.all([lockThenWait(db, 1), crossWrite(db, 2), lockThenWait(other, 2), crossWrite(other, 1)]);
    expect(results).toEqual([1, 2, 2, 1]);
    expect(runs).toBe(3); // one of the two cross writes lost the deadlock and ran again
    const rows = await db.read.all<{ id: number; v: string }>('SELECT id, v FROM t ORDER BY id');
    expect(rows.map((r) => [r.id, r.v.split('+').sort()])).toEqual([
      [1, ['a', 'first', 'second']],
      [2, ['b', 'first', 'second']],
    ]);
  });
});
