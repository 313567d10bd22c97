/**
 * Time is injected everywhere (token expiry, sweeps, idempotency validity), never read with `new Date()`
 * deep inside, so that tests and operators can move it. `advance` shifts this process's view of time;
 * `/admin/clock` exposes it for black-box tests of expiry.
 */
export interface Clock {
  now(): Date;
  advance(ms: number): void;
  offsetMs(): number;
}

export function systemClock(): Clock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    offsetMs: () => offset,
  };
}
