import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the request thread. SQLite's automatic checkpoint runs inside whichever COMMIT
 * crosses the threshold and stalls every request queued behind it (p99 went from ~25 ms to ~50 ms on the
 * payment benchmark). With autocheckpoint off on the writer, this worker thread runs a PASSIVE
 * checkpoint (it never blocks the writer) on its own connection every `intervalMs`.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message)); }
}, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); process.exit(0); } });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, onError: (msg: string) => void, intervalMs = 500): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') } });
  worker.on('message', (m: string) => onError(m));
  worker.on('error', (err) => onError(err.message));
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate().then(() => resolve()), 2000).unref();
      }),
  };
}
