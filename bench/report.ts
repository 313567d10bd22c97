/**
 * Scenario results: the record written to bench/results/latest.json and the table printed at the end.
 */
import type { DbCost, DbFigures } from './dbCost';
import type { Latency, RunStats } from './stats';

export interface OpResult {
  responses: number;
  ok: number;
  ko: number;
  non200: number;
  latencyMs: Latency;
}

export interface ScenarioResult {
  id: string;
  title: string;
  kind: 'baseline' | 'verify' | 'payment' | 'remote-payment' | 'pull' | 'carts' | 'cart-pay';
  db: 'none' | 'sqlite' | 'postgres';
  serverProcesses: number;
  connections: number;
  durationSec: number;
  elapsedSec: number;
  reqPerSec: number;
  paymentsPerSec?: number;
  /** SOAP responses in each whole second of the run: dips are stalls */
  reqPerSecond: { min: number; median: number; max: number; values: number[] };
  /** every SOAP request of the scenario */
  latencyMs: Latency;
  /** activate sent → OK outcome received */
  paymentLatencyMs?: Latency;
  ops: Record<string, OpResult>;
  /** socket errors + timeouts + non-2xx answers, as autocannon counts them */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** answers that are not HTTP 200 with <outcome>OK</outcome> */
  kos: number;
  koKinds: Record<string, number>;
  perTarget?: { url: string; reqPerSec: number; paymentsPerSec?: number; latencyMs: Latency }[];
  target?: { text: string; met: boolean; appliesTo: string };
  /** share of one core used during the measured run: is the server (or the load generator) saturated? */
  cpuPercent: { loadGenerator: number; servers: (number | null)[]; cores: number[] | null; others?: number | null };
  /**
   * The servers' own CPU time (process.cpuUsage, user + system) per request served and per payment: the
   * figure that does not move with the machine's noise. Helpers (the mock EC) per payment on their own.
   */
  serverCpuMicros?: { perRequest: number; perPayment?: number; helpersPerPayment?: number; byProcess: (number | null)[] };
  /**
   * What the run cost the database (bench/dbCost.ts): the emulator processes' own statements, logical
   * transactions and physical commits; database bytes; on PostgreSQL, WAL bytes and the cluster's CPU µs.
   * Totals of the measured run, per request, and per payment on payment legs.
   */
  database?: DbCost;
  flagged: boolean;
  notes: string[];
  /** remote-payment legs: how fast the receipts of the run were NOTIFIED (bench/remote.ts) */
  receipts?: { total: number; notified: number; within2s: number; latencyMs: { p50: number; p99: number; max: number } };
  /** remote-payment legs: a backlog of receipts delivered by one POST /admin/jobs/paSendRt/run */
  drain?: { receipts: number; seconds: number; perSecond: number };
}

export function toResult(
  base: Pick<ScenarioResult, 'id' | 'title' | 'kind' | 'db' | 'serverProcesses' | 'connections' | 'durationSec'>,
  total: RunStats,
  perTarget: { url: string; stats: RunStats }[],
): ScenarioResult {
  const elapsed = total.elapsedSec || base.durationSec;
  const ops: Record<string, OpResult> = {};
  const koKinds: Record<string, number> = {};
  for (const [name, s] of total.ops) {
    ops[name] = { responses: s.responses, ok: s.ok, ko: s.ko, non200: s.non200, latencyMs: s.latency.summary() };
    for (const [k, v] of s.koKinds) koKinds[`${name}: ${k}`] = v;
  }
  const payment = base.kind === 'payment' || base.kind === 'remote-payment' || base.kind === 'cart-pay';
  const kos = total.kos;
  const errors = total.errors + total.non2xx;
  const values = total.timeline.full();
  const sorted = [...values].sort((a, b) => a - b);
  return {
    ...base,
    elapsedSec: round(elapsed, 2),
    reqPerSecond: { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0, values },
    reqPerSec: Math.round(total.responses / elapsed),
    ...(payment ? { paymentsPerSec: Math.round(total.payments / elapsed), paymentLatencyMs: total.payment.summary() } : {}),
    latencyMs: total.allLatency().summary(),
    ops,
    errors,
    timeouts: total.timeouts,
    non2xx: total.non2xx,
    kos,
    koKinds,
    ...(perTarget.length > 1
      ? {
          perTarget: perTarget.map(({ url, stats }) => ({
            url,
            reqPerSec: Math.round(stats.responses / (stats.elapsedSec || elapsed)),
            ...(payment ? { paymentsPerSec: Math.round(stats.payments / (stats.elapsedSec || elapsed)) } : {}),
            latencyMs: stats.allLatency().summary(),
          })),
        }
      : {}),
    cpuPercent: { loadGenerator: 0, servers: [], cores: null },
    flagged: errors > 0 || total.timeouts > 0 || kos > 0 || total.responses === 0,
    notes: [],
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));
const num = (v: number | undefined) => (v === undefined ? '-' : String(v));

