/**
 * The database's size after N payments (issue 16 item 4): `node dist/bench/storage.js --payments 100000`.
 * Starts the emulator on a new SQLite file, drives N payments (activatePaymentNotice on a fresh synthetic
 * notice + sendPaymentOutcome OK, `--connections` at a time), then prints the files (main + -wal) while
 * it runs and after a clean stop (SIGTERM), and the bytes per payment of every table and index (dbstat).
 * `--server <main.js>` measures another build; `--keep-db` keeps the file. SQLite only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { startEmulator, useEmulator } from './servers';
import { activateBody, isOutcomeOk, nextNoticeNumber, outcomeBody, paymentTokenOf, SOAP_PATH, soapHeaders } from './soap';

const { values } = parseArgs({ options: { payments: { type: 'string' }, connections: { type: 'string' }, server: { type: 'string' }, 'keep-db': { type: 'boolean' } } });
const payments = Number(values.payments ?? 100_000);
const connections = Number(values.connections ?? 16);
for (const [name, n] of [
  ['--payments', payments],
  ['--connections', connections],
] as const) {
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`storage: ${name} must be a whole number >= 1\n`);
    process.exit(2);
  }
}

const fileSize = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function pay(base: string, today: string): Promise<void> {
  const post = async (op: string, body: string) => {
    const res = await fetch(base + SOAP_PATH, { method: 'POST', headers: soapHeaders(op), body });
    return res.text();
  };
  const notice = nextNoticeNumber();
  const activated = await post('activatePaymentNotice', activateBody(notice, false));
  const token = paymentTokenOf(activated);
  if (!token) throw new Error(`activate refused: ${activated.slice(0, 400)}`);
  const outcome = await post('sendPaymentOutcome', outcomeBody(token, notice, false, today));
  if (!isOutcomeOk(outcome)) throw new Error(`outcome refused: ${outcome.slice(0, 400)}`);
}

/** bytes of every table with its indexes, and of each index, from dbstat */
function tables(file: string): { table: string; name: string; bytes: number }[] {
  const db = new Database(file, { readonly: true });
  try {
    const owner = new Map(
      db
        .prepare("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")
        .all()
        .map((r) => [(r as { name: string }).name, (r as { tbl_name: string }).tbl_name]),
    );
    const rows = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    return rows.map((r) => ({ table: owner.get(r.name) ?? r.name, name: r.name, bytes: Number(r.bytes) }));
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  if (values.server) useEmulator(values.server);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodo-storage-'));
  const file = path.join(dir, 'nodo.sqlite');
  const server = await startEmulator('storage', `sqlite:${file}`, undefined, dir);
  const today = new Date().toISOString().slice(0, 10);
  const started = Date.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < payments) {
      next++;
      await pay(server.url, today);
      if (++done % 10_000 === 0) process.stdout.write(`  ${done} payments, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(connections, payments) }, worker));
  await new Promise((r) => setTimeout(r, 500)); // the journal's last batch
  const running = { main: fileSize(file), wal: fileSize(`${file}-wal`) };
  await server.stop();
  const stopped = { main: fileSize(file), wal: fileSize(`${file}-wal`) };
  const rows = tables(file);
  const total = rows.reduce((a, r) => a + r.bytes, 0);
  const byTable = new Map<string, number>();
  for (const r of rows) byTable.set(r.table, (byTable.get(r.table) ?? 0) + r.bytes);
  const per = (n: number) => String(Math.round(n / payments)).padStart(7);
  console.log(`${payments} payments in ${((Date.now() - started) / 1000).toFixed(0)} s (${server.name}: ${values.server ?? 'this build'})`);
  console.log(`files while running: main ${kb(running.main)} + wal ${kb(running.wal)}; after a clean stop: main ${kb(stopped.main)} + wal ${kb(stopped.wal)}`);
  console.log(`pages in use (dbstat): ${kb(total)} = ${per(total).trim()} B/payment`);
  console.log('   B/pay  table (with its indexes) / index');
  for (const [table, bytes] of [...byTable].sort((a, b) => b[1] - a[1])) {
    if (bytes / payments < 1) continue;
    console.log(`${per(bytes)}  ${table}`);
    for (const r of rows.filter((x) => x.table === table && x.name !== table && x.bytes / payments >= 1).sort((a, b) => b.bytes - a.bytes))
      console.log(`${per(r.bytes)}    ${r.name}`);
  }
  if (values['keep-db']) console.log(`kept ${file}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
