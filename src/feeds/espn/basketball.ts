/**
 * NBA and men's college basketball. The scoreboard carries period and clock; possession comes
 * from `situation.possession` (a team id) or a competitor's `possession: true` (summaries), and
 * timeouts from `situation.homeTimeouts`/`awayTimeouts` when ESPN sends them. Neither the
 * scoreboard nor the summary carries team fouls in the period, so those stay unset.
 */
import { z } from 'zod';
import type { BasketballGameState, TeamSide } from '../../core/game-state.js';
import {
  type CompetitionContext,
  readPeriodClock,
  readSituation,
  type SportReading,
  sideOfTeamId,
} from './context.js';
import { pathJoin, readOptional } from './problems.js';
import { intLike } from './schema.js';

const timeouts = intLike.pipe(z.number().min(0).max(10));

export function parseBasketball(ctx: CompetitionContext): SportReading | null {
  const clock = ctx.leagueInfo.clock;
  if (!clock) throw new Error(`league ${ctx.league} has no period clock`);
  const time = readPeriodClock(ctx, clock);
  if (!time) return null;
  const live = ctx.status.state === 'in';
  const situation = live ? readSituation(ctx) : undefined;
  const path = pathJoin(ctx.path, 'situation');
  const state: BasketballGameState = {
    sport: ctx.leagueInfo.sport === 'ncaamb' ? 'ncaamb' : 'nba',
    gameId: ctx.gameId,
    status: ctx.status.state,
    period: time.period,
    clockSeconds: time.clockSeconds,
    gameSecondsRemaining: time.gameSecondsRemaining,
    homeScore: ctx.homeScore,
    awayScore: ctx.awayScore,
    possession: live ? readPossession(ctx, situation, path) : null,
    homeTimeouts: readOptional(ctx, situation, 'homeTimeouts', timeouts, path) ?? null,
    awayTimeouts: readOptional(ctx, situation, 'awayTimeouts', timeouts, path) ?? null,
  };
  return { state };
}

function readPossession(
  ctx: CompetitionContext,
  situation: Readonly<Record<string, unknown>> | undefined,
  path: string,
): TeamSide | null {
  const fromSituation = sideOfTeamId(ctx, situation?.possession, pathJoin(path, 'possession'));
  if (fromSituation) return fromSituation;
  const home = ctx.home.raw.possession === true;
  const away = ctx.away.raw.possession === true;
  // Both flagged is a contradiction, not a possession.
  return home && !away ? 'home' : away && !home ? 'away' : null;
}
