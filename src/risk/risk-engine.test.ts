import { describe, expect, it } from 'vitest';
import type {
  BankrollSnapshot,
  LedgerPosted,
  OrderEvent,
  PositionChanged,
  SignalRaised,
  TradingStateChanged,
} from '../core/events.js';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asLedgerTxId,
  asSignalId,
} from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Centis, Micros, Ppm } from '../core/money.js';
import type { PortfolioRuleLimits } from './portfolio-rules.js';
import type { RiskLimits } from './pre-trade.js';
import { RiskEngine } from './risk-engine.js';

const DAY1 = Date.UTC(2020, 11, 27, 18);
const DAY2 = Date.UTC(2020, 11, 28, 18);

const limits: RiskLimits = {
  maxPositionSize: 100_000_000 as Micros,
  maxDailyLoss: 500_000_000 as Micros,
  minEdgePpm: 30_000,
  kellyFraction: 0.25,
  maxSimultaneousPositions: 10,
  priceStalenessMs: 15_000,
  syncToleranceMs: 30_000,
  maxGameExposure: 200_000_000 as Micros,
  maxVenueExposure: 5_000_000_000 as Micros,
  tradeableFraction: 1,
  costGateBuffer: 0.25,
  maxOrderCost: null,
};
const rules: PortfolioRuleLimits = {
  maxDailyLoss: 500_000_000 as Micros,
  maxDailyLossPct: 0.05,
  maxDrawdownPct: 0.1,
  maxTotalLossPct: 0.1,
  startingBankroll: 10_000_000_000 as Micros,
  maxConsecutiveErrors: 3,
};

let seq = 0;
const signal = (over: Partial<SignalRaised> = {}): SignalRaised => {
  seq += 1;
  return {
    type: 'SignalRaised',
    id: asEventId(`s${seq}`),
    ts: DAY1,
    signalId: asSignalId(`S${seq}`),
    kind: 'edge',
    gameId: asGameId('G1'),
    instrumentId: asInstrumentId('kalshi:G1'),
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    modelProb: 600_000 as Ppm,
    price: 500_000 as Micros,
    feePerContract: 17_500 as Micros,
    edge: 82_500 as Ppm,
    availableQty: 100_000 as Centis,
    levels: [{ price: 500_000 as Micros, qty: 100_000 as Centis }],
    fees: KALSHI_SPORTS_FEES,
    spread: 20_000 as Micros,
    bookAgeMs: 0,
    syncDeltaMs: 0,
    ...over,
  };
};

function engine(): RiskEngine {
  const e = new RiskEngine(limits, rules);
  for (const venue of ['kalshi', 'polymarket'] as VenueName[]) {
    const deposit: LedgerPosted = {
      type: 'LedgerPosted',
      id: asEventId(`dep-${venue}`),
      ts: DAY1,
      txId: asLedgerTxId(`dep-${venue}`),
      kind: 'deposit',
      postings: [
        { account: `assets:cash:${venue}`, amount: 5_000_000_000 as Micros },
        { account: 'equity:deposits', amount: -5_000_000_000 as Micros },
      ],
      ref: venue,
      memo: '',
    };
    e.onLedgerPosted(deposit);
  }
  e.onGameLive(asGameId('G1'), true);
  return e;
}

const position = (realized: number, ts = DAY1): PositionChanged => ({
  type: 'PositionChanged',
  id: asEventId(`p${ts}${realized}`),
  ts,
  instrumentId: asInstrumentId('kalshi:OLD'),
  venue: 'kalshi',
  gameId: asGameId('G0'),
  side: 'yes',
  qty: 0 as Centis,
  costBasis: 0 as Micros,
  realizedPnl: realized as Micros,
});

const bankroll = (equity: number, peak: number, ts = DAY1): BankrollSnapshot => ({
  type: 'BankrollSnapshot',
  id: asEventId(`b${equity}`),
  ts,
  cash: equity as Micros,
  venueCash: {},
  equity: equity as Micros,
  peakEquity: peak as Micros,
  drawdown: (peak - equity) as Micros,
  realizedPnl: 0 as Micros,
  unrealizedPnl: 0 as Micros,
  openPositions: 0,
});

const operator = (
  scope: string,
  state: TradingStateChanged['state'],
  untilTs?: number,
): TradingStateChanged => ({
  type: 'TradingStateChanged',
  id: asEventId(`op-${scope}-${state}`),
  ts: DAY1,
  scope,
  state,
  reason: 'test',
  origin: untilTs ? 'execution' : 'operator',
  ...(untilTs ? { untilTs } : {}),
});

