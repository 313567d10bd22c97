/**
 * `npm run bench`: throughput and latency of the emulator's SOAP hot path, against a node:http hello
 * ceiling. The emulator runs as child processes (one core each, taskset), autocannon runs here (the other
 * core). Scenarios:
 *   baseline          node:http answering a fixed ~600-byte SOAP body
 *   sqlite-verify     verifyPaymentNotice over a rotating set of existing notices
 *   sqlite-payment    activatePaymentNotice on a fresh notice + sendPaymentOutcome OK with its token
 *   sqlite-remote     a full payment through remote station 66666666666_03 on the mock EC in another
 *                     process (paGetPaymentV2 + paSendRTV2 over HTTP), receipt latency and delivery
 *                     throughput (bench/remote.ts); pg-remote on PostgreSQL
 *   sqlite-carts, sqlite-cart-pay
 *                     Checkout: POST /carts of 5 archive notices; the page's Pay on a 5-notice cart (bench/carts.ts)
 *   pg1-verify, pg1-payment, pg2-verify, pg2-payment
 *                     the same on PostgreSQL with one and two emulator processes sharing a fresh database
 *                     (only when NODO_BENCH_PG_URL / --pg-url names a server where we may CREATE DATABASE)
 * Options (flag > env > default): --duration NODO_BENCH_DURATION (10 s), --connections
 * NODO_BENCH_CONNECTIONS (32), --warmup NODO_BENCH_WARMUP (3 s), --notices (1000, the verify set),
 * --only <id,...> (ids or prefixes: baseline,sqlite,pg1-payment...), --idempotency (send
 * idempotencyKey on activate and outcome), --profile (server --cpu-prof into bench/results/profiles), --keep-db (keep the SQLite
 * file and the PostgreSQL databases), --server <main.js> / NODO_BENCH_SERVER (bench another build).
 * Every answer is checked: errors and KOs are printed and flag the run (exit code 1). Targets are shown,
 * not enforced. Results also go to bench/results/latest.json.
 * Besides CPU µs, each scenario reports what it cost the database (bench/dbCost.ts): statements, transactions
 * and commits from the emulator's own counters, database bytes, and on PostgreSQL WAL bytes and the cluster's CPU.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ARCHIVE_SEGREGATION_CODE } from '../src/ec/demoNotices';
import { busyBetween, coreBusy, coreTimes, cpuSeconds, processCpuMicros, readProcess } from './cpu';
import { dbCost, DbProbe, sumCounts, type DbFigures } from './dbCost';
import { paymentRequests, precreateNotices, runLoad, staticRequests, verifyRequests } from './load';
import { renderTable, toResult, type ScenarioResult } from './report';
import { PULL_DEBTORS, PULL_NOTICES, pullRestRequests, pullSoapRequests, seedPullArchive } from './pull';
import { emulatorPath, hasTaskset, pinSelf, startEmulator, startHello, startMockEc, tail, useEmulator, type Server } from './servers';
import { del, drainBacklog, post, receiptSummary, remoteNotices, remoteRegistry, seedRemoteArchive } from './remote';
import { RunStats } from './stats';
import { reportingScenarios, type ReportingFigures } from './reporting';
import { cartRequests, measureCartPay } from './carts';

const ROOT = path.resolve(__dirname, '../..');
const RESULTS_DIR = path.join(ROOT, 'bench/results');
const TARGETS = {
  verifyReqPerSec: 6000,
  paymentsPerSec: 1500,
  paymentP99Ms: 25,
  pullReqPerSec: 3000,
  pullP99Ms: 20,
  remotePaymentsPerSec: 500,
  receiptWithinMs: 2000,
  cartsPerSec: 1000,
  cartPayP99Ms: 50,
};
// notices imported for the remote leg: enough for ~1,000 payments/s over warm-up, run and backlog
const REMOTE_NOTICES = 40_000;
// archive notices for the checkout Pay legs: 5 a cart, ~200 carts/s over warm-ups and runs
const CHECKOUT_NOTICES = 40_000;

interface Options {
  durationSec: number;
  connections: number;
  warmupSec: number;
  notices: number;
  pgUrl?: string;
  only: string[];
  idempotency: boolean;
  profile: boolean;
  keepDb: boolean;
  server?: string;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      notices: { type: 'string' },
      'pg-url': { type: 'string' },
      only: { type: 'string' },
      idempotency: { type: 'boolean' },
      'no-idempotency': { type: 'boolean' },
      profile: { type: 'boolean' },
      'keep-db': { type: 'boolean' },
      server: { type: 'string' },
    },
  });
  const env = process.env;
  const int = (name: string, v: string | undefined, dflt: number, min: number) => {
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${v}"`);
    return n;
  };
  return {
    durationSec: int('--duration', values.duration ?? env.NODO_BENCH_DURATION, 10, 1),
    connections: int('--connections', values.connections ?? env.NODO_BENCH_CONNECTIONS, 16, 2),
    warmupSec: int('--warmup', values.warmup ?? env.NODO_BENCH_WARMUP, 3, 0),
    notices: int('--notices', values.notices ?? env.NODO_BENCH_NOTICES, 1000, 1),
    pgUrl: values['pg-url'] ?? (env.NODO_BENCH_PG_URL || undefined),
    only: (values.only ?? env.NODO_BENCH_ONLY ?? '').split(',').filter(Boolean),
    // keys are optional for a PSP; the target scenario is the plain activate → outcome (--idempotency adds them)
    idempotency: !!values.idempotency && !values['no-idempotency'],
    profile: !!values.profile,
    keepDb: !!values['keep-db'],
    server: values.server ?? (env.NODO_BENCH_SERVER || undefined),
  };
}

function selected(o: Options, id: string): boolean {
  return o.only.length === 0 || o.only.some((p) => id === p || id.startsWith(p));
}

function meta(o: Options) {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const commit = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const dirty = git(['status', '--porcelain', '--', 'src', 'migrations', 'registry', 'xsd', 'wsdl', 'package.json']) !== '';
  return {
    commit: dirty ? `${commit} (+ uncommitted changes)` : commit,
    distStale: newestMtime(path.join(ROOT, 'src'), '.ts') > newestMtime(path.join(ROOT, 'dist/src'), '.js'),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    date: new Date().toISOString(),
    durationSec: o.durationSec,
    connections: o.connections,
    warmupSec: o.warmupSec,
    verifyNotices: o.notices,
    idempotencyKeys: o.idempotency,
  };
}

const say = (line: string) => process.stdout.write(line + '\n');

type Kind = ScenarioResult['kind'];

function newestMtime(dir: string, ext: string): number {
  let newest = 0;
  try {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && entry.name.endsWith(ext)) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  } catch {
    // no such directory: nothing newer
  }
  return newest;
}

/** Warm-up (not measured), then the measured run, then the sanity checks that flag a scenario. */
async function measure(
  o: Options,
  s: { id: string; title: string; kind: Kind; db: ScenarioResult['db']; servers: Server[]; helpers?: Server[]; dbUrl?: string },
  requestsFor: (stats: RunStats) => ReturnType<typeof staticRequests>,
): Promise<ScenarioResult> {
  const urls = s.servers.map((x) => x.url);
  // helpers (the mock EC) take no load from us, but their CPU and their health are part of the figures
  const watched = [...s.servers, ...(s.helpers ?? [])];
  if (o.warmupSec > 0) {
    const warm = new RunStats();
    for (const w of await runLoad(urls, o.connections, o.warmupSec, requestsFor)) warm.merge(w);
    if (warm.kos || warm.errors || warm.timeouts) say(`  warm-up of ${s.id}: ${warm.kos} KOs, ${warm.errors} errors, ${warm.timeouts} timeouts (not counted)`);
  }
  process.stdout.write(`  measuring ${s.id} (${o.durationSec} s, ${o.connections} connections) ... `);
  // the database itself (bytes, WAL, PostgreSQL's CPU): read by the bench, outside the servers
  const probe = s.dbUrl ? await DbProbe.open(s.dbUrl) : undefined;
  const dbBefore = await probe?.read();
  const readingsBefore = await Promise.all(watched.map((x) => readProcess(x.url)));
  const microsBefore = readingsBefore.map((r) => r?.cpuMicros);
  const cpuBefore = { cores: coreTimes(), gen: process.cpuUsage(), servers: watched.map((x) => cpuSeconds(x.pid)), at: performance.now() };
  const perTarget = await runLoad(urls, o.connections, o.durationSec, requestsFor);
  const wallSec = (performance.now() - cpuBefore.at) / 1000;
  const readingsAfter = await Promise.all(watched.map((x) => readProcess(x.url)));
  const microsAfter = readingsAfter.map((r) => r?.cpuMicros);
  const dbAfter = await probe?.read();
  await probe?.close();
  const gen = process.cpuUsage(cpuBefore.gen);
  const cpuPercent = {
    cores: busyBetween(cpuBefore.cores, coreTimes()) ?? null,
    loadGenerator: Math.round((gen.user + gen.system) / 1e4 / wallSec),
    servers: watched.map((x, i) => {
      const now = cpuSeconds(x.pid);
      const before = cpuBefore.servers[i];
      return now === undefined || before === undefined ? null : Math.round((100 * (now - before)) / wallSec);
    }),
  };
  const total = new RunStats();
  for (const t of perTarget) total.merge(t);
  // a cart is created with a 302, which autocannon counts as non-2xx: the scenario checks its answers itself
  if (s.kind === 'carts') total.non2xx = 0;
  const result = toResult(
    { id: s.id, title: s.title, kind: s.kind, db: s.db, serverProcesses: s.servers.length, connections: o.connections, durationSec: o.durationSec },
    total,
    perTarget.map((stats, i) => ({ url: urls[i], stats })),
  );
  result.cpuPercent = cpuPercent;
  result.serverCpuMicros = cpuMicrosPer(result, s.servers.length, microsBefore, microsAfter, total.responses, total.payments);
  // the emulator processes' own counters (helpers such as the mock EC apart: their work is not the node's)
  const countsBefore = sumCounts(readingsBefore.slice(0, s.servers.length).map((r) => r?.database));
  const countsAfter = sumCounts(readingsAfter.slice(0, s.servers.length).map((r) => r?.database));
  if (countsBefore && countsAfter) {
    result.database = dbCost(
      { before: countsBefore, after: countsAfter },
      dbBefore && dbAfter ? { before: dbBefore, after: dbAfter } : undefined,
      total.responses,
      result.paymentsPerSec !== undefined ? total.payments : undefined,
    );
  }
  const { min, median, values } = result.reqPerSecond;
  if (values.length >= 3 && min < median / 2) {
    result.notes.push(`stall: one second served ${min} responses against a median of ${median} (per second: ${values.join(' ')})`);
  }
  // what the machine did beyond our processes: PostgreSQL on the pg legs, anything else is noise
  const ours = cpuPercent.loadGenerator + cpuPercent.servers.reduce<number>((a, b) => a + (b ?? 0), 0);
  const others = cpuPercent.cores ? Math.max(0, cpuPercent.cores.reduce((a, b) => a + b, 0) - ours) : null;
  result.cpuPercent.others = others;
  if (others !== null && others > 20 && s.db !== 'postgres') {
    result.notes.push(`other processes used ~${others}% of a core during the run: the machine was not quiet, figures are understated`);
  }
  if (cpuPercent.loadGenerator >= 90) {
    result.notes.push(`the load generator used ${cpuPercent.loadGenerator}% of a core: this figure is bounded by the client, not only by the server`);
  }
  for (const server of watched) {
    if (!server.alive()) {
      result.flagged = true;
      result.notes.push(`${server.name} ${server.exitInfo()} during the run; log tail:\n${tail(server.logFile)}`);
    }
  }
  applyTarget(result);
  say(
    `${result.reqPerSec} req/s` +
      (result.paymentsPerSec !== undefined ? `, ${result.paymentsPerSec} payments/s` : '') +
      ` (per second ${result.reqPerSecond.min}..${result.reqPerSecond.max})` +
      `, p99 ${result.latencyMs.p99.toFixed(2)} ms, errors ${result.errors + result.timeouts}, KOs ${result.kos}` +
      `, CPU server ${cpuPercent.servers.map((v) => (v === null ? '?' : `${v}%`)).join(' + ')} / load generator ${cpuPercent.loadGenerator}%` +
      (result.serverCpuMicros
        ? `, server CPU ${result.serverCpuMicros.perRequest} µs/request` +
          (result.serverCpuMicros.perPayment !== undefined ? ` ${result.serverCpuMicros.perPayment} µs/payment` : '')
        : '') +
      (result.database ? `, database ${describeDb(result.database.perPayment ?? result.database.perRequest, result.database.perPayment ? 'payment' : 'request')}` : '') +
      (cpuPercent.cores ? `, cores busy ${cpuPercent.cores.map((v) => `${v}%`).join(' ')} (others${s.db === 'postgres' ? ' incl. PostgreSQL' : ''} ${others}%)` : '') +
      (result.flagged ? '  [FLAGGED]' : ''),
  );
  for (const [kind, n] of Object.entries(result.koKinds)) say(`    KO x${n}  ${kind}`);
  for (const note of result.notes) say(`    ${note}`);
  return result;
}

