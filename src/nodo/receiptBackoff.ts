/**
 * The receipt retry schedule (`receipts.retryBackoffSeconds`, e.g. "1,2,5,10,30,60,300,900,3600"): the wait
 * after the n-th failed attempt, in ms; the last value repeats. No jitter: the emulator is one node, and a
 * tester reads the schedule back from the attempts' times. Unreadable or negative steps are dropped, and an
 * empty list waits one second, so a bad registry value can never make the outbox spin.
 */
export function retryBackoffMs(setting: unknown, attemptNo: number): number {
  const steps = String(setting)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n >= 0);
  const list = steps.length ? steps : [1];
  return list[Math.min(Math.max(attemptNo, 1), list.length) - 1]! * 1000;
}
