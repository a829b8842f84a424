/**
 * What the daily report reads about one UTC day of a run (portfolio/daily-report.ts), and the
 * daily validation table it writes: one row per run and day, replaced when a day is made again.
 */
import type { RunId } from '../core/index.js';
import type { Micros } from '../core/money.js';
import type {
  DayRecords,
  InterventionRecord,
  RejectedOrderRecord,
  SettledSignalRecord,
} from '../portfolio/daily-report.js';
import type { GameActivityMinute, GameClockPoint, GameLiveSpan } from '../portfolio/uptime.js';
import { epochMs, isoTs, jsonb } from './batch.js';
import type { StoredDailyReport } from './port.js';
import type { SqlExecutor } from './sql.js';
import { type TradingStateRow, tradingStateOf } from './sql-games.js';
import { BANKROLL_COLUMNS, type BankrollRow, bankrollOf } from './sql-reads.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export async function dayRecords(
  db: SqlExecutor,
  runId: RunId,
  opts: { fromTs: number; toTs: number; lookbackMs: number },
): Promise<DayRecords> {
  const from = isoTs(opts.fromTs);
  const to = isoTs(opts.toTs);
  const day = [runId, from, to];
  const lookbackFrom = isoTs(opts.fromTs - opts.lookbackMs);
  const [opening, bankroll, games, activity, clock, states, rejected, actions, signals] = await Promise.all([
    db.query<BankrollRow>(
      `SELECT ${BANKROLL_COLUMNS} FROM bankroll_snapshots WHERE run_id = $1 AND ts < $2
        ORDER BY ts DESC, event_id DESC LIMIT 1`,
      [runId, from],
    ),
    db.query<BankrollRow>(
      `SELECT ${BANKROLL_COLUMNS} FROM bankroll_snapshots WHERE run_id = $1 AND ts >= $2 AND ts < $3
        ORDER BY ts, event_id`,
      day,
    ),
    liveSpans(db, runId),
    db.query<{ game_id: string; minute: number | string }>(
      `SELECT game_id, floor(extract(epoch FROM ts) / 60)::bigint AS minute
         FROM game_states WHERE run_id = $1 AND ts >= $2 AND ts < $3
       UNION
       SELECT m.game_id, floor(extract(epoch FROM q.ts) / 60)::bigint
         FROM quotes q JOIN markets m ON m.run_id = q.run_id AND m.instrument_id = q.instrument_id
        WHERE q.run_id = $1 AND q.ts >= $2 AND q.ts < $3 AND m.game_id IS NOT NULL`,
      [runId, lookbackFrom, to],
    ),
    db.query<{ game_id: string; ts_ms: number; gsr: number }>(
      `SELECT game_id, ${epochMs('ts')} AS ts_ms, game_seconds_remaining AS gsr
         FROM game_states WHERE run_id = $1 AND ts >= $2 AND ts < $3 ORDER BY game_id, ts`,
      [runId, lookbackFrom, to],
    ),
    db.query<TradingStateRow>(
      `SELECT event_id, ts, scope, state, reason, origin, until_ts FROM trading_states
        WHERE run_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, event_id`,
      day,
    ),
    db.query<{
      ts_ms: number;
      client_order_id: string;
      venue: string;
      instrument_id: string;
      reason: string | null;
    }>(
      `SELECT ${epochMs('ts')} AS ts_ms, client_order_id, venue, instrument_id, payload->>'reason' AS reason
         FROM order_events WHERE run_id = $1 AND type = 'OrderRejected' AND ts >= $2 AND ts < $3
        ORDER BY ts, event_id`,
      day,
    ),
    db.query<{
      ts_ms: number;
      actor: string;
      action: string;
      scope: string;
      reason: string;
      event_id: string | null;
    }>(
      `SELECT ${epochMs('ts')} AS ts_ms, actor, action, scope, reason, event_id FROM control_actions
        WHERE run_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, action_id`,
      day,
    ),
    db.query<{
      signal_id: string;
      ts_ms: number;
      instrument_id: string;
      side: 'yes' | 'no';
      model_prob_ppm: number;
      settled_result: 'yes' | 'no';
    }>(
      `SELECT s.signal_id, ${epochMs('s.ts')} AS ts_ms, s.instrument_id, s.side, s.model_prob_ppm, m.settled_result
         FROM signals s JOIN markets m ON m.run_id = s.run_id AND m.instrument_id = s.instrument_id
        WHERE s.run_id = $1 AND s.ts >= $2 AND s.ts < $3 AND m.settled_result IS NOT NULL
        ORDER BY s.ts, s.signal_id`,
      day,
    ),
  ]);
  return {
    openingBankroll: opening.rows[0] ? bankrollOf(opening.rows[0]) : null,
    bankroll: bankroll.rows.map(bankrollOf),
    games,
    activity: activity.rows.map((r): GameActivityMinute => ({ gameId: r.game_id, minute: Number(r.minute) })),
    clock: clock.rows.map(
      (r): GameClockPoint => ({
        gameId: r.game_id,
        ts: Number(r.ts_ms),
        gameSecondsRemaining: Number(r.gsr),
      }),
    ),
    tradingStates: states.rows.map(tradingStateOf),
    rejectedOrders: rejected.rows.map(
      (r): RejectedOrderRecord => ({
        ts: Number(r.ts_ms),
        clientOrderId: r.client_order_id,
        venue: r.venue,
        instrumentId: r.instrument_id,
        reason: r.reason ?? '',
      }),
    ),
    controlActions: actions.rows.map(
      (r): InterventionRecord => ({
        ts: Number(r.ts_ms),
        actor: r.actor,
        action: r.action,
        scope: r.scope,
        reason: r.reason,
        eventId: r.event_id,
      }),
    ),
    settledSignals: signals.rows.map(
      (r): SettledSignalRecord => ({
        signalId: r.signal_id,
        ts: Number(r.ts_ms),
        instrumentId: r.instrument_id,
        side: r.side,
        modelProbPpm: Number(r.model_prob_ppm),
        settledResult: r.settled_result,
      }),
    ),
  };
}