/** one line of database figures for the progress output */
function describeDb(d: DbFigures, per: string): string {
  return (
    `${d.statements} statements, ${d.transactions} transactions in ${d.commits} commits per ${per}` +
    (d.bytes !== undefined ? `, ${d.bytes} B` : '') +
    (d.walBytes !== undefined ? `, WAL ${d.walBytes} B` : '') +
    (d.pgCpuMicros !== undefined ? `, PostgreSQL CPU ${d.pgCpuMicros} µs` : '')
  );
}

/**
 * Server CPU per request and per payment: the servers' own process.cpuUsage() deltas (helpers such as the
 * mock EC apart, reported per payment on their own) over what the scenario served.
 */
function cpuMicrosPer(
  r: ScenarioResult,
  servers: number,
  before: (number | undefined)[],
  after: (number | undefined)[],
  responses: number,
  payments: number,
): ScenarioResult['serverCpuMicros'] {
  const deltas = after.map((a, i) => (a === undefined || before[i] === undefined ? null : a - before[i]!));
  const own = deltas.slice(0, servers);
  if (own.some((d) => d === null) || responses === 0) return undefined;
  const sum = own.reduce<number>((a, b) => a + b!, 0);
  const helpers = deltas.slice(servers);
  const helperSum = helpers.every((d) => d !== null) && helpers.length ? helpers.reduce<number>((a, b) => a + b!, 0) : undefined;
  const paid = r.paymentsPerSec !== undefined && payments > 0;
  return {
    perRequest: Math.round(sum / responses),
    ...(paid ? { perPayment: Math.round(sum / payments) } : {}),
    ...(paid && helperSum !== undefined ? { helpersPerPayment: Math.round(helperSum / payments) } : {}),
    byProcess: deltas,
  };
}

