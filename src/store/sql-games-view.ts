/**
 * The games read model for the API: each game with its latest state, and each market mapped to
 * it with the latest top of book and the latest signal (model probability, edge) on it; and a
 * game's history of both for a chart.
 */
import type { RunId } from '../core/index.js';
import { epochMs } from './batch.js';
import type { StoredGameHistory, StoredGameView } from './port.js';
import type { SqlExecutor } from './sql.js';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export async function listGames(
  db: SqlExecutor,
  runId: RunId,
  opts: { gameId?: string; limit: number },
): Promise<StoredGameView[]> {
  const byGame = opts.gameId !== undefined;
  const { rows: games } = await db.query<Record<string, unknown>>(
    `SELECT game_id, sport, home_team, away_team, ${epochMs('start_ts')} AS start_ms, home_spread,
            home_score, away_score, winner, ${epochMs('final_ts')} AS final_ms
       FROM games WHERE run_id = $1 ${byGame ? 'AND game_id = $3' : ''}
      ORDER BY start_ts DESC NULLS LAST, game_id LIMIT $2`,
    byGame ? [runId, opts.limit, opts.gameId] : [runId, opts.limit],
  );
  if (games.length === 0) return [];
  const ids = games.map((g) => String(g.game_id));
  const { rows: states } = await db.query<Record<string, unknown>>(
    `SELECT DISTINCT ON (game_id) game_id, ${epochMs('ts')} AS ts_ms, status, quarter, clock_seconds,
            game_seconds_remaining, home_score, away_score, possession
       FROM game_states WHERE run_id = $1 AND game_id = ANY($2)
      ORDER BY game_id, ts DESC, event_id DESC`,
    [runId, ids],
  );
  const { rows: markets } = await db.query<Record<string, unknown>>(
    `SELECT instrument_id, venue, game_id, outcome, simulated, settled_result
       FROM markets WHERE run_id = $1 AND game_id = ANY($2) ORDER BY game_id, instrument_id`,
    [runId, ids],
  );
  const instruments = markets.map((m) => String(m.instrument_id));
  const { rows: quotes } = await db.query<Record<string, unknown>>(
    `SELECT DISTINCT ON (instrument_id) instrument_id, ${epochMs('ts')} AS ts_ms, best_bid, best_bid_qty,
            best_ask, best_ask_qty
       FROM quotes WHERE run_id = $1 AND instrument_id = ANY($2)
      ORDER BY instrument_id, ts DESC, event_id DESC`,
    [runId, instruments],
  );
  const { rows: signals } = await db.query<Record<string, unknown>>(
    `SELECT DISTINCT ON (instrument_id) instrument_id, ${epochMs('ts')} AS ts_ms, side, model_prob_ppm,
            edge_ppm, price
       FROM signals WHERE run_id = $1 AND instrument_id = ANY($2)
      ORDER BY instrument_id, ts DESC, event_id DESC`,
    [runId, instruments],
  );
  const stateOf = new Map(states.map((s) => [String(s.game_id), s]));
  const quoteOf = new Map(quotes.map((q) => [String(q.instrument_id), q]));
  const signalOf = new Map(signals.map((s) => [String(s.instrument_id), s]));
  return games.map((g) => {
    const id = String(g.game_id);
    const s = stateOf.get(id);
    return {
      gameId: id,
      sport: (g.sport as string | null) ?? null,
      homeTeam: (g.home_team as string | null) ?? null,
      awayTeam: (g.away_team as string | null) ?? null,
      startTs: num(g.start_ms),
      homeSpread: num(g.home_spread),
      final:
        g.final_ms === null
          ? null
          : {
              ts: Number(g.final_ms),
              homeScore: num(g.home_score),
              awayScore: num(g.away_score),
              winner: (g.winner as string | null) ?? null,
            },
      state: s
        ? {
            ts: Number(s.ts_ms),
            status: String(s.status),
            period: Number(s.quarter),
            clockSeconds: Number(s.clock_seconds),
            gameSecondsRemaining: Number(s.game_seconds_remaining),
            homeScore: Number(s.home_score),
            awayScore: Number(s.away_score),
            possession: (s.possession as string | null) ?? null,
          }
        : null,
      markets: markets
        .filter((m) => String(m.game_id) === id)
        .map((m) => {
          const instrumentId = String(m.instrument_id);
          const q = quoteOf.get(instrumentId);
          const sig = signalOf.get(instrumentId);
          return {
            instrumentId,
            venue: String(m.venue),
            outcome: (m.outcome as string | null) ?? null,
            simulated: (m.simulated as boolean | null) ?? null,
            settledResult: (m.settled_result as string | null) ?? null,
            quote: q
              ? {
                  ts: Number(q.ts_ms),
                  bestBid: num(q.best_bid),
                  bestBidQty: num(q.best_bid_qty),
                  bestAsk: num(q.best_ask),
                  bestAskQty: num(q.best_ask_qty),
                }
              : null,
            lastSignal: sig
              ? {
                  ts: Number(sig.ts_ms),
                  side: String(sig.side),
                  modelProbPpm: Number(sig.model_prob_ppm),
                  edgePpm: Number(sig.edge_ppm),
                  price: Number(sig.price),
                }
              : null,
          };
        }),
    };
  });
}

export async function gameHistory(
  db: SqlExecutor,
  runId: RunId,
  gameId: string,
  opts: { bucketMs: number },
): Promise<StoredGameHistory> {
  const { rows: markets } = await db.query<{ instrument_id: string }>(
    'SELECT instrument_id FROM markets WHERE run_id = $1 AND game_id = $2',
    [runId, gameId],
  );
  const instruments = markets.map((m) => String(m.instrument_id));
  if (instruments.length === 0) return { quotes: [], signals: [] };
  // The last row of each market in each bucket of event time: a chart's worth, not every book.
  const bucket = (column: string) => `floor(${epochMs(column)} / $3)`;
  const { rows: quotes } = await db.query<Record<string, unknown>>(
    `SELECT * FROM (
       SELECT DISTINCT ON (instrument_id, ${bucket('ts')}) instrument_id, ${epochMs('ts')} AS ts_ms,
              best_bid, best_ask
         FROM quotes WHERE run_id = $1 AND instrument_id = ANY($2)
        ORDER BY instrument_id, ${bucket('ts')}, ts DESC, event_id DESC) q
      ORDER BY ts_ms, instrument_id`,
    [runId, instruments, opts.bucketMs],
  );
  const { rows: signals } = await db.query<Record<string, unknown>>(
    `SELECT * FROM (
       SELECT DISTINCT ON (instrument_id, ${bucket('ts')}) instrument_id, ${epochMs('ts')} AS ts_ms,
              side, model_prob_ppm, edge_ppm
         FROM signals WHERE run_id = $1 AND instrument_id = ANY($2)
        ORDER BY instrument_id, ${bucket('ts')}, ts DESC, event_id DESC) s
      ORDER BY ts_ms, instrument_id`,
    [runId, instruments, opts.bucketMs],
  );
  return {
    quotes: quotes.map((q) => ({
      instrumentId: String(q.instrument_id),
      ts: Number(q.ts_ms),
      bestBid: num(q.best_bid),
      bestAsk: num(q.best_ask),
    })),
    signals: signals.map((s) => ({
      instrumentId: String(s.instrument_id),
      ts: Number(s.ts_ms),
      side: String(s.side),
      modelProbPpm: Number(s.model_prob_ppm),
      edgePpm: Number(s.edge_ppm),
    })),
  };
}
