/**
 * Who plays in the simulated world, as each party names them: ESPN's abbreviation (the world's
 * ESPN serves ESPN's own, LAR and WSH, where the recorded games say LA and WAS), and each
 * venue's code and names for its listings. The names come from a team lookup the world is
 * given (the per-league team tables, or a small table in tests), so the world lists what a
 * real venue would and never invents a team. Pure.
 */
import type { ReplayGame } from '../../feeds/replay/replay-game.js';
import { type SimLeague, simLeagueOf } from '../espn/replay-schedule.js';
import type { KalshiListingTeam } from '../kalshi/listing-types.js';

/** The leagues the world plays: those its ESPN serves. */
export type WorldLeague = SimLeague;

/** A team as Polymarket's Gamma lists it (its `teams[]`, slugs and moneyline outcomes). */
export interface GammaListingTeam {
  /** Gamma's abbreviation, lower case in slugs ("dal"). */
  readonly abbreviation: string;
  /** Gamma's `teams[].name` ("Dallas Cowboys"). */
  readonly name: string;
  /** The name a US moneyline's outcome gives it: the nickname ("Cowboys"). */
  readonly outcome: string;
  /** Gamma's `alias`; the name when absent. */
  readonly alias?: string;
}

export interface WorldTeam {
  /** ESPN's abbreviation, as its scoreboard shows it ("LAR", "WSH"). */
  readonly espnAbbreviation: string;
  readonly kalshi: KalshiListingTeam;
  readonly gamma: GammaListingTeam;
}

/**
 * The team a feed code (the recorded game's, or ESPN's) stands for in a league, with each
 * venue's code and names; undefined when the tables do not know it.
 */
export type WorldTeamLookup = (league: WorldLeague, team: string) => WorldTeam | undefined;

export interface WorldGameTeams {
  readonly league: WorldLeague;
  readonly home: WorldTeam;
  readonly away: WorldTeam;
}

/** A game the world cannot play as given: a team the lookup does not know. */
export class WorldSetupError extends Error {
  override readonly name = 'WorldSetupError';
}

/** Both teams of a recorded game, or a WorldSetupError naming the game and the team. */
export function worldGameTeams(game: ReplayGame, lookup: WorldTeamLookup): WorldGameTeams {
  const league = simLeagueOf(game);
  const find = (code: string, side: 'home' | 'away') => {
    const team = lookup(league, code);
    if (!team)
      throw new WorldSetupError(
        `game ${game.info.gameId}: no ${league.toUpperCase()} team "${code}" (${side}) in the team tables`,
      );
    return team;
  };
  return { league, home: find(game.info.homeTeam, 'home'), away: find(game.info.awayTeam, 'away') };
}

/** The game as the world's ESPN shows it: its teams under ESPN's own abbreviations. */
export function withEspnAbbreviations<G extends ReplayGame>(game: G, teams: WorldGameTeams): G {
  const { homeTeam, awayTeam } = game.info;
  const home = teams.home.espnAbbreviation;
  const away = teams.away.espnAbbreviation;
  if (home === homeTeam && away === awayTeam) return game;
  return { ...game, info: { ...game.info, homeTeam: home, awayTeam: away } };
}
