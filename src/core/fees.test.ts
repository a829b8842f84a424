import { describe, expect, it } from 'vitest';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES, tradeFee } from './fees.js';
import type { FeeSchedule } from './instruments.js';
import { type Centis, type Micros, parseContracts, parseDollars } from './money.js';

const fee = (schedule: FeeSchedule, price: string, qty: string, liquidity: 'taker' | 'maker' = 'taker') =>
  tradeFee({ schedule, price: parseDollars(price), qty: parseContracts(qty), liquidity });

describe('Kalshi quadratic fee: ceil_to_cent(0.07 x C x P x (1-P))', () => {
  it('charges 1.75 cents a contract at 0.50, rounded up per order', () => {
    expect(fee(KALSHI_SPORTS_FEES, '0.50', '100')).toBe(1_750_000);
    expect(fee(KALSHI_SPORTS_FEES, '0.50', '1')).toBe(20_000); // 1.75c -> 2c
  });
  it('is symmetric in P and rounds up to the cent', () => {
    // 0.07 x 10 x 0.3 x 0.7 = 0.147 -> $0.15
    expect(fee(KALSHI_SPORTS_FEES, '0.30', '10')).toBe(150_000);
    expect(fee(KALSHI_SPORTS_FEES, '0.70', '10')).toBe(150_000);
  });
  it('charges makers only on maker-fee series, at a quarter of the taker rate', () => {
    expect(fee(KALSHI_SPORTS_FEES, '0.50', '100', 'maker')).toBe(0);
    const withMaker: FeeSchedule = { kind: 'kalshi_quadratic', multiplierPpm: 1_000_000, makerFees: true };
    // 0.0175 x 100 x 0.25 = 0.4375 -> $0.44
    expect(fee(withMaker, '0.50', '100', 'maker')).toBe(440_000);
  });
  it('charges combo maker-fee series half the taker coefficient', () => {
    const combo: FeeSchedule = {
      kind: 'kalshi_quadratic',
      multiplierPpm: 1_000_000,
      makerFees: true,
      makerSharePpm: 500_000,
    };
    // 0.035 x 100 x 0.25 = 0.875 -> $0.88; takers still 0.07
    expect(fee(combo, '0.50', '100', 'maker')).toBe(880_000);
    expect(fee(combo, '0.50', '100', 'taker')).toBe(1_750_000);
  });
  it('applies the series fee multiplier', () => {
    const half: FeeSchedule = { kind: 'kalshi_quadratic', multiplierPpm: 500_000, makerFees: false };
    expect(fee(half, '0.50', '100')).toBe(880_000); // 0.875 -> 0.88
  });
  it('does not overflow on large orders', () => {
    // 0.07 x 1,000,000 x 0.25 = $17,500
    expect(fee(KALSHI_SPORTS_FEES, '0.50', '1000000')).toBe(17_500_000_000);
  });
});

describe('Polymarket taker fee: C x rate x (p(1-p))^e, floored to $0.00001', () => {
  it('charges 0.75 cents a share at 0.50 on sports (rate 0.03, e=1)', () => {
    expect(fee(POLYMARKET_SPORTS_FEES, '0.50', '100')).toBe(750_000);
    expect(fee(POLYMARKET_SPORTS_FEES, '0.50', '1')).toBe(7_500);
  });
  it('floors to five decimals and charges makers nothing', () => {
    // 1 x 0.03 x 0.01 x 0.99 = 0.000297 -> 0.00029
    expect(fee(POLYMARKET_SPORTS_FEES, '0.01', '1')).toBe(290);
    expect(fee(POLYMARKET_SPORTS_FEES, '0.50', '100', 'maker')).toBe(0);
  });
  it('supports other exponents', () => {
    const crypto: FeeSchedule = { kind: 'polymarket_taker', ratePpm: 250_000, exponent: 2 };
    // 100 x 0.25 x (0.25)^2 = 1.5625
    expect(fee(crypto, '0.50', '100')).toBe(1_562_500);
  });
  it('is zero for nothing traded', () => {
    expect(
      tradeFee({
        schedule: POLYMARKET_SPORTS_FEES,
        price: 500_000 as Micros,
        qty: 0 as Centis,
        liquidity: 'taker',
      }),
    ).toBe(0);
  });
});
