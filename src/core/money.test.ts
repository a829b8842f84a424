import { describe, expect, it } from 'vitest';
import {
  formatMicros,
  formatPrice4,
  MoneyParseError,
  notional,
  parseContracts,
  parseDollars,
} from './money.js';

describe('money', () => {
  it('parses venue dollar strings straight to micro-dollars', () => {
    expect(parseDollars('0.5600')).toBe(560_000);
    expect(parseDollars('0.56')).toBe(560_000);
    expect(parseDollars('12')).toBe(12_000_000);
    expect(parseDollars('-1.5')).toBe(-1_500_000);
    expect(parseDollars('0.000001')).toBe(1);
    expect(parseDollars('0.1000000')).toBe(100_000); // trailing zeros beyond 6 decimals are fine
  });

  it('refuses what is not an exact decimal', () => {
    for (const bad of ['', 'abc', '1e3', '0.5.6', '0.0000001', ' ', '1,000', undefined, 0.56, null]) {
      expect(() => parseDollars(bad)).toThrow(MoneyParseError);
    }
  });

  it('parses contract counts to centi-contracts', () => {
    expect(parseContracts('10.00')).toBe(1000);
    expect(parseContracts('0.01')).toBe(1);
    expect(() => parseContracts('0.001')).toThrow(/more than 2 decimals/);
  });

  it('computes notional exactly on the 1e-4 price grid', () => {
    // 0.5600 x 13.00 contracts = $7.28
    expect(notional(parseDollars('0.5600'), parseContracts('13.00'))).toBe(7_280_000);
    // 0.0001 x 0.01 contracts = $0.000001
    expect(notional(parseDollars('0.0001'), parseContracts('0.01'))).toBe(1);
  });

  it('formats for people and venues', () => {
    expect(formatMicros(1_234_560_000)).toBe('$1,234.56');
    expect(formatMicros(-1_230_000)).toBe('-$1.23');
    expect(formatMicros(4)).toBe('$0.00');
    expect(formatPrice4(560_000 as never)).toBe('0.5600');
  });
});