function applyTarget(r: ScenarioResult): void {
  // the targets are SQLite's; other legs show them for reference
  const appliesTo = r.db === 'sqlite' ? 'sqlite' : 'reference only';
  if (r.kind === 'verify') {
    r.target = { text: `>= ${TARGETS.verifyReqPerSec} req/s`, met: r.reqPerSec >= TARGETS.verifyReqPerSec, appliesTo };
  } else if (r.kind === 'pull') {
    const met = r.reqPerSec >= TARGETS.pullReqPerSec && r.latencyMs.p99 < TARGETS.pullP99Ms;
    r.target = { text: `>= ${TARGETS.pullReqPerSec} req/s, p99 < ${TARGETS.pullP99Ms} ms`, met, appliesTo };
  } else if (r.kind === 'remote-payment') {
    const met = r.paymentsPerSec! >= TARGETS.remotePaymentsPerSec && !!r.receipts && r.receipts.total > 0 && r.receipts.within2s === r.receipts.total;
    r.target = { text: `>= ${TARGETS.remotePaymentsPerSec} pay/s, every receipt NOTIFIED <= ${TARGETS.receiptWithinMs / 1000} s`, met, appliesTo };
  } else if (r.kind === 'carts') {
    r.target = { text: `>= ${TARGETS.cartsPerSec} carts/s`, met: r.reqPerSec >= TARGETS.cartsPerSec, appliesTo };
  } else if (r.kind === 'cart-pay') {
    const met = r.latencyMs.p99 < TARGETS.cartPayP99Ms && r.kos === 0;
    r.target = { text: `Pay of a 5-notice cart p99 < ${TARGETS.cartPayP99Ms} ms`, met, appliesTo };
  } else if (r.kind === 'payment') {
    const met = r.paymentsPerSec! >= TARGETS.paymentsPerSec && r.latencyMs.p99 < TARGETS.paymentP99Ms;
    r.target = { text: `>= ${TARGETS.paymentsPerSec} pay/s, p99 < ${TARGETS.paymentP99Ms} ms`, met, appliesTo };
  }
}

