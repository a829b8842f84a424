/**
 * Runs in the rest of a half inning from each of the 24 base-out states, as a Markov chain of
 * plate appearances (the classic approach of Lindsey's and later Markov models of baseball):
 * each batter strikes out, walks, singles, doubles, triples, homers or makes an out in play,
 * at league rates, and runners move by a few simple rules. Solving the chain gives, for every
 * state, the whole distribution of runs to the end of the inning, not just its mean, so late
 * innings get the right chances of a big inning as well as of a scoreless one.
 *
 * The chain's run expectancies match the published base-out table (1984-1994, run-expectancy.ts)
 * in shape: docs/models.md compares them cell by cell. A team's strength is a scale on its
 * on-base events (strikeouts fixed, outs in play take up the rest).
 */
import { MAX_COUNT } from '../distributions.js';

/** Probabilities per plate appearance; outs in play are the remainder. */
export interface PlateAppearanceRates {
  readonly strikeout: number;
  /** Walks and hit batters. */
  readonly walk: number;
  readonly single: number;
  readonly double: number;
  readonly triple: number;
  readonly homeRun: number;
}

/** MLB 2023 league rates per plate appearance, rounded (Baseball-Reference league totals). */
export const MLB_PLATE_APPEARANCES: PlateAppearanceRates = {
  strikeout: 0.227,
  walk: 0.097,
  single: 0.141,
  double: 0.045,
  triple: 0.004,
  homeRun: 0.032,
};

/**
 * How runners move, by outs before the play (index 0-2) where it matters. Rough league
 * tendencies: runners go on contact with two out, so more of them score.
 */
export const ADVANCEMENT = {
  secondScoresOnSingle: [0.6, 0.6, 0.85],
  firstToThirdOnSingle: 0.28,
  firstScoresOnDouble: [0.4, 0.4, 0.6],
  /** Outs in play with a runner on first and fewer than two out that are double plays. */
  doublePlay: 0.22,
  /** Other outs in play (fewer than two out) that score a runner from third: flies, grounders. */
  thirdScoresOnOut: 0.55,
  /** ... and that move runners on first and second up a base. */
  runnersAdvanceOnOut: 0.4,
} as const;

/** Distributions of runs to the end of the half inning, index outs * 8 + bases (bit 1 first, 2 second, 4 third). */
export interface HalfInningTable {
  readonly runs: readonly Float64Array[];
  /** Last cell with mass, per state. */
  readonly last: readonly number[];
}

/** The same hitters, `scale` times as often on base. */
export function scaledRates(rates: PlateAppearanceRates, scale: number): PlateAppearanceRates {
  const s = Math.max(0, scale);
  const scaled = {
    strikeout: rates.strikeout,
    walk: rates.walk * s,
    single: rates.single * s,
    double: rates.double * s,
    triple: rates.triple * s,
    homeRun: rates.homeRun * s,
  };
  const onBase = scaled.walk + scaled.single + scaled.double + scaled.triple + scaled.homeRun;
  // Keep some outs in play: a team on base every time would never finish an inning.
  const room = 0.95 - scaled.strikeout;
  if (onBase <= room) return scaled;
  const shrink = room / onBase;
  return {
    strikeout: scaled.strikeout,
    walk: scaled.walk * shrink,
    single: scaled.single * shrink,
    double: scaled.double * shrink,
    triple: scaled.triple * shrink,
    homeRun: scaled.homeRun * shrink,
  };
}

/** One move of the chain: to (outs, bases) with runs scored, or to the end of the inning (outs 3). */
interface Move {
  readonly outs: number;
  readonly bases: number;
  readonly runs: number;
  readonly p: number;
}

const runnersOn = (bases: number) => (bases & 1) + ((bases >> 1) & 1) + ((bases >> 2) & 1);

/** Two-way branch: [probability, happened] pairs, or a single certain branch when it cannot happen. */
const branch = (possible: boolean, p: number): readonly (readonly [number, boolean])[] =>
  possible
    ? [
        [p, true],
        [1 - p, false],
      ]
    : [[1, false]];

