/**
 * NHL: period and clock. Regular-season overtime is 5 minutes and period 5 is the shootout
 * (untimed); playoff overtimes are full 20-minute periods. ESPN's site scoreboard carries no
 * power-play field we could verify on real data, so `powerPlay` stays unset (not "even").
 */
import type { HockeyGameState } from '../../core/game-state.js';
import { type CompetitionContext, readPeriodClock, type SportReading } from './context.js';

const SHOOTOUT_PERIOD = 5;

export function parseHockey(ctx: CompetitionContext): SportReading | null {
  const clock = ctx.leagueInfo.clock;
  if (!clock) throw new Error(`league ${ctx.league} has no period clock`);
  const shootout =
    !ctx.postseason && ctx.status.state !== 'pre' && (ctx.status.period ?? 0) >= SHOOTOUT_PERIOD;
  const time = shootout
    ? { period: SHOOTOUT_PERIOD, clockSeconds: 0, gameSecondsRemaining: -clock.overtimeSeconds.regular }
    : readPeriodClock(ctx, clock);
  if (!time) return null;
  const state: HockeyGameState = {
    sport: 'nhl',
    gameId: ctx.gameId,
    status: ctx.status.state,
    period: time.period,
    clockSeconds: time.clockSeconds,
    gameSecondsRemaining: time.gameSecondsRemaining,
    homeScore: ctx.homeScore,
    awayScore: ctx.awayScore,
  };
  return { state };
}
