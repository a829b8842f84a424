/**
 * NFL in-game win probability for the HOME team: a logistic regression on hand-built features
 * of the game state and the pregame spread. The features are computed here, once, for both the
 * live model and the fitting script (scripts/fit-nfl-wp.ts), so the two cannot drift apart.
 *
 * Shape of the model: think of the final margin as today's margin plus a random remainder whose
 * mean comes from the spread (scaled by the share of the game left) and from who has the ball
 * and where, and whose spread grows with the square root of the time left. Dividing by that
 * spread, sigma = sqrt(timeLeftFraction + floor), gives features on one scale; the regression
 * then learns their weights. A few end-game terms (leads beyond a field goal or two scores,
 * field-goal range at the end of a half, the trailing team's timeouts) cover what the smooth
 * shape cannot. Tied overtime has terms of its own. States that are over, or that a kneel-down
 * finishes, are decided by rule rather than by the regression.
 *
 * Pure: no I/O, no clock, no allocation per call.
 */
import type { NflGameState } from '../../core/game-state.js';

/** Feature names, in the order of the coefficient vector. */
export const NFL_WP_FEATURES = [
  'intercept',
  'scoreDiff',
  'scoreDiffRaw',
  'spread',
  'spreadRaw',
  'possession',
  'fieldPosition',
  'redZone',
  'secondDown',
  'thirdDown',
  'fourthDown',
  'distance',
  'fourthDownFieldPosition',
  'extraPointTry',
  'kickoff',
  'endOfHalfPossession',
  'endOfHalfFieldGoalRange',
  'trailingTimeoutsLate',
  'leadOverFieldGoalLate',
  'twoScoreLeadLate',
  'overtimePossession',
  'overtimeFieldPosition',
] as const;

export type NflWpFeature = (typeof NFL_WP_FEATURES)[number];
export const NFL_WP_FEATURE_COUNT = NFL_WP_FEATURES.length;
/** Feature name -> position, so the feature code reads by name. */
const F = Object.fromEntries(NFL_WP_FEATURES.map((name, i) => [name, i])) as Record<NflWpFeature, number>;

/** Fixed shape constants, chosen by the fitting script (not by the regression itself). */
export interface NflWpStructure {
  /** Added to the time left (in seconds) inside sigma, so the last seconds do not divide by ~0. */
  sigmaFloorSeconds: number;
  /** Time scale of the end-of-half decay of a possession's value. */
  endOfHalfSeconds: number;
  /** Time scale of the late-game terms (leads, timeouts). */
  lateGameSeconds: number;
}

export interface NflWpParams {
  model: 'nfl-wp-logistic';
  version: number;
  structure: NflWpStructure;
  /** One coefficient per name in NFL_WP_FEATURES. */
  coefficients: Record<NflWpFeature, number>;
}

export interface NflPregamePrior {
  /** Positive = the home team is favoured by that many points (nflverse `spread_line`). */
  homeSpread: number;
}

/** Live probabilities are kept off 0 and 1: the model is not that sure, and log loss stays finite. */
export const MIN_LIVE_WP = 0.001;
export const MAX_LIVE_WP = 0.999;

const REGULATION_SECONDS = 3600;
const SECONDS_PER_KNEEL_GAP = 40;

/** Probability that a field goal from this spot is good, as a smooth step (~50 % at 55 yards). */
function fieldGoalRange(yardline100: number): number {
  return 1 / (1 + Math.exp((yardline100 - 37) / 5));
}

/**
 * Writes the features of `state` (home perspective) into `out` (length NFL_WP_FEATURE_COUNT).
 * Exported for the fitting script; live code calls nflHomeWinProbability.
 */
export function nflWpFeatures(
  state: NflGameState,
  prior: NflPregamePrior,
  structure: NflWpStructure,
  out: Float64Array,
): void {
  out.fill(0);
  out[F.intercept] = 1;
  const diff = state.homeScore - state.awayScore;
  const side = state.possession === 'home' ? 1 : state.possession === 'away' ? -1 : 0;
  const yl = state.yardline100;
  if (state.quarter >= 5 && diff === 0) {
    // Tied overtime is (modified) sudden death: the next score mostly decides it, so the
    // clock-scaled regulation terms do not apply.
    out[F.spreadRaw] = prior.homeSpread / 10;
    if (side !== 0 && yl !== null) {
      out[F.overtimePossession] = side;
      out[F.overtimeFieldPosition] = (side * (50 - yl)) / 50;
    }
    return;
  }
  // A lead in overtime is a first-possession field goal: the trailing team must score in the
  // time left, with a field goal sending it on, just like trailing late in the fourth quarter.
  const timeLeft = overtimeAwareTimeLeft(state);
  const halfLeft = state.quarter >= 3 ? timeLeft : Math.max(0, timeLeft - 1800);
  const frac = timeLeft / REGULATION_SECONDS;
  const invSigma = 1 / Math.sqrt(frac + structure.sigmaFloorSeconds / REGULATION_SECONDS);
  const late = state.quarter >= 3 ? Math.exp(-timeLeft / structure.lateGameSeconds) : 0;

  out[F.scoreDiff] = diff * invSigma;
  // A time-free part: the pure 1/sigma shape makes late leads too sure.
  out[F.scoreDiffRaw] = diff / 10;
  out[F.spread] = prior.homeSpread * frac * invSigma;
  // Team strength still matters late (and in overtime), more than the shrinking share of play implies.
  out[F.spreadRaw] = prior.homeSpread / 10;

  if (side !== 0 && yl !== null) {
    const scale = side * invSigma;
    const fieldPos = (50 - yl) / 50;
    out[F.possession] = scale;
    out[F.fieldPosition] = scale * fieldPos;
    out[F.redZone] = (scale * Math.max(0, 20 - yl)) / 20;
    if (state.down !== null) {
      const down = state.down;
      out[F.secondDown] = down === 2 ? scale : 0;
      out[F.thirdDown] = down === 3 ? scale : 0;
      out[F.fourthDown] = down === 4 ? scale : 0;
      out[F.distance] = (scale * (Math.min(state.distance ?? 10, 25) - 10)) / 10;
      out[F.fourthDownFieldPosition] = down === 4 ? scale * fieldPos : 0;
      // Near the end of a half only what can be scored in a play or two still counts.
      const endOfHalf = Math.exp(-halfLeft / structure.endOfHalfSeconds);
      out[F.endOfHalfPossession] = scale * endOfHalf;
      out[F.endOfHalfFieldGoalRange] = scale * endOfHalf * fieldGoalRange(yl);
    } else if (yl <= 15) {
      // No down and close to goal: an extra-point or two-point try (untimed, worth about a point).
      out[F.extraPointTry] = scale;
    } else {
      out[F.kickoff] = scale;
    }
  }
  // Timeouts buy time for the team that needs it: the one behind.
  out[F.trailingTimeoutsLate] =
    diff < 0 ? state.homeTimeouts * late : diff > 0 ? -state.awayTimeouts * late : 0;
  out[F.leadOverFieldGoalLate] = late * (diff >= 4 ? 1 : diff <= -4 ? -1 : 0);
  out[F.twoScoreLeadLate] = late * (diff >= 9 ? 1 : diff <= -9 ? -1 : 0);
}

