/**
 * What every sport parser gets about one competition: the status, the two teams and their
 * scores, already checked. Also the readers shared by the sports with a period clock.
 */
import type { GameState, GameStatus, TeamSide } from '../../core/game-state.js';
import type { GameId } from '../../core/ids.js';
import { parseClockText, periodLength, secondsRemaining } from './clock.js';
import type { EspnLeague, EspnLeagueInfo, PeriodClock } from './leagues.js';
import { asRecord, type EventScope, firstIssue, pathJoin } from './problems.js';
import {
  competitorSchema,
  idLike,
  type RawCompetition,
  type RawCompetitor,
  type RawStatus,
  statusSchema,
} from './schema.js';
import type { EspnStatusInfo, EspnTeam } from './types.js';

export interface ResolvedStatus {
  readonly state: GameStatus;
  readonly period: number | undefined;
  /** ESPN's `clock` in seconds, else its `displayClock` read as a clock. */
  readonly clock: number | undefined;
  readonly displayClock: string | undefined;
  readonly info: EspnStatusInfo;
}

export interface CompetitorSide {
  readonly team: EspnTeam;
  readonly raw: RawCompetitor;
  /** Position in `competitors`, for messages. */
  readonly index: number;
}

export interface CompetitionContext extends EventScope {
  readonly league: EspnLeague;
  readonly leagueInfo: EspnLeagueInfo;
  readonly gameId: GameId;
  /** Path of the competition in the payload, e.g. `events[2].competitions[0]`. */
  readonly path: string;
  readonly competition: RawCompetition;
  readonly status: ResolvedStatus;
  /** Where the status was read, for messages. */
  readonly statusPath: string;
  readonly postseason: boolean;
  readonly home: CompetitorSide;
  readonly away: CompetitorSide;
  readonly homeScore: number;
  readonly awayScore: number;
}

/** What a sport parser returns; null means the event was skipped (the problem is logged). */
export interface SportReading {
  readonly state: GameState;
  readonly espnHomeWinProbability?: number;
}
export type SportParser = (ctx: CompetitionContext) => SportReading | null;

const STATE_ORDER: Readonly<Record<GameStatus, number>> = { pre: 0, in: 1, post: 2 };

function toResolved(status: RawStatus): ResolvedStatus {
  const display = status.displayClock;
  const clock = status.clock ?? (display === undefined ? undefined : (parseClockText(display) ?? undefined));
  return {
    state: status.type.state,
    period: status.period,
    clock,
    displayClock: display,
    info: {
      name: status.type.name ?? null,
      detail: status.type.detail ?? status.type.shortDetail ?? null,
      completed: status.type.completed ?? status.type.state === 'post',
    },
  };
}

/**
 * The competition's status, else the event's. When both are readable and disagree, the one
 * further along (pre < in < post) wins: a game never goes back, so the other one is stale.
 */
export function resolveStatus(
  scope: EventScope,
  args: { competitionStatus: unknown; competitionPath: string; eventStatus: unknown; eventPath: string },
): { status: ResolvedStatus; path: string } | null {
  const compPath = pathJoin(args.competitionPath, 'status');
  const eventPath = pathJoin(args.eventPath, 'status');
  const comp =
    args.competitionStatus === undefined ? undefined : statusSchema.safeParse(args.competitionStatus);
  const event = args.eventStatus === undefined ? undefined : statusSchema.safeParse(args.eventStatus);
  const compOk = comp?.success ? comp.data : undefined;
  const eventOk = event?.success ? event.data : undefined;
  if (compOk && eventOk && compOk.type.state !== eventOk.type.state) {
    const eventAhead = STATE_ORDER[eventOk.type.state] > STATE_ORDER[compOk.type.state];
    const [chosen, chosenPath] = eventAhead ? [eventOk, eventPath] : [compOk, compPath];
    scope.log.degraded(
      pathJoin(compPath, 'type', 'state'),
      `"${compOk.type.state}" disagrees with ${eventPath} "${eventOk.type.state}"; using "${chosen.type.state}"`,
      scope.espnId,
    );
    return { status: toResolved(chosen), path: chosenPath };
  }
  if (compOk) return { status: toResolved(compOk), path: compPath };
  if (comp && !comp.success) {
    const issue = firstIssue(comp.error, compPath);
    if (eventOk) {
      scope.log.degraded(issue.path, `${issue.reason}; using ${eventPath}`, scope.espnId);
      return { status: toResolved(eventOk), path: eventPath };
    }
    scope.log.skipped(issue.path, issue.reason, scope.espnId);
    return null;
  }
  if (eventOk) return { status: toResolved(eventOk), path: eventPath };
  if (event && !event.success) {
    const issue = firstIssue(event.error, eventPath);
    scope.log.skipped(issue.path, issue.reason, scope.espnId);
  } else {
    scope.log.skipped(compPath, 'missing (no status on the competition or the event)', scope.espnId);
  }
  return null;
}

