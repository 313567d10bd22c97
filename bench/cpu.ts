/**
 * CPU accounting from /proc (Linux): per-core busy time for the machine, per-process time for the
 * emulator. A server at ~100 % of its core is CPU-bound; a busy core that none of our processes
 * explains is another process skewing the figures.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { DbCounts } from './dbCost';

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

/**
 * CPU µs of a PostgreSQL cluster on this machine so far: the postmaster's own time, the time of its
 * children that have exited (cutime + cstime: backends of closed connections), and the time of every live
 * child (backends, WAL writer, checkpointer, autovacuum). A backend that exits between two readings moves
 * from the last to the second term, so differences stay right. 10 ms ticks: meaningful over a run, not a request.
 */
export function clusterCpuMicros(postmaster: number): number | undefined {
  const fieldsOf = (pid: number | string) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  };
  try {
    // after the command: state, ppid, ... utime (14th field of the file) is index 11 here
    const pm = fieldsOf(postmaster);
    let ticks = Number(pm[11]) + Number(pm[12]) + Number(pm[13]) + Number(pm[14]);
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const f = fieldsOf(entry);
        if (Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // the process exited while we listed /proc: its time is in the postmaster's cutime now
      }
    }
    return Math.round((ticks * 1e6) / CLK_TCK);
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

/** What a server says of itself on `GET /admin/process`: its CPU µs, and its database counters (the emulator's). */
export interface ProcessReading {
  cpuMicros: number;
  database?: DbCounts;
}

/**
 * CPU µs (user + system) a server process has used so far, as it measures itself with process.cpuUsage()
 * on `GET /admin/process` (the emulator, the mock EC and the hello baseline all answer it): microsecond
 * resolution, where /proc gives 10 ms ticks; and the emulator's statements and transactions. undefined when
 * the server does not answer.
 */
export async function readProcess(baseUrl: string): Promise<ProcessReading | undefined> {
  try {
    const res = await fetch(`${baseUrl}/admin/process`);
    if (!res.ok) return undefined;
    const body = (await res.json()) as { cpuMicros?: { total?: number }; database?: DbCounts };
    if (typeof body.cpuMicros?.total !== 'number') return undefined;
    return { cpuMicros: body.cpuMicros.total, ...(body.database ? { database: body.database } : {}) };
  } catch {
    return undefined;
  }
}

export async function processCpuMicros(baseUrl: string): Promise<number | undefined> {
  return (await readProcess(baseUrl))?.cpuMicros;
}