function moves(outs: number, bases: number, rates: PlateAppearanceRates): Move[] {
  const out: Move[] = [];
  const add = (p: number, o: number, b: number, runs: number) => {
    if (p > 0) out.push({ outs: o, bases: b, runs, p });
  };
  const on1 = (bases & 1) !== 0;
  const on2 = (bases & 2) !== 0;
  const on3 = (bases & 4) !== 0;
  add(rates.strikeout, outs + 1, bases, 0);

  // Walk: the batter takes first, runners move only when forced.
  if (!on1) add(rates.walk, outs, bases | 1, 0);
  else if (!on2) add(rates.walk, outs, bases | 3, 0);
  else add(rates.walk, outs, 7, on3 ? 1 : 0);

  // Single: third scores; second scores or stops at third; first goes to third if it is free.
  for (const [p2, secondScores] of branch(on2, ADVANCEMENT.secondScoresOnSingle[outs] ?? 0.6)) {
    const thirdTaken = on2 && !secondScores;
    for (const [p1, firstToThird] of branch(on1 && !thirdTaken, ADVANCEMENT.firstToThirdOnSingle)) {
      let b = 1;
      if (thirdTaken || firstToThird) b |= 4;
      if (on1 && !firstToThird) b |= 2;
      add(rates.single * p2 * p1, outs, b, (on3 ? 1 : 0) + (on2 && secondScores ? 1 : 0));
    }
  }

  // Double: second and third score; first scores or stops at third.
  for (const [p1, firstScores] of branch(on1, ADVANCEMENT.firstScoresOnDouble[outs] ?? 0.4)) {
    const runs = (on2 ? 1 : 0) + (on3 ? 1 : 0) + (on1 && firstScores ? 1 : 0);
    add(rates.double * p1, outs, on1 && !firstScores ? 6 : 2, runs);
  }
  add(rates.triple, outs, 4, runnersOn(bases));
  add(rates.homeRun, outs, 0, runnersOn(bases) + 1);

  const inPlay = Math.max(
    0,
    1 - rates.strikeout - rates.walk - rates.single - rates.double - rates.triple - rates.homeRun,
  );
  if (outs === 2) {
    add(inPlay, 3, 0, 0);
    return out;
  }
  let rest = inPlay;
  if (on1) {
    // Double play: batter and the runner from first out; the others move up a base.
    const dp = inPlay * ADVANCEMENT.doublePlay;
    rest -= dp;
    if (outs === 1) add(dp, 3, 0, 0);
    else add(dp, 2, on2 ? 4 : 0, on3 ? 1 : 0);
  }
  for (const [p3, thirdScores] of branch(on3, ADVANCEMENT.thirdScoresOnOut)) {
    for (const [pa, advance] of branch(on1 || on2, ADVANCEMENT.runnersAdvanceOnOut)) {
      let b = on3 && !thirdScores ? 4 : 0;
      if (advance) {
        // A runner held at third keeps the runners behind him where they are.
        const held = (b & 4) !== 0;
        if (on2) b |= held ? 2 : 4;
        if (on1) b |= held && on2 ? 1 : 2;
      } else b |= bases & 3;
      add(rest * p3 * pa, outs + 1, b, thirdScores ? 1 : 0);
    }
  }
  return out;
}

/**
 * Solves the chain. Every move that scores no run either makes an out or puts one more runner
 * aboard, so for a fixed number of runs the states can be filled in order: more outs first,
 * then more runners; moves that keep outs and runners the same always score.
 */
export function halfInningTable(rates: PlateAppearanceRates): HalfInningTable {
  const runs = Array.from({ length: 24 }, () => new Float64Array(MAX_COUNT + 1));
  const byState = Array.from({ length: 24 }, (_, i) => moves(Math.floor(i / 8), i % 8, rates));
  const order = [0, 1, 2, 3, 4, 5, 6, 7].sort((a, b) => runnersOn(b) - runnersOn(a));
  for (let outs = 2; outs >= 0; outs--) {
    for (let r = 0; r <= MAX_COUNT; r++) {
      for (const bases of order) {
        let p = 0;
        for (const m of byState[outs * 8 + bases] as Move[]) {
          const need = r - m.runs;
          if (need < 0) continue;
          if (m.outs >= 3) p += need === 0 ? m.p : 0;
          else p += m.p * ((runs[m.outs * 8 + m.bases] as Float64Array)[need] as number);
        }
        (runs[outs * 8 + bases] as Float64Array)[r] = p;
      }
    }
  }
  const last = runs.map((cells) => {
    // Innings of 40+ runs: fold the (vanishing) rest into the last cell.
    const total = cells.reduce((s, p) => s + p, 0);
    cells[MAX_COUNT] = (cells[MAX_COUNT] as number) + Math.max(0, 1 - total);
    let i = MAX_COUNT;
    while (i > 0 && (cells[i] as number) < 1e-15) i--;
    return i;
  });
  return { runs, last };
}

export function meanRuns(cells: Float64Array, last: number): number {
  let m = 0;
  for (let r = 1; r <= last; r++) m += r * (cells[r] as number);
  return m;
}
