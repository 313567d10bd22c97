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

const EURO = { it: new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }), en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }) };

/** The display form for people (pages, e-mails): "10,50 €" in Italian, "€10.50" in English. */
export function formatEuro(cents: number, lang: 'it' | 'en'): string {
  return EURO[lang].format(cents / 100);
}
