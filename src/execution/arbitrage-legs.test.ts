import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../core/events.js';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asSignalId } from '../core/ids.js';
import { type Centis, type Micros, notional } from '../core/money.js';
import { type LegResult, planHedge } from './arbitrage-legs.js';
import { DEFAULT_HEDGE_SETTINGS } from './order-manager.js';

const intent = (over: Partial<OrderIntent>): OrderIntent => ({
  type: 'OrderIntent',
  id: asEventId('intent:A.L1'),
  ts: 0,
  clientOrderId: asClientOrderId('A.L1'),
  signalId: asSignalId('A'),
  leg: 1,
  gameId: asGameId('G'),
  instrumentId: asInstrumentId('kalshi:G-HOME'),
  venue: 'kalshi',
  side: 'no',
  action: 'buy',
  qty: 26_300 as Centis,
  limitPrice: 60_000 as Micros,
  tif: 'FOK',
  legCount: 2,
  purpose: 'arbitrage',
  ...over,
});

/** A leg's result from the fills it got, [price, qty] each. */
const result = (i: OrderIntent, fills: readonly [number, number][]): LegResult => ({
  intent: i,
  filledQty: fills.reduce((s, [, q]) => s + q, 0) as Centis,
  filledNotional: fills.reduce((s, [p, q]) => s + notional(p as Micros, q as Centis), 0) as Micros,
});

const kalshiNo = intent({});
const polymarketYes = (limitPrice: number) =>
  intent({
    clientOrderId: asClientOrderId('A.L2'),
    leg: 2,
    instrumentId: asInstrumentId('polymarket:G-HOME'),
    venue: 'polymarket',
    side: 'yes',
    limitPrice: limitPrice as Micros,
  });

describe('planHedge', () => {
  it('completes the short leg paying up to 2 cents over its limit', () => {
    const plan = planHedge(
      result(kalshiNo, []),
      result(polymarketYes(280_000), [[280_000, 26_300]]),
      DEFAULT_HEDGE_SETTINGS,
    );
    expect(plan.unhedged).toBe(26_300);
    expect(plan.complete).toMatchObject({ purpose: 'hedge', action: 'buy', qty: 26_300, limitPrice: 80_000 });
    expect(plan.complete?.from).toBe(kalshiNo);
  });

  it('lets the unwind sell at most 10 cents under what the excess cost, not under the leg limit', () => {
    // shard-1-S330.L2: 263 YES bought across five levels, 0.24 to its limit 0.28 (0.266 on average).
    // 0.28 - 0.10 = 0.18 would allow only 8.6 cents of loss; 0.266 - 0.10, up to the tick: 0.17.
    const long = result(polymarketYes(280_000), [
      [240_000, 2_100],
      [250_000, 3_900],
      [260_000, 5_500],
      [270_000, 5_800],
      [280_000, 9_000],
    ]);
    const plan = planHedge(result(kalshiNo, []), long, DEFAULT_HEDGE_SETTINGS);
    expect(plan.unwind).toMatchObject({
      purpose: 'unwind',
      action: 'sell',
      qty: 26_300,
      limitPrice: 170_000,
    });
    expect(plan.unwind?.from).toBe(long.intent);
  });

  it('measures the allowance from the cost even when the walk went deep', () => {
    // Half at 0.20 and half at the limit 0.40: 0.30 on average. Limit - 0.10 would refuse to sell
    // at 0.29, one cent under cost; the 10-cent allowance reaches 0.20.
    const long = result(polymarketYes(400_000), [
      [200_000, 1_000],
      [400_000, 1_000],
    ]);
    const plan = planHedge(result(kalshiNo, []), long, DEFAULT_HEDGE_SETTINGS);
    expect(plan.unwind?.limitPrice).toBe(200_000);
  });

  it('never sells under one tick, and plans nothing when both legs filled alike', () => {
    const cheap = result(polymarketYes(50_000), [[50_000, 1_000]]);
    expect(planHedge(result(kalshiNo, []), cheap, DEFAULT_HEDGE_SETTINGS).unwind?.limitPrice).toBe(10_000);
    const both = planHedge(result(kalshiNo, [[60_000, 1_000]]), cheap, DEFAULT_HEDGE_SETTINGS);
    expect(both).toEqual({ unhedged: 0, complete: null, unwind: null });
  });
});
