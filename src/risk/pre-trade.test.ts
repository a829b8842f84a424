import { describe, expect, it } from 'vitest';
import type { DenialReason, SignalRaised } from '../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../core/fees.js';
import { asEventId, asGameId, asInstrumentId, asSignalId } from '../core/ids.js';
import type { Centis, Micros, Ppm } from '../core/money.js';
import { kellyFractionPpm } from './kelly.js';
import { assessSignal, type RiskLimits, type RiskPortfolioView } from './pre-trade.js';

const limits: RiskLimits = {
  maxPositionSize: 100_000_000 as Micros,
  maxDailyLoss: 500_000_000 as Micros,
  minEdgePpm: 30_000,
  kellyFraction: 0.25,
  maxSimultaneousPositions: 2,
  priceStalenessMs: 15_000,
  syncToleranceMs: 30_000,
  maxGameExposure: 200_000_000 as Micros,
  maxVenueExposure: 5_000_000_000 as Micros,
  tradeableFraction: 1,
  costGateBuffer: 0.25,
  maxOrderCost: null,
};

const signal = (over: Partial<SignalRaised> = {}): SignalRaised => ({
  type: 'SignalRaised',
  id: asEventId('s1'),
  ts: 0,
  signalId: asSignalId('s1'),
  kind: 'edge',
  gameId: asGameId('G1'),
  instrumentId: asInstrumentId('kalshi:G1-HOME'),
  venue: 'kalshi',
  side: 'yes',
  action: 'buy',
  modelProb: 600_000 as Ppm,
  price: 500_000 as Micros,
  feePerContract: 17_500 as Micros,
  edge: 82_500 as Ppm,
  availableQty: 100_000 as Centis,
  bookAgeMs: 1000,
  syncDeltaMs: 1000,
  levels: [{ price: 500_000 as Micros, qty: 100_000 as Centis }],
  fees: KALSHI_SPORTS_FEES,
  spread: 20_000 as Micros,
  ...over,
});

const view = (over: Partial<RiskPortfolioView> = {}): RiskPortfolioView => ({
  cash: { kalshi: 5_000_000_000 as Micros, polymarket: 5_000_000_000 as Micros },
  sellable: () => 0 as Centis,
  equity: 10_000_000_000 as Micros,
  dailyRealizedPnl: 0 as Micros,
  positions: [],
  tradingState: 'ACTIVE',
  gameLive: true,
  ...over,
});

const position = (instrument: string, game: string, side: 'yes' | 'no', cost: number) => ({
  instrumentId: asInstrumentId(instrument),
  gameId: asGameId(game),
  venue: 'kalshi' as const,
  side,
  qty: 1000 as Centis,
  costBasis: cost as Micros,
});

describe('fractional Kelly sizing', () => {
  it('bets f* = (p - c) / (1 - c) of full Kelly', () => {
    // p 0.6, c 0.5175: f* = 0.0825 / 0.4825 = 0.17098
    expect(kellyFractionPpm({ prob: 600_000 as Ppm, allInCost: 517_500 })).toBe(170_984);
    expect(kellyFractionPpm({ prob: 400_000 as Ppm, allInCost: 517_500 })).toBe(0);
  });

  it('sizes whole contracts from the Kelly stake, capped by the position limit', () => {
    // stake = 10,000 x 0.170984 x 0.25 = $427.46 > $100 cap -> floor(100 / 0.5175) = 193 contracts
    const v = assessSignal(signal(), view(), limits);
    expect(v).toMatchObject({ approved: true, reasons: [] });
    expect(v.legs).toEqual([
      {
        instrumentId: 'kalshi:G1-HOME',
        venue: 'kalshi',
        side: 'yes',
        action: 'buy',
        qty: 19_300,
        limitPrice: 500_000,
      },
    ]);
    const small = assessSignal(signal(), view({ equity: 1_000_000_000 as Micros }), limits);
    // stake = 1,000 x 0.170984 x 0.25 = $42.746 -> 82 contracts
    expect(small.legs[0]?.qty).toBe(8200);
  });
});

