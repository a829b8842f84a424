/**
 * A simulated market maker for one binary instrument. It holds its own belief about the game,
 * different from ours: a normal random-walk model of the final margin (score difference, the
 * spread's remaining share, possession) that ignores down, distance and field position, seen
 * through persistent noise. It quotes a spread around that belief with a few levels of depth.
 * Everything it makes is simulated and labelled so.
 */
import type { Level } from '../core/events.js';
import type { NflGameState } from '../core/game-state.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../core/money.js';
import { SeededRandom } from './random.js';

export interface MarketMakerProfile {
  /** Label shown in output, e.g. "kalshi-like (simulated)". */
  readonly label: string;
  /** How long after a play the maker pulls its quotes back to a wide, thin book, ms. */
  readonly pullMs: number;
  /** How long after a play the maker re-prices, ms. */
  readonly lagMs: number;
  /** Standard deviation of its own belief error, in log-odds, on top of the market's shared error. */
  readonly noiseLogit: number;
  /** How much of yesterday's error persists at each re-price (AR(1) coefficient). */
  readonly noisePersistence: number;
  /** Half the quoted spread, micro-dollars, before widening. */
  readonly halfSpread: Micros;
  readonly tick: Micros;
  readonly levels: number;
  /** Contracts per level, centi-contracts, before variation. */
  readonly levelQty: Centis;
}

export const KALSHI_LIKE: MarketMakerProfile = {
  label: 'kalshi-like market maker (simulated)',
  pullMs: 400,
  lagMs: 3_000,
  noiseLogit: 0.04,
  noisePersistence: 0.8,
  halfSpread: 15_000 as Micros,
  tick: 10_000 as Micros,
  levels: 4,
  levelQty: 25_000 as Centis,
};

export const POLYMARKET_LIKE: MarketMakerProfile = {
  label: 'polymarket-like market maker (simulated)',
  pullMs: 700,
  lagMs: 5_000,
  noiseLogit: 0.05,
  noisePersistence: 0.85,
  halfSpread: 10_000 as Micros,
  tick: 10_000 as Micros,
  levels: 5,
  levelQty: 15_000 as Centis,
};

/** Standard deviation of an NFL game's final margin around the spread, points. */
const MARGIN_SD = 13.45;
const GAME_SECONDS = 3600;

function normalCdf(x: number): number {
  // Abramowitz-Stegun 7.1.26 on erf; accurate to ~1e-7, plenty for a simulated belief.
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** The maker's own home-win estimate: final margin ~ N(lead + spread x time left, sd^2 x time left). */
export function makerHomeWinBelief(state: NflGameState, homeSpread: number): number {
  const lead = state.homeScore - state.awayScore;
  const secondsLeft = Math.max(state.gameSecondsRemaining, 0);
  const share = secondsLeft / GAME_SECONDS;
  const possession = state.possession === 'home' ? 1.5 : state.possession === 'away' ? -1.5 : 0;
  const overtime = state.gameSecondsRemaining <= 0 && lead === 0;
  // Overtime: a coin flip tilted by possession. Regulation over: the leader has it.
  if (overtime) return state.possession === 'home' ? 0.6 : state.possession === 'away' ? 0.4 : 0.5;
  if (secondsLeft === 0) return lead > 0 ? 0.999 : lead < 0 ? 0.001 : 0.5;
  const mean = lead + homeSpread * share + possession * Math.min(1, share * 8);
  const sd = MARGIN_SD * Math.sqrt(Math.max(share, 1 / 360));
  return normalCdf(mean / sd);
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The market's shared belief error about one game, in log-odds: an AR(1) process stepped once
 * per play, common to every maker quoting that game.
 */
export class SharedMarketError {
  private readonly rng: SeededRandom;
  value = 0;
  constructor(
    seed: number,
    private readonly sd = 0.25,
    private readonly persistence = 0.8,
  ) {
    this.rng = new SeededRandom(seed);
  }
  step(): number {
    const rho = this.persistence;
    this.value = rho * this.value + Math.sqrt(1 - rho * rho) * this.sd * this.rng.normal();
    return this.value;
  }
}
const expit = (x: number) => 1 / (1 + Math.exp(-x));

export interface Quote {
  readonly bids: Level[];
  readonly asks: Level[];
  readonly belief: number;
}

export class SimulatedMarketMaker {
  private readonly rng: SeededRandom;
  private error = 0;

  constructor(
    readonly profile: MarketMakerProfile,
    seed: number,
  ) {
    this.rng = new SeededRandom(seed);
  }

  /**
   * Moves the maker's own belief error one step and quotes around its belief plus the market's
   * shared error (makers on different venues watch each other, so most of their error is common).
   */
  reprice(modelBelief: number, sharedErrorLogit = 0): Quote {
    const { noisePersistence: rho, noiseLogit } = this.profile;
    this.error = rho * this.error + Math.sqrt(1 - rho * rho) * noiseLogit * this.rng.normal();
    const clamped = Math.min(0.995, Math.max(0.005, modelBelief));
    return this.quote(expit(logit(clamped) + sharedErrorLogit + this.error));
  }

  /** A defensive book while the maker digests a play: the last belief, far wider and thinner. */
  pulled(last: Quote): Quote {
    return this.quote(last.belief, 5, 0.2);
  }

  /** Quotes around `belief` without moving the error: a refresh of the same view. */
  quote(belief: number, spreadScale = 1, sizeScale = 1): Quote {
    const { tick, levels } = this.profile;
    const halfSpread = this.profile.halfSpread * spreadScale;
    const levelQty = this.profile.levelQty * sizeScale;
    const mid = belief * ONE_DOLLAR;
    // Wider when the outcome is most uncertain, as real makers do.
    const half = halfSpread * (0.75 + belief * (1 - belief));
    const minPrice = tick;
    const maxPrice = ONE_DOLLAR - tick;
    const bestBid = Math.min(maxPrice - tick, Math.max(minPrice, Math.floor((mid - half) / tick) * tick));
    const bestAsk = Math.max(bestBid + tick, Math.min(maxPrice, Math.ceil((mid + half) / tick) * tick));
    const bids: Level[] = [];
    const asks: Level[] = [];
    for (let i = 0; i < levels; i++) {
      const size = Math.round((levelQty * (1 + i * 0.5) * (0.7 + 0.6 * this.rng.next())) / 100) * 100;
      const bid = bestBid - i * tick;
      const ask = bestAsk + i * tick;
      if (bid >= minPrice) bids.push({ price: bid as Micros, qty: size as Centis });
      if (ask <= maxPrice) asks.push({ price: ask as Micros, qty: size as Centis });
    }
    return { bids, asks, belief };
  }
}
