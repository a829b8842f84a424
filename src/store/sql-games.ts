/** Writers for the games, markets, market-data, signal and risk tables. */

import { stateSummary } from '../core/game-state.js';
import type {
  BookSnapshot,
  GameFinal,
  GameScheduled,
  GameStateUpdated,
  MarketMapped,
  MarketSettled,
  RiskDecision,
  RunId,
  SignalRaised,
  TradingStateChanged,
} from '../core/index.js';
import { insertRows, isoTs, jsonb, latestByKey } from './batch.js';
import type { DayPartitions } from './day-partitions.js';
import type { SqlExecutor } from './sql.js';

export interface WriteContext {
  readonly db: SqlExecutor;
  readonly partitions: DayPartitions;
}

/** Schedules upsert: a later GameScheduled (a moved kick-off) replaces an earlier one. */
export async function recordGames(ctx: WriteContext, runId: RunId, events: readonly GameScheduled[]) {
  if (events.length === 0) return;
  const rows = latestByKey(events, (e) => e.gameId).map((e) => [
    runId,
    e.gameId,
    e.id,
    isoTs(e.ts),
    e.sport,
    e.homeTeam,
    e.awayTeam,
    isoTs(e.startTs),
    e.homeSpread,
    e.season,
    e.week,
  ]);
  await insertRows(
    ctx.db,
    {
      table: 'games',
      columns: [
        'run_id',
        'game_id',
        'event_id',
        'ts',
        'sport',
        'home_team',
        'away_team',
        'start_ts',
        'home_spread',
        'season',
        'week',
      ],
      tail: `ON CONFLICT (run_id, game_id) DO UPDATE SET
        event_id = excluded.event_id, ts = excluded.ts, sport = excluded.sport,
        home_team = excluded.home_team, away_team = excluded.away_team, start_ts = excluded.start_ts,
        home_spread = excluded.home_spread, season = excluded.season, week = excluded.week
        WHERE games.ts IS NULL OR games.ts <= excluded.ts`,
    },
    rows,
  );
}

/** Finals share the game's row; a final arriving before its schedule makes a partial row. */
export async function recordGameFinals(ctx: WriteContext, runId: RunId, events: readonly GameFinal[]) {
  if (events.length === 0) return;
  const rows = latestByKey(events, (e) => e.gameId).map((e) => [
    runId,
    e.gameId,
    e.id,
    isoTs(e.ts),
    e.homeScore,
    e.awayScore,
    e.winner,
  ]);
  await insertRows(
    ctx.db,
    {
      table: 'games',
      columns: ['run_id', 'game_id', 'final_event_id', 'final_ts', 'home_score', 'away_score', 'winner'],
      tail: `ON CONFLICT (run_id, game_id) DO UPDATE SET
        final_event_id = excluded.final_event_id, final_ts = excluded.final_ts,
        home_score = excluded.home_score, away_score = excluded.away_score, winner = excluded.winner
        WHERE games.final_ts IS NULL OR games.final_ts <= excluded.final_ts`,
    },
    rows,
  );
}

export async function recordGameStates(ctx: WriteContext, runId: RunId, events: readonly GameStateUpdated[]) {
  if (events.length === 0) return;
  await ctx.partitions.ensure(
    'game_states',
    events.map((e) => e.ts),
  );
  const rows = events.map((e) => {
    const s = e.state;
    // Typed columns are for queries (`quarter` holds any sport's period or inning); the exact
    // state is in `state`.
    const t = stateSummary(s);
    return [
      runId,
      e.id,
      isoTs(e.ts),
      e.gameId,
      s.status,
      t.period,
      Math.round(t.clockSeconds),
      Math.round(t.gameSecondsRemaining),
      s.homeScore,
      s.awayScore,
      t.possession,
      t.playSeq,
      jsonb(s),
    ];
  });
  await insertRows(
    ctx.db,
    {
      table: 'game_states',
      columns: [
        'run_id',
        'event_id',
        'ts',
        'game_id',
        'status',
        'quarter',
        'clock_seconds',
        'game_seconds_remaining',
        'home_score',
        'away_score',
        'possession',
        'play_seq',
        'state',
      ],
      tail: 'ON CONFLICT DO NOTHING',
    },
    rows,
  );
}

