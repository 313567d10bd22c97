import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportPosition, ImportStatus, Writer } from './types';

/**
 * SQLite writes on a worker thread (sqliteWorker.ts → sqliteStore.ts). better-sqlite3 is synchronous, so
 * on the main thread parsing, validation and inserts took turns on one core; with the inserts on the
 * other core the CLI parses batch n+1 while batch n is written (1M notices: 69 s → see README). The
 * structured clone of a 20k-notice batch costs far less than the overlap gains.
 */
export type Request =
  | { id: number; op: 'write'; batch: ImportPosition[]; status: ImportStatus; now: number }
  | { id: number; op: 'existing'; batch: ImportPosition[] }
  | { id: number; op: 'archiveEmpty' | 'begin' | 'commit' | 'rollback' | 'close' };
export interface Reply {
  id: number;
  value?: unknown;
  error?: string;
}

type Op = Request extends infer R ? (R extends { op: infer O } ? O : never) : never;

export async function sqliteWriter(file: string): Promise<Writer> {
  const worker = new Worker(path.join(__dirname, 'sqliteWorker.js'), { workerData: { file } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead: Error | undefined;
  const failAll = (err: Error) => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (r: Reply) => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (r.error !== undefined) p?.reject(new Error(r.error));
    else p?.resolve(r.value);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the SQLite writer stopped (exit ${code})`)));
  const call = <T>(op: Op, extra: object = {}): Promise<T> =>
    dead
      ? Promise.reject(dead)
      : new Promise<T>((resolve, reject) => {
          const id = next++;
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          worker.postMessage({ id, op, ...extra });
        });
  // the store opens the database in the worker: surface an error there now, as one line
  const empty = await call<boolean>('archiveEmpty');
  let first = true;
  return {
    archiveEmpty: async () => (first ? ((first = false), empty) : call<boolean>('archiveEmpty')),
    existing: (batch) => call('existing', { batch }),
    write: (batch, status, now) => call('write', { batch, status, now }),
    begin: () => call('begin'),
    commit: () => call('commit'),
    rollback: () => (dead ? Promise.resolve() : call('rollback')),
    close: async () => {
      if (!dead) await call('close');
      await worker.terminate();
    },
  };
}
