import { describe, expect, it } from 'vitest';
import { tradeFee } from '../../core/fees.js';
import type { FeeSchedule } from '../../core/instruments.js';
import { type Ppm, parseContracts, parseDollars } from '../../core/money.js';
import { kalshiFeeSchedule, parseKalshiFeeMultiplier, parseKalshiFeeOverride } from './fees.js';
import { parseKalshiSeriesResponse } from './parse.js';

const ONE = 1_000_000 as Ppm;
function schedule(
  feeType: Parameters<typeof kalshiFeeSchedule>[0]['series']['feeType'],
  feeMultiplier = ONE,
) {
  const r = kalshiFeeSchedule({ series: { feeType, feeMultiplier } });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const fee = (s: FeeSchedule, price: string, qty: string, liquidity: 'taker' | 'maker') =>
  tradeFee({ schedule: s, price: parseDollars(price), qty: parseContracts(qty), liquidity });

describe('Kalshi series fee terms to the core fee schedule', () => {
  it('quadratic: takers 0.07, makers nothing', () => {
    const s = schedule('quadratic');
    expect(fee(s, '0.50', '100', 'taker')).toBe(1_750_000);
    expect(fee(s, '0.50', '100', 'maker')).toBe(0);
  });

  it('quadratic_with_maker_fees: makers pay a quarter of the taker coefficient (0.0175)', () => {
    const s = schedule('quadratic_with_maker_fees');
    expect(fee(s, '0.50', '100', 'maker')).toBe(440_000); // 0.4375 -> 0.44
    expect(fee(s, '0.50', '100', 'taker')).toBe(1_750_000);
  });

  it('quadratic_with_combo_maker_fees: makers pay half (0.035)', () => {
    const s = schedule('quadratic_with_combo_maker_fees');
    expect(fee(s, '0.50', '100', 'maker')).toBe(880_000); // 0.875 -> 0.88
    expect(fee(s, '0.30', '10', 'maker')).toBe(80_000); // 0.035 x 10 x 0.21 = 0.0735 -> 0.08
  });

  it('scales by the fee multiplier', () => {
    const s = schedule('quadratic', 500_000 as Ppm);
    expect(fee(s, '0.50', '100', 'taker')).toBe(880_000); // 0.875 -> 0.88
  });

  it('flat: no schedule, an explicit error (the Specific Trading Fees Table is not in the reference)', () => {
    const r = kalshiFeeSchedule({ series: { feeType: 'flat', feeMultiplier: ONE } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('unsupported_fee_type');
      expect(r.error.message).toMatch(/Specific Trading Fees Table/);
    }
  });

  it("an event's overrides win over the series' terms", () => {
    const r = kalshiFeeSchedule({
      series: { feeType: 'quadratic', feeMultiplier: ONE },
      eventOverride: { feeType: 'quadratic_with_maker_fees', feeMultiplier: 2_000_000 as Ppm },
    });
    expect(r.ok && r.value).toEqual({
      kind: 'kalshi_quadratic',
      multiplierPpm: 2_000_000,
      makerFees: true,
      makerSharePpm: 250_000,
    });
    const partial = kalshiFeeSchedule({
      series: { feeType: 'quadratic', feeMultiplier: 700_000 as Ppm },
      eventOverride: { feeType: null, feeMultiplier: null },
    });
    expect(partial.ok && partial.value).toEqual({
      kind: 'kalshi_quadratic',
      multiplierPpm: 700_000,
      makerFees: false,
    });
    const toFlat = kalshiFeeSchedule({
      series: { feeType: 'quadratic', feeMultiplier: ONE },
      eventOverride: { feeType: 'flat', feeMultiplier: null },
    });
    expect(toFlat.ok).toBe(false);
  });

  it('reads the multiplier from a decimal string or a JSON number, never scaling a float', () => {
    expect(parseKalshiFeeMultiplier('1')).toEqual({ ok: true, value: 1_000_000 });
    expect(parseKalshiFeeMultiplier('0.25')).toEqual({ ok: true, value: 250_000 });
    expect(parseKalshiFeeMultiplier(1.1)).toEqual({ ok: true, value: 1_100_000 });
    expect(parseKalshiFeeMultiplier(0.000001)).toEqual({ ok: true, value: 1 });
    // 1e-7 prints as "1e-7": finer than a ppm, and not a plain decimal either
    const tooFine = parseKalshiFeeMultiplier(1e-7);
    expect(tooFine.ok ? null : tooFine.error.value).toBe('1e-7');
    for (const bad of ['0.5.6', '-1', '', null, 1e21, '0.0000001']) {
      expect(parseKalshiFeeMultiplier(bad).ok, String(bad)).toBe(false);
    }
  });

  it('reads event overrides, empty meaning none', () => {
    expect(
      parseKalshiFeeOverride({
        event_ticker: 'E',
        fee_type_override: 'quadratic',
        fee_multiplier_override: '1.5',
      }),
    ).toEqual({
      ok: true,
      value: { feeType: 'quadratic', feeMultiplier: 1_500_000 },
    });
    expect(parseKalshiFeeOverride({ event_ticker: 'E', fee_type_override: '' })).toEqual({
      ok: true,
      value: { feeType: null, feeMultiplier: null },
    });
    const bad = parseKalshiFeeOverride({ fee_type_override: 'cubic' });
    expect(bad.ok ? null : bad.error.field).toBe('fee_type_override');
  });

  it('goes end to end from a series payload', () => {
    const series = parseKalshiSeriesResponse({
      series: { ticker: 'KXMLBGAME', fee_type: 'quadratic_with_maker_fees', fee_multiplier: '1.0' },
    });
    if (!series.ok) throw new Error('series');
    const r = kalshiFeeSchedule({ series: series.value });
    expect(r.ok && fee(r.value, '0.40', '25', 'maker')).toBe(110_000); // 0.0175 x 25 x 0.24 = 0.105 -> 0.11
  });
});
