import { describe, expect, it } from 'vitest';
import { parseRamp, rampLimit } from './ramp.js';

describe('live ramp', () => {
  it('raises the order cap with days of live trading', () => {
    const steps = parseRamp('0:20,7:50,30:100');
    expect(rampLimit(steps, 0)).toBe(20_000_000);
    expect(rampLimit(steps, 6)).toBe(20_000_000);
    expect(rampLimit(steps, 7)).toBe(50_000_000);
    expect(rampLimit(steps, 365)).toBe(100_000_000);
  });
  it('refuses a schedule that does not start at day 0 or goes backwards, naming it', () => {
    expect(() => parseRamp('1:20')).toThrow(/must start at day 0/);
    expect(() => parseRamp('0:20,7:50,5:60')).toThrow(/days must increase/);
    expect(() => parseRamp('0:twenty')).toThrow(/"0:twenty"/);
  });
});
