import { performance } from 'node:perf_hooks';

/**
 * What a scenario counts: per SOAP operation, responses, KOs (HTTP status other than 200, or a body that
 * is not `<outcome>OK</outcome>`) and latencies kept raw (microsecond precision, exact percentiles, and
 * the load of two parallel autocannon instances merges exactly).
 */

export class Samples {
  private buf = new Float64Array(1 << 16);
  private n = 0;

  push(ms: number): void {
    if (this.n === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  merge(other: Samples): void {
    for (let i = 0; i < other.n; i++) this.push(other.buf[i]);
  }

  summary(): Latency {
    const sorted = this.buf.slice(0, this.n).sort();
    const at = (q: number) => (this.n ? sorted[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)] : NaN);
    let sum = 0;
    for (const v of sorted) sum += v;
    const us = (v: number) => Math.round(v * 1000) / 1000; // milliseconds to the microsecond
    return { p50: us(at(0.5)), p90: us(at(0.9)), p99: us(at(0.99)), max: us(this.n ? sorted[this.n - 1] : NaN), mean: us(this.n ? sum / this.n : NaN), count: this.n };
  }
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

export class OpStats {
  responses = 0;
  ok = 0;
  ko = 0;
  /** responses whose HTTP status is not 200 (also counted in ko) */
  non200 = 0;
  latency = new Samples();
  /** distinct KO descriptions with their counts, capped so a flood of KOs cannot eat the memory */
  koKinds = new Map<string, number>();

  constructor(private readonly timeline?: Timeline) {}

  record(ms: number, status: number, ok: boolean, describe: () => string): void {
    this.responses++;
    this.timeline?.tick();
    this.latency.push(ms);
    if (ok) return void this.ok++;
    this.ko++;
    if (status !== 200) this.non200++;
    const kind = describe();
    if (this.koKinds.has(kind) || this.koKinds.size < 20) this.koKinds.set(kind, (this.koKinds.get(kind) ?? 0) + 1);
  }

  merge(other: OpStats): void {
    this.responses += other.responses;
    this.ok += other.ok;
    this.ko += other.ko;
    this.non200 += other.non200;
    this.latency.merge(other.latency);
    for (const [k, v] of other.koKinds) this.koKinds.set(k, (this.koKinds.get(k) ?? 0) + v);
  }
}

/** Responses per second of run time: a stall (a checkpoint, a GC pause, a lock) shows as a dip. */
export class Timeline {
  readonly buckets: number[] = [];
  private readonly start = performance.now();

  tick(): void {
    const i = Math.floor((performance.now() - this.start) / 1000);
    this.buckets[i] = (this.buckets[i] ?? 0) + 1;
  }

  /** Per-second counts of the whole seconds of the run (the last, partial one is dropped). */
  full(): number[] {
    return Array.from(this.buckets.slice(0, Math.max(1, this.buckets.length - 1)), (v) => v ?? 0);
  }
}

/** The counters of one autocannon instance (one target URL), or of several merged. */
export class RunStats {
  ops = new Map<string, OpStats>();
  timeline = new Timeline();
  /** activate sent → OK outcome received, for the full-payment scenario */
  payment = new Samples();
  payments = 0;
  /** autocannon's own counters: socket errors, timeouts, non-2xx, pipeline resets (a KO activate skips its outcome) */
  errors = 0;
  timeouts = 0;
  non2xx = 0;
  resets = 0;
  elapsedSec = 0;

  op(name: string): OpStats {
    let s = this.ops.get(name);
    if (!s) this.ops.set(name, (s = new OpStats(this.timeline)));
    return s;
  }

  get responses(): number {
    let n = 0;
    for (const s of this.ops.values()) n += s.responses;
    return n;
  }

  get kos(): number {
    let n = 0;
    for (const s of this.ops.values()) n += s.ko;
    return n;
  }

  allLatency(): Samples {
    const all = new Samples();
    for (const s of this.ops.values()) all.merge(s.latency);
    return all;
  }

  merge(other: RunStats): void {
    for (const [name, s] of other.ops) this.op(name).merge(s);
    this.payment.merge(other.payment);
    this.payments += other.payments;
    this.errors += other.errors;
    this.timeouts += other.timeouts;
    this.non2xx += other.non2xx;
    this.resets += other.resets;
    this.elapsedSec = Math.max(this.elapsedSec, other.elapsedSec);
    other.timeline.buckets.forEach((v, i) => (this.timeline.buckets[i] = (this.timeline.buckets[i] ?? 0) + (v ?? 0)));
  }
}
