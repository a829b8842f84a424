/**
 * How sure a run's result is: percentile-bootstrap confidence intervals over games. Trades within
 * one game move together (one game state drives them all), so the unit resampled is the game,
 * never the trade (the Sharpe-like ratio, a statistic of days, resamples days with all their
 * games). Pure and seeded: the same games and seed give the same intervals, byte for byte.
 * Method and meaning: docs/statistics.md.
 */
import { seededRandom } from '../sports/calibration-report.js';

/** One independent game of a run: what its closed positions earned, in the order they closed. */
export interface GameOutcome {
  readonly gameId: string;
  /** The UTC day the game started (YYYY-MM-DD): the unit of the Sharpe-like ratio. */
  readonly day: string;
  /** Realized P&L after fees (integer micro-dollars) of each position closed in the game. */
  readonly positionPnls: readonly number[];
}

export interface StatisticsOptions {
  /** The run's seed (ARBEES_SEED): reruns draw the same resamples. */
  readonly seed: number;
  readonly resamples?: number;
  /** The interval's level, as a percentage (95 by default). */
  readonly levelPct?: number;
  /** Micro-dollars: the base of the return. */
  readonly startingBankroll: number;
}

/** A figure of the run and its interval; null where the run (or every resample) has none. */
export interface Estimate {
  readonly value: number | null;
  readonly low: number | null;
  readonly high: number | null;
}

export type PnlVerdict = 'no-games' | 'includes-zero' | 'above-zero' | 'below-zero';

export interface RunStatistics {
  readonly method: 'percentile bootstrap over games';
  readonly resamples: number;
  readonly levelPct: number;
  readonly seed: number;
  /** Independent games resampled (final or traded), and of them those with a closed position. */
  readonly games: number;
  readonly gamesTraded: number;
  /** Distinct UTC days the games started on. */
  readonly days: number;
  /** Closed positions whose game is unknown: left out of the intervals. */
  readonly positionsWithoutGame: number;
  /** Sum of closed positions' P&L after fees, micro-dollars (integers, interval too). */
  readonly pnlAfterFeesMicros: Estimate;
  /** That P&L over the starting bankroll, in percent. */
  readonly returnPct: Estimate;
  /** Closed positions that made money, in percent of closed positions. */
  readonly winRatePct: Estimate;
  /** Largest fall of realized P&L from its peak, game after game, micro-dollars. */
  readonly maxDrawdownMicros: Estimate;
  /**
   * Mean over standard deviation of daily P&L (per day, not annualized); its interval resamples
   * days, each with all its games, since the ratio is a statistic of days.
   */
  readonly sharpePerDay: Estimate;
  readonly pnlVerdict: PnlVerdict;
  /** The verdict in plain words. */
  readonly pnlSentence: string;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_LEVEL_PCT = 95;

/** What one game contributes, summarized so a resample costs O(games), not O(positions). */
interface GameSummary {
  readonly total: number;
  readonly wins: number;
  readonly positions: number;
  /** Lowest and highest running sum within the game (0 included: the game's start). */
  readonly minPrefix: number;
  readonly maxPrefix: number;
  /** Largest fall from a peak to a later trough inside the game alone. */
  readonly innerDrawdown: number;
  readonly dayIndex: number;
}

function summarize(game: GameOutcome, dayIndex: number): GameSummary {
  let sum = 0;
  let min = 0;
  let max = 0;
  let inner = 0;
  let wins = 0;
  for (const pnl of game.positionPnls) {
    sum += pnl;
    if (pnl > 0) wins += 1;
    max = Math.max(max, sum);
    min = Math.min(min, sum);
    inner = Math.max(inner, max - sum);
  }
  return {
    total: sum,
    wins,
    positions: game.positionPnls.length,
    minPrefix: min,
    maxPrefix: max,
    innerDrawdown: inner,
    dayIndex,
  };
}

interface Figures {
  pnl: number;
  wins: number;
  positions: number;
  drawdown: number;
}

/**
 * The figures of games played one after another in the given order. Drawdown: a peak before a
 * game against a trough inside it, or a fall inside one game (games are summarized, so the
 * running sum need not be replayed position by position).
 */
function figuresOf(summaries: readonly GameSummary[], order: ArrayLike<number>): Figures {
  let equity = 0;
  let peak = 0;
  let drawdown = 0;
  let wins = 0;
  let positions = 0;
  for (let i = 0; i < order.length; i++) {
    const g = summaries[order[i] as number] as GameSummary;
    drawdown = Math.max(drawdown, g.innerDrawdown, peak - (equity + g.minPrefix));
    peak = Math.max(peak, equity + g.maxPrefix);
    equity += g.total;
    wins += g.wins;
    positions += g.positions;
  }
  return { pnl: equity, wins, positions, drawdown };
}

/**
 * Mean over sample standard deviation of the chosen days' P&L; null under two days or with no
 * spread (every day alike).
 */
function sharpeOf(dayTotals: ArrayLike<number>, order: ArrayLike<number>): number | null {
  const n = order.length;
  if (n < 2) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += dayTotals[order[i] as number] as number;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = (dayTotals[order[i] as number] as number) - mean;
    squares += x * x;
  }
  const sd = Math.sqrt(squares / (n - 1));
  // Below a micro-dollar of spread is float noise on integer totals, not spread.
  return sd >= 1e-6 ? mean / sd : null;
}