/** verify then full payment against the given emulator processes (same database). */
async function emulatorScenarios(o: Options, prefix: string, label: string, db: ScenarioResult['db'], servers: Server[], dbUrl: string): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  if (selected(o, `${prefix}-verify`)) {
    process.stdout.write(`  pre-creating ${o.notices} notices with one verify each ... `);
    const notices = await precreateNotices(servers[0].url, o.notices);
    say('done');
    out.push(await measure(o, { id: `${prefix}-verify`, title: `${label} verify`, kind: 'verify', db, servers, dbUrl }, (st) => verifyRequests(st, notices)));
  }
  if (selected(o, `${prefix}-payment`)) {
    out.push(await measure(o, { id: `${prefix}-payment`, title: `${label} full payment`, kind: 'payment', db, servers, dbUrl }, (st) => paymentRequests(st, o.idempotency)));
  }
  return out;
}

/** paGetPaymentsByDebtor and its REST twin over 1M notices / 200k debtors (bench/pull.ts). */
async function pullScenarios(o: Options, engine: 'sqlite' | 'pg', url: string, workDir: string): Promise<ScenarioResult[]> {
  const { dbUrl, drop } = engine === 'pg' ? await freshPgDatabase(o, url, 'nodo_bench_pull') : { dbUrl: url, drop: undefined };
  try {
    say(`${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, pull payments: ${PULL_NOTICES} notices over ${PULL_DEBTORS} debtors`);
    // the emulator migrates and seeds the registry; the import then fills the archive
    const first = await startEmulator(`${engine}-pull-init`, dbUrl, '0', workDir);
    await first.stop();
    const importSec = seedPullArchive(dbUrl, workDir, say);
    const server = await startEmulator(`${engine}-pull`, dbUrl, '0', workDir);
    const db = engine === 'sqlite' ? 'sqlite' : 'postgres';
    const label = engine === 'sqlite' ? 'sqlite 1p' : 'postgres 1p';
    const out = await withServers([server], async () => {
      const r: ScenarioResult[] = [];
      if (selected(o, `${engine}-pull-soap`))
        r.push(await measure(o, { id: `${engine}-pull-soap`, title: `${label} paGetPaymentsByDebtor`, kind: 'pull', db, servers: [server], dbUrl }, pullSoapRequests));
      if (selected(o, `${engine}-pull-rest`))
        r.push(await measure(o, { id: `${engine}-pull-rest`, title: `${label} GET payment-notices`, kind: 'pull', db, servers: [server], dbUrl }, pullRestRequests));
      return r;
    });
    for (const r of out) r.notes.push(`archive: ${PULL_NOTICES} notices / ${PULL_DEBTORS} debtors, imported in ${importSec.toFixed(1)} s`);
    return out;
  } finally {
    await drop?.();
  }
}