describe('risk engine', () => {
  it('halts on the daily loss in dollars until the next UTC day', () => {
    const e = engine();
    const changes = e.onPositionChanged(position(-600_000_000), DAY1);
    expect(changes).toMatchObject([{ scope: 'global', state: 'HALTED', origin: 'rule' }]);
    expect(changes[0]!.reason).toMatch(/daily loss 600.00 reached MAX_DAILY_LOSS 500.00/);
    expect(e.assess(signal(), DAY1).decision.reasons).toContain('TRADING_HALTED');
    const next = e.assess(signal({ ts: DAY2 }), DAY2);
    expect(next.stateChanges).toMatchObject([{ scope: 'global', state: 'ACTIVE' }]);
    expect(next.decision.approved).toBe(true);
  });

  it('halts on drawdown from the peak and on total loss, and a new day does not lift them', () => {
    const e = engine();
    expect(e.onBankroll(bankroll(11_000_000_000, 12_000_000_000), DAY1)).toEqual([]); // 8.3 % from peak
    const dd = e.onBankroll(bankroll(10_700_000_000, 12_000_000_000), DAY1); // 10.8 %
    expect(dd[0]?.reason).toMatch(/drawdown 10.83% from the peak/);
    expect(e.assess(signal({ ts: DAY2 }), DAY2).decision.reasons).toContain('TRADING_HALTED');

    const t = engine();
    const total = t.onBankroll(bankroll(8_900_000_000, 9_400_000_000), DAY1); // 5.3 % from its peak
    expect(total.map((c) => c.reason).join('\n')).toMatch(/11.00% below the starting bankroll/);
  });

  it('halts a venue after consecutive order errors, and only that venue', () => {
    const e = engine();
    const rejected = (n: number): OrderEvent => ({
      type: 'OrderRejected',
      id: asEventId(`r${n}`),
      ts: DAY1,
      clientOrderId: asClientOrderId(`c${n}`),
      instrumentId: asInstrumentId('kalshi:G1'),
      venue: 'kalshi',
      reason: 'boom',
    });
    expect(e.onOrderEvent(rejected(1), DAY1)).toEqual([]);
    expect(e.onOrderEvent(rejected(2), DAY1)).toEqual([]);
    expect(e.onOrderEvent(rejected(3), DAY1)).toMatchObject([{ scope: 'venue:kalshi', state: 'HALTED' }]);
    expect(e.assess(signal(), DAY1).decision.reasons).toContain('TRADING_HALTED');
    expect(
      e.assess(signal({ venue: 'polymarket', instrumentId: asInstrumentId('polymarket:G1') }), DAY1).decision
        .approved,
    ).toBe(true);
  });

  it('obeys an operator halt that no rule can lift, until the operator resumes', () => {
    const e = engine();
    e.onTradingState(operator('global', 'HALTED'));
    expect(e.checkState(DAY2)).toEqual([]);
    expect(e.assess(signal(), DAY2).decision.reasons).toContain('TRADING_HALTED');
    e.onTradingState(operator('global', 'ACTIVE'));
    expect(e.assess(signal(), DAY2).decision.approved).toBe(true);
  });

  it('keeps arbitrage REDUCING after an unhedged leg until its cool-down ends, other strategies unaffected', () => {
    const e = engine();
    e.onTradingState(operator('strategy:arbitrage', 'REDUCING', DAY1 + 300_000));
    const arb = signal({ kind: 'arbitrage', hedge: undefined });
    expect(e.assess(arb, DAY1).decision.reasons).toContain('TRADING_REDUCING');
    expect(e.assess(signal(), DAY1).decision.approved).toBe(true);
    const later = e.assess(signal({ kind: 'arbitrage' }), DAY1 + 300_000);
    expect(later.stateChanges).toMatchObject([{ scope: 'strategy:arbitrage', state: 'ACTIVE' }]);
  });

  it('counts an approved order against the room of the next signal before it fills', () => {
    const e = engine();
    const first = e.assess(signal(), DAY1);
    expect(first.intents).toHaveLength(1);
    // The $100 position limit is used up by the order in flight.
    expect(e.assess(signal(), DAY1).decision.reasons).toContain('MAX_POSITION_SIZE');
    // Once it ends unfilled, the room comes back.
    e.onOrderEvent(
      {
        type: 'OrderCanceled',
        id: asEventId('x'),
        ts: DAY1,
        clientOrderId: first.intents[0]!.clientOrderId,
        instrumentId: asInstrumentId('kalshi:G1'),
        venue: 'kalshi',
        reason: 'ioc',
        canceledQty: first.intents[0]!.qty,
      },
      DAY1,
    );
    expect(e.assess(signal(), DAY1).decision.approved).toBe(true);
  });

  it('stores the inputs of every decision with it', () => {
    const { decision } = engine().assess(signal(), DAY1);
    expect(decision.inputs).toMatchObject({ state: 'ACTIVE', cash: 5_000_000_000, qty: 19_300 });
    expect(decision.legs).toHaveLength(1);
  });
});
