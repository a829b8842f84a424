/**
 * The simulated makers against real prices, on the same yardstick: minute-to-minute moves by
 * phase, convergence on the result at the end, and spread, for the bundled NBA games' simulated
 * books beside the real Kalshi NBA markets (all of them, and the comparable ones: those whose
 * eventual winner was priced within a few cents of the simulated game's winner before tip-off).
 * With one bundled NBA game the simulated side is one game: its figures are examples, not
 * estimates, and the report says how many games stand behind each column.
 */
import { type GamePath, IN_GAME_MINUTES, minuteBeforeDecided } from '../feeds/market-prices/game-paths.js';
import { type MarketPriceReport, marketPriceReport } from '../feeds/market-prices/market-report.js';
import type { ReplayGame } from '../feeds/replay/replay-game.js';
import type { WinProbabilityModels } from '../sports/models.js';
import { type MakerPath, simulatedMakerPath } from './maker-paths.js';
import type { MarketMakerProfile } from './market-maker.js';

export interface MakerComparisonColumn {
  readonly label: string;
  readonly games: number;
  /** Mean |minute move| by phase, cents. */
  readonly meanAbsMoveCents: readonly number[];
  /** Standard deviation of the minute move by phase, cents. */
  readonly sdMoveCents: readonly number[];
  /** Mean distance to the settlement at 30, 15, 5 and 1 minutes before decided, cents. */
  readonly distanceCents: readonly number[];
  /** Spread: quoted (simulated) or the median in-game traded range (real, a stand-in), cents. */
  readonly spreadCents: number;
  readonly spreadMeaning: string;
}

export interface MakerComparison {
  readonly phases: readonly string[];
  readonly distanceMinutes: readonly number[];
  readonly columns: readonly MakerComparisonColumn[];
}

const DISTANCE_MINUTES = [30, 15, 5, 1];
/** Cents either side of the simulated winner's pregame price that count as a comparable game. */
const COMPARABLE_CENTS = 8;

/** The eventual winner's price 150 minutes before decided (roughly before tip-off), cents. */
export function winnerPregameCents(path: GamePath): number {
  const i = minuteBeforeDecided(path, IN_GAME_MINUTES);
  const p = i >= 0 ? path.price[i]! : path.price.find((x) => !Number.isNaN(x))!;
  return path.outcome === 1 ? p : 100 - p;
}

function column(
  label: string,
  report: MarketPriceReport,
  spreadCents: number,
  spreadMeaning: string,
): MakerComparisonColumn {
  const distance = DISTANCE_MINUTES.map(
    (m) => report.convergence.find((c) => c.minutesBefore === m)?.meanDistanceCents.value ?? Number.NaN,
  );
  return {
    label,
    games: report.games,
    meanAbsMoveCents: report.movement.map((m) => m.meanAbsMoveCents.value),
    sdMoveCents: report.movement.map((m) => m.sdMoveCents),
    distanceCents: distance,
    spreadCents,
    spreadMeaning,
  };
}

function meanInGameSpread(paths: readonly MakerPath[]): number {
  let sum = 0;
  let n = 0;
  for (const p of paths) {
    for (let m = IN_GAME_MINUTES; m > 0; m--) {
      const i = minuteBeforeDecided(p, m);
      if (i >= 0 && !Number.isNaN(p.spreadCents[i]!)) {
        sum += p.spreadCents[i]!;
        n += 1;
      }
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}

export interface CompareOptions {
  readonly real: readonly GamePath[];
  readonly simulatedGames: readonly ReplayGame[];
  readonly models: WinProbabilityModels;
  readonly seed: number;
  /** Profiles to measure, by label (the replay's Kalshi-like maker first). */
  readonly profiles: readonly {
    readonly label: string;
    readonly profile: MarketMakerProfile;
    readonly sharedErrorSd?: number;
  }[];
}

export async function compareMakersWithRealPrices(o: CompareOptions): Promise<MakerComparison> {
  const quick = { bootstrapDraws: 0, seed: o.seed };
  const realReport = marketPriceReport(o.real, 0, quick);
  const columns: MakerComparisonColumn[] = [
    column('real: all games', realReport, realReport.cost.medianRangeCents, 'median traded range'),
  ];
  for (const { label, profile, sharedErrorSd } of o.profiles) {
    const sim: MakerPath[] = [];
    for (const game of o.simulatedGames)
      sim.push(
        await simulatedMakerPath(game, {
          seed: o.seed,
          models: o.models,
          profile,
          ...(sharedErrorSd !== undefined ? { sharedErrorSd } : {}),
        }),
      );
    if (columns.length === 1) {
      // Comparable real games: the winner priced like the simulated games' winners before tip-off.
      const targets = sim.map(winnerPregameCents);
      const comparable = o.real.filter((r) =>
        targets.some((t) => Math.abs(winnerPregameCents(r) - t) <= COMPARABLE_CENTS),
      );
      const rc = marketPriceReport(comparable, 0, quick);
      columns.push(
        column(
          `real: winner priced ${targets.map((t) => t.toFixed(0)).join('/')}±${COMPARABLE_CENTS}c pregame`,
          rc,
          rc.cost.medianRangeCents,
          'median traded range',
        ),
      );
    }
    columns.push(
      column(label, marketPriceReport(sim, 0, quick), meanInGameSpread(sim), 'mean quoted spread'),
    );
  }
  return {
    phases: realReport.movement.map((m) => m.phase),
    distanceMinutes: DISTANCE_MINUTES,
    columns,
  };
}