function teamOf(raw: RawCompetitor): EspnTeam {
  const t = raw.team;
  const abbreviation = t.abbreviation ?? t.shortDisplayName ?? t.name ?? t.id;
  const team = { id: t.id, abbreviation, name: t.displayName ?? t.name ?? abbreviation };
  return t.shortDisplayName ? { ...team, shortName: t.shortDisplayName } : team;
}

/** The home and the away competitor, found by `homeAway` (ESPN's order is not guaranteed). */
export function readCompetitors(
  scope: EventScope,
  competitors: readonly unknown[],
  path: string,
): { home: CompetitorSide; away: CompetitorSide } | null {
  let home: CompetitorSide | undefined;
  let away: CompetitorSide | undefined;
  for (let i = 0; i < competitors.length; i++) {
    const parsed = competitorSchema.safeParse(competitors[i]);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error, pathJoin(path, i));
      scope.log.skipped(issue.path, issue.reason, scope.espnId);
      return null;
    }
    const side = { team: teamOf(parsed.data), raw: parsed.data, index: i };
    if (parsed.data.homeAway === 'home') {
      if (home) return skipHomeAway(scope, path, 'two home competitors');
      home = side;
    } else {
      if (away) return skipHomeAway(scope, path, 'two away competitors');
      away = side;
    }
  }
  if (!home || !away) return skipHomeAway(scope, path, `found ${home ? 'no away' : 'no home'} competitor`);
  if (home.team.id === away.team.id)
    return skipHomeAway(scope, path, `home and away are the same team ${home.team.id}`);
  return { home, away };
}

function skipHomeAway(scope: EventScope, path: string, detail: string): null {
  scope.log.skipped(path, `expected home and away: ${detail}`, scope.espnId);
  return null;
}

/** Which side an ESPN team id (e.g. `situation.possession`) names; reports an unknown id. */
export function sideOfTeamId(ctx: CompetitionContext, value: unknown, path: string): TeamSide | null {
  if (value === undefined || value === null || value === '') return null;
  const parsed = idLike.safeParse(value);
  const id = parsed.success ? parsed.data : undefined;
  if (id === ctx.home.team.id) return 'home';
  if (id === ctx.away.team.id) return 'away';
  ctx.log.degraded(path, `team ${JSON.stringify(value)} is neither home nor away; ignored`, ctx.espnId);
  return null;
}

export interface PeriodClockReading {
  readonly period: number;
  readonly clockSeconds: number;
  readonly gameSecondsRemaining: number;
}

/**
 * Period, clock and seconds left for sports with a period clock. Before the game: the start of
 * period 1, whatever ESPN shows (it often says period 0, 0:00). In play: a period >= 1 and a
 * clock within it are required, else the event is skipped. After the game: clock 0 if unknown.
 */
export function readPeriodClock(ctx: CompetitionContext, clock: PeriodClock): PeriodClockReading | null {
  const { status } = ctx;
  if (status.state === 'pre') {
    const full = clock.regulationPeriods * clock.periodSeconds;
    return { period: 1, clockSeconds: clock.periodSeconds, gameSecondsRemaining: full };
  }
  const period = status.period;
  if (period === undefined || period < 1) {
    if (status.state === 'in') {
      ctx.log.skipped(
        pathJoin(ctx.statusPath, 'period'),
        `expected a period >= 1 in play, got ${JSON.stringify(period)}`,
        ctx.espnId,
      );
      return null;
    }
    // Final without a period: regulation ended; the scores are what matter.
    return { period: clock.regulationPeriods, clockSeconds: 0, gameSecondsRemaining: 0 };
  }
  const length = periodLength(clock, period, ctx.postseason);
  let clockSeconds = status.clock;
  if (length === 0) clockSeconds = 0; // untimed overtime
  if (clockSeconds === undefined || clockSeconds < 0 || clockSeconds > length) {
    if (status.state === 'in') {
      const shown = status.clock ?? status.displayClock;
      ctx.log.skipped(
        pathJoin(ctx.statusPath, 'clock'),
        `expected 0-${length} seconds in period ${period}, got ${JSON.stringify(shown)}`,
        ctx.espnId,
      );
      return null;
    }
    clockSeconds = 0;
  }
  const gameSecondsRemaining = secondsRemaining({ clock, period, clockSeconds, postseason: ctx.postseason });
  return { period, clockSeconds, gameSecondsRemaining };
}

/** `situation` as an object, or undefined when missing, `{}` or not an object (reported). */
export function readSituation(ctx: CompetitionContext): Readonly<Record<string, unknown>> | undefined {
  const raw = ctx.competition.situation;
  if (raw === undefined || raw === null) return undefined;
  const situation = asRecord(raw);
  if (!situation) {
    ctx.log.degraded(pathJoin(ctx.path, 'situation'), 'expected an object; ignored', ctx.espnId);
    return undefined;
  }
  return situation;
}