/**
 * Payments through remote station 66666666666_03 on the standalone mock EC (bench/remote.ts): the
 * emulator on core 0, the mock EC on core 1 with the load generator.
 */
async function remoteScenarios(o: Options, engine: 'sqlite' | 'pg', url: string, workDir: string, profileDir?: string): Promise<ScenarioResult[]> {
  const { dbUrl, drop } = engine === 'pg' ? await freshPgDatabase(o, url, 'nodo_bench_remote') : { dbUrl: url, drop: undefined };
  const id = `${engine}-remote`;
  const db = engine === 'sqlite' ? 'sqlite' : 'postgres';
  try {
    say(`${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, payments through a remote station on the mock EC (another process)`);
    const first = await startEmulator(`${id}-init`, dbUrl, '0', workDir);
    await first.stop();
    const importSec = seedRemoteArchive(dbUrl, workDir, REMOTE_NOTICES);
    say(`  imported ${REMOTE_NOTICES} notices of station 66666666666_03 in ${importSec.toFixed(1)} s`);
    const mock = await startMockEc(`${id}-mock-ec`, dbUrl, '1', workDir);
    const registry = remoteRegistry(workDir, mock.url);
    const server = await startEmulator(id, dbUrl, '0', workDir, profileDir, ['--registry', registry]);
    const nextNotice = remoteNotices(REMOTE_NOTICES);
    return await withServers([server, mock], async () => {
      const since = Date.now();
      const result = await measure(
        o,
        { id, title: `${engine === 'sqlite' ? 'sqlite' : 'postgres'} 1p remote-station payment`, kind: 'remote-payment', db, servers: [server], helpers: [mock] },
        (st) => paymentRequests(st, o.idempotency, nextNotice),
      );
      result.receipts = await receiptSummary(dbUrl, since);
      applyTarget(result);
      const c = result.receipts;
      say(
        `    receipts: ${c.notified}/${c.total} NOTIFIED; outcome → NOTIFIED p50 ${c.latencyMs.p50} ms, p99 ${c.latencyMs.p99} ms, max ${c.latencyMs.max} ms; ${c.within2s} within 2 s`,
      );
      // a backlog: the mock EC refuses every paSendRTV2 during a short run, then one job run delivers it
      const refuse = await post(`${mock.url}/response/paSendRTV2`, JSON.stringify({ action: 'http', httpStatus: 503, times: 0 }));
      if (refuse.status !== 201) throw new Error(`mock EC override answered ${refuse.status}: ${refuse.body}`);
      const backlogSince = Date.now();
      await runLoad([server.url], o.connections, 3, (st) => paymentRequests(st, o.idempotency, nextNotice));
      await del(`${mock.url}/response`);
      result.drain = await drainBacklog(server.url, dbUrl, backlogSince);
      say(`    receipt delivery: a backlog of ${result.drain.receipts} receipts delivered in ${result.drain.seconds.toFixed(2)} s = ${result.drain.perSecond} receipts/s`);
      result.notes.push(
        `archive: ${REMOTE_NOTICES} notices of station 66666666666_03 imported in ${importSec.toFixed(1)} s; mock EC process on core 1 with the load generator (CPU figures: emulator + mock EC)`,
      );
      return [result];
    });
  } finally {
    await drop?.();
  }
}

