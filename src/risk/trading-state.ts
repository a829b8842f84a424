/**
 * Trading state per scope (global, venue, strategy, game): ACTIVE, REDUCING or HALTED. A breach
 * halts automatically and says why; a new trading day lifts a daily-loss halt. Pure.
 */
import type { TradingState } from '../core/events.js';
import type { Micros } from '../core/money.js';

export interface ScopeState {
  readonly state: TradingState;
  readonly reason: string;
  /** The UTC day (YYYY-MM-DD) a daily-loss halt belongs to. */
  readonly haltDay: string | null;
}

export interface StateChange {
  readonly scope: string;
  readonly state: TradingState;
  readonly reason: string;
}

export function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

export const ACTIVE: ScopeState = { state: 'ACTIVE', reason: 'start', haltDay: null };

/**
 * Decides the global state from the day's realized P&L. Returns the new state and the change to
 * announce, if any.
 */
export function nextGlobalState(opts: {
  readonly current: ScopeState;
  readonly now: number;
  readonly dailyRealizedPnl: Micros;
  readonly maxDailyLoss: Micros;
}): { state: ScopeState; change: StateChange | null } {
  const { current, now, dailyRealizedPnl, maxDailyLoss } = opts;
  const today = utcDay(now);
  if (current.state === 'HALTED' && current.haltDay !== null && current.haltDay !== today) {
    const state: ScopeState = { state: 'ACTIVE', reason: `new trading day ${today}`, haltDay: null };
    return { state, change: { scope: 'global', state: 'ACTIVE', reason: state.reason } };
  }
  if (current.state !== 'HALTED' && maxDailyLoss > 0 && dailyRealizedPnl <= -maxDailyLoss) {
    const reason = `daily loss ${(-dailyRealizedPnl / 1e6).toFixed(2)} reached MAX_DAILY_LOSS ${(maxDailyLoss / 1e6).toFixed(2)}`;
    const state: ScopeState = { state: 'HALTED', reason, haltDay: today };
    return { state, change: { scope: 'global', state: 'HALTED', reason } };
  }
  return { state: current, change: null };
}
