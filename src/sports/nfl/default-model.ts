/** The NFL win-probability model with its committed fitted parameters, as the pipeline calls it. */
import type { NflGameState } from '../../core/game-state.js';
import { DEFAULT_NFL_WP_PARAMS } from './default-params.js';
import { nflHomeWinProbability } from './win-probability.js';

/** Home win probability from a state and the pregame spread (positive = home favoured). */
export function defaultNflModel(): (state: NflGameState, homeSpread: number) => number {
  return (state, homeSpread) => nflHomeWinProbability(state, { homeSpread }, DEFAULT_NFL_WP_PARAMS);
}
