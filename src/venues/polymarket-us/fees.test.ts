import { describe, expect, it } from 'vitest';
import { POLYMARKET_US_FEES, polymarketUsTakerFees, tradeFee } from '../../core/fees.js';
import type { FeeSchedule } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';

const fee = (cents: number, contracts: number, liquidity: 'taker' | 'maker' = 'taker') =>
  tradeFee({
    schedule: POLYMARKET_US_FEES,
    price: (cents * 10_000) as Micros,
    qty: (contracts * 100) as Centis,
    liquidity,
  });

describe('Polymarket US fees (Θ 0.0695 taker, 0.0125 maker rebate, half-to-even cents)', () => {
  it('charges the published maximum: $1.74 for 100 contracts at 0.50', () => {
    // 0.0695 × 100 × 0.25 = 1.7375 → 1.74
    expect(fee(50, 100)).toBe(1_740_000);
  });
  it('rounds each fill half-to-even to the cent', () => {
    // 0.0695 × 1 × 0.25 = 0.017375 → 0.02; 0.0695 × 2 × 0.2475 (p=.45) = 0.0344025 → 0.03
    expect(fee(50, 1)).toBe(20_000);
    expect(fee(45, 2)).toBe(30_000);
    // Maker rebates, 0.0125 × C × 0.25: 8 → 2.5 cents, a tie, to the even 2; 24 → 7.5 → 8
    expect(fee(50, 8, 'maker')).toBe(-20_000);
    expect(fee(50, 24, 'maker')).toBe(-80_000);
    expect(fee(50, 12, 'maker')).toBe(-40_000);
  });
  it('is symmetric in p and nothing for no contracts', () => {
    expect(fee(30, 10)).toBe(fee(70, 10));
    expect(fee(30, 0)).toBe(0);
  });
  it("caps an order's taker fees at its rounded cumulative exact fee", () => {
    const schedule = POLYMARKET_US_FEES as Extract<FeeSchedule, { kind: 'polymarket_us' }>;
    const oneAtHalf = { price: 500_000 as Micros, qty: 100 as Centis };
    // Each 0.017375 → 0.02, but four make 0.0695 → 0.07: the running cap takes a cent back.
    expect(polymarketUsTakerFees(schedule, [oneAtHalf, oneAtHalf, oneAtHalf, oneAtHalf])).toEqual([
      20_000, 10_000, 20_000, 20_000,
    ]);
    expect(polymarketUsTakerFees(schedule, [{ price: 500_000 as Micros, qty: 10_000 as Centis }])).toEqual([
      1_740_000,
    ]);
  });
});
