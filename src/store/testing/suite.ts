/**
 * The behaviour every Store must show, whatever the database under it. Called inside a
 * describe() by each backend's test file, with a function opening a fresh, empty database.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  asClientOrderId,
  asEventId,
  asInstrumentId,
  asRunId,
  asSignalId,
  type BankrollSnapshot,
  centis,
  type GameFinal,
  type GameScheduled,
  type MarketSettled,
  micros,
  type OrderEvent,
  type RiskDecision,
  type SignalRaised,
  type TradingStateChanged,
} from '../../core/index.js';
import type { MigrationReport } from '../port.js';
import type { SqlClient } from '../sql.js';
import { SqlStore } from '../sql-store.js';
import {
  fill,
  GAME,
  gameState,
  INSTRUMENT,
  intent,
  ledger,
  market,
  orderLifecycle,
  position,
  ppm,
  quote,
  T0,
  T1,
} from './fixtures.js';
import { recording } from './harness.js';
import { paperAccountBehaviour } from './paper-suite.js';
import { sweepBehaviour } from './sweep-suite.js';

export function storeBehaviour(open: () => Promise<SqlClient>): void {
  let store: SqlStore;
  let client: SqlClient;
  let statements: string[];
  let first: MigrationReport;
  const run = asRunId('run-behaviour');
  const other = asRunId('run-other');

  beforeAll(async () => {
    const rec = recording(await open());
    client = rec.client;
    statements = rec.statements;
    store = new SqlStore({ client });
    first = await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('migrates once: a second run applies nothing', async () => {
    expect(first.applied).toContain('0001_init.sql');
    expect(first.timescale).toBe(false);
    const again = await store.migrate();
    expect(again.applied).toEqual([]);
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::bigint AS n FROM schema_migrations');
    expect(rows[0]?.n).toBe(first.applied.length);
  });

  it('records a run and finishes it', async () => {
    await store.startRun({ runId: run, mode: 'replay', startedTs: T0, config: { speed: 60 } });
    await store.startRun({ runId: run, mode: 'replay', startedTs: T0, config: { speed: 60 } });
    expect(await store.getRun(run)).toEqual({
      runId: run,
      mode: 'replay',
      status: 'running',
      startedTs: T0,
      endedTs: null,
      report: null,
    });
    await store.finishRun(run, { status: 'completed', endedTs: T0 + 3_600_123, report: { trades: 3 } });
    const done = await store.getRun(run);
    expect(done?.status).toBe('completed');
    expect(done?.endedTs).toBe(T0 + 3_600_123);
    expect(done?.report).toEqual({ trades: 3 });
    expect(await store.getRun(asRunId('nope'))).toBeNull();
  });

  it('writes a batch of 500 quotes as one statement', async () => {
    const quotes = Array.from({ length: 500 }, (_, n) => quote(n, T0 + n * 1_000));
    const before = statements.length;
    await store.recordQuotes(run, quotes);
    const inserts = statements.slice(before).filter((s) => s.startsWith('INSERT INTO quotes'));
    expect(inserts).toHaveLength(1);
    expect(await store.countRows('quotes', run)).toBe(500);
    const { rows } = await client.query<{ best_bid: number; best_ask_qty: number; bids: unknown }>(
      'SELECT best_bid, best_ask_qty, bids FROM quotes WHERE run_id = $1 AND event_id = $2',
      [run, quotes[7]!.id],
    );
    expect(rows[0]).toEqual({ best_bid: 550_000, best_ask_qty: 800, bids: quotes[7]!.bids });
  });

  it('ignores redelivered events (same event twice gives one row)', async () => {
    const states = [gameState(1, T0), gameState(2, T0 + 10)];
    await store.recordGameStates(run, states);
    await store.recordGameStates(run, [...states, states[0]!]);
    expect(await store.countRows('game_states', run)).toBe(2);

    const q = quote(9_999, T1);
    await store.recordQuotes(run, [q, q]);
    await store.recordQuotes(run, [q]);
    expect(await store.countRows('quotes', run)).toBe(501);

    const scheduled: GameScheduled = {
      type: 'GameScheduled',
      id: asEventId('sched:1'),
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
    };
    const final: GameFinal = {
      type: 'GameFinal',
      id: asEventId('final:1'),
      ts: T0 + 4 * 3_600_000,
      gameId: GAME,
      homeScore: 33,
      awayScore: 3,
      winner: 'home',
    };
    await store.recordGameFinals(run, [final]); // the final may arrive before the schedule
    await store.recordGames(run, [scheduled, scheduled]);
    await store.recordGames(run, [scheduled]);
    await store.recordGameFinals(run, [final]);
    expect(await store.countRows('games', run)).toBe(1);
    const g = await client.query(
      'SELECT home_team, home_spread, home_score, winner FROM games WHERE run_id = $1',
      [run],
    );
    expect(g.rows).toEqual([{ home_team: 'NE', home_spread: 5.5, home_score: 33, winner: 'home' }]);

    const settled: MarketSettled = {
      type: 'MarketSettled',
      id: asEventId('settle:1'),
      ts: final.ts,
      instrumentId: INSTRUMENT,
      venue: 'kalshi',
      result: 'yes',
    };
    await store.recordMarkets(run, [market(), market()]);
    await store.recordSettlements(run, [settled]);
    await store.recordSettlements(run, [settled]);
    expect(await store.countRows('markets', run)).toBe(1);
    const m = await client.query('SELECT tick_size, settled_result, payload FROM markets WHERE run_id = $1', [
      run,
    ]);
    expect(m.rows).toEqual([{ tick_size: 10_000, settled_result: 'yes', payload: market().instrument }]);

    const signal: SignalRaised = {
      type: 'SignalRaised',
      id: asEventId('sig-evt:1'),
      ts: T0,
      signalId: asSignalId('sig:1'),
      kind: 'edge',
      gameId: GAME,
      instrumentId: INSTRUMENT,
      venue: 'kalshi',
      side: 'yes',
      action: 'buy',
      modelProb: ppm(640_000),
      price: micros(570_000),
      feePerContract: micros(20_000),
      edge: ppm(50_000),
      availableQty: centis(800),
      bookAgeMs: 120,
      syncDeltaMs: -40,
      levels: [{ price: micros(540_000), qty: centis(5_000) }],
      fees: { kind: 'kalshi_quadratic', multiplierPpm: 1_000_000, makerFees: false },
      spread: micros(20_000),
    };
    const decision: RiskDecision = {
      type: 'RiskDecision',
      id: asEventId('risk-evt:1'),
      ts: T0,
      signalId: signal.signalId,
      approved: false,
      reasons: ['EDGE_BELOW_MINIMUM', 'PRICE_STALE'],
      qty: centis(0),
      limitPrice: micros(570_000),
      kellyPpm: ppm(31_000),
      legs: [],
      inputs: { cash: 1_000_000, state: 'ACTIVE' },
    };
    const halted: TradingStateChanged = {
      type: 'TradingStateChanged',
      id: asEventId('ts-evt:1'),
      ts: T0,
      scope: 'global',
      state: 'HALTED',
      reason: 'operator',
      origin: 'operator',
    };
    const bankroll: BankrollSnapshot = {
      type: 'BankrollSnapshot',
      id: asEventId('bank:1'),
      ts: T0,
      cash: micros(1_000_000_000),
      venueCash: { kalshi: micros(600_000_000), polymarket: micros(400_000_000) },
      equity: micros(1_000_000_000),
      peakEquity: micros(1_000_000_000),
      drawdown: micros(0),
      realizedPnl: micros(0),
      unrealizedPnl: micros(0),
      openPositions: 0,
    };
    for (let i = 0; i < 2; i++) {
      await store.recordSignals(run, [signal]);
      await store.recordRiskDecisions(run, [decision]);
      await store.recordTradingStates(run, [halted]);
      await store.recordBankroll(run, [bankroll]);
    }
    expect(await store.countRows('signals', run)).toBe(1);
    expect(await store.countRows('risk_decisions', run)).toBe(1);
    expect(await store.countRows('trading_states', run)).toBe(1);
    expect(await store.countRows('bankroll_snapshots', run)).toBe(1);
    const r = await client.query('SELECT reasons FROM risk_decisions WHERE run_id = $1', [run]);
    expect(r.rows[0]).toEqual({ reasons: ['EDGE_BELOW_MINIMUM', 'PRICE_STALE'] });
    expect(await store.countRows('signals', other)).toBe(0);
  });

  it('lists the markets mapped and not settled, as mapped last, for a restarted gateway', async () => {
    const base = market();
    const mappedAs = (symbol: string, n: number) => ({
      ...base,
      id: asEventId(`mkt:unsettled:${n}`),
      instrument: { ...base.instrument, instrumentId: asInstrumentId(`kalshi:${symbol}`), symbol },
    });
    const [home, away] = [mappedAs('UNSETTLED-HOME', 1), mappedAs('UNSETTLED-AWAY', 2)];
    await store.recordMarkets(run, [home, away]);
    const unsettled = async () =>
      (await store.listUnsettledMarkets(run)).filter((i) => i.symbol.startsWith('UNSETTLED-'));
    expect((await unsettled()).map((i) => i.symbol)).toEqual(['UNSETTLED-AWAY', 'UNSETTLED-HOME']);
    await store.recordSettlements(run, [
      {
        type: 'MarketSettled',
        id: asEventId('settle:unsettled'),
        ts: T1,
        instrumentId: home.instrument.instrumentId,
        venue: 'kalshi',
        result: 'no',
      },
    ]);
    expect(await unsettled()).toEqual([away.instrument]);
  });

  it('stores an order intent once (outbox) and moves its status with the order events', async () => {
    const i1 = intent(1);
    expect(await store.saveOrderIntent(run, i1)).toBe(true);
    expect(await store.saveOrderIntent(run, i1)).toBe(false);
    expect(await store.getOrder(run, i1.clientOrderId)).toEqual({
      intent: i1,
      status: 'Intent',
      filledQty: 0,
    });
    expect((await store.listOpenOrders(run)).map((o) => o.intent.clientOrderId)).toEqual([i1.clientOrderId]);

    const [submitted, accepted, partial, filled] = orderLifecycle(i1.clientOrderId, T0 + 100) as [
      OrderEvent,
      OrderEvent,
      OrderEvent,
      OrderEvent,
    ];
    await store.recordOrderEvents(run, [submitted, accepted]);
    expect(await store.getOrder(run, i1.clientOrderId)).toMatchObject({
      status: 'OrderAccepted',
      filledQty: 0,
    });
    await store.recordOrderEvents(run, [partial, partial]);
    expect(await store.getOrder(run, i1.clientOrderId)).toMatchObject({
      status: 'OrderPartiallyFilled',
      filledQty: 4_000,
    });
    await store.recordOrderEvents(run, [filled]);
    // A redelivered older event changes nothing.
    await store.recordOrderEvents(run, [partial, accepted]);
    expect(await store.getOrder(run, i1.clientOrderId)).toMatchObject({
      status: 'OrderFilled',
      filledQty: 10_000,
    });
    expect(await store.countRows('order_events', run)).toBe(4);
    expect(await store.listOpenOrders(run)).toEqual([]);

    // A late event that is new but older than the last applied one is kept, not applied.
    const late: OrderEvent = { ...submitted, id: asEventId('late-submit'), ts: T0 };
    await store.recordOrderEvents(run, [late]);
    expect(await store.countRows('order_events', run)).toBe(5);
    expect(await store.getOrder(run, i1.clientOrderId)).toMatchObject({ status: 'OrderFilled' });
    expect(await store.getOrder(run, asClientOrderId('unknown'))).toBeNull();

    const i2 = intent(2, T0 + 5);
    await store.saveOrderIntent(run, i2);
    await store.recordOrderEvents(run, orderLifecycle(i2.clientOrderId, T0 + 200).slice(0, 2));
    const open = await store.listOpenOrders(run);
    expect(open).toEqual([{ intent: i2, status: 'OrderAccepted', filledQty: 0 }]);
  });

  it('lists fills back exactly as written, in insertion order, once each', async () => {
    const coid = intent(1).clientOrderId;
    // ts deliberately not in insertion order: the list keeps the order they were stored in.
    const fills = [fill(1, coid, T0 + 50), fill(2, coid, T0 + 10), fill(3, coid, T1)];
    await store.recordFills(run, fills.slice(0, 2));
    await store.recordFills(run, [fills[1]!, fills[2]!, fills[0]!]);
    expect(await store.listFills(run)).toEqual(fills);
    expect(await store.countRows('fills', run)).toBe(3);
    expect(await store.listFills(other)).toEqual([]);
  });

  it('keeps one position per instrument and side, the latest', async () => {
    await store.upsertPositions(run, [position(1_000, T0, 'pos:1'), position(3_000, T0 + 20, 'pos:3')]);
    await store.upsertPositions(run, [position(2_000, T0 + 10, 'pos:2')]); // older: ignored
    await store.upsertPositions(run, [position(3_000, T0 + 20, 'pos:3')]);
    expect(await store.countRows('positions', run)).toBe(1);
    const { rows } = await client.query('SELECT qty, cost_basis, event_id FROM positions WHERE run_id = $1', [
      run,
    ]);
    expect(rows).toEqual([{ qty: 3_000, cost_basis: 3_000 * 5_600, event_id: 'pos:3' }]);
  });

  it('posts ledger transactions whose trial balance sums to zero', async () => {
    const txs = [ledger(1, 5_600_000, T0), ledger(2, 1_234_567, T1)];
    await store.recordLedger(run, txs);
    await store.recordLedger(run, [txs[1]!]);
    expect(await store.countRows('ledger_entries', run)).toBe(6);
    const balances = await store.trialBalance(run);
    expect(balances).toEqual([
      { account: 'kalshi:cash', balance: -(5_600_000 + 1_234_567 + 2_000) },
      { account: 'kalshi:fees', balance: 2_000 },
      { account: 'kalshi:positions', balance: 5_600_000 + 1_234_567 },
    ]);
    expect(balances.reduce((s, b) => s + b.balance, 0)).toBe(0);
    expect(await store.trialBalance(other)).toEqual([]);
  });

  paperAccountBehaviour(() => store);
  sweepBehaviour(() => store);

  it('refuses a table name it does not know', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately outside the StoreTable type
    await expect(store.countRows('runs; DROP TABLE fills' as any, run)).rejects.toThrow(
      /unknown store table/,
    );
  });
}
