/**
 * What real prices alone show, game by game: how well the market's price forecasts the result
 * by phase of the game (calibration bins, Brier score), how much it moves minute to minute in
 * each phase, how fast it converges on the result at the end, and what trading it costs (the
 * minute's traded range as a stand-in for the spread the file lacks, Kalshi's taker fee). Every
 * interval is a bootstrap over games. Pure.
 */
import { KALSHI_SPORTS_FEES, tradeFee } from '../../core/fees.js';
import type { Centis, Micros } from '../../core/money.js';
import { type ForecastReport, forecastReport } from '../../sports/calibration-report.js';
import {
  addRow,
  bootstrapRatio,
  gamesWithRows,
  type Interval,
  type PerGame,
  perGame,
  ratio,
} from './bootstrap.js';
import { type GamePath, IN_GAME_MINUTES, minuteBeforeDecided, PHASES, type Phase } from './game-paths.js';

export interface Estimate {
  readonly value: number;
  /** 95 % bootstrap interval over games; null with fewer than two games or no draws. */
  readonly interval: Interval | null;
}

export interface PhaseCalibration {
  readonly phase: string;
  readonly rows: number;
  readonly games: number;
  readonly brier: Estimate;
}

export interface PhaseMovement {
  readonly phase: string;
  readonly minutes: number;
  /** Mean |price change| from one minute to the next, cents. */
  readonly meanAbsMoveCents: Estimate;
  /** Standard deviation of the minute's change, cents (pooled). */
  readonly sdMoveCents: number;
  /** 95th percentile of |change|, cents. */
  readonly p95AbsMoveCents: number;
  /** Share of minutes in which anything traded. */
  readonly tradedShare: number;
  /** Contracts per minute, mean. */
  readonly meanVolume: number;
}

export interface ConvergencePoint {
  readonly minutesBefore: number;
  readonly games: number;
  /** Mean |price - settlement|, cents. */
  readonly meanDistanceCents: Estimate;
  /** Share of games whose price favoured the eventual winner (above 50 on its side). */
  readonly favouredWinner: Estimate;
}

export interface TradingCost {
  readonly tradedMinutes: number;
  /** high - low of in-game minutes with trades, cents. */
  readonly medianRangeCents: number;
  readonly meanRangeCents: number;
  readonly zeroRangeShare: number;
  /** Kalshi taker fee per contract at the in-game traded prices, volume-weighted, micro-dollars. */
  readonly meanTakerFeeMicros: Micros;
  /** Per assumed half-spread: round-trip cost (two half-spreads and two taker fees), and how often a side is quotable. */
  readonly byHalfSpread: readonly {
    readonly halfSpreadCents: number;
    readonly roundTripMicros: Micros;
    /** Share of traded minutes where the minute traded at or beyond close + half-spread (an ask is quotable). */
    readonly askQuotableShare: number;
    readonly bidQuotableShare: number;
  }[];
}

export interface MarketPriceReport {
  readonly games: number;
  readonly skippedUnsettled: number;
  readonly bootstrapDraws: number;
  /** Market price vs result over the last 150 minutes before decided; baseline: the price 150 minutes before. */
  readonly calibration: ForecastReport;
  readonly brierInGame: Estimate;
  readonly brierByPhase: readonly PhaseCalibration[];
  readonly movement: readonly PhaseMovement[];
  readonly convergence: readonly ConvergencePoint[];
  /** Minutes before decided of the last minute the price favoured the eventual loser: quartiles. */
  readonly lastFavouredLoser: { readonly q1: number; readonly median: number; readonly q3: number };
  readonly cost: TradingCost;
}

export interface MarketReportOptions {
  readonly bootstrapDraws: number;
  readonly seed: number;
  readonly halfSpreadsCents?: readonly number[];
}

const CONVERGENCE_MINUTES = [60, 30, 15, 10, 5, 2, 1];

