/**
 * A game of the feed as the matcher needs it: its league, both teams with every name the feed
 * gives and the team-table entry they resolve to (if any), the start instant and whether it is
 * played at a neutral site. Built from GameScheduled; older producers (the replay's direct feed)
 * give only `sport` and team abbreviations, and what can be derived from them is. Pure.
 */
import type { GameScheduled } from '../../core/events.js';
import type { GameId } from '../../core/ids.js';
import type { Sport } from '../../core/instruments.js';
import {
  findFeedTeam,
  isLeagueId,
  type LeagueId,
  nameKeys,
  nameKeysOf,
  type TeamEntry,
} from '../teams/index.js';
import { LEAGUE_VENUES } from './leagues.js';

export interface FeedTeam {
  readonly espnId: string | null;
  readonly abbreviation: string;
  readonly name: string | null;
  readonly shortName: string | null;
  /** The team-table entry, when the feed's id, code or names resolve to exactly one. */
  readonly entry: TeamEntry | null;
  /** Normalised names to compare with a venue's when the tables cannot decide. */
  readonly nameKeys: ReadonlySet<string>;
}

export interface FeedGame {
  readonly gameId: GameId;
  readonly league: LeagueId;
  readonly sport: Sport;
  readonly startTs: number;
  readonly home: FeedTeam;
  readonly away: FeedTeam;
  readonly neutralSite: boolean;
  readonly seasonType: 'REG' | 'POST';
}

/** The league of each sport whose sport names one league only. */
const LEAGUE_OF_SPORT: Readonly<Partial<Record<Sport, LeagueId>>> = {
  nfl: 'nfl',
  nba: 'nba',
  nhl: 'nhl',
  mlb: 'mlb',
  ncaaf: 'college-football',
  ncaamb: 'mens-college-basketball',
};

function feedTeam(
  league: LeagueId,
  ref: { espnId: string | null; abbreviation: string; name: string | null; shortName: string | null },
): FeedTeam {
  const names = [ref.name, ref.shortName];
  const found = findFeedTeam(league, { espnId: ref.espnId, abbreviation: ref.abbreviation, names });
  const entry = found.kind === 'found' ? found.team : null;
  const keys = new Set(nameKeys(names));
  if (entry) for (const k of nameKeysOf(entry)) keys.add(k);
  return { ...ref, entry, nameKeys: keys };
}

function refOf(event: GameScheduled, side: 'home' | 'away') {
  const team = event.teams?.[side];
  const abbreviation = team?.abbreviation ?? (side === 'home' ? event.homeTeam : event.awayTeam);
  return {
    espnId: team?.espnId ?? null,
    abbreviation,
    name: team?.name ?? null,
    shortName: team?.shortName ?? null,
  };
}

/**
 * A soccer game without a league: the league whose table holds both teams, if exactly one does
 * (EPL and Champions League share clubs, so an English club alone does not decide).
 */
function soccerLeagueOf(event: GameScheduled): LeagueId | null {
  const fits = (['eng.1', 'usa.1', 'uefa.champions'] as const).filter((league) =>
    (['home', 'away'] as const).every((side) => {
      const ref = refOf(event, side);
      return (
        findFeedTeam(league, {
          espnId: ref.espnId,
          abbreviation: ref.abbreviation,
          names: [ref.name, ref.shortName],
        }).kind === 'found'
      );
    }),
  );
  return fits.length === 1 ? (fits[0] as LeagueId) : null;
}

export type FeedGameResult =
  | { readonly ok: true; readonly game: FeedGame }
  | { readonly ok: false; readonly gameId: GameId; readonly problem: string };

/** The feed game of an announcement, or why it cannot be matched to any listing. */
export function feedGameOf(event: GameScheduled): FeedGameResult {
  let league: LeagueId | null;
  if (event.league !== undefined) {
    if (!isLeagueId(event.league))
      return {
        ok: false,
        gameId: event.gameId,
        problem: `league ${JSON.stringify(event.league)} is not one we match`,
      };
    league = event.league;
  } else {
    league = LEAGUE_OF_SPORT[event.sport] ?? (event.sport === 'soccer' ? soccerLeagueOf(event) : null);
    if (league === null)
      return {
        ok: false,
        gameId: event.gameId,
        problem: `no league given and ${event.sport} teams ${event.awayTeam} at ${event.homeTeam} do not tell one`,
      };
  }
  if (LEAGUE_VENUES[league].sport !== event.sport)
    return {
      ok: false,
      gameId: event.gameId,
      problem: `league ${league} is ${LEAGUE_VENUES[league].sport}, but the game says ${event.sport}`,
    };
  if (!Number.isFinite(event.startTs))
    return { ok: false, gameId: event.gameId, problem: 'the game has no start time' };
  return {
    ok: true,
    game: {
      gameId: event.gameId,
      league,
      sport: event.sport,
      startTs: event.startTs,
      home: feedTeam(league, refOf(event, 'home')),
      away: feedTeam(league, refOf(event, 'away')),
      neutralSite: event.neutralSite ?? false,
      seasonType: event.seasonType,
    },
  };
}
