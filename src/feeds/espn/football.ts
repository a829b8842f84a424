/**
 * NFL and college football from a scoreboard competition's `situation`:
 * `{down, distance, yardLine, possession (team id), possessionText ("ATL 20"), downDistanceText,
 * isRedZone, homeTimeouts, awayTimeouts, lastPlay{id, probability{homeWinPercentage}}}`.
 *
 * ESPN's `yardLine` counts from the HOME team's goal line (0-100), whoever has the ball: in the
 * 2022-11-20 scoreboard PHI (away) "at IND 2" has yardLine 2 and DET (away) "at DET 17" has 83,
 * while ATL (home) "at ATL 20" has 20. So for the team in possession, yards to go to the end zone
 * it attacks are 100 - yardLine when home has the ball and yardLine when away has it.
 */

import { z } from 'zod';
import type { FootballGameState, TeamSide } from '../../core/game-state.js';
import {
  type CompetitionContext,
  readPeriodClock,
  readSituation,
  type SportReading,
  sideOfTeamId,
} from './context.js';
import { asRecord, pathJoin, readOptional } from './problems.js';
import { idLike, intLike, numberLike } from './schema.js';

const MAX_TIMEOUTS = 3;
const timeouts = intLike.pipe(z.number().min(0).max(MAX_TIMEOUTS));
const probability = numberLike.pipe(z.number().min(0).max(1));
// Built once: zod schemas are costly to build, and a poller parses thousands of payloads.
const distanceSchema = intLike.pipe(z.number().min(0).max(99));
const yardLineSchema = numberLike.pipe(z.number().int().min(0).max(100));
const textSchema = z.string();

/** "ATL 20" -> {team: 'ATL', yards: 20}; "50" (midfield) -> {team: null, yards: 50}. */
export function parseFieldPosition(text: string): { team: string | null; yards: number } | null {
  const m = /^\s*(?:([A-Za-z&.'-]+)\s+)?(\d{1,2})\s*$/.exec(text);
  if (!m) return null;
  const yards = Number(m[2]);
  if (yards < 0 || yards > 50) return null;
  return { team: m[1]?.toUpperCase() ?? null, yards };
}

/** Yards from the end zone the team in possession attacks, from ESPN's home-based yardLine. */
export function yardline100FromHomeYardLine(yardLine: number, possession: TeamSide): number {
  return possession === 'home' ? 100 - yardLine : yardLine;
}

/**
 * ESPN play ids are the event id followed by the play's sequence number ("4014378451157" is
 * play 1157 of event 401437845), which orders the plays of a game. 0 when that does not hold.
 */
export function playSeqFromPlayId(playId: string | undefined, espnId: string): number {
  if (playId === undefined || !playId.startsWith(espnId)) return 0;
  const rest = playId.slice(espnId.length);
  return /^\d{1,9}$/.test(rest) ? Number(rest) : 0;
}

export function parseFootball(ctx: CompetitionContext): SportReading | null {
  const clock = ctx.leagueInfo.clock;
  if (!clock) throw new Error(`league ${ctx.league} has no period clock`);
  const time = readPeriodClock(ctx, clock);
  if (!time) return null;
  const sport = ctx.leagueInfo.sport === 'ncaaf' ? 'ncaaf' : 'nfl';
  const base = {
    gameId: ctx.gameId,
    status: ctx.status.state,
    quarter: time.period,
    // NflGameState counts whole seconds, like the play-by-play data the NFL model was fitted on.
    clockSeconds: Math.round(time.clockSeconds),
    gameSecondsRemaining: Math.round(time.gameSecondsRemaining),
    homeScore: ctx.homeScore,
    awayScore: ctx.awayScore,
  };
  const situation = ctx.status.state === 'pre' ? undefined : readSituation(ctx);
  const path = pathJoin(ctx.path, 'situation');
  const read = <T>(key: string, schema: z.ZodType<T>) => readOptional(ctx, situation, key, schema, path);

  const possession =
    ctx.status.state === 'in' ? sideOfTeamId(ctx, situation?.possession, pathJoin(path, 'possession')) : null;
  // ESPN sends down -1 (and yardLine 0) between plays that have no down: kickoffs, extra points.
  const rawDown = ctx.status.state === 'in' ? read('down', intLike) : undefined;
  const down = rawDown !== undefined && rawDown >= 1 && rawDown <= 4 ? rawDown : null;
  if (rawDown !== undefined && rawDown > 4) {
    ctx.log.degraded(
      pathJoin(path, 'down'),
      `expected 1-4 (or -1 for none), got ${rawDown}; ignored`,
      ctx.espnId,
    );
  }
  const rawDistance = down === null ? undefined : read('distance', distanceSchema);
  const distance = rawDistance ?? null;

  const state: FootballGameState = {
    sport,
    ...base,
    possession,
    down,
    distance,
    yardline100: possession ? readYardline100(ctx, situation, possession, path) : null,
    // Unknown timeouts count as all three: the neutral case, and right after each half starts.
    homeTimeouts: read('homeTimeouts', timeouts) ?? MAX_TIMEOUTS,
    awayTimeouts: read('awayTimeouts', timeouts) ?? MAX_TIMEOUTS,
    playSeq: ctx.status.state === 'pre' ? 0 : playSeqFromPlayId(lastPlayId(situation), ctx.espnId),
  };
  const lastPlay = asRecord(situation?.lastPlay);
  const wp = readOptional(
    ctx,
    asRecord(lastPlay?.probability),
    'homeWinPercentage',
    probability,
    pathJoin(path, 'lastPlay', 'probability'),
  );
  return wp === undefined || ctx.status.state !== 'in' ? { state } : { state, espnHomeWinProbability: wp };
}

function lastPlayId(situation: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const parsed = idLike.safeParse(asRecord(situation?.lastPlay)?.id);
  return parsed.success ? parsed.data : undefined;
}

/**
 * yardline100 from `yardLine`, checked against `possessionText` when that names a team. If the
 * two disagree, neither is trusted: the field position is left unknown and the conflict reported.
 */
function readYardline100(
  ctx: CompetitionContext,
  situation: Readonly<Record<string, unknown>> | undefined,
  possession: TeamSide,
  path: string,
): number | null {
  const yardLine = readOptional(ctx, situation, 'yardLine', yardLineSchema, path);
  if (yardLine === undefined) return null;
  const spotText = readOptional(ctx, situation, 'possessionText', textSchema, path);
  const spot = spotText === undefined ? null : parseFieldPosition(spotText);
  if (spot) {
    const home = ctx.home.team.abbreviation.toUpperCase();
    const away = ctx.away.team.abbreviation.toUpperCase();
    // "IND 2" is 2 yards from IND's goal line: yardLine 2 if IND is home, 98 if IND is away.
    let expected: number | undefined;
    if (spot.team === home) expected = spot.yards;
    else if (spot.team === away) expected = 100 - spot.yards;
    else if (spot.team === null && spot.yards === 50) expected = 50;
    if (expected !== undefined && expected !== yardLine) {
      ctx.log.degraded(
        pathJoin(path, 'yardLine'),
        `${yardLine} disagrees with possessionText ${JSON.stringify(spotText)}; field position left unknown`,
        ctx.espnId,
      );
      return null;
    }
  }
  const yl = yardline100FromHomeYardLine(yardLine, possession);
  // 0 and 100 are in an end zone: a score or a safety being recorded, not a spot to play from.
  return yl >= 1 && yl <= 99 ? yl : null;
}
