/**
 * One stored trading day for the daily-report tests (store suite, API): the NE-PIT game of
 * 2019-09-08 live 20:20-21:20 UTC, watched in its first 31 minutes (game states) and minute 45
 * (a quote); one position bought and settled paid; a rule halt, a rejected order, an operator halt.
 */
import {
  asClientOrderId,
  asEventId,
  asFillId,
  asSignalId,
  centis,
  type FillReceived,
  type LedgerPosted,
  type MarketSettled,
  micros,
  type Ppm,
  type RunId,
  type SignalRaised,
} from '../../core/index.js';
import { PortfolioProjector } from '../../portfolio/projector.js';
import type { Store } from '../port.js';
import { GAME, gameState, INSTRUMENT, market, quote, T0 } from './fixtures.js';

export const FIXTURE_DAY = '2019-09-08';
const MIN = 60_000;

/** What the day's report must say about the stored day. */
export const FIXTURE_EXPECTED = {
  trades: 1,
  wins: 1,
  /** 10 contracts bought at $0.56 with a $0.43 fee, paid $1 each. */
  pnl: 3_970_000,
  fees: 430_000,
  liveMinutes: 60,
  /** Minutes 0-34 (states 0-30, then 4 minutes within 5) and 45-49 (the quote). */
  watchedMinutes: 40,
  issues: 2,
  interventions: 1,
  /** (0.62 - 1)^2 */
  brierPpm: 144_400,
  /** At cost, fees included, equity never fell. */
  maxDrawdown: 0,
} as const;

export async function storeTradingDay(store: Store, runId: RunId): Promise<void> {
  const buy: FillReceived = {
    type: 'FillReceived',
    id: asEventId('day-fill-evt:1'),
    ts: T0 + 5 * MIN,
    fillId: asFillId('day-fill-1'),
    clientOrderId: asClientOrderId('day-sig.L1'),
    gameId: GAME,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    price: micros(560_000),
    qty: centis(1_000),
    fee: micros(430_000),
    liquidity: 'taker',
  };
  const settled: MarketSettled = {
    type: 'MarketSettled',
    id: asEventId('day-settle'),
    ts: T0 + 61 * MIN,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    result: 'yes',
  };
  const projector = new PortfolioProjector({
    deposits: [{ venue: 'kalshi', amount: micros(1_000_000_000) }],
  });
  const portfolio = [
    ...projector.open(T0 - 60 * MIN),
    ...projector.onFill(buy, buy.ts),
    ...projector.onSettled(settled, settled.ts),
  ];
  const signal: SignalRaised = {
    type: 'SignalRaised',
    id: asEventId('day-sig-evt'),
    ts: T0 + 4 * MIN,
    signalId: asSignalId('day-sig'),
    kind: 'edge',
    gameId: GAME,
    instrumentId: INSTRUMENT,
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    modelProb: 620_000 as Ppm,
    price: micros(560_000),
    feePerContract: micros(17_000),
    edge: 43_000 as Ppm,
    availableQty: centis(5_000),
    levels: [],
    fees: { kind: 'kalshi_quadratic', multiplierPpm: 1_000_000, makerFees: false },
    spread: micros(10_000),
    bookAgeMs: 40,
    syncDeltaMs: 900,
  };
  await store.recordGames(runId, [
    {
      type: 'GameScheduled',
      id: asEventId('day-sched'),
      ts: T0 - 86_400_000,
      gameId: GAME,
      sport: 'nfl',
      homeTeam: 'NE',
      awayTeam: 'PIT',
      startTs: T0,
      homeSpread: 5.5,
      season: 2019,
      week: 1,
      seasonType: 'REG',
    },
  ]);
  await store.recordMarkets(runId, [market()]);
  await store.recordGameStates(
    runId,
    Array.from({ length: 31 }, (_, i) => gameState(i, T0 + i * MIN)),
  );
  await store.recordQuotes(runId, [quote(1, T0 + 45 * MIN + 5_000)]);
  await store.recordGameFinals(runId, [
    {
      type: 'GameFinal',
      id: asEventId('day-final'),
      ts: T0 + 60 * MIN,
      gameId: GAME,
      homeScore: 33,
      awayScore: 3,
      winner: 'home',
    },
  ]);
  await store.recordSignals(runId, [signal]);
  await store.recordSettlements(runId, [settled]);
  await store.recordFills(runId, [buy]);
  await store.recordLedger(
    runId,
    portfolio.filter((e): e is LedgerPosted => e.type === 'LedgerPosted'),
  );
  await store.recordBankroll(
    runId,
    portfolio.filter((e) => e.type === 'BankrollSnapshot'),
  );
  await store.recordTradingStates(runId, [
    {
      type: 'TradingStateChanged',
      id: asEventId('day-rule-halt'),
      ts: T0 + 10 * MIN,
      scope: 'global',
      state: 'HALTED',
      reason: 'daily loss',
      origin: 'rule',
    },
    {
      type: 'TradingStateChanged',
      id: asEventId('day-operator-halt'),
      ts: T0 + 20 * MIN,
      scope: 'global',
      state: 'HALTED',
      reason: 'checking the model',
      origin: 'operator',
    },
    {
      type: 'TradingStateChanged',
      id: asEventId('next-day-halt'),
      ts: T0 + 86_400_000,
      scope: 'global',
      state: 'HALTED',
      reason: 'the next day',
      origin: 'rule',
    },
  ]);
  await store.recordControlAction(runId, {
    actionId: 'day-act-1',
    ts: T0 + 20 * MIN,
    actor: 'alice (tok_1)',
    action: 'halt',
    scope: 'global',
    reason: 'checking the model',
    eventId: 'day-operator-halt',
  });
  await store.recordOrderEvents(runId, [
    {
      type: 'OrderRejected',
      id: asEventId('day-rejected'),
      ts: T0 + 15 * MIN,
      clientOrderId: asClientOrderId('day-sig.L1'),
      instrumentId: INSTRUMENT,
      venue: 'kalshi',
      reason: 'insufficient balance',
    },
  ]);
}
