/**
 * Each game's chart data: the model's home-win probability and each venue's home-win bid and ask,
 * in percent, as points on event time: the game's history (/api/games/{id}/history) followed by
 * what successive reads of /api/games add since. A market on the away team counts through its
 * complement (its bid is 100 less the home ask).
 */
import type { GameHistoryResponse, GameView } from '../../src/api/contract.js';
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
    if (m.outcome === 'home_win' && (!current || current.inverted))
      chosen.set(m.venue, { market: m, inverted: false });
    else if (!current && m.outcome === 'away_win') chosen.set(m.venue, { market: m, inverted: true });
  }
  return chosen;
}

/** The market with the most recent signal on the game, if any. */
export function latestSignal(
  game: GameView,
): { market: GameMarket; homeProb: number; edgePpm: number } | null {
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

const emptySeries = (): GameSeries => ({ model: [], bids: new Map(), asks: new Map() });

/** The home-win bid and ask (micro-dollars) of a market's quote. */
function homeQuote(inverted: boolean, q: { bestBid: number | null; bestAsk: number | null }) {
  return {
    bid: inverted ? (q.bestAsk === null ? null : 1e6 - q.bestAsk) : q.bestBid,
    ask: inverted ? (q.bestBid === null ? null : 1e6 - q.bestBid) : q.bestAsk,
  };
}

/** A game's series from its stored history. */
export function historySeries(game: GameView, history: GameHistoryResponse): GameSeries {
  const s = emptySeries();
  const markets = new Map(game.markets.map((m) => [m.instrumentId, m]));
  for (const sig of history.signals) {
    const market = markets.get(sig.instrumentId);
    if (market) push(s.model, sig.ts, homeProbability(market, sig.side, sig.modelProbPpm) * 100);
  }
  const chosen = new Map(
    [...homeMarkets(game)].map(([venue, c]) => [c.market.instrumentId, { venue, ...c }]),
  );
  for (const q of history.quotes) {
    const c = chosen.get(q.instrumentId);
    if (!c) continue;
    const { bid, ask } = homeQuote(c.inverted, q);
    if (!s.bids.has(c.venue)) s.bids.set(c.venue, []);
    if (!s.asks.has(c.venue)) s.asks.set(c.venue, []);
    if (bid !== null) push(s.bids.get(c.venue) ?? [], q.ts, bid / 1e4);
    if (ask !== null) push(s.asks.get(c.venue) ?? [], q.ts, ask / 1e4);
  }
  return s;
}

/** The history, then what the live reads saw after it. */
export function mergeSeries(history: GameSeries | null, live: GameSeries | undefined): GameSeries {
  if (!history) return live ?? emptySeries();
  if (!live) return history;
  const after = (base: ChartPoint[], more: ChartPoint[] | undefined) => {
    const last = base[base.length - 1]?.ts ?? -Infinity;
    return [...base, ...(more ?? []).filter((p) => p.ts > last)];
  };
  const venues = new Set([...history.bids.keys(), ...live.bids.keys()]);
  return {
    model: after(history.model, live.model),
    bids: new Map([...venues].map((v) => [v, after(history.bids.get(v) ?? [], live.bids.get(v))])),
    asks: new Map([...venues].map((v) => [v, after(history.asks.get(v) ?? [], live.asks.get(v))])),
  };
}

/** Adds what a read of the games shows that the series have not seen yet. */
export function gatherSeries(series: Map<string, GameSeries>, games: readonly GameView[]): void {
  for (const game of games) {
    let s = series.get(game.gameId);
    if (!s) {
      s = emptySeries();
      series.set(game.gameId, s);
    }
    const signal = latestSignal(game);
    if (signal?.market.lastSignal) push(s.model, signal.market.lastSignal.ts, signal.homeProb * 100);
    for (const [venue, { market, inverted }] of homeMarkets(game)) {
      const q = market.quote;
      if (!q) continue;
      const { bid, ask } = homeQuote(inverted, q);
      const bids = s.bids.get(venue) ?? [];
      const asks = s.asks.get(venue) ?? [];
      s.bids.set(venue, bids);
      s.asks.set(venue, asks);
      if (bid !== null) push(bids, q.ts, bid / 1e4);
      if (ask !== null) push(asks, q.ts, ask / 1e4);
    }
  }
}
