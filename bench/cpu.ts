/**
 * CPU accounting from /proc (Linux): per-core busy time for the machine, per-process time for the
 * emulator. A server at ~100 % of its core is CPU-bound; a busy core that none of our processes
 * explains is another process skewing the figures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

/** CPU seconds (user + system, all threads) a process has used so far; undefined off Linux. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return undefined;
  }
}

export type CoreTimes = { idle: number; total: number }[] | undefined;

/** Per-core jiffies from /proc/stat (undefined off Linux). */
export function coreTimes(): CoreTimes {
  try {
    return fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d+ /.test(l))
      .map((l) => {
        const v = l.trim().split(/\s+/).slice(1).map(Number);
        const idle = v[3] + (v[4] ?? 0);
        // guest time (fields 9, 10) is already counted in user and nice
        return { idle, total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
      });
  } catch {
    return undefined;
  }
}

/** Busy % of each core between two readings. */
export function busyBetween(a: CoreTimes, b: CoreTimes): number[] | undefined {
  if (!a || !b) return undefined;
  return b.map((x, i) => Math.round(100 * (1 - (x.idle - a[i].idle) / Math.max(1, x.total - a[i].total))));
}

/** Busy share of each core over one second before the run: another busy process skews everything. */
export async function coreBusy(): Promise<number[] | undefined> {
  const a = coreTimes();
  await new Promise((r) => setTimeout(r, 1000));
  return busyBetween(a, coreTimes());
}

/**
 * CPU µs (user + system) a server process has used so far, as it measures itself with process.cpuUsage()
 * on `GET /admin/process` (the emulator, the mock EC and the hello baseline all answer it): microsecond
 * resolution, where /proc gives 10 ms ticks. undefined when the server does not answer.
 */
export async function processCpuMicros(baseUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${baseUrl}/admin/process`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { cpuMicros?: { total?: number } };
    return typeof body.cpuMicros?.total === 'number' ? body.cpuMicros.total : undefined;
  } catch {
    return undefined;
  }
}
