import { describe, expect, it } from '@jest/globals';
import { formatAmount, formatEuro, parseAmount } from '../../src/nodo/money';

/** The one money codec: integer cents inside, `stAmount` (\d+\.\d{2}) at the XML edge, no floating point. */
describe('parseAmount', () => {
  it.each([
    ['0.00', 0],
    ['0.01', 1],
    ['0.10', 10],
    ['1.00', 100],
    ['10.50', 1050],
    ['120.00', 12000],
    ['999999999.99', 99999999999],
    ['0012.30', 1230],
  ])('%s → %d cents', (text, cents) => {
    expect(parseAmount(text)).toBe(cents);
  });

  it('is exact where floating point is not (0.29 * 100 = 28.999999999999996)', () => {
    expect(parseAmount('0.29')).toBe(29);
    expect(parseAmount('1.15')).toBe(115);
    expect(parseAmount('4.35')).toBe(435);
  });

  it.each(['10', '10.1', '10.123', '.50', '10.', '-1.00', '+1.00', '1,00', '1e2', '', 'abc', '1.0O', '١٢.٣٤', '10.00 00'])('refuses %p with a RangeError that names it', (text) => {
    expect(() => parseAmount(text)).toThrow(RangeError);
    expect(() => parseAmount(text)).toThrow(`not an amount: ${text}`);
  });
});

describe('formatAmount', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [9, '0.09'],
    [10, '0.10'],
    [99, '0.99'],
    [100, '1.00'],
    [1050, '10.50'],
    [12000, '120.00'],
    [99999999999, '999999999.99'],
  ])('%d cents → %s', (cents, text) => {
    expect(formatAmount(cents)).toBe(text);
  });

  it('round-trips every cent value from 0 to 100000', () => {
    for (let cents = 0; cents <= 100_000; cents++) {
      if (parseAmount(formatAmount(cents)) !== cents) throw new Error(`round trip broke at ${cents}`);
    }
  });

  it('always writes the stAmount pattern', () => {
    for (const cents of [0, 5, 50, 500, 5000, 123456789, Number.MAX_SAFE_INTEGER - (Number.MAX_SAFE_INTEGER % 100)]) {
      expect(formatAmount(cents)).toMatch(/^\d+\.\d{2}$/);
    }
  });
});

describe('formatEuro (for people)', () => {
  it('writes Italian and English forms', () => {
    expect(formatEuro(1050, 'it').replace(/\s/g, ' ')).toBe('10,50 €');
    expect(formatEuro(1050, 'en')).toBe('€10.50');
    // CLDR's Italian groups thousands only from five digits on
    expect(formatEuro(123456, 'it').replace(/\s/g, ' ')).toBe('1234,56 €');
    expect(formatEuro(1234567, 'it').replace(/\s/g, ' ')).toBe('12.345,67 €');
  });
});
