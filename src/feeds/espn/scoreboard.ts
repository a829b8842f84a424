/**
 * Pure parsers of ESPN's scoreboard (`/apis/site/v2/sports/{path}/scoreboard`) and of one event
 * of it. A malformed event is skipped and reported; only a payload that is not a scoreboard (or
 * is another league's) throws, as EspnParseError.
 */
import { buildGame } from './game.js';
import { ESPN_LEAGUES, type EspnLeague, isEspnLeague } from './leagues.js';
import { firstIssue, ProblemLog, pathJoin } from './problems.js';
import { eventSchema, leagueRefSchema, scoreboardSchema } from './schema.js';
import { type EspnGame, EspnParseError, type EspnParseResult } from './types.js';

export function parseScoreboard(json: unknown, league: EspnLeague): EspnParseResult {
  checkLeagueArgument(league, 'not an ESPN scoreboard');
  const parsed = scoreboardSchema.safeParse(json);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, '');
    throw new EspnParseError({ what: 'not an ESPN scoreboard', path: issue.path, reason: issue.reason });
  }
  const slug = leagueRefSchema.safeParse(parsed.data.leagues?.[0]);
  if (slug.success) checkSlug(slug.data.slug, league, 'leagues[0].slug', 'scoreboard');

  const log = new ProblemLog();
  const games: EspnGame[] = [];
  const seen = new Set<string>();
  parsed.data.events.forEach((event, i) => {
    const game = parseEventAt({ event, path: pathJoin('events', i), league, log });
    if (!game) return;
    if (seen.has(game.espnId)) {
      log.skipped(
        pathJoin('events', i, 'id'),
        `duplicate event ${game.espnId}; the first one is kept`,
        game.espnId,
      );
      return;
    }
    seen.add(game.espnId);
    games.push(game);
  });
  return { games, problems: log.problems };
}

/** One element of a scoreboard's `events` on its own (as saved by some clients). */
export function parseScoreboardEvent(json: unknown, league: EspnLeague): EspnParseResult {
  checkLeagueArgument(league, 'not an ESPN event');
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, '');
    throw new EspnParseError({ what: 'not an ESPN event', path: issue.path, reason: issue.reason });
  }
  const log = new ProblemLog();
  const game = parseEventAt({ event: json, path: '', league, log });
  return { games: game ? [game] : [], problems: log.problems };
}

function parseEventAt(args: {
  event: unknown;
  path: string;
  league: EspnLeague;
  log: ProblemLog;
}): EspnGame | null {
  const parsed = eventSchema.safeParse(args.event);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error, args.path);
    args.log.skipped(issue.path, issue.reason, readableId(args.event));
    return null;
  }
  const event = parsed.data;
  return buildGame({
    log: args.log,
    league: args.league,
    espnId: event.id,
    competition: event.competitions[0],
    competitionPath: pathJoin(args.path, 'competitions', 0),
    eventStatus: event.status,
    eventDate: event.date,
    eventPath: args.path,
    seasonType: event.season?.type,
    seasonYear: event.season?.year,
    week: event.week,
  });
}

/** The event's id for a problem report, if it is readable at all. */
function readableId(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const id = (event as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export function checkLeagueArgument(league: unknown, what: string): void {
  if (!isEspnLeague(league)) {
    throw new EspnParseError({ what, path: '', reason: `unknown league ${JSON.stringify(league)}` });
  }
}

/** A payload of another league is refused whole: its games would be read with the wrong rules. */
export function checkSlug(slug: string, league: EspnLeague, path: string, what: string): void {
  const expected = ESPN_LEAGUES[league].slug;
  // Case differs between real payloads ("nfl" and "NFL" both occur).
  if (slug.trim().toLowerCase() !== expected) {
    throw new EspnParseError({
      what: `not an ESPN ${league} ${what}`,
      path,
      reason: `payload is for league ${JSON.stringify(slug)}, expected ${JSON.stringify(expected)}`,
    });
  }
}
