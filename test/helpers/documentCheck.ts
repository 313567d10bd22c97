import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * libxml2 (the emulator's run-time validator) on whole documents, e.g. a stamp against MarcaDaBollo.xsd,
 * through documentWorker.mjs. A document that is not well-formed, or a schema that does not load, throws:
 * only `valid: false` means "invalid".
 */
export interface LibxmlVerdict {
  valid: boolean;
  messages: string[];
}

let worker: Worker | undefined;
let seq = 0;
const waiting = new Map<number, (r: LibxmlVerdict & { error?: string }) => void>();

function start(): Worker {
  if (!worker) {
    worker = new Worker(path.join(__dirname, 'documentWorker.mjs'));
    worker.on('message', (m: LibxmlVerdict & { id: number; error?: string }) => {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
    worker.on('error', (err) => {
      for (const resolve of waiting.values()) resolve({ valid: false, messages: [], error: `validator crashed: ${err.message}` });
      waiting.clear();
      worker = undefined;
    });
    worker.unref();
  }
  return worker;
}

export async function validateWithLibxml(xml: string, xsd: string): Promise<LibxmlVerdict> {
  const id = ++seq;
  const w = start();
  const r = await new Promise<LibxmlVerdict & { error?: string }>((resolve) => {
    waiting.set(id, resolve);
    w.postMessage({ id, xsd, xml });
  });
  if (r.error) throw new Error(`libxml2 could not check the document: ${r.error}`);
  return { valid: r.valid, messages: r.messages };
}
