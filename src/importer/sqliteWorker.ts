import { parentPort, workerData } from 'node:worker_threads';
import { sqliteStore, type SqliteStore } from './sqliteStore';
import type { Reply, Request } from './sqliteWriter';

/** Worker entry of sqliteWriter.ts: runs each request on the store, in order, and answers it. */
const store: SqliteStore = sqliteStore((workerData as { file: string }).file);
parentPort!.on('message', (m: Request) => {
  let reply: Reply;
  try {
    let value: unknown;
    if (m.op === 'write') store.write(m.batch, m.status, m.now);
    else if (m.op === 'existing') value = store.existing(m.batch);
    else value = store[m.op]();
    reply = { id: m.id, value };
  } catch (err) {
    reply = { id: m.id, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
  if (m.op === 'close') parentPort!.close();
});