/** Every game of the run with its schedule, final and the span of its stored states. */
async function liveSpans(db: SqlExecutor, runId: RunId): Promise<GameLiveSpan[]> {
  const [scheduled, states] = await Promise.all([
    db.query<{ game_id: string; sport: string | null; start_ms: number | null; final_ms: number | null }>(
      `SELECT game_id, sport, ${epochMs('start_ts')} AS start_ms, ${epochMs('final_ts')} AS final_ms
         FROM games WHERE run_id = $1`,
      [runId],
    ),
    db.query<{
      game_id: string;
      first_live_ms: number | null;
      first_live_clock: number | null;
      last_ms: number | null;
    }>(
      `SELECT game_id, ${epochMs("min(ts) FILTER (WHERE status = 'in')")} AS first_live_ms,
              (array_agg(game_seconds_remaining ORDER BY ts) FILTER (WHERE status = 'in'))[1] AS first_live_clock,
              ${epochMs('max(ts)')} AS last_ms
         FROM game_states WHERE run_id = $1 GROUP BY game_id`,
      [runId],
    ),
  ]);
  const spans = new Map<string, GameLiveSpan>();
  const empty = (gameId: string): GameLiveSpan => ({
    gameId,
    sport: null,
    startTs: null,
    firstLiveTs: null,
    firstLiveClock: null,
    lastStateTs: null,
    finalTs: null,
  });
  for (const r of scheduled.rows)
    spans.set(r.game_id, {
      ...empty(r.game_id),
      sport: r.sport,
      startTs: num(r.start_ms),
      finalTs: num(r.final_ms),
    });
  for (const r of states.rows)
    spans.set(r.game_id, {
      ...(spans.get(r.game_id) ?? empty(r.game_id)),
      firstLiveTs: num(r.first_live_ms),
      firstLiveClock: num(r.first_live_clock),
      lastStateTs: num(r.last_ms),
    });
  return [...spans.values()];
}

interface DailyRow {
  day: string;
  uptime_ppm: number | null;
  trades: number;
  wins: number;
  losses: number;
  pnl: number;
  issues: number;
  interventions: number;
  made_ms: number;
  report?: unknown;
}

const DAILY_COLUMNS = `day, uptime_ppm, trades, wins, losses, pnl, issues, interventions, ${epochMs('made_ts')} AS made_ms`;

function dailyOf(r: DailyRow): StoredDailyReport {
  return {
    row: {
      day: r.day,
      uptimePpm: num(r.uptime_ppm),
      trades: Number(r.trades),
      wins: Number(r.wins),
      losses: Number(r.losses),
      pnl: Number(r.pnl) as Micros,
      issues: Number(r.issues),
      interventions: Number(r.interventions),
    },
    madeTs: Number(r.made_ms),
    report: r.report ?? null,
  };
}

export async function saveDailyReport(db: SqlExecutor, runId: RunId, made: StoredDailyReport): Promise<void> {
  const r = made.row;
  await db.query(
    `INSERT INTO daily_reports (run_id, day, uptime_ppm, trades, wins, losses, pnl, issues, interventions, made_ts, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
     ON CONFLICT (run_id, day) DO UPDATE SET
       uptime_ppm = excluded.uptime_ppm, trades = excluded.trades, wins = excluded.wins,
       losses = excluded.losses, pnl = excluded.pnl, issues = excluded.issues,
       interventions = excluded.interventions, made_ts = excluded.made_ts, report = excluded.report`,
    [
      runId,
      r.day,
      r.uptimePpm,
      r.trades,
      r.wins,
      r.losses,
      r.pnl,
      r.issues,
      r.interventions,
      isoTs(made.madeTs),
      jsonb(made.report),
    ],
  );
}

export async function listDailyValidation(
  db: SqlExecutor,
  runId: RunId,
  opts: { limit: number },
): Promise<StoredDailyReport[]> {
  const { rows } = await db.query<DailyRow>(
    `SELECT ${DAILY_COLUMNS} FROM daily_reports WHERE run_id = $1 ORDER BY day DESC LIMIT $2`,
    [runId, opts.limit],
  );
  return rows.map(dailyOf);
}

export async function getDailyReport(
  db: SqlExecutor,
  runId: RunId,
  day: string,
): Promise<StoredDailyReport | null> {
  const { rows } = await db.query<DailyRow>(
    `SELECT ${DAILY_COLUMNS}, report FROM daily_reports WHERE run_id = $1 AND day = $2`,
    [runId, day],
  );
  return rows[0] ? dailyOf(rows[0]) : null;
}