function estimate(p: PerGame, o: MarketReportOptions, salt: number): Estimate {
  return { value: ratio(p), interval: bootstrapRatio(p, { draws: o.bootstrapDraws, seed: o.seed + salt }) };
}

/** Each game's in-phase minute indexes (those with a price), by callback. */
function eachPhaseMinute(path: GamePath, phase: Phase, visit: (i: number) => void): void {
  for (let m = phase.from; m > phase.to; m--) {
    const i = minuteBeforeDecided(path, m);
    if (i >= 0 && !Number.isNaN(path.price[i]!)) visit(i);
  }
}

function calibrationOf(paths: readonly GamePath[], o: MarketReportOptions) {
  const preds: number[] = [];
  const baseline: number[] = [];
  const outcomes: number[] = [];
  const gameIds: string[] = [];
  const inGame = perGame(paths.length);
  paths.forEach((path, g) => {
    const at = minuteBeforeDecided(path, IN_GAME_MINUTES);
    const pre = at >= 0 ? path.price[at]! / 100 : Number.NaN;
    eachPhaseMinute(path, { name: '', from: IN_GAME_MINUTES, to: 0 }, (i) => {
      const p = path.price[i]! / 100;
      preds.push(p);
      baseline.push(Number.isNaN(pre) ? 0.5 : pre);
      outcomes.push(path.outcome);
      gameIds.push(path.ticker);
      addRow(inGame, g, (p - path.outcome) ** 2);
    });
  });
  const report = forecastReport(
    { preds, baselinePreds: baseline, outcomes, gameIds },
    {
      bootstrapDraws: o.bootstrapDraws,
      seed: o.seed,
    },
  );
  const byPhase = PHASES.map((phase, k): PhaseCalibration => {
    const acc = perGame(paths.length);
    paths.forEach((path, g) => {
      eachPhaseMinute(path, phase, (i) => addRow(acc, g, (path.price[i]! / 100 - path.outcome) ** 2));
    });
    let rows = 0;
    for (const c of acc.count) rows += c;
    return { phase: phase.name, rows, games: gamesWithRows(acc), brier: estimate(acc, o, 10 + k) };
  });
  return { report, inGame: estimate(inGame, o, 1), byPhase };
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function movementOf(paths: readonly GamePath[], o: MarketReportOptions): PhaseMovement[] {
  return PHASES.map((phase, k) => {
    const abs = perGame(paths.length);
    const moves: number[] = [];
    let traded = 0;
    let volume = 0;
    paths.forEach((path, g) => {
      eachPhaseMinute(path, phase, (i) => {
        if (i === 0 || Number.isNaN(path.price[i - 1]!)) return;
        const d = path.price[i]! - path.price[i - 1]!;
        moves.push(d);
        addRow(abs, g, Math.abs(d));
        if (path.volume[i]! > 0) traded += 1;
        volume += path.volume[i]!;
      });
    });
    const mean = moves.reduce((a, b) => a + b, 0) / Math.max(1, moves.length);
    const sd = Math.sqrt(moves.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, moves.length - 1));
    const sortedAbs = Float64Array.from(moves, Math.abs).sort();
    return {
      phase: phase.name,
      minutes: moves.length,
      meanAbsMoveCents: estimate(abs, o, 20 + k),
      sdMoveCents: sd,
      p95AbsMoveCents: quantile(sortedAbs, 0.95),
      tradedShare: traded / Math.max(1, moves.length),
      meanVolume: volume / Math.max(1, moves.length),
    };
  });
}

