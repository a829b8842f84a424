/** The win-probability model of every sport, and one call that picks the right one for a state. */
import type { GameScheduled } from '../core/events.js';
import type {
  BaseballGameState,
  BasketballGameState,
  GameState,
  HockeyGameState,
  NcaafGameState,
  NflGameState,
  SoccerGameState,
} from '../core/game-state.js';
import type { Sport } from '../core/instruments.js';
import { type BaseballModelOptions, createBaseballModel } from './baseball/model.js';
import { type BasketballModelOptions, createBasketballModel } from './basketball/model.js';
import { createFootballRandomWalkModel, NCAAF } from './football/random-walk.js';
import { createHockeyModel, type HockeyModelOptions } from './hockey/model.js';
import type { OutcomeProbabilities, PregamePrior, WinProbabilityModel } from './model.js';
import { createNflModel, type NflModelOptions } from './nfl/model.js';
import { createSoccerModel, type SoccerModelOptions } from './soccer/model.js';

export interface WinProbabilityModels {
  readonly nfl: WinProbabilityModel<NflGameState>;
  readonly ncaaf: WinProbabilityModel<NcaafGameState>;
  readonly nba: WinProbabilityModel<BasketballGameState>;
  readonly ncaamb: WinProbabilityModel<BasketballGameState>;
  readonly nhl: WinProbabilityModel<HockeyGameState>;
  readonly mlb: WinProbabilityModel<BaseballGameState>;
  readonly soccer: WinProbabilityModel<SoccerGameState>;
}

export interface ModelOptions {
  readonly nfl?: NflModelOptions;
  readonly basketball?: BasketballModelOptions;
  readonly hockey?: HockeyModelOptions;
  readonly baseball?: BaseballModelOptions;
  readonly soccer?: SoccerModelOptions;
}

export function createWinProbabilityModels(options: ModelOptions = {}): WinProbabilityModels {
  const basketball = createBasketballModel(options.basketball);
  return {
    nfl: createNflModel(options.nfl),
    ncaaf: createFootballRandomWalkModel(NCAAF, 'ncaaf-random-walk'),
    nba: basketball,
    ncaamb: basketball,
    nhl: createHockeyModel(options.hockey),
    mlb: createBaseballModel(options.baseball),
    soccer: createSoccerModel(options.soccer),
  };
}

/** The probabilities of `state`'s result from the model of its sport. */
export function outcomeProbabilities(
  models: WinProbabilityModels,
  state: GameState,
  prior: PregamePrior,
): OutcomeProbabilities {
  switch (state.sport) {
    case 'nfl':
      return models.nfl.probabilities(state, prior);
    case 'ncaaf':
      return models.ncaaf.probabilities(state, prior);
    case 'nba':
      return models.nba.probabilities(state, prior);
    case 'ncaamb':
      return models.ncaamb.probabilities(state, prior);
    case 'nhl':
      return models.nhl.probabilities(state, prior);
    case 'mlb':
      return models.mlb.probabilities(state, prior);
    case 'soccer':
      return models.soccer.probabilities(state, prior);
  }
}

/** Every sport, in a fixed order (reports, benchmarks). */
export const MODEL_SPORTS: readonly Sport[] = ['nfl', 'ncaaf', 'nba', 'ncaamb', 'nhl', 'mlb', 'soccer'];

/** The pregame line a GameScheduled carries, as the models take it. */
export function pregamePriorOf(
  info: Pick<GameScheduled, 'homeSpread' | 'total' | 'homeMoneyline' | 'awayMoneyline'>,
): PregamePrior {
  return {
    homeSpread: info.homeSpread,
    ...(info.total === undefined ? {} : { total: info.total }),
    ...(info.homeMoneyline === undefined ? {} : { homeMoneyline: info.homeMoneyline }),
    ...(info.awayMoneyline === undefined ? {} : { awayMoneyline: info.awayMoneyline }),
  };
}
