/** One ESPN competition to an EspnGame: the checks common to every sport, then the sport's parser. */

import { asGameId, type GameId } from '../../core/ids.js';
import type { Sport } from '../../core/instruments.js';
import { parseBaseball } from './baseball.js';
import { parseBasketball } from './basketball.js';
import {
  type CompetitionContext,
  type CompetitorSide,
  readCompetitors,
  resolveStatus,
  type SportParser,
} from './context.js';
import { parseFootball } from './football.js';
import { parseHockey } from './hockey.js';
import { ESPN_LEAGUES, type EspnLeague } from './leagues.js';
import { readOdds } from './odds.js';
import { type EventScope, firstIssue, type ProblemLog, pathJoin } from './problems.js';
import { competitionSchema, isoDate, scoreLike } from './schema.js';
import { parseSoccer } from './soccer.js';
import type { EspnGame } from './types.js';

const SPORT_PARSERS: { readonly [S in Sport]: SportParser } = {
  nfl: parseFootball,
  ncaaf: parseFootball,
  nba: parseBasketball,
  ncaamb: parseBasketball,
  nhl: parseHockey,
  mlb: parseBaseball,
  soccer: parseSoccer,
};

/** ESPN's season.type for the postseason (1 preseason, 2 regular season, 3 postseason). */
const POSTSEASON = 3;

/** Arbees game id of an ESPN event: ESPN ids are only unique within ESPN, so they are prefixed. */
export function espnGameId(league: EspnLeague, espnId: string): GameId {
  return asGameId(`espn:${league}:${espnId}`);
}

export interface BuildGameArgs {
  readonly log: ProblemLog;
  readonly league: EspnLeague;
  readonly espnId: string;
  readonly competition: unknown;
  /** e.g. `events[2].competitions[0]` or `header.competitions[0]`. */
  readonly competitionPath: string;
  /** The event-level status and date, used when the competition lacks its own. */
  readonly eventStatus: unknown;
  readonly eventDate: unknown;
  readonly eventPath: string;
  readonly seasonType: number | undefined;
  readonly seasonYear?: number | undefined;
  readonly week?: number | undefined;
  /** Where to read the lines instead of the competition's `odds` (a summary's `pickcenter`). */
  readonly odds?: { readonly raw: unknown; readonly path: string };
}

/** The game, or null when the competition cannot be used (the reason is in the log). */
export function buildGame(args: BuildGameArgs): EspnGame | null {
  const scope: EventScope = { log: args.log, espnId: args.espnId };
  const path = args.competitionPath;
  const parsed = competitionSchema.safeParse(args.competition);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, path);
    args.log.skipped(issue.path, issue.reason, args.espnId);
    return null;
  }
  const competition = parsed.data;
  const sides = readCompetitors(scope, competition.competitors, pathJoin(path, 'competitors'));
  if (!sides) return null;
  const resolved = resolveStatus(scope, {
    competitionStatus: competition.status,
    competitionPath: path,
    eventStatus: args.eventStatus,
    eventPath: args.eventPath,
  });
  if (!resolved) return null;
  const status = resolved.status;

  const dateRaw = competition.date ?? args.eventDate;
  const datePath = competition.date !== undefined ? pathJoin(path, 'date') : pathJoin(args.eventPath, 'date');
  const date = isoDate.safeParse(dateRaw);
  if (!date.success) {
    const issue = firstIssue(date.error, datePath);
    args.log.skipped(issue.path, dateRaw === undefined ? 'missing start date' : issue.reason, args.espnId);
    return null;
  }

  const scores = readScores(scope, sides, pathJoin(path, 'competitors'), status.state !== 'pre');
  if (!scores) return null;

  const leagueInfo = ESPN_LEAGUES[args.league];
  const ctx: CompetitionContext = {
    ...scope,
    league: args.league,
    leagueInfo,
    gameId: espnGameId(args.league, args.espnId),
    path,
    competition,
    status,
    statusPath: resolved.path,
    postseason: args.seasonType === POSTSEASON,
    home: sides.home,
    away: sides.away,
    homeScore: scores.home,
    awayScore: scores.away,
  };
  const reading = SPORT_PARSERS[leagueInfo.sport](ctx);
  if (!reading) return null;

  const oddsSource = args.odds ?? { raw: competition.odds, path: pathJoin(path, 'odds') };
  const odds = readOdds(scope, oddsSource.raw, oddsSource.path, {
    teams: { home: sides.home.team, away: sides.away.team },
    spreadInDetails: ['nfl', 'ncaaf', 'nba', 'ncaamb'].includes(leagueInfo.sport),
  });
  const game: EspnGame = {
    espnId: args.espnId,
    league: args.league,
    startTs: date.data,
    homeTeam: sides.home.team,
    awayTeam: sides.away.team,
    state: reading.state,
    espnStatus: status.info,
    odds,
    ...(competition.neutralSite === undefined ? {} : { neutralSite: competition.neutralSite }),
    ...(args.seasonYear === undefined ? {} : { seasonYear: args.seasonYear }),
    ...(args.seasonType === undefined ? {} : { seasonType: args.seasonType }),
    ...(args.week === undefined ? {} : { week: args.week }),
  };
  return reading.espnHomeWinProbability === undefined
    ? game
    : { ...game, espnHomeWinProbability: reading.espnHomeWinProbability };
}

/**
 * Both scores. Once a game is on, a score is essential: missing or malformed skips the event.
 * Before it, a missing score is 0 and a malformed one is reported and read as 0.
 */
function readScores(
  scope: EventScope,
  sides: { home: CompetitorSide; away: CompetitorSide },
  competitorsPath: string,
  required: boolean,
): { home: number; away: number } | null {
  const out = { home: 0, away: 0 };
  for (const side of ['home', 'away'] as const) {
    const raw = sides[side].raw.score;
    const where = pathJoin(competitorsPath, sides[side].index, 'score');
    const parsed = scoreLike.safeParse(raw ?? '');
    if (parsed.success && parsed.data !== undefined) {
      out[side] = parsed.data;
      continue;
    }
    const reason = parsed.success ? 'missing' : firstIssue(parsed.error, where).reason;
    if (required) {
      scope.log.skipped(where, `${reason} (a game in play or over needs its score)`, scope.espnId);
      return null;
    }
    if (!parsed.success) scope.log.degraded(where, `${reason}; read as 0 before the game`, scope.espnId);
  }
  return out;
}
