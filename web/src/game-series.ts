/**
 * Each game's chart data, gathered from successive reads of /api/games: the model's home-win
 * probability and each venue's home-win bid and ask, in percent, as points on event time. A
 * market on the away team counts through its complement (its bid is 100 less the home ask).
 */
import type { GameView } from '../../src/api/contract.js';
import type { ChartPoint } from './TimeChart.js';

type GameMarket = GameView['markets'][number];

export interface GameSeries {
  readonly model: ChartPoint[];
  /** venue → its home-win bid and ask */
  readonly bids: Map<string, ChartPoint[]>;
  readonly asks: Map<string, ChartPoint[]>;
}

/** The probability (0-1) a signal's side implies for the home team winning. */
export function homeProbability(market: GameMarket, side: string, ppm: number): number {
  const p = ppm / 1e6;
  const forAway = market.outcome === 'away_win';
  return forAway !== (side === 'no') ? 1 - p : p;
}

/** Per venue, the market that quotes the home team (or the away team's, used through its complement). */
export function homeMarkets(game: GameView): Map<string, { market: GameMarket; inverted: boolean }> {
  const chosen = new Map<string, { market: GameMarket; inverted: boolean }>();
  for (const m of game.markets) {
    const current = chosen.get(m.venue);
    if (m.outcome === 'home_win' && (!current || current.inverted)) chosen.set(m.venue, { market: m, inverted: false });
    else if (!current && m.outcome === 'away_win') chosen.set(m.venue, { market: m, inverted: true });
  }
  return chosen;
}

/** The market with the most recent signal on the game, if any. */
export function latestSignal(game: GameView): { market: GameMarket; homeProb: number; edgePpm: number } | null {
  let best: GameMarket | null = null;
  for (const m of game.markets)
    if (m.lastSignal && (!best?.lastSignal || m.lastSignal.ts > best.lastSignal.ts)) best = m;
  if (!best?.lastSignal) return null;
  const s = best.lastSignal;
  return { market: best, homeProb: homeProbability(best, s.side, s.modelProbPpm), edgePpm: s.edgePpm };
}

const push = (points: ChartPoint[], ts: number, value: number) => {
  const last = points[points.length - 1];
  if (!last || ts > last.ts) points.push({ ts, value });
};

/** Adds what a read of the games shows that the series have not seen yet. */
export function gatherSeries(series: Map<string, GameSeries>, games: readonly GameView[]): void {
  for (const game of games) {
    let s = series.get(game.gameId);
    if (!s) {
      s = { model: [], bids: new Map(), asks: new Map() };
      series.set(game.gameId, s);
    }
    const signal = latestSignal(game);
    if (signal?.market.lastSignal) push(s.model, signal.market.lastSignal.ts, signal.homeProb * 100);
    for (const [venue, { market, inverted }] of homeMarkets(game)) {
      const q = market.quote;
      if (!q) continue;
      const bid = inverted ? (q.bestAsk === null ? null : 1e6 - q.bestAsk) : q.bestBid;
      const ask = inverted ? (q.bestBid === null ? null : 1e6 - q.bestBid) : q.bestAsk;
      const bids = s.bids.get(venue) ?? [];
      const asks = s.asks.get(venue) ?? [];
      s.bids.set(venue, bids);
      s.asks.set(venue, asks);
      if (bid !== null) push(bids, q.ts, bid / 1e4);
      if (ask !== null) push(asks, q.ts, ask / 1e4);
    }
  }
}
