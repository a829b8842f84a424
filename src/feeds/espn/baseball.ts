/**
 * MLB. The inning is `status.period`; the half is only in the status text ("Top 1st",
 * "Bottom 5th" / "Bot 5th", "Mid 5th", "End 5th"). The count and the bases come from
 * `situation{balls, strikes, outs, onFirst, onSecond, onThird}`. A count of 4 balls or 3 strikes
 * is real: ESPN shows the pitch that ended the at-bat until the next batter steps in.
 */
import { z } from 'zod';
import type { BaseballGameState, InningHalf } from '../../core/game-state.js';
import { type CompetitionContext, readSituation, type SportReading } from './context.js';
import { pathJoin, readOptional } from './problems.js';
import { intLike } from './schema.js';

const REGULATION_INNINGS = 9;
const balls = intLike.pipe(z.number().min(0).max(4));
const strikesOrOuts = intLike.pipe(z.number().min(0).max(3));

/** The half of the inning named at the start of ESPN's status detail, or null. */
export function inningHalfFromDetail(detail: string | null): InningHalf | null {
  const m = /^\s*(top|bot|bottom|mid|middle|end)\b/i.exec(detail ?? '');
  switch (m?.[1]?.toLowerCase()) {
    case 'top':
      return 'top';
    case 'bot':
    case 'bottom':
      return 'bottom';
    case 'mid':
    case 'middle':
      return 'middle';
    case 'end':
      return 'end';
    default:
      return null;
  }
}

export function parseBaseball(ctx: CompetitionContext): SportReading | null {
  const { status } = ctx;
  const period = status.period;
  if (status.state === 'in' && (period === undefined || period < 1)) {
    ctx.log.skipped(
      pathJoin(ctx.statusPath, 'period'),
      `expected an inning >= 1 in play, got ${JSON.stringify(period)}`,
      ctx.espnId,
    );
    return null;
  }
  const live = status.state === 'in';
  const situation = live ? readSituation(ctx) : undefined;
  const path = pathJoin(ctx.path, 'situation');
  const read = <T>(key: string, schema: z.ZodType<T>) =>
    readOptional(ctx, situation, key, schema, path) ?? null;
  const state: BaseballGameState = {
    sport: 'mlb',
    gameId: ctx.gameId,
    status: status.state,
    inning: status.state === 'pre' ? 1 : period !== undefined && period >= 1 ? period : REGULATION_INNINGS,
    half: live ? inningHalfFromDetail(status.info.detail) : null,
    homeScore: ctx.homeScore,
    awayScore: ctx.awayScore,
    balls: read('balls', balls),
    strikes: read('strikes', strikesOrOuts),
    outs: read('outs', strikesOrOuts),
    onFirst: read('onFirst', z.boolean()),
    onSecond: read('onSecond', z.boolean()),
    onThird: read('onThird', z.boolean()),
  };
  return { state };
}
