/**
 * The remote-station leg: a full payment whose EC is reached over real paForNode SOAP calls, the mock EC
 * running in another process (`main.js mock-ec`, on the load generator's core), and the receipts that
 * follow. The emulator's registry is the demo one with station 66666666666_03 (paGetPaymentV2,
 * paSendRTV2) pointed at that process; its notices (segregation code 03) are imported before the run.
 *   - payments/s and latencies, as the local payment leg;
 *   - receipts: after the run, how long each receipt took from the outcome (its enqueue, in the payment's
 *     transaction) to NOTIFIED, read from the receipts table;
 *   - delivery throughput: the mock EC refuses paSendRTV2 (HTTP 503) during a short run, then one
 *     POST /admin/jobs/paSendRt/run delivers the whole backlog, timed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { noticeNumber } from './genNotices';
import { emulatorPath } from './servers';

const ROOT = path.resolve(__dirname, '../..');
export const REMOTE_SEGREGATION_CODE = '03';

/**
 * Imports `count` notices of a station (by segregation code: the remote station's by default) into a
 * fresh, migrated database; returns the seconds taken.
 */
export function seedRemoteArchive(dbUrl: string, workDir: string, count: number, segregationCode = REMOTE_SEGREGATION_CODE): number {
  const file = path.join(workDir, 'remote-notices.jsonl');
  execFileSync(
    process.execPath,
    [path.join(__dirname, 'genNotices.js'), '--notices', String(count), '--debtors', String(Math.ceil(count / 5)), '--out', file, '--segregation-code', segregationCode],
    { stdio: 'ignore' },
  );
  const started = performance.now();
  execFileSync(process.execPath, [emulatorPath(), 'import', file, '--db', dbUrl, '--quiet'], { stdio: 'ignore' });
  fs.rmSync(file, { force: true });
  return (performance.now() - started) / 1000;
}

/** The imported notices, in order; installments are notices like the others. Throws when they run out. */
export function remoteNotices(count: number, segregationCode = REMOTE_SEGREGATION_CODE): () => string {
  let k = 0;
  return () => {
    if (k >= count) throw new Error(`the leg ran out of its ${count} imported notices: raise the count`);
    return noticeNumber(k++, segregationCode);
  };
}

/** The demo registry with its mock-EC stations pointed at the standalone mock EC. */
export function remoteRegistry(workDir: string, mockEcUrl: string): string {
  const demo = fs.readFileSync(path.join(ROOT, 'registry/demo.yaml'), 'utf8');
  const file = path.join(workDir, 'bench-registry.yaml');
  fs.writeFileSync(file, demo.replace(/url: "\/mock-ec\/v1"/g, `url: "${mockEcUrl}"`));
  return file;
}

export async function post(url: string, body = '', contentType = 'application/json'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function del(url: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    http
      .request(url, { method: 'DELETE' }, (res) => res.resume().on('end', () => resolve()))
      .on('error', reject)
      .end();
  });
}

interface ReceiptTimes {
  created_at: number | string;
  notified_at: number | string | null;
}

async function receiptTimes(dbUrl: string, sinceMs: number): Promise<ReceiptTimes[]> {
  const sql = 'SELECT created_at, notified_at FROM receipts WHERE created_at >= ' + Math.floor(sinceMs);
  if (dbUrl.startsWith('sqlite:')) {
    const db = new Database(dbUrl.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as ReceiptTimes[];
    } finally {
      db.close();
    }
  }
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();
  try {
    return (await pg.query<ReceiptTimes>(sql)).rows;
  } finally {
    await pg.end();
  }
}

/**
 * Waits (up to `settleMs`) for the receipts enqueued since `sinceMs` to be NOTIFIED, then summarises how
 * long each took from its outcome. Waiting matters only for the last ones: the rest were measured live.
 */
export async function receiptSummary(dbUrl: string, sinceMs: number, settleMs = 10_000) {
  const deadline = Date.now() + settleMs;
  let rows = await receiptTimes(dbUrl, sinceMs);
  while (rows.some((r) => r.notified_at === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    rows = await receiptTimes(dbUrl, sinceMs);
  }
  const lat = rows
    .filter((r) => r.notified_at !== null)
    .map((r) => Number(r.notified_at) - Number(r.created_at))
    .sort((a, b) => a - b);
  const at = (q: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]! : NaN);
  return {
    total: rows.length,
    notified: lat.length,
    within2s: lat.filter((v) => v <= 2000).length,
    latencyMs: { p50: at(0.5), p99: at(0.99), max: lat.length ? lat[lat.length - 1]! : NaN },
  };
}

/** Times one POST /admin/jobs/paSendRt/run over the current backlog. */
export async function drainBacklog(emulatorUrl: string, dbUrl: string, sinceMs: number) {
  const before = await receiptTimes(dbUrl, sinceMs);
  const pending = before.filter((r) => r.notified_at === null).length;
  const started = performance.now();
  const res = await post(`${emulatorUrl}/admin/jobs/paSendRt/run`);
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200) throw new Error(`POST /admin/jobs/paSendRt/run answered ${res.status}: ${res.body}`);
  const after = await receiptTimes(dbUrl, sinceMs);
  const left = after.filter((r) => r.notified_at === null).length;
  if (left) throw new Error(`${left} receipts still undelivered after the drain`);
  return { receipts: pending, seconds, perSecond: Math.round(pending / seconds) };
}
