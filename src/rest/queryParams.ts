/**
 * Numeric query parameters, one way for every REST route. Only plain decimal digits: `1e3`, `0x10`, `-1`,
 * `+1`, ` 1`, `1.0` and the empty string are refused (Number() would take most of them), and so is any
 * value past `max`, which keeps `page * limit` and OFFSET inside what both databases take
 * (`?offset=99999999999999999999` was a 500 once).
 */
export const INT32_MAX = 2_147_483_647;

/** The parameter as an integer in [min, max], or the 400's detail naming it. */
export function boundedInt(name: string, raw: string, min: number, max: number): number | string {
  if (/^\d{1,10}$/.test(raw)) {
    const n = Number(raw);
    if (n >= min && n <= max) return n;
  }
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return `${name} must be an integer between ${min} and ${max}, got "${shown}"`;
}
