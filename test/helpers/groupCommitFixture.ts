import type { Db } from '../../src/store/db';

/** The table both group-commit suites (SQLite: test/unit/groupCommit, PostgreSQL: test/store/pgGroupCommit) write. */
export const CREATE_T = 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)';

/** `db` is read on each call: the SQLite suite opens a new database per test. */
export function groupCommitFixture(db: () => Db) {
  return {
    ids: async (): Promise<number[]> => (await db().read.all<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id),
    /** A transaction that writes two rows, then fails when asked to: its first write must not survive. */
    writer: (id: number, fail = false) =>
      db().tx(async (q) => {
        await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [id, `row ${id}`]);
        if (fail) throw new Error(`tx ${id} failed`);
        await q.run('INSERT INTO t (id, v) VALUES (?, ?)', [id + 1000, `second ${id}`]);
        return id;
      }),
  };
}
