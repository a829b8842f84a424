/**
 * One interface for every sport's in-game win-probability model: a game state and the pregame
 * lines in, the probabilities of the three results out. Models are pure (no I/O, no clock) and
 * fast enough to run on every play of every game; each sport's model documents its shape and
 * constants in docs/models.md.
 */
import type { GameState } from '../core/game-state.js';

/**
 * What the market said before the game. Every field is optional: a model uses what it is given
 * and falls back to its league's typical values for the rest.
 *
 * - `homeSpread`: points (goals, runs) the HOME team is favoured by, positive = home favoured
 *   (the nflverse `spread_line` sign, the opposite of a sportsbook's "home -3.5"). Sports
 *   that score in points read it as the expected final margin. In hockey, baseball and soccer
 *   the usual ±1.5 puck/run line is a handicap with its own price, not a mean, so there the
 *   moneylines take precedence and the spread is only read (as an expected margin) without them.
 * - `total`: expected combined score (over/under line), read as a mean.
 * - `homeMoneyline`, `awayMoneyline`: American odds (-150, +130). Turned into a probability
 *   without the bookmaker's margin by `noVigHomeProbability`.
 */
export interface PregamePrior {
  readonly homeSpread?: number;
  readonly total?: number;
  readonly homeMoneyline?: number;
  readonly awayMoneyline?: number;
}

/**
 * Probabilities of the final result, summing to 1. `draw` is 0 where the rules (or the model)
 * do not allow a drawn result; in soccer it is the probability the match ends level.
 */
export interface OutcomeProbabilities {
  readonly home: number;
  readonly away: number;
  readonly draw: number;
}

export interface WinProbabilityModel<S extends GameState> {
  /** A stable name for reports and benchmarks, e.g. 'basketball-random-walk'. */
  readonly name: string;
  probabilities(state: S, prior: PregamePrior): OutcomeProbabilities;
}

/**
 * The probability an American-odds line implies, margin included: +130 pays 130 on 100 staked
 * (100 / 230), -150 needs 150 to win 100 (150 / 250).
 */
export function impliedProbability(americanOdds: number): number {
  if (!Number.isFinite(americanOdds) || Math.abs(americanOdds) < 100) {
    throw new Error(`American odds must be finite with |odds| >= 100, got ${americanOdds}`);
  }
  return americanOdds > 0 ? 100 / (americanOdds + 100) : -americanOdds / (-americanOdds + 100);
}

/**
 * The home team's probability from a two-way moneyline with the bookmaker's margin removed by
 * normalising: p_home / (p_home + p_away). Both implied probabilities carry the margin, and
 * proportional removal is the simplest rule that keeps their ratio, which is all the two prices
 * say. In soccer the two prices leave out the draw; the same ratio is then the home team's share
 * of the decisive results, and the soccer model reads it that way. (This is also how
 * `home_ml_prob_novig` in the shared NFL data is computed.)
 */
export function noVigHomeProbability(homeMoneyline: number, awayMoneyline: number): number {
  const home = impliedProbability(homeMoneyline);
  const away = impliedProbability(awayMoneyline);
  return home / (home + away);
}

/** The no-vig home probability when both moneylines are usable; undefined otherwise. */
export function moneylineHomeProbability(prior: PregamePrior): number | undefined {
  const { homeMoneyline: h, awayMoneyline: a } = prior;
  if (h === undefined || a === undefined) return undefined;
  if (!Number.isFinite(h) || !Number.isFinite(a) || Math.abs(h) < 100 || Math.abs(a) < 100) return undefined;
  return noVigHomeProbability(h, a);
}

/** A usable number from the prior, or undefined (NaN and infinities count as absent). */
export function finiteOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The decided result of a game that is over, from its score. */
export function finalResult(
  homeScore: number,
  awayScore: number,
  drawPossible: boolean,
): OutcomeProbabilities {
  if (homeScore > awayScore) return { home: 1, away: 0, draw: 0 };
  if (homeScore < awayScore) return { home: 0, away: 1, draw: 0 };
  return drawPossible ? { home: 0, away: 0, draw: 1 } : { home: 0.5, away: 0.5, draw: 0 };
}

/** A two-way result from the home probability (draw impossible). */
export function twoWay(home: number): OutcomeProbabilities {
  const h = Math.min(1, Math.max(0, home));
  return { home: h, away: 1 - h, draw: 0 };
}

/** The same probabilities seen from the other side: what a model must give the swapped game. */
export function swapSides(p: OutcomeProbabilities): OutcomeProbabilities {
  return { home: p.away, away: p.home, draw: p.draw };
}

/** The prior seen from the other side, for symmetry checks. */
export function swapPrior(prior: PregamePrior): PregamePrior {
  return {
    ...(prior.homeSpread === undefined ? {} : { homeSpread: -prior.homeSpread }),
    ...(prior.total === undefined ? {} : { total: prior.total }),
    ...(prior.awayMoneyline === undefined ? {} : { homeMoneyline: prior.awayMoneyline }),
    ...(prior.homeMoneyline === undefined ? {} : { awayMoneyline: prior.homeMoneyline }),
  };
}

/**
 * A small cache of values derived from a prior (team scoring rates, implied spreads), keyed by
 * the prior's numbers: solving for them takes a root search, while a game asks with the same
 * prior on every play. The last few entries are compared field by field (no allocation on the
 * hot path); older ones sit in a bounded map keyed by a string.
 */
export class PriorCache<V> {
  private readonly recent: { prior: PregamePrior; extra: string; value: V }[] = [];
  private readonly entries = new Map<string, V>();
  private next = 0;
  constructor(
    private readonly capacity = 256,
    private readonly recentSize = 8,
  ) {}

  get(prior: PregamePrior, extra: string, compute: () => V): V {
    for (const e of this.recent) {
      if (
        e.extra === extra &&
        Object.is(e.prior.homeSpread, prior.homeSpread) &&
        Object.is(e.prior.total, prior.total) &&
        Object.is(e.prior.homeMoneyline, prior.homeMoneyline) &&
        Object.is(e.prior.awayMoneyline, prior.awayMoneyline)
      ) {
        return e.value;
      }
    }
    const key = `${prior.homeSpread}|${prior.total}|${prior.homeMoneyline}|${prior.awayMoneyline}|${extra}`;
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute();
      if (this.entries.size >= this.capacity) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, value);
    }
    // A copy of the prior's numbers: the caller may reuse and change its object.
    const entry = {
      prior: {
        homeSpread: prior.homeSpread,
        total: prior.total,
        homeMoneyline: prior.homeMoneyline,
        awayMoneyline: prior.awayMoneyline,
      },
      extra,
      value,
    };
    if (this.recent.length < this.recentSize) this.recent.push(entry);
    else this.recent[this.next] = entry;
    this.next = (this.next + 1) % this.recentSize;
    return value;
  }
}
