/**
 * Soccer (Premier League, MLS, Champions League). The clock counts up: `status.clock` is seconds
 * played and `displayClock` the minute as shown, "67'" or "90'+3'" in stoppage time. Red cards
 * are entries of `competitions[0].details` with `redCard: true` and the carded team's id.
 */
import type { SoccerGameState, TeamSide } from '../../core/game-state.js';
import { type CompetitionContext, type SportReading, sideOfTeamId } from './context.js';
import { soccerLeagueOf } from './leagues.js';
import { asRecord, pathJoin } from './problems.js';

const FULL_TIME_MINUTE = 90;

/** "67'" -> {minute 67, stoppage null}; "90'+3'" -> {90, 3}; "45+2" -> {45, 2}; else null. */
export function parseMatchMinute(display: string): { minute: number; stoppage: number | null } | null {
  const m = /^\s*(\d{1,3})'?\s*(?:\+\s*(\d{1,2})'?)?\s*$/.exec(display);
  if (!m) return null;
  return { minute: Number(m[1]), stoppage: m[2] === undefined ? null : Number(m[2]) };
}

export function parseSoccer(ctx: CompetitionContext): SportReading | null {
  const league = soccerLeagueOf(ctx.league);
  if (!league) throw new Error(`league ${ctx.league} is not a soccer league`);
  const { status } = ctx;
  const shown = status.displayClock === undefined ? null : parseMatchMinute(status.displayClock);
  let period = status.period ?? 0;
  let clockSeconds = status.clock;
  let minute = shown?.minute;
  if (status.state === 'pre') {
    period = 1;
    clockSeconds = 0;
    minute = 0;
  } else if (status.state === 'in') {
    if (period < 1) {
      ctx.log.skipped(
        pathJoin(ctx.statusPath, 'period'),
        `expected a period >= 1 in play, got ${JSON.stringify(status.period)}`,
        ctx.espnId,
      );
      return null;
    }
    if ((clockSeconds === undefined || clockSeconds < 0) && minute === undefined) {
      ctx.log.skipped(
        pathJoin(ctx.statusPath, 'clock'),
        "expected the seconds played or a minute like 67'",
        ctx.espnId,
      );
      return null;
    }
  }
  // The minute shown is the one being played (66:10 played reads 67'); at half time, 45.
  minute ??=
    status.state === 'in' && clockSeconds !== undefined
      ? Math.max(1, Math.ceil(clockSeconds / 60))
      : FULL_TIME_MINUTE;
  if (clockSeconds === undefined || clockSeconds < 0) clockSeconds = (minute + (shown?.stoppage ?? 0)) * 60;
  const reds = status.state === 'pre' ? { home: 0, away: 0 } : countRedCards(ctx);
  const state: SoccerGameState = {
    sport: 'soccer',
    league,
    gameId: ctx.gameId,
    status: status.state,
    period: Math.max(1, period),
    minute,
    stoppageMinute: status.state === 'pre' ? null : (shown?.stoppage ?? null),
    clockSeconds,
    homeScore: ctx.homeScore,
    awayScore: ctx.awayScore,
    ...(reds ? { homeRedCards: reds.home, awayRedCards: reds.away } : {}),
  };
  return { state };
}

/** Red cards per side from `details`; undefined when the payload has no list of match events. */
function countRedCards(ctx: CompetitionContext): { home: number; away: number } | undefined {
  const details = ctx.competition.details;
  const path = pathJoin(ctx.path, 'details');
  if (details === undefined || details === null) return undefined;
  if (!Array.isArray(details)) {
    ctx.log.degraded(path, 'expected an array of match events; red cards unknown', ctx.espnId);
    return undefined;
  }
  const count: Record<TeamSide, number> = { home: 0, away: 0 };
  for (let i = 0; i < details.length; i++) {
    const entry = asRecord(details[i]);
    if (entry?.redCard !== true) continue;
    const teamId = asRecord(entry.team)?.id;
    const idPath = pathJoin(path, i, 'team', 'id');
    if (teamId === undefined || teamId === null) {
      ctx.log.degraded(idPath, 'red card without a team; not counted', ctx.espnId);
      continue;
    }
    const side = sideOfTeamId(ctx, teamId, idPath);
    if (side) count[side] += 1;
  }
  return count;
}