/**
 * The percentile interval of the draws: order statistics, no interpolation, so integer figures
 * keep integer bounds. Null when no draw had the figure.
 */
function percentileInterval(
  draws: readonly number[],
  levelPct: number,
): { low: number; high: number } | null {
  if (draws.length === 0) return null;
  const sorted = Float64Array.from(draws).sort();
  const tail = (1 - levelPct / 100) / 2;
  const lowIndex = Math.min(sorted.length - 1, Math.floor(tail * sorted.length));
  const highIndex = Math.max(0, Math.ceil((1 - tail) * sorted.length) - 1);
  return { low: sorted[lowIndex] as number, high: sorted[highIndex] as number };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

function estimate(
  value: number | null,
  draws: readonly number[],
  levelPct: number,
  map: (x: number) => number = (x) => x,
): Estimate {
  const interval = percentileInterval(draws, levelPct);
  return {
    value: value === null ? null : map(value),
    low: interval ? map(interval.low) : null,
    high: interval ? map(interval.high) : null,
  };
}

function verdictOf(games: number, pnl: Estimate): PnlVerdict {
  if (games === 0 || pnl.low === null || pnl.high === null) return 'no-games';
  if (pnl.low > 0) return 'above-zero';
  if (pnl.high < 0) return 'below-zero';
  return 'includes-zero';
}

export function pnlSentence(verdict: PnlVerdict, levelPct: number, games: number): string {
  const over = `over ${games} game${games === 1 ? '' : 's'}`;
  switch (verdict) {
    case 'no-games':
      return 'no games to resample: no interval';
    case 'includes-zero':
      return `the ${levelPct}% interval of P&L after fees includes zero: this run cannot tell this strategy from no edge`;
    case 'above-zero':
      return `the ${levelPct}% interval of P&L after fees lies above zero ${over}: more than chance on games like these, against these markets`;
    case 'below-zero':
      return `the ${levelPct}% interval of P&L after fees lies below zero ${over}: this strategy lost more than chance explains`;
  }
}

/**
 * Intervals by resampling the games with replacement, `resamples` times, each resample as many
 * games as the run had, played in the order drawn.
 */
export function runStatistics(
  games: readonly GameOutcome[],
  options: StatisticsOptions & { readonly positionsWithoutGame?: number },
): RunStatistics {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const levelPct = options.levelPct ?? DEFAULT_LEVEL_PCT;
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new Error(`resamples must be a positive integer, got ${resamples}`);
  if (!(levelPct > 0 && levelPct < 100)) throw new Error(`levelPct must be in (0, 100), got ${levelPct}`);
  const days = [...new Set(games.map((g) => g.day))].sort();
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const summaries = games.map((g) => summarize(g, dayIndex.get(g.day) as number));
  const dayTotals = new Float64Array(days.length);
  for (const g of summaries) dayTotals[g.dayIndex] = (dayTotals[g.dayIndex] as number) + g.total;

  const observed = figuresOf(
    summaries,
    summaries.map((_, i) => i),
  );
  const observedSharpe = sharpeOf(
    dayTotals,
    days.map((_, i) => i),
  );
  const draws = {
    pnl: [] as number[],
    winRate: [] as number[],
    drawdown: [] as number[],
    sharpe: [] as number[],
  };
  const random = seededRandom(options.seed);
  if (games.length > 0) {
    const order = new Int32Array(games.length);
    for (let r = 0; r < resamples; r++) {
      for (let i = 0; i < order.length; i++) order[i] = Math.floor(random() * games.length);
      const f = figuresOf(summaries, order);
      draws.pnl.push(f.pnl);
      draws.drawdown.push(f.drawdown);
      if (f.positions > 0) draws.winRate.push(f.wins / f.positions);
    }
  }
  // A ratio of days is resampled by days, each with all its games (blocks of games), so that a
  // day keeps the games it had.
  if (days.length >= 2) {
    const order = new Int32Array(days.length);
    for (let r = 0; r < resamples; r++) {
      for (let i = 0; i < order.length; i++) order[i] = Math.floor(random() * days.length);
      const sharpe = sharpeOf(dayTotals, order);
      if (sharpe !== null) draws.sharpe.push(sharpe);
    }
  }
  const bankroll = options.startingBankroll;
  const pnl = estimate(games.length > 0 ? observed.pnl : null, draws.pnl, levelPct);
  const verdict = verdictOf(games.length, pnl);
  return {
    method: 'percentile bootstrap over games',
    resamples,
    levelPct,
    seed: options.seed,
    games: games.length,
    gamesTraded: games.filter((g) => g.positionPnls.length > 0).length,
    days: days.length,
    positionsWithoutGame: options.positionsWithoutGame ?? 0,
    pnlAfterFeesMicros: pnl,
    returnPct: estimate(games.length > 0 ? observed.pnl : null, draws.pnl, levelPct, (x) =>
      bankroll > 0 ? round((100 * x) / bankroll, 2) : 0,
    ),
    winRatePct: estimate(
      observed.positions > 0 ? observed.wins / observed.positions : null,
      draws.winRate,
      levelPct,
      (x) => round(100 * x, 1),
    ),
    maxDrawdownMicros: estimate(games.length > 0 ? observed.drawdown : null, draws.drawdown, levelPct),
    sharpePerDay: estimate(observedSharpe, draws.sharpe, levelPct, (x) => round(x, 3)),
    pnlVerdict: verdict,
    pnlSentence: pnlSentence(verdict, levelPct, games.length),
  };
}
