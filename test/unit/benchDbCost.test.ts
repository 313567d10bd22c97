import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { clusterCpuMicros } from '../../bench/cpu';
import { dbCost, sumCounts } from '../../bench/dbCost';

/** The bench's arithmetic on database readings (bench/dbCost.ts) and its PostgreSQL CPU reading from /proc. */
describe('bench database figures', () => {
  const counts = (statements: number, transactions: number, commits: number, rollbacks = 0) => ({ statements, transactions, commits, rollbacks });

  it('sums the counters of several emulator processes, and gives up when one did not answer', () => {
    expect(sumCounts([counts(10, 3, 1), counts(5, 2, 2, 1)])).toEqual(counts(15, 5, 3, 1));
    expect(sumCounts([counts(10, 3, 1), undefined])).toBeUndefined();
  });

  it('divides the differences by requests and by payments', () => {
    const cost = dbCost(
      { before: counts(100, 10, 5), after: counts(100 + 2 * 27, 10 + 2 * 3, 5 + 1) },
      {
        before: { bytes: 4096, walLsn: 1_000_000n, pgCpuMicros: 50_000 },
        after: { bytes: 4096 + 18_000, walLsn: 1_029_200n, pgCpuMicros: 55_540 },
      },
      4,
      2,
    );
    expect(cost.totals).toEqual({ statements: 54, transactions: 6, commits: 1, rollbacks: 0, bytes: 18_000, walBytes: 29_200, pgCpuMicros: 5_540 });
    expect(cost.perPayment).toEqual({ statements: 27, transactions: 3, commits: 0.5, rollbacks: 0, bytes: 9_000, walBytes: 14_600, pgCpuMicros: 2_770 });
    expect(cost.perRequest).toEqual({ statements: 13.5, transactions: 1.5, commits: 0.25, rollbacks: 0, bytes: 4_500, walBytes: 7_300, pgCpuMicros: 1_385 });
  });

  it('a scenario without payments has no per-payment figures; without a database reading, only the counters', () => {
    const cost = dbCost({ before: counts(0, 0, 0), after: counts(3, 0, 0) }, undefined, 3, undefined);
    expect(cost.perPayment).toBeUndefined();
    expect(cost.perRequest).toEqual({ statements: 1, transactions: 0, commits: 0, rollbacks: 0 });
  });

  it("a cluster's CPU includes the children that have exited (as PostgreSQL's closed backends do)", () => {
    // this process plays the postmaster: a child burns 100 ms of CPU and is reaped (10 ms ticks: one may be lost to rounding)
    const before = clusterCpuMicros(process.pid)!;
    const child = spawnSync(process.execPath, ['-e', 'while (process.cpuUsage().user < 100000);']);
    expect(child.status).toBe(0);
    expect(clusterCpuMicros(process.pid)! - before).toBeGreaterThanOrEqual(90_000);
    expect(clusterCpuMicros(-1)).toBeUndefined();
  });
});
