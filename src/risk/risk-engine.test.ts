import { describe, expect, it } from 'vitest';
import { feePerContract } from '../core/book.js';
import type {
  BankrollSnapshot,
  LedgerPosted,
  OrderEvent,
  PositionChanged,
  SignalRaised,
  TradingStateChanged,
} from '../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../core/fees.js';
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

  it("a restarted engine keeps the day's realized loss: the limit is not handed out afresh", () => {
    const e = engine();
    e.restoreDailyRealized(new Map([['2020-12-27', -600_000_000]]));
    const assessed = e.assess(signal(), DAY1);
    expect(assessed.decision.approved).toBe(false);
    expect(assessed.decision.reasons).toEqual(expect.arrayContaining(['DAILY_LOSS_LIMIT']));
    expect(e.assess(signal({ ts: DAY2 }), DAY2).decision.reasons).not.toContain('DAILY_LOSS_LIMIT');
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

describe('an arbitrage raised from the same book as an order approved before it', () => {
  // The shape of shard-1-S329/S330 in the default run: one Kalshi snapshot (YES bids 0.95 and
  // 0.94, so NO at 0.05 and 0.06) raises an edge entry on NO and an arbitrage whose first leg
  // buys the same NO. The entry is approved first and takes the levels.
  const lv = (price: number, qty: number) => ({ price: price as Micros, qty: qty as Centis });
  const KALSHI_BOOK = asEventId('kalshi-ws:7');
  const entry = (levels: ReturnType<typeof lv>[], bookId = KALSHI_BOOK) =>
    signal({
      side: 'no',
      modelProb: 300_000 as Ppm,
      price: levels[0]!.price,
      feePerContract: feePerContract(KALSHI_SPORTS_FEES, levels[0]!.price),
      edge: 240_000 as Ppm,
      levels,
      availableQty: levels.reduce((s, l) => s + l.qty, 0) as Centis,
      spread: 10_000 as Micros,
      bookId,
    });
  const arbitrage = (bookId = KALSHI_BOOK) =>
    signal({
      kind: 'arbitrage',
      side: 'no',
      modelProb: 0 as Ppm,
      price: 50_000 as Micros,
      feePerContract: feePerContract(KALSHI_SPORTS_FEES, 50_000 as Micros),
      edge: 700_000 as Ppm,
      // The levels the pair walk reached, whole: 80 pairs against Polymarket's 80 at 0.24.
      levels: [lv(50_000, 5_000), lv(60_000, 5_000)],
      availableQty: 8_000 as Centis,
      bookId,
      hedge: {
        instrumentId: asInstrumentId('polymarket:G1'),
        venue: 'polymarket',
        side: 'yes',
        action: 'buy',
        price: 240_000 as Micros,
        feePerContract: feePerContract(POLYMARKET_SPORTS_FEES, 240_000 as Micros),
        levels: [lv(240_000, 8_000)],
        fees: POLYMARKET_SPORTS_FEES,
        availableQty: 8_000 as Centis,
        bookId: asEventId('polymarket-ws:3'),
      },
    });

  it('denies it when the entry took every level its first leg would buy', () => {
    const e = engine();
    const first = e.assess(entry([lv(50_000, 5_000), lv(60_000, 5_000)]), DAY1);
    expect(first.intents.map((i) => [i.side, i.qty, i.limitPrice])).toEqual([['no', 10_000, 60_000]]);
    const { decision, intents } = e.assess(arbitrage(), DAY1);
    // Sent anyway, its fill-or-kill leg would find nothing and leave the other leg unhedged.
    expect(decision.approved).toBe(false);
    expect(decision.reasons).toEqual(['LIQUIDITY_TAKEN']);
    expect(intents).toEqual([]);
  });

  it('sizes it on what the entry left, both legs the same quantity', () => {
    const e = engine();
    expect(e.assess(entry([lv(50_000, 3_000)]), DAY1).intents.map((i) => i.qty)).toEqual([3_000]);
    const { decision, intents } = e.assess(arbitrage(), DAY1);
    expect(decision.approved).toBe(true);
    // 20 contracts left at 0.05 and 50 at 0.06: 70 pairs, the NO leg's limit at 0.06.
    expect(intents.map((i) => [i.venue, i.side, i.qty, i.limitPrice, i.tif])).toEqual([
      ['kalshi', 'no', 7_000, 60_000, 'FOK'],
      ['polymarket', 'yes', 7_000, 240_000, 'FOK'],
    ]);
    expect(decision.inputs).toMatchObject({ takenFirst: 3_000, takenHedge: 0 });
  });

  it('sees the whole levels of a newer snapshot, which already shows what the entry took', () => {
    const e = engine();
    e.assess(entry([lv(50_000, 5_000), lv(60_000, 5_000)]), DAY1);
    const { decision } = e.assess(arbitrage(asEventId('kalshi-ws:8')), DAY1);
    expect(decision.approved).toBe(true);
    expect(decision.qty).toBe(8_000);
  });
});
