/**
 * Portfolio rules that halt trading by themselves (prop-firm style): realized loss in a day (in
 * dollars and as a share of the day's opening equity), drawdown from the equity peak, total loss
 * from the starting bankroll, and consecutive order errors at one venue. Pure: facts in, the
 * scope changes to make out.
 */
import type { Micros } from '../core/money.js';
import type { ScopeChange } from './scopes.js';
import { type ScopeStates, scopes, utcDay } from './scopes.js';

export interface PortfolioRuleLimits {
  readonly maxDailyLoss: Micros;
  /** Realized daily loss as a share of the day's opening equity, 0..1; 0 disables. */
  readonly maxDailyLossPct: number;
  /** Fall of equity from its peak, 0..1; 0 disables. */
  readonly maxDrawdownPct: number;
  /** Fall of equity below the starting bankroll, 0..1; 0 disables. */
  readonly maxTotalLossPct: number;
  readonly startingBankroll: Micros;
  /** Rejected or failed orders in a row at one venue that halt that venue; 0 disables. */
  readonly maxConsecutiveErrors: number;
}

export interface PortfolioFacts {
  readonly now: number;
  readonly dailyRealizedPnl: number;
  readonly dayOpenEquity: number;
  readonly equity: number;
  readonly peakEquity: number;
}

const dollars = (m: number) => (m / 1e6).toFixed(2);
const pct = (x: number) => (x * 100).toFixed(2);

export function applyPortfolioRules(
  states: ScopeStates,
  limits: PortfolioRuleLimits,
  f: PortfolioFacts,
): ScopeChange[] {
  const out: ScopeChange[] = [];
  const push = (c: ScopeChange | null) => {
    if (c) out.push(c);
  };
  const today = utcDay(f.now);
  const loss = -f.dailyRealizedPnl;
  if (limits.maxDailyLoss > 0 && loss >= limits.maxDailyLoss) {
    push(
      states.set(scopes.global, {
        state: 'HALTED',
        reason: `daily loss ${dollars(loss)} reached MAX_DAILY_LOSS ${dollars(limits.maxDailyLoss)}`,
        origin: 'rule',
        untilDayAfter: today,
      }),
    );
  } else if (
    limits.maxDailyLossPct > 0 &&
    f.dayOpenEquity > 0 &&
    loss >= f.dayOpenEquity * limits.maxDailyLossPct
  ) {
    push(
      states.set(scopes.global, {
        state: 'HALTED',
        reason: `daily loss ${dollars(loss)} is ${pct(loss / f.dayOpenEquity)}% of the day's opening equity (MAX_DAILY_LOSS_PCT ${pct(limits.maxDailyLossPct)}%)`,
        origin: 'rule',
        untilDayAfter: today,
      }),
    );
  }
  const drawdown = f.peakEquity > 0 ? (f.peakEquity - f.equity) / f.peakEquity : 0;
  if (limits.maxDrawdownPct > 0 && drawdown >= limits.maxDrawdownPct) {
    push(
      states.set(scopes.global, {
        state: 'HALTED',
        reason: `drawdown ${pct(drawdown)}% from the peak ${dollars(f.peakEquity)} reached MAX_DRAWDOWN_PCT ${pct(limits.maxDrawdownPct)}%`,
        origin: 'rule',
      }),
    );
  }
  const totalLoss =
    limits.startingBankroll > 0 ? (limits.startingBankroll - f.equity) / limits.startingBankroll : 0;
  if (limits.maxTotalLossPct > 0 && totalLoss >= limits.maxTotalLossPct) {
    push(
      states.set(scopes.global, {
        state: 'HALTED',
        reason: `equity ${dollars(f.equity)} is ${pct(totalLoss)}% below the starting bankroll (MAX_TOTAL_LOSS_PCT ${pct(limits.maxTotalLossPct)}%)`,
        origin: 'rule',
      }),
    );
  }
  return out;
}

export function applyErrorRule(
  states: ScopeStates,
  limits: PortfolioRuleLimits,
  venue: string,
  consecutiveErrors: number,
): ScopeChange[] {
  if (limits.maxConsecutiveErrors <= 0 || consecutiveErrors < limits.maxConsecutiveErrors) return [];
  const change = states.set(scopes.venue(venue), {
    state: 'HALTED',
    reason: `${consecutiveErrors} order errors in a row at ${venue} (MAX_CONSECUTIVE_ERRORS ${limits.maxConsecutiveErrors})`,
    origin: 'rule',
  });
  return change ? [change] : [];
}
