/**
 * A small seeded PRNG (mulberry32): the same seed gives the same mutations on every machine, so a
 * failure printed with its seed and case number can be replayed with NODO_FUZZ_SEED.
 */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [0, n) */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]!, chance: (p) => next() < p };
}

/** The run's seed: NODO_FUZZ_SEED=<n> to replay one, =random for a fresh one; else the fixed default. */
const DEFAULT_SEED = 20261203;

export function fuzzSeed(): number {
  const env = process.env.NODO_FUZZ_SEED;
  // a fixed seed by default, so that `npm test` (and CI) runs the same mutations every time;
  // NODO_FUZZ_SEED=random explores new ones (the seed is printed for a replay)
  if (env === undefined || env === '') return DEFAULT_SEED;
  if (env !== 'random') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`NODO_FUZZ_SEED must be an integer in [0, 2^32), got "${env}"`);
    return n;
  }
  return Math.floor(Math.random() * 0x100000000);
}
