import { describe, expect, it } from 'vitest';
import { tradeFee } from '../../core/fees.js';
import type { Centis, Micros } from '../../core/money.js';
import { polymarketFeeSchedule } from './fees.js';
import { parseClobMarket, parseGammaMarket } from './parse.js';

describe('Polymarket fee schedules', () => {
  it('maps fd{r,e} to polymarket_taker: 0.75 cents a share at 0.50 for sports', () => {
    const m = parseClobMarket({ mts: '0.01', nr: false, fd: { r: 0.03, e: 1 } });
    if (!m.ok) throw new Error('parse');
    const s = polymarketFeeSchedule(m.value.fees);
    if (!s.ok) throw new Error(s.reason);
    expect(s.value).toEqual({ kind: 'polymarket_taker', ratePpm: 30_000, exponent: 1 });
    expect(
      tradeFee({ schedule: s.value, price: 500_000 as Micros, qty: 100 as Centis, liquidity: 'taker' }),
    ).toBe(7_500);
    expect(
      tradeFee({ schedule: s.value, price: 500_000 as Micros, qty: 100 as Centis, liquidity: 'maker' }),
    ).toBe(0);
  });

  it('maps Gamma feeSchedule the same way, and no fee to none', () => {
    const g = parseGammaMarket({
      id: '1',
      conditionId: '0x',
      outcomes: '["Yes","No"]',
      clobTokenIds: '["1","2"]',
      feeSchedule: { rate: '0.072', exponent: 2 },
    });
    if (!g.ok) throw new Error(JSON.stringify(g.error));
    expect(polymarketFeeSchedule(g.value.fees)).toEqual({
      ok: true,
      value: { kind: 'polymarket_taker', ratePpm: 72_000, exponent: 2 },
    });
    expect(polymarketFeeSchedule(null)).toEqual({ ok: true, value: { kind: 'none' } });
    expect(polymarketFeeSchedule({ ratePpm: 0, exponent: 1 })).toEqual({ ok: true, value: { kind: 'none' } });
  });

  it('refuses implausible parameters', () => {
    expect(polymarketFeeSchedule({ ratePpm: 500_000, exponent: 1 }).ok).toBe(false);
    expect(polymarketFeeSchedule({ ratePpm: 30_000, exponent: 9 }).ok).toBe(false);
    expect(polymarketFeeSchedule({ ratePpm: -1, exponent: 1 }).ok).toBe(false);
    const bad = parseClobMarket({ mts: '0.01', nr: false, fd: { r: 'x', e: 1 } });
    if (!bad.ok) expect(bad.error.field).toBe('fd.r');
    else throw new Error('accepted rate "x"');
  });
});
