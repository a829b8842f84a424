/**
 * The fitted NFL model (win-probability.ts, parameters in wp-params.json) behind the common
 * WinProbabilityModel interface. Its numbers are the pipeline's: for a prior with a spread the
 * home probability is exactly nflHomeWinProbability's.
 */
import type { NflGameState } from '../../core/game-state.js';
import {
  finiteOrUndefined,
  moneylineHomeProbability,
  type PregamePrior,
  twoWay,
  type WinProbabilityModel,
} from '../model.js';
import { DEFAULT_NFL_WP_PARAMS } from './default-params.js';
import { type NflWpParams, nflHomeWinProbability } from './win-probability.js';
import fitted from './wp-params.json' with { type: 'json' };

/** Spreads beyond this are not seen in the NFL; a moneyline of +5000 must not become 60 points. */
const MAX_IMPLIED_SPREAD = 28;

export interface NflModelOptions {
  readonly params?: NflWpParams;
  /**
   * The pregame logistic P(home win) = 1 / (1 + exp(-(intercept + slope * spread))), used to
   * turn a moneyline into the spread that implies the same probability when no spread is given.
   * Default: the spread-only baseline fitted with the model (wp-params.json, 2016-2019).
   */
  readonly spreadLogistic?: { readonly intercept: number; readonly slope: number };
}

/**
 * Home spread from the prior: the spread itself; else the spread whose pregame probability
 * equals the no-vig moneyline probability; else 0 (a pick'em).
 */
export function nflHomeSpread(
  prior: PregamePrior,
  logistic: { readonly intercept: number; readonly slope: number },
): number {
  const spread = finiteOrUndefined(prior.homeSpread);
  if (spread !== undefined) return spread;
  const p = moneylineHomeProbability(prior);
  if (p === undefined) return 0;
  const implied = (Math.log(p / (1 - p)) - logistic.intercept) / logistic.slope;
  return Math.max(-MAX_IMPLIED_SPREAD, Math.min(MAX_IMPLIED_SPREAD, implied));
}

/**
 * Ties are possible in the NFL but rare (about 1 game in 400); the fitted model counts a tie as
 * half a win, so `draw` is 0 and the halves sit in `home` and `away`.
 */
export function createNflModel(options: NflModelOptions = {}): WinProbabilityModel<NflGameState> {
  const params = options.params ?? DEFAULT_NFL_WP_PARAMS;
  const logistic = options.spreadLogistic ?? fitted.fit.spreadOnlyBaseline;
  return {
    name: 'nfl-logistic',
    probabilities(state, prior) {
      return twoWay(nflHomeWinProbability(state, { homeSpread: nflHomeSpread(prior, logistic) }, params));
    },
  };
}