/** Seconds left in regulation, or in the overtime period. */
function overtimeAwareTimeLeft(state: NflGameState): number {
  return state.quarter >= 5 ? state.clockSeconds : Math.max(0, state.gameSecondsRemaining);
}

/**
 * True when the leading team has the ball late in the fourth quarter and can run out the clock
 * with kneel-downs: each snap but the last lets the play clock run, unless the trailing team
 * stops it with a timeout (or the two-minute warning does). In 2016-2020 the leader won every
 * one of the 1,228 such plays.
 */
export function canKneelOut(state: NflGameState): boolean {
  const diff = state.homeScore - state.awayScore;
  const side = state.possession === 'home' ? 1 : state.possession === 'away' ? -1 : 0;
  if (state.quarter !== 4 || state.down === null || diff * side <= 0) return false;
  const timeLeft = Math.max(0, state.gameSecondsRemaining);
  const trailingTimeouts = side > 0 ? state.awayTimeouts : state.homeTimeouts;
  const snapsLeft = 5 - state.down;
  // The two-minute warning stops the clock once more, like a timeout.
  const stoppages = trailingTimeouts + (timeLeft > 120 ? 1 : 0);
  const clockRunoff = (snapsLeft - 1 - stoppages) * SECONDS_PER_KNEEL_GAP + snapsLeft * 2;
  return timeLeft <= clockRunoff;
}

/** True when the state alone shows the game is over (not needed for status 'post'). */
function isDecided(state: NflGameState, diff: number): boolean {
  if (state.status === 'post' || canKneelOut(state)) return true;
  // With the ball still held at 0:00 an untimed down or a try is to come, so it is not over yet.
  // (A timeout logged at 0:00 before such a try has no possession and reads as final: 3 rows in
  // five seasons.)
  if (diff === 0 || state.possession !== null) return false;
  if (state.quarter === 4) return state.gameSecondsRemaining <= 0;
  // Overtime: any touchdown or safety ends it; a 3-point lead can be the first possession's field goal.
  return state.quarter >= 5 && (Math.abs(diff) >= 4 || state.clockSeconds === 0);
}

const scratch = new Float64Array(NFL_WP_FEATURE_COUNT);
let scratchCoefficients: Float64Array | undefined;
let scratchParams: NflWpParams | undefined;

/** The coefficients as an array, cached for the last params object so repeated calls do not allocate. */
function coefficientVector(params: NflWpParams): Float64Array {
  if (scratchParams !== params || !scratchCoefficients) {
    const v = new Float64Array(NFL_WP_FEATURE_COUNT);
    for (let i = 0; i < NFL_WP_FEATURE_COUNT; i++) {
      const c = params.coefficients[NFL_WP_FEATURES[i] as NflWpFeature];
      if (typeof c !== 'number' || !Number.isFinite(c)) {
        throw new Error(`NFL WP params: coefficient "${NFL_WP_FEATURES[i]}" is missing or not a number`);
      }
      v[i] = c;
    }
    scratchCoefficients = v;
    scratchParams = params;
  }
  return scratchCoefficients;
}

/** Linear predictor (log-odds of a home win) for the features in `features`. */
export function nflWpLogit(features: Float64Array, coefficients: Float64Array): number {
  let z = 0;
  for (let i = 0; i < NFL_WP_FEATURE_COUNT; i++) z += (features[i] as number) * (coefficients[i] as number);
  return z;
}

/**
 * The home team's probability of winning, in [MIN_LIVE_WP, MAX_LIVE_WP]; 0.5 for a game that
 * ended tied (ties count half, as in the fitting labels and in 50-50 market settlement).
 */
export function nflHomeWinProbability(
  state: NflGameState,
  prior: NflPregamePrior,
  params: NflWpParams,
): number {
  const diff = state.homeScore - state.awayScore;
  if (isDecided(state, diff)) return diff > 0 ? MAX_LIVE_WP : diff < 0 ? MIN_LIVE_WP : 0.5;
  nflWpFeatures(state, prior, params.structure, scratch);
  const p = 1 / (1 + Math.exp(-nflWpLogit(scratch, coefficientVector(params))));
  return Math.min(MAX_LIVE_WP, Math.max(MIN_LIVE_WP, p));
}
