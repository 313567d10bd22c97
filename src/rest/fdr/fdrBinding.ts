import { FdrError, type FdrErrorItem } from './fdrErrors';

/**
 * The two steps FDR runs on a JSON body before any check of its own (spec reporting.md §3.1):
 *  1. Jackson binding, which stops at the first value it cannot bind: an Instant that does not parse →
 *     FDR-1002, an unknown enum constant → FDR-1003, another unreadable scalar → FDR-1001, an object or an
 *     array where a scalar goes (or the other way round) → FDR-1004. Field names are Jackson's dotted path
 *     without list indexes (`payments.payStatus`). Unknown fields are ignored.
 *  2. Bean validation, which collects every violation as `<method>.<parameter>.<property path>` with
 *     Hibernate Validator's English message (FdrError FDR-1000 sorts them by path, descending).
 */
export type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Parses the raw body: not JSON, or not a JSON object → FDR-1005. An empty body is null (a missing request). */
export function parseBody(raw: unknown): JsonObject | null {
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  if (text.trim() === '') return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new FdrError('FDR-1005');
  }
  if (v === null) return null;
  if (!isObject(v)) throw new FdrError('FDR-1005');
  return v;
}

// Jackson coerces a number or a boolean into a String field; a structure never binds to a scalar
export function bindString(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new FdrError('FDR-1004', [field]);
}

export function bindLong(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
    throw new FdrError('FDR-1001', [field, shown(v)]);
  }
  if (typeof v === 'string') {
    if (/^[+-]?\d{1,15}$/.test(v.trim())) return Number(v.trim());
    throw new FdrError('FDR-1001', [field, v]);
  }
  throw new FdrError('FDR-1004', [field]);
}

export function bindDecimal(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return Number(v.trim());
    throw new FdrError('FDR-1001', [field, v]);
  }
  throw new FdrError('FDR-1004', [field]);
}

export function bindEnum<T extends string>(v: unknown, field: string, values: readonly T[]): T | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  if (isObject(v) || Array.isArray(v)) throw new FdrError('FDR-1004', [field]);
  throw new FdrError('FDR-1003', [field, shown(v), `[${values.join(', ')}]`]);
}

/** ISO-8601 with an offset (`Z` or ±hh:mm), seconds and fraction optional; epoch ms. */
export function parseInstant(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec = '0', frac = '', zone] = m;
  if (!isDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return undefined;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), Number(frac.padEnd(3, '0').slice(0, 3)));
  if (zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone!)!;
    const offset = (Number(z[2]) * 60 + Number(z[3])) * 60_000;
    if (Number(z[2]) > 18) return undefined;
    ms -= z[1] === '+' ? offset : -offset;
  }
  return ms;
}

export function bindInstant(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObject(v) || Array.isArray(v)) throw new FdrError('FDR-1004', [field]);
  const ms = typeof v === 'string' ? parseInstant(v) : undefined;
  if (ms === undefined) throw new FdrError('FDR-1002', [field, shown(v)]);
  return ms;
}

function isDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A strict ISO calendar date `yyyy-MM-dd` (ResolverStyle.STRICT: 2025-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && isDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** LocalDate: only the first 10 characters are read (FDR); anything else unreadable → FDR-1001. */
export function bindLocalDate(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObject(v) || Array.isArray(v)) throw new FdrError('FDR-1004', [field]);
  const s = String(v);
  if (!isIsoDate(s.slice(0, 10))) throw new FdrError('FDR-1001', [field, s]);
  return s.slice(0, 10);
}

export function bindObject(v: unknown, field: string): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) return v;
  throw new FdrError('FDR-1004', [field]);
}

export function bindArray(v: unknown, field: string): unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v;
  throw new FdrError('FDR-1004', [field]);
}

/** Bean validation: every violation of a request, then one FDR-1000 naming them all. */
export class Violations {
  private readonly items: FdrErrorItem[] = [];
  constructor(private readonly prefix: string) {}

  add(path: string, message: string): void {
    this.items.push({ path: path ? `${this.prefix}.${path}` : this.prefix, message });
  }

  notNull(path: string, v: unknown): boolean {
    if (v !== undefined) return true;
    this.add(path, 'must not be null');
    return false;
  }

  /** @Pattern: the whole value must match, the message quotes the regexp as written in Java. */
  pattern(path: string, v: string | undefined, javaRegexp: string, re: RegExp): void {
    if (v !== undefined && !re.test(v)) this.add(path, `must match "${javaRegexp}"`);
  }

  min(path: string, v: number | undefined, min: number): void {
    if (v !== undefined && v < min) this.add(path, `must be greater than or equal to ${min}`);
  }

  max(path: string, v: number | undefined, max: number): void {
    if (v !== undefined && v > max) this.add(path, `must be less than or equal to ${max}`);
  }

  /** @DecimalMin("0.0", inclusive = false) and at most two decimals; returns the amount in cents. */
  amount(path: string, v: number | undefined): number | undefined {
    if (v === undefined) return undefined;
    if (!(v > 0)) this.add(path, 'must be greater than 0.0');
    const cents = Math.round(v * 100);
    if (Math.abs(v * 100 - cents) > 1e-6) this.add(path, 'numeric value out of bounds (<2147483647 digits>.<2 digits> expected)');
    return cents;
  }

  size(path: string, v: unknown[] | undefined, min: number, max: number): void {
    if (v !== undefined && (v.length < min || v.length > max)) this.add(path, `size must be between ${min} and ${max}`);
  }

  throwIfAny(): void {
    if (this.items.length) throw new FdrError('FDR-1000', [], { items: this.items });
  }
}

/** `^(.{1,35})$` and friends: Java's `.` and ours both stop at line terminators. */
export const lengthPattern = (min: number, max: number): [string, RegExp] => [`^(.{${min},${max}})$`, new RegExp(`^(.{${min},${max}})$`, 'u')];