describe('pre-trade checks deny with a reason code', () => {
  const cases: Array<[DenialReason, Partial<SignalRaised>, Partial<RiskPortfolioView>]> = [
    ['TRADING_HALTED', {}, { tradingState: 'HALTED' }],
    ['GAME_NOT_LIVE', {}, { gameLive: false }],
    ['EDGE_BELOW_MINIMUM', { edge: 10_000 as Ppm }, {}],
    ['PRICE_STALE', { bookAgeMs: 20_000 }, {}],
    ['CLOCK_OUT_OF_SYNC', { syncDeltaMs: 40_000 }, {}],
    ['DAILY_LOSS_LIMIT', {}, { dailyRealizedPnl: -500_000_000 as Micros }],
    ['OPPOSITE_POSITION', {}, { positions: [position('kalshi:G1-HOME', 'G1', 'no', 10_000_000)] }],
    ['MAX_POSITION_SIZE', {}, { positions: [position('kalshi:G1-HOME', 'G1', 'yes', 99_900_000)] }],
    [
      'MAX_SIMULTANEOUS_POSITIONS',
      {},
      { positions: [position('kalshi:A', 'A', 'yes', 1), position('kalshi:B', 'B', 'yes', 1)] },
    ],
    ['GAME_EXPOSURE', {}, { positions: [position('polymarket:G1-HOME', 'G1', 'yes', 199_900_000)] }],
    ['INSUFFICIENT_CASH', {}, { cash: { kalshi: 100_000 as Micros } }],
    ['TRADING_REDUCING', {}, { tradingState: 'REDUCING' }],
    ['COST_GATE', { spread: 200_000 as Micros }, {}],
    ['SIZE_BELOW_MINIMUM', { availableQty: 50 as Centis }, {}],
  ];
  for (const [reason, s, v] of cases) {
    it(reason, () => {
      const verdict = assessSignal(signal(s), view(v), limits);
      expect(verdict.approved).toBe(false);
      expect(verdict.reasons).toContain(reason);
      expect(verdict.legs).toEqual([]);
    });
  }

  it('VENUE_EXPOSURE', () => {
    const verdict = assessSignal(
      signal(),
      view({ positions: [position('kalshi:Z', 'Z', 'yes', 4_999_900_000)] }),
      {
        ...limits,
        maxSimultaneousPositions: 10,
      },
    );
    expect(verdict.reasons).toContain('VENUE_EXPOSURE');
  });

  it('collects every reason, not just the first', () => {
    const verdict = assessSignal(
      signal({ edge: 0 as Ppm, bookAgeMs: 99_000 }),
      view({ tradingState: 'HALTED' }),
      limits,
    );
    expect(verdict.reasons).toEqual(['TRADING_HALTED', 'PRICE_STALE', 'EDGE_BELOW_MINIMUM']);
  });
});

describe('slippage is priced in', () => {
  it('walks deeper levels only while the budget holds, limit at the worst level taken', () => {
    const deep = signal({
      levels: [
        { price: 500_000 as Micros, qty: 5_000 as Centis },
        { price: 510_000 as Micros, qty: 5_000 as Centis },
        { price: 520_000 as Micros, qty: 50_000 as Centis },
      ],
      availableQty: 60_000 as Centis,
    });
    const v = assessSignal(deep, view(), limits);
    // $100 buys 50 @ 0.50 + 50 @ 0.51 + the rest at 0.52, fees included
    expect(v.legs[0]).toMatchObject({ limitPrice: 520_000 });
    expect(v.legs[0]!.qty).toBeGreaterThan(10_000);
    expect(v.inputs.slippage).toBeGreaterThan(0);
  });
});

describe('exits only reduce what is held', () => {
  const exit = (over: Partial<SignalRaised> = {}) =>
    signal({ kind: 'exit', action: 'sell', exitReason: 'EDGE_GONE', availableQty: 3_000 as Centis, ...over });
  it('sells up to what is held and not already being sold', () => {
    const v = assessSignal(exit(), view({ sellable: () => 1_250 as Centis }), limits);
    expect(v.approved).toBe(true);
    expect(v.legs[0]).toMatchObject({ action: 'sell', qty: 1_250 });
  });
  it('is allowed while REDUCING, not while HALTED, and needs a position', () => {
    expect(
      assessSignal(exit(), view({ sellable: () => 500 as Centis, tradingState: 'REDUCING' }), limits)
        .approved,
    ).toBe(true);
    expect(
      assessSignal(exit(), view({ sellable: () => 500 as Centis, tradingState: 'HALTED' }), limits).reasons,
    ).toEqual(['TRADING_HALTED']);
    expect(assessSignal(exit(), view(), limits).reasons).toEqual(['NO_POSITION']);
  });
});

describe('arbitrage pairs', () => {
  const arb = (over: Partial<SignalRaised> = {}) =>
    signal({
      kind: 'arbitrage',
      modelProb: 0 as Ppm,
      price: 450_000 as Micros,
      feePerContract: 17_325 as Micros,
      edge: 30_000 as Ppm,
      levels: [{ price: 450_000 as Micros, qty: 50_000 as Centis }],
      availableQty: 50_000 as Centis,
      hedge: {
        instrumentId: asInstrumentId('polymarket:G1-HOME'),
        venue: 'polymarket',
        side: 'no',
        action: 'buy',
        price: 500_000 as Micros,
        feePerContract: 7_500 as Micros,
        levels: [{ price: 500_000 as Micros, qty: 50_000 as Centis }],
        fees: POLYMARKET_SPORTS_FEES,
        availableQty: 50_000 as Centis,
      },
      ...over,
    });
  it('grants both legs the same quantity, sized by the pair cost', () => {
    const v = assessSignal(arb(), view(), limits);
    expect(v.approved).toBe(true);
    // $100 / 0.974825 per pair = 102 pairs
    expect(v.legs.map((l) => [l.venue, l.side, l.qty])).toEqual([
      ['kalshi', 'yes', 10_200],
      ['polymarket', 'no', 10_200],
    ]);
  });
  it('is limited by the poorer wallet', () => {
    const v = assessSignal(
      arb(),
      view({ cash: { kalshi: 5_000_000_000 as Micros, polymarket: 20_000_000 as Micros } }),
      limits,
    );
    expect(v.legs.map((l) => l.qty)).toEqual([3_900, 3_900]); // $20 / 0.5075
  });
  it('needs both legs', () => {
    expect(assessSignal(arb({ hedge: undefined }), view(), limits).reasons).toEqual(['ARBITRAGE_INCOMPLETE']);
    expect(assessSignal(arb(), view({ tradingState: 'REDUCING' }), limits).reasons).toEqual([
      'TRADING_REDUCING',
    ]);
  });
});
