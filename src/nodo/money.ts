/**
 * The one money codec: integer cents inside the node and in the database, a two-decimal string
 * (`stAmount`, pattern \d+\.\d{2}) only at the XML edge. No floating point on the way.
 */
export function parseAmount(s: string): number {
  const m = /^(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`not an amount: ${s}`);
  return Number(m[1]) * 100 + Number(m[2]);
}

export function formatAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = cents % 100;
  return `${whole}.${rest < 10 ? '0' : ''}${rest}`;
}