export async function recordMarkets(ctx: WriteContext, runId: RunId, events: readonly MarketMapped[]) {
  if (events.length === 0) return;
  const rows = latestByKey(events, (e) => e.instrument.instrumentId).map((e) => {
    const i = e.instrument;
    return [
      runId,
      i.instrumentId,
      e.id,
      isoTs(e.ts),
      i.venue,
      i.symbol,
      i.gameId,
      i.outcomeId,
      i.outcome,
      i.tickSize,
      i.simulated,
      jsonb(i),
    ];
  });
  await insertRows(
    ctx.db,
    {
      table: 'markets',
      columns: [
        'run_id',
        'instrument_id',
        'event_id',
        'ts',
        'venue',
        'symbol',
        'game_id',
        'outcome_id',
        'outcome',
        'tick_size',
        'simulated',
        'payload',
      ],
      tail: `ON CONFLICT (run_id, instrument_id) DO UPDATE SET
        event_id = excluded.event_id, ts = excluded.ts, venue = excluded.venue, symbol = excluded.symbol,
        game_id = excluded.game_id, outcome_id = excluded.outcome_id, outcome = excluded.outcome,
        tick_size = excluded.tick_size, simulated = excluded.simulated, payload = excluded.payload
        WHERE markets.ts IS NULL OR markets.ts <= excluded.ts`,
    },
    rows,
  );
}

export async function recordSettlements(ctx: WriteContext, runId: RunId, events: readonly MarketSettled[]) {
  if (events.length === 0) return;
  const rows = latestByKey(events, (e) => e.instrumentId).map((e) => [
    runId,
    e.instrumentId,
    e.venue,
    e.id,
    isoTs(e.ts),
    e.result,
  ]);
  await insertRows(
    ctx.db,
    {
      table: 'markets',
      columns: ['run_id', 'instrument_id', 'venue', 'settled_event_id', 'settled_ts', 'settled_result'],
      tail: `ON CONFLICT (run_id, instrument_id) DO UPDATE SET
        settled_event_id = excluded.settled_event_id, settled_ts = excluded.settled_ts,
        settled_result = excluded.settled_result
        WHERE markets.settled_ts IS NULL OR markets.settled_ts <= excluded.settled_ts`,
    },
    rows,
  );
}

export async function recordQuotes(ctx: WriteContext, runId: RunId, events: readonly BookSnapshot[]) {
  if (events.length === 0) return;
  await ctx.partitions.ensure(
    'quotes',
    events.map((e) => e.ts),
  );
  const rows = events.map((e) => {
    const bid = e.bids[0];
    const ask = e.asks[0];
    return [
      runId,
      e.id,
      isoTs(e.ts),
      e.instrumentId,
      e.venue,
      isoTs(e.venueTs),
      bid?.price ?? null,
      bid?.qty ?? null,
      ask?.price ?? null,
      ask?.qty ?? null,
      jsonb(e.bids),
      jsonb(e.asks),
    ];
  });
  await insertRows(
    ctx.db,
    {
      table: 'quotes',
      columns: [
        'run_id',
        'event_id',
        'ts',
        'instrument_id',
        'venue',
        'venue_ts',
        'best_bid',
        'best_bid_qty',
        'best_ask',
        'best_ask_qty',
        'bids',
        'asks',
      ],
      tail: 'ON CONFLICT DO NOTHING',
    },
    rows,
  );
}