/** The Checkout legs on a fresh SQLite file (bench/carts.ts). */
async function checkoutScenarios(o: Options, workDir: string, profileDir?: string): Promise<ScenarioResult[]> {
  const file = path.join(workDir, 'checkout.sqlite');
  say(`SQLite, Checkout: fresh database ${file} (demo registry and notices)`);
  const first = await startEmulator('sqlite-checkout-init', `sqlite:${file}`, '0', workDir);
  await first.stop();
  const importSec = seedRemoteArchive(`sqlite:${file}`, workDir, CHECKOUT_NOTICES, ARCHIVE_SEGREGATION_CODE);
  say(`  imported ${CHECKOUT_NOTICES} notices of the archive station 66666666666_02 in ${importSec.toFixed(1)} s`);
  const nextNotice = remoteNotices(CHECKOUT_NOTICES, ARCHIVE_SEGREGATION_CODE);
  const server = await startEmulator('sqlite-checkout', `sqlite:${file}`, '0', workDir, profileDir);
  return withServers([server], async () => {
    const out: ScenarioResult[] = [];
    if (selected(o, 'sqlite-carts')) {
      out.push(await measure(o, { id: 'sqlite-carts', title: 'sqlite 1p POST /carts (5 notices)', kind: 'carts', db: 'sqlite', servers: [server] }, cartRequests));
    }
    // one payer: the server-side work of a Pay alone (the target); four at once: the same under load (reference)
    for (const payers of [1, 4]) {
      const id = payers === 1 ? 'sqlite-cart-pay' : `sqlite-cart-pay-${payers}`;
      if (!selected(o, id)) continue;
      if (o.warmupSec > 0) await measureCartPay(server.url, o.warmupSec, payers, nextNotice);
      process.stdout.write(`  measuring ${id} (${o.durationSec} s, ${payers} payer${payers > 1 ? 's' : ''}) ... `);
      const cpuBefore = cpuSeconds(server.pid);
      const microsBefore = await processCpuMicros(server.url);
      const stats = await measureCartPay(server.url, o.durationSec, payers, nextNotice);
      const microsAfter = await processCpuMicros(server.url);
      const r = toResult(
        {
          id,
          title: `sqlite 1p checkout Pay (5 notices), ${payers} payer${payers > 1 ? 's' : ''}`,
          kind: 'cart-pay',
          db: 'sqlite',
          serverProcesses: 1,
          connections: payers,
          durationSec: o.durationSec,
        },
        stats,
        [{ url: server.url, stats }],
      );
      const cpuAfter = cpuSeconds(server.pid);
      r.cpuPercent = {
        loadGenerator: 0,
        servers: [cpuBefore === undefined || cpuAfter === undefined ? null : Math.round((100 * (cpuAfter - cpuBefore)) / stats.elapsedSec)],
        cores: null,
      };
      r.serverCpuMicros = cpuMicrosPer(r, 1, [microsBefore], [microsAfter], stats.responses, stats.payments);
      r.notes.push(
        `${payers} payer(s) in a loop: create a cart of 5 unpaid archive notices (untimed), then POST Pay (timed: 5 activatePaymentNoticeV2 + 1 sendPaymentOutcomeV2 + receipts, 303 to returnOkUrl)`,
      );
      applyTarget(r);
      if (payers > 1 && r.target) r.target.appliesTo = 'reference only';
      say(
        `${r.paymentsPerSec} carts paid/s, Pay p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, max ${r.latencyMs.max.toFixed(1)} ms, KOs ${r.kos}, CPU server ${r.cpuPercent.servers[0]}%`,
      );
      for (const [kind, n] of Object.entries(r.koKinds)) say(`    KO x${n}  ${kind}`);
      out.push(r);
    }
    return out;
  });
}

/** A new, empty PostgreSQL database for one leg, and the function that drops it (unless --keep-db). */
async function freshPgDatabase(o: Options, url: string, prefix: string): Promise<{ dbUrl: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    dbUrl: u.toString(),
    drop: async () => {
      if (!o.keepDb) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    },
  };
}

