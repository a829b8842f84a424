/**
 * The live ramp: the largest cost of one order grows with days of live trading, so a new live
 * account starts small (the seeds traded $10-20 per order at first). Schedule text:
 * "days:dollars,...", e.g. "0:20,7:50,30:100". Pure.
 */
import { type Micros, parseDollars } from '../core/money.js';

export interface RampStep {
  readonly fromDay: number;
  readonly maxOrderCost: Micros;
}

export function parseRamp(text: string): RampStep[] {
  const steps = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d+):(\d+(?:\.\d+)?)$/.exec(part);
      if (!m)
        throw new Error(`must be "days:dollars,..." like "0:20,7:50,30:100", got "${part}" in "${text}"`);
      return { fromDay: Number(m[1]), maxOrderCost: parseDollars(m[2]) };
    });
  if (steps.length === 0 || steps[0]!.fromDay !== 0) throw new Error(`must start at day 0, got "${text}"`);
  for (let i = 1; i < steps.length; i++) {
    if (steps[i]!.fromDay <= steps[i - 1]!.fromDay) throw new Error(`days must increase, got "${text}"`);
  }
  return steps;
}

/** The order cost cap after `daysLive` days of live trading. */
export function rampLimit(steps: readonly RampStep[], daysLive: number): Micros {
  let cap = steps[0]!.maxOrderCost;
  for (const s of steps) if (daysLive >= s.fromDay) cap = s.maxOrderCost;
  return cap;
}