export async function recordSignals(ctx: WriteContext, runId: RunId, events: readonly SignalRaised[]) {
  if (events.length === 0) return;
  const rows = events.map((e) => [
    runId,
    e.id,
    isoTs(e.ts),
    e.signalId,
    e.kind,
    e.gameId,
    e.instrumentId,
    e.venue,
    e.side,
    e.action,
    e.modelProb,
    e.price,
    e.feePerContract,
    e.edge,
    e.availableQty,
    Math.round(e.bookAgeMs),
    Math.round(e.syncDeltaMs),
    jsonb(e),
  ]);
  await insertRows(
    ctx.db,
    {
      table: 'signals',
      columns: [
        'run_id',
        'event_id',
        'ts',
        'signal_id',
        'kind',
        'game_id',
        'instrument_id',
        'venue',
        'side',
        'action',
        'model_prob_ppm',
        'price',
        'fee_per_contract',
        'edge_ppm',
        'available_qty',
        'book_age_ms',
        'sync_delta_ms',
        'payload',
      ],
      tail: 'ON CONFLICT DO NOTHING',
    },
    rows,
  );
}

export async function recordRiskDecisions(ctx: WriteContext, runId: RunId, events: readonly RiskDecision[]) {
  if (events.length === 0) return;
  const rows = events.map((e) => [
    runId,
    e.id,
    isoTs(e.ts),
    e.signalId,
    e.approved,
    jsonb(e.reasons),
    e.qty,
    e.limitPrice,
    e.kellyPpm,
    jsonb(e.inputs),
    jsonb(e.legs),
  ]);
  await insertRows(
    ctx.db,
    {
      table: 'risk_decisions',
      columns: [
        'run_id',
        'event_id',
        'ts',
        'signal_id',
        'approved',
        'reasons',
        'qty',
        'limit_price',
        'kelly_ppm',
        'inputs',
        'legs',
      ],
      tail: 'ON CONFLICT DO NOTHING',
    },
    rows,
  );
}

export async function recordTradingStates(
  ctx: WriteContext,
  runId: RunId,
  events: readonly TradingStateChanged[],
) {
  if (events.length === 0) return;
  const rows = events.map((e) => [
    runId,
    e.id,
    isoTs(e.ts),
    e.scope,
    e.state,
    e.reason,
    e.origin,
    e.untilTs === undefined ? null : isoTs(e.untilTs),
  ]);
  await insertRows(
    ctx.db,
    {
      table: 'trading_states',
      columns: ['run_id', 'event_id', 'ts', 'scope', 'state', 'reason', 'origin', 'until_ts'],
      tail: 'ON CONFLICT DO NOTHING',
    },
    rows,
  );
}

export interface TradingStateRow {
  event_id: string;
  ts: string | Date;
  scope: string;
  state: TradingStateChanged['state'];
  reason: string;
  origin: TradingStateChanged['origin'];
  until_ts: string | Date | null;
}

export function tradingStateOf(r: TradingStateRow): TradingStateChanged {
  const until = r.until_ts === null ? undefined : new Date(r.until_ts).getTime();
  return {
    type: 'TradingStateChanged' as const,
    id: r.event_id as TradingStateChanged['id'],
    ts: new Date(r.ts).getTime(),
    scope: r.scope,
    state: r.state,
    reason: r.reason,
    origin: r.origin,
    ...(until === undefined ? {} : { untilTs: until }),
  };
}

/** The latest state of every scope in the run, oldest first: what a restart must restore. */
export async function latestTradingStates(ctx: WriteContext, runId: RunId): Promise<TradingStateChanged[]> {
  const { rows } = await ctx.db.query<TradingStateRow>(
    `SELECT DISTINCT ON (scope) event_id, ts, scope, state, reason, origin, until_ts
       FROM trading_states WHERE run_id = $1
      ORDER BY scope, ts DESC, event_id DESC`,
    [runId],
  );
  return rows.map(tradingStateOf).sort((a, b) => a.ts - b.ts || (a.scope < b.scope ? -1 : 1));
}
