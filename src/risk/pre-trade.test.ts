import { describe, expect, it } from 'vitest';
import type { DenialReason, SignalRaised } from '../core/events.js';
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
  ...over,
});

const view = (over: Partial<RiskPortfolioView> = {}): RiskPortfolioView => ({
  cash: 5_000_000_000 as Micros,
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
    expect(v).toMatchObject({ approved: true, reasons: [], qty: 19_300 });
    const small = assessSignal(signal(), view({ equity: 1_000_000_000 as Micros }), limits);
    // stake = 1,000 x 0.170984 x 0.25 = $42.746 -> 82 contracts
    expect(small.qty).toBe(8200);
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
    ['INSUFFICIENT_CASH', {}, { cash: 100_000 as Micros }],
    ['SIZE_BELOW_MINIMUM', { availableQty: 50 as Centis }, {}],
  ];
  for (const [reason, s, v] of cases) {
    it(reason, () => {
      const verdict = assessSignal(signal(s), view(v), limits);
      expect(verdict.approved).toBe(false);
      expect(verdict.reasons).toContain(reason);
      expect(verdict.qty).toBe(0);
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
    expect(verdict.reasons).toEqual(['TRADING_HALTED', 'EDGE_BELOW_MINIMUM', 'PRICE_STALE']);
  });
});
