import { describe, expect, it } from '@jest/globals';
import { retryBackoffMs } from '../../src/nodo/receiptBackoff';
import { CONFIG_DEFAULTS } from '../../src/nodo/registryModel';

/** The receipt retry schedule: exact waits per failed attempt, the last one repeating, no jitter. */
describe('retryBackoffMs', () => {
  const DEFAULT = CONFIG_DEFAULTS['receipts.retryBackoffSeconds'];

  it('the default schedule, attempt by attempt', () => {
    expect(DEFAULT).toBe('1,2,5,10,30,60,300,900,3600');
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryBackoffMs(DEFAULT, n))).toEqual([1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000]);
  });

  it('is capped: past the list, the last wait repeats', () => {
    for (const n of [10, 11, 50, 1_000_000]) expect(retryBackoffMs(DEFAULT, n)).toBe(3_600_000);
  });

  it('attempt 0 or less counts as the first (a lease expired before any answer)', () => {
    expect(retryBackoffMs(DEFAULT, 0)).toBe(1000);
    expect(retryBackoffMs(DEFAULT, -3)).toBe(1000);
  });

  it('has no jitter: the same attempt always waits the same', () => {
    const waits = new Set(Array.from({ length: 50 }, () => retryBackoffMs(DEFAULT, 4)));
    expect([...waits]).toEqual([10_000]);
  });

  it.each<[string | number, number[]]>([
    ['5', [5000, 5000, 5000]],
    [' 3 , 7 ', [3000, 7000, 7000]],
    ['0,2', [0, 2000, 2000]],
    ['0.5,1.5', [500, 1500, 1500]],
    [10, [10_000, 10_000, 10_000]],
  ])('a configured schedule %p', (setting, waits) => {
    expect([1, 2, 3].map((n) => retryBackoffMs(setting, n))).toEqual(waits);
  });

  it.each([
    ['x,2', [2000, 2000]],
    ['-1,4', [4000, 4000]],
    ['1,2,', [1000, 2000]],
    ['1,,3', [1000, 3000]],
  ])('unreadable or negative steps are dropped: %p', (setting, waits) => {
    expect([1, 2].map((n) => retryBackoffMs(setting, n))).toEqual(waits);
  });

  it.each([[''], ['abc'], [undefined], [null], ['-5'], [',,']])('nothing usable (%p) waits one second, never zero (the outbox would spin)', (setting) => {
    expect(retryBackoffMs(setting, 1)).toBe(1000);
    expect(retryBackoffMs(setting, 7)).toBe(1000);
  });
});