function convergenceOf(paths: readonly GamePath[], o: MarketReportOptions) {
  const points = CONVERGENCE_MINUTES.map((m, k): ConvergencePoint => {
    const dist = perGame(paths.length);
    const right = perGame(paths.length);
    paths.forEach((path, g) => {
      const i = minuteBeforeDecided(path, m);
      if (i < 0 || Number.isNaN(path.price[i]!)) return;
      const winners = path.outcome === 1 ? path.price[i]! : 100 - path.price[i]!;
      addRow(dist, g, 100 - winners);
      addRow(right, g, winners > 50 ? 1 : 0);
    });
    return {
      minutesBefore: m,
      games: gamesWithRows(dist),
      meanDistanceCents: estimate(dist, o, 40 + k),
      favouredWinner: estimate(right, o, 60 + k),
    };
  });
  const lastLoser: number[] = [];
  for (const path of paths) {
    let last = 0;
    eachPhaseMinute(path, { name: '', from: IN_GAME_MINUTES, to: 0 }, (i) => {
      const winners = path.outcome === 1 ? path.price[i]! : 100 - path.price[i]!;
      if (winners < 50) last = Math.round((path.decidedTs - path.startTs) / 60_000) - i;
    });
    if (last > 0) lastLoser.push(last);
  }
  lastLoser.sort((a, b) => a - b);
  return {
    points,
    lastFavouredLoser: {
      q1: quantile(lastLoser, 0.25),
      median: quantile(lastLoser, 0.5),
      q3: quantile(lastLoser, 0.75),
    },
  };
}

const HUNDRED = 10_000 as Centis;

function costOf(paths: readonly GamePath[], halfSpreads: readonly number[]): TradingCost {
  const ranges: number[] = [];
  let feeWeighted = 0;
  let volume = 0;
  const quotable = halfSpreads.map(() => ({ ask: 0, bid: 0 }));
  for (const path of paths) {
    eachPhaseMinute(path, { name: '', from: IN_GAME_MINUTES, to: 0 }, (i) => {
      const v = path.volume[i]!;
      if (v <= 0 || Number.isNaN(path.high[i]!)) return;
      const close = path.price[i]!;
      const range = path.high[i]! - path.low[i]!;
      ranges.push(range);
      const fee100 = tradeFee({
        schedule: KALSHI_SPORTS_FEES,
        price: (close * 10_000) as Micros,
        qty: HUNDRED,
        liquidity: 'taker',
      });
      feeWeighted += (fee100 / 100) * v;
      volume += v;
      halfSpreads.forEach((h, k) => {
        if (path.high[i]! >= close + h) quotable[k]!.ask += 1;
        if (path.low[i]! <= close - h) quotable[k]!.bid += 1;
      });
    });
  }
  const sorted = Float64Array.from(ranges).sort();
  const meanFee = Math.round(feeWeighted / Math.max(1, volume));
  return {
    tradedMinutes: ranges.length,
    medianRangeCents: quantile(sorted, 0.5),
    meanRangeCents: ranges.reduce((a, b) => a + b, 0) / Math.max(1, ranges.length),
    zeroRangeShare: ranges.filter((r) => r === 0).length / Math.max(1, ranges.length),
    meanTakerFeeMicros: meanFee as Micros,
    byHalfSpread: halfSpreads.map((h, k) => ({
      halfSpreadCents: h,
      roundTripMicros: (2 * h * 10_000 + 2 * meanFee) as Micros,
      askQuotableShare: quotable[k]!.ask / Math.max(1, ranges.length),
      bidQuotableShare: quotable[k]!.bid / Math.max(1, ranges.length),
    })),
  };
}

export function marketPriceReport(
  paths: readonly GamePath[],
  skippedUnsettled: number,
  o: MarketReportOptions,
): MarketPriceReport {
  const calibration = calibrationOf(paths, o);
  const convergence = convergenceOf(paths, o);
  return {
    games: paths.length,
    skippedUnsettled,
    bootstrapDraws: o.bootstrapDraws,
    calibration: calibration.report,
    brierInGame: calibration.inGame,
    brierByPhase: calibration.byPhase,
    movement: movementOf(paths, o),
    convergence: convergence.points,
    lastFavouredLoser: convergence.lastFavouredLoser,
    cost: costOf(paths, o.halfSpreadsCents ?? [1, 2, 3]),
  };
}
