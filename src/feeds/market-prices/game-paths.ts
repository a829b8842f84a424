/**
 * A market's price as a path on a one-minute grid, anchored where the market decided the game:
 * the last traded price carried forward minute by minute, and the first minute from which every
 * later trade stays on the winner's side at 97 cents or more (`decidedTs`). The candles carry no
 * tip-off time, so phases of the game are read as wall-clock minutes before that moment (an NBA
 * game lasts about 135 minutes of wall time). Pure.
 */
import { type CandleSeries, lastTradedClose } from './candles.js';

export const MINUTE_MS = 60_000;
/** Winner's-side price from which a market counts as decided, cents. */
export const DECIDED_CENTS = 97;

export interface GamePath {
  readonly ticker: string;
  readonly gameId: string;
  /** 1 when YES paid (last trade 99), 0 when NO did (last trade 1). */
  readonly outcome: 0 | 1;
  readonly decidedTs: number;
  /** Grid start, epoch ms; minute i is startTs + i minutes. */
  readonly startTs: number;
  /** Last traded price up to each minute, cents; NaN before the first trade. */
  readonly price: Float64Array;
  /** Contracts traded in each minute. */
  readonly volume: Float64Array;
  /** High and low traded price of each minute, cents; NaN without trades. */
  readonly high: Float64Array;
  readonly low: Float64Array;
}

/** The series' path, or null when its last trade is not a settled price (99 or 1). */
export function gamePath(series: CandleSeries): GamePath | null {
  const last = lastTradedClose(series);
  if (last !== 99 && last !== 1) return null;
  const outcome = last === 99 ? 1 : 0;
  const candles = series.candles;
  const startTs = candles[0]!.endTs;
  const minutes = Math.round((candles[candles.length - 1]!.endTs - startTs) / MINUTE_MS) + 1;
  const price = new Float64Array(minutes).fill(Number.NaN);
  const volume = new Float64Array(minutes);
  const high = new Float64Array(minutes).fill(Number.NaN);
  const low = new Float64Array(minutes).fill(Number.NaN);
  for (const c of candles) {
    const i = Math.round((c.endTs - startTs) / MINUTE_MS);
    volume[i] = c.volume;
    if (c.close !== null) {
      price[i] = c.close;
      high[i] = c.high as number;
      low[i] = c.low as number;
    }
  }
  // Carry the last trade forward; the decided minute is the first trade on the winner's side
  // after the last one off it.
  let decided = -1;
  let carried = Number.NaN;
  for (let i = 0; i < minutes; i++) {
    if (!Number.isNaN(price[i]!)) {
      const p = price[i]!;
      const winners = outcome === 1 ? p : 100 - p;
      if (winners < DECIDED_CENTS) decided = -1;
      else if (decided < 0) decided = i;
      carried = p;
    }
    price[i] = carried;
  }
  return {
    ticker: series.ticker,
    gameId: series.gameId,
    outcome,
    decidedTs: startTs + decided * MINUTE_MS,
    startTs,
    price,
    volume,
    high,
    low,
  };
}

/** Index of the minute `minutesBefore` minutes before the decided moment, or -1 off the grid. */
export function minuteBeforeDecided(path: GamePath, minutesBefore: number): number {
  const i = Math.round((path.decidedTs - path.startTs) / MINUTE_MS) - minutesBefore;
  return i >= 0 && i < path.price.length ? i : -1;
}

/** Phases of a game by wall-clock minutes before the market decided it (the name gives the minutes). */
export interface Phase {
  readonly name: string;
  /** Minutes before decided, inclusive at `from`, exclusive at `to` (from > to). */
  readonly from: number;
  readonly to: number;
}

export const PHASES: readonly Phase[] = [
  { name: 'pre-game 240-150', from: 240, to: 150 },
  { name: 'early 150-100', from: 150, to: 100 },
  { name: 'middle 100-50', from: 100, to: 50 },
  { name: 'late 50-15', from: 50, to: 15 },
  { name: 'closing 15-1', from: 15, to: 0 },
];

/** In-game minutes: the last 150 before decided. */
export const IN_GAME_MINUTES = 150;