/** database columns: per payment on payment rows, per request on the others (see the legend under the table) */
const DB_HEADER = ['stmt', 'tx', 'commits', 'DB B', 'WAL B', 'PG µs'];

function dbCells(d: DbFigures | undefined): string[] {
  if (!d) return DB_HEADER.map(() => '-');
  const n = (v: number | undefined) => (v === undefined ? '-' : v >= 100 ? String(Math.round(v)) : v.toFixed(v >= 10 ? 1 : 2));
  return [n(d.statements), n(d.transactions), n(d.commits), n(d.bytes), n(d.walBytes), n(d.pgCpuMicros)];
}

/** The results table: one row per scenario, indented rows for operations, payment latency and targets. */
export function renderTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'req/s', 'pay/s', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'KOs', 'CPU srv/gen', 'srv µs/req', 'µs/pay', ...DB_HEADER, 'target'];
  // the indented rows (operations, receipts, processes) leave the database columns empty
  const rows: string[][] = [];
  const sub = (cells: string[]) => rows.push([...cells.slice(0, -1), ...DB_HEADER.map(() => ''), cells[cells.length - 1]]);
  const pct = (v: number | null) => (v === null ? '?' : String(v));
  for (const r of results) {
    const target = r.target ? `${r.target.met ? 'met' : 'MISSED'}: ${r.target.text}${r.target.appliesTo === 'sqlite' ? '' : ' [ref]'}` : '';
    rows.push([
      r.title + (r.flagged ? '  [FLAGGED]' : ''),
      num(r.reqPerSec),
      num(r.paymentsPerSec),
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p90),
      ms(r.latencyMs.p99),
      String(r.errors + r.timeouts),
      r.kind === 'baseline' ? '-' : String(r.kos),
      `${r.cpuPercent.servers.map(pct).join('+')}/${r.cpuPercent.loadGenerator}%`,
      num(r.serverCpuMicros?.perRequest),
      num(r.serverCpuMicros?.perPayment) + (r.serverCpuMicros?.helpersPerPayment !== undefined ? ` +${r.serverCpuMicros.helpersPerPayment} EC` : ''),
      ...dbCells(r.database?.perPayment ?? r.database?.perRequest),
      target,
    ]);
    if (r.kind === 'payment' || r.kind === 'remote-payment') {
      for (const [name, o] of Object.entries(r.ops)) {
        sub([`  ${name}`, String(Math.round(o.responses / r.elapsedSec)), '', ms(o.latencyMs.p50), ms(o.latencyMs.p90), ms(o.latencyMs.p99), '', String(o.ko), '', '', '', '']);
      }
      const p = r.paymentLatencyMs!;
      sub(['  payment (activate -> outcome)', '', num(r.paymentsPerSec), ms(p.p50), ms(p.p90), ms(p.p99), '', '', '', '', '', '']);
    }
    if (r.receipts) {
      const c = r.receipts;
      sub([
        `  receipts: ${c.notified}/${c.total} NOTIFIED, ${c.within2s} within 2 s of the outcome`,
        '',
        '',
        ms(c.latencyMs.p50),
        '',
        ms(c.latencyMs.p99),
        '',
        '',
        '',
        '',
        '',
        `max ${ms(c.latencyMs.max)} ms`,
      ]);
    }
    if (r.drain)
      sub([`  receipt delivery: backlog of ${r.drain.receipts} in ${r.drain.seconds.toFixed(2)} s`, String(r.drain.perSecond), '', '', '', '', '', '', '', '', '', 'receipts/s']);
    for (const t of r.perTarget ?? []) {
      sub([`  process ${t.url}`, String(t.reqPerSec), num(t.paymentsPerSec), ms(t.latencyMs.p50), ms(t.latencyMs.p90), ms(t.latencyMs.p99), '', '', '', '', '', '']);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