async function withServers<T>(servers: Server[], fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function postgresScenarios(o: Options, pgUrl: string, processes: 1 | 2, workDir: string, profileDir?: string): Promise<ScenarioResult[]> {
  const prefix = `pg${processes}`;
  if (!selected(o, `${prefix}-verify`) && !selected(o, `${prefix}-payment`)) return [];
  const name = `nodo_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${processes}p`;
  const admin = new Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(pgUrl);
  dbUrl.pathname = `/${name}`;
  say(`PostgreSQL, ${processes} emulator process${processes > 1 ? 'es' : ''}: fresh database ${name}`);
  try {
    // the first process migrates and seeds; the second starts on a ready database
    const servers = [await startEmulator(`${prefix}-a`, dbUrl.toString(), '0', workDir, profileDir)];
    try {
      if (processes === 2) {
        servers.push(await startEmulator(`${prefix}-b`, dbUrl.toString(), '1', workDir, profileDir));
        pinSelf('0,1');
      }
    } catch (err) {
      await Promise.all(servers.map((s) => s.stop()));
      throw err;
    }
    const label = `postgres ${processes}p`;
    const results = await withServers(servers, () => emulatorScenarios(o, prefix, label, 'postgres', servers, dbUrl.toString()));
    for (const r of results) {
      r.notes.push('PostgreSQL runs on the same 2 cores, unpinned');
      if (processes === 2) r.notes.push('2 emulator processes on cores 0 and 1: the load generator shares both cores with them');
    }
    return results;
  } finally {
    if (processes === 2) pinSelf('1');
    if (o.keepDb) say(`  kept database ${dbUrl.toString().replace(/:[^:@/]*@/, ':***@')}`);
    else {
      // WITH (FORCE) needs PostgreSQL 13; our servers are stopped by now, so the plain form also works
      await admin
        .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        .catch(() => admin.query(`DROP DATABASE IF EXISTS ${name}`))
        .catch((err: Error) => say(`  could not drop ${name}: ${err.message}`));
    }
    await admin.end();
  }
}

async function main(): Promise<number> {
  const o = parseOptions();
  if (o.server) useEmulator(o.server);
  const m = { ...meta(o), server: path.relative(ROOT, emulatorPath()) || emulatorPath() };
  const pinned = pinSelf('1');
  say(`pagopa-node-emulator bench  commit ${m.commit}  node ${m.node}  cpu ${m.cpu} x ${m.cores}`);
  if (m.distStale && !o.server) say('WARNING: src/ is newer than dist/: this measures the last build (run npx tsc -p tsconfig.json)');
  if (o.server) say(`emulator under test: ${emulatorPath()} (--server; the commit above is this checkout's)`);
  say(
    pinned
      ? 'pinning: emulator / hello on core 0 (taskset -c 0), load generator (autocannon, this process) on core 1'
      : `pinning: none (${hasTaskset ? 'taskset failed' : 'taskset not found'}): server and load generator share the cores unpinned`,
  );
  say(`load: ${o.durationSec} s per scenario after ${o.warmupSec} s warm-up, ${o.connections} connections, idempotencyKey ${o.idempotency ? 'on' : 'off'}`);
  const busy = await coreBusy();
  const notes: string[] = [];
  if (busy) {
    say(`cores busy before start (1 s sample): ${busy.map((b, i) => `cpu${i} ${b}%`).join(', ')}`);
    if (busy.some((b) => b > 15)) notes.push(`WARNING: the machine was not idle before the run (${busy.join('% / ')}%): figures are understated`);
  }
  notes.forEach((n) => say(n));
  say('');

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodo-bench-'));
  const profileDir = o.profile ? path.join(RESULTS_DIR, 'profiles') : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  const results: ScenarioResult[] = [];
  const reporting: ReportingFigures[] = [];
  let failure: Error | undefined;
  try {
    if (selected(o, 'baseline')) {
      say('baseline: node:http hello');
      const hello = await startHello('0', workDir);
      results.push(
        await withServers([hello], () => measure(o, { id: 'baseline', title: 'baseline node:http hello', kind: 'baseline', db: 'none', servers: [hello] }, staticRequests)),
      );
    }
    if (selected(o, 'sqlite-verify') || selected(o, 'sqlite-payment')) {
      const file = path.join(workDir, 'nodo.sqlite');
      say(`SQLite, 1 emulator process: fresh database ${file}`);
      const server = await startEmulator('sqlite', `sqlite:${file}`, '0', workDir, profileDir);
      results.push(...(await withServers([server], () => emulatorScenarios(o, 'sqlite', 'sqlite 1p', 'sqlite', [server], `sqlite:${file}`))));
    }
    if (selected(o, 'sqlite-carts') || selected(o, 'sqlite-cart-pay')) results.push(...(await checkoutScenarios(o, workDir, profileDir)));
    for (const [engine, url] of [
      ['sqlite', `sqlite:${path.join(workDir, 'pull.sqlite')}`],
      ['pg', o.pgUrl],
    ] as const) {
      if (url && (selected(o, `${engine}-pull-soap`) || selected(o, `${engine}-pull-rest`))) results.push(...(await pullScenarios(o, engine, url, workDir)));
    }
    for (const [engine, url] of [
      ['sqlite', `sqlite:${path.join(workDir, 'remote.sqlite')}`],
      ['pg', o.pgUrl],
    ] as const) {
      if (url && selected(o, `${engine}-remote`)) results.push(...(await remoteScenarios(o, engine, url, workDir, profileDir)));
    }
    if (selected(o, 'sqlite-fdr')) {
      say('SQLite, reporting flows (FdR): publish, SOAP read, generator');
      reporting.push(...(await reportingScenarios(workDir, say)));
    }
    if (o.pgUrl && selected(o, 'pg-fdr')) {
      say('PostgreSQL, reporting flows (FdR): publish, SOAP read, generator');
      const { dbUrl, drop } = await freshPgDatabase(o, o.pgUrl, 'nodo_bench_fdr');
      try {
        reporting.push(...(await reportingScenarios(workDir, say, dbUrl)));
      } finally {
        await drop();
      }
    }
    if (o.pgUrl) {
      for (const processes of [1, 2] as const) results.push(...(await postgresScenarios(o, o.pgUrl, processes, workDir, profileDir)));
    } else if (o.only.some((p) => p.startsWith('pg'))) {
      say('PostgreSQL scenarios asked for but NODO_BENCH_PG_URL / --pg-url is not set');
    } else {
      say('PostgreSQL: skipped (set NODO_BENCH_PG_URL to a server where the bench may CREATE DATABASE)');
    }
  } catch (err) {
    failure = err as Error;
    say(`\nbench aborted: ${failure.message}`);
  } finally {
    if (!o.keepDb) fs.rmSync(workDir, { recursive: true, force: true });
    else say(`kept ${workDir}`);
  }

  say('');
  say(renderTable(results));
  for (const f of reporting) {
    say(
      `${f.title.padEnd(62)}  ${f.seconds.toFixed(2).padStart(7)} s  ${f.serverCpuSeconds === undefined ? '' : `server CPU ${f.serverCpuSeconds.toFixed(2)} s  `}${f.met ? 'met' : 'MISSED'}: ${f.target}  (${f.detail})`,
    );
  }
  for (const r of results) {
    for (const [kind, n] of Object.entries(r.koKinds)) say(`  ${r.id}: KO x${n}  ${kind}`);
    for (const note of r.notes) say(`  ${r.id}: ${note}`);
  }
  say('');
  say(
    `targets (not enforced): verify >= ${TARGETS.verifyReqPerSec} req/s; full payment >= ${TARGETS.paymentsPerSec} payments/s with p99 < ${TARGETS.paymentP99Ms} ms, on SQLite ([ref] = shown for comparison)`,
  );
  say('latencies are per SOAP request; "payment" rows give activate sent -> OK outcome received');
  say('errors = socket errors + timeouts + non-2xx; KOs = answers without HTTP 200 and <outcome>OK</outcome>');
  say('CPU srv/gen = % of one core used by each emulator process / by the load generator during the measured run');
  say(
    'database (per payment on payment rows, per request on the others): stmt / tx / commits = statements, logical transactions and physical commits the emulator counted itself (SQLite: one commit per group commit); DB B = database growth in bytes (SQLite: pages in use, PostgreSQL: pg_database_size); WAL B and PG µs = PostgreSQL WAL bytes and CPU of its processes',
  );
  notes.forEach((n) => say(n));
  if (profileDir) say(`server CPU profiles: ${profileDir}`);

  const flagged = results.filter((r) => r.flagged);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const gitignore = path.join(RESULTS_DIR, '.gitignore');
  if (!fs.existsSync(gitignore)) fs.writeFileSync(gitignore, '*.json\nprofiles/\n');
  const json = path.join(RESULTS_DIR, 'latest.json');
  fs.writeFileSync(
    json,
    JSON.stringify(
      { meta: { ...m, pinned, coresBusyBeforeStart: busy, notes, aborted: failure?.message ?? null }, results, reporting, flagged: flagged.map((r) => r.id) },
      null,
      2,
    ) + '\n',
  );
  say(`results: ${path.relative(process.cwd(), json) || json}`);
  if (failure || flagged.length) {
    say(`\nRUN FLAGGED: ${failure ? `aborted (${failure.message}); ` : ''}${flagged.map((r) => `${r.id} (errors ${r.errors + r.timeouts}, KOs ${r.kos})`).join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exit(2);
  },
);
