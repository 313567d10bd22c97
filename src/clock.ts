/**
 * Time is injected everywhere (token expiry, sweeps, idempotency validity), never read with `new Date()`
 * deep inside, so that tests and operators can move it. The clock is the system time plus an offset that
 * `/admin/clock` moves both ways (advance, set, reset): this process's view of time only.
 */
export interface Clock {
  now(): Date;
  /** Moves the clock by `ms` (negative: back). Throws ClockRangeError, and changes nothing, past the bound. */
  advance(ms: number): void;
  /** Makes `now()` read `at` (the clock then runs on from there). Throws ClockRangeError past the bound. */
  set(at: Date): void;
  /** Back to the system time (offset 0). */
  reset(): void;
  offsetMs(): number;
}

/**
 * How far the clock may be moved from the system time: 100 years either way. Far enough for any expiry
 * or retention a test needs, and it keeps every date the node writes a 4-digit year that xs:dateTime,
 * `toISOString()` and our integer millisecond columns all hold (an offset of 8.64e15 ms made `now()` an
 * Invalid Date and every later SOAP call a PPT_SYSTEM_ERROR).
 */
export const MAX_CLOCK_OFFSET_MS = 100 * 365.25 * 86_400_000;

export class ClockRangeError extends Error {}

export function systemClock(): Clock {
  let offset = 0;
  const checked = (next: number): number => {
    if (!Number.isSafeInteger(next) || Math.abs(next) > MAX_CLOCK_OFFSET_MS) {
      throw new ClockRangeError(`the clock may be moved at most ${MAX_CLOCK_OFFSET_MS} ms (100 years) from the system time either way; this would put it ${next} ms away`);
    }
    return next;
  };
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset = checked(offset + ms);
    },
    set: (at) => {
      offset = checked(at.getTime() - Date.now());
    },
    reset: () => {
      offset = 0;
    },
    offsetMs: () => offset,
  };
}
