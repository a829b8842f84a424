/**
 * Trading state per scope: `global`, `venue:<name>`, `strategy:<kind>`, `game:<id>`. Each scope is
 * ACTIVE, REDUCING (exits only) or HALTED (nothing). What applies to a signal is the most severe
 * state among the scopes it touches. Every change says why and who made it; a daily-loss halt
 * lifts itself on the next UTC day, every other halt waits for an operator. Pure.
 */
import type { TradingState } from '../core/events.js';

export type ScopeOrigin = 'rule' | 'operator' | 'execution' | 'reconciler';

export interface ScopeState {
  readonly state: TradingState;
  readonly reason: string;
  readonly origin: ScopeOrigin;
  /** For a halt that ends with the day: the UTC day it belongs to. */
  readonly untilDayAfter: string | null;
  /** For a state that lifts at a set time, epoch ms. */
  readonly untilTs: number | null;
}

export interface ScopeChange {
  readonly scope: string;
  readonly state: TradingState;
  readonly reason: string;
}

const SEVERITY: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

export function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

export const scopes = {
  global: 'global',
  venue: (venue: string) => `venue:${venue}`,
  strategy: (kind: string) => `strategy:${kind}`,
  game: (gameId: string) => `game:${gameId}`,
  /** Held by the reconciler: trading waits while the ledger and a venue disagree. */
  reconciliation: 'reconciliation',
} as const;

export class ScopeStates {
  private readonly states = new Map<string, ScopeState>();

  get(scope: string): ScopeState | undefined {
    return this.states.get(scope);
  }

  /** The most severe state among `scopeList`, with the scope that sets it. */
  effective(scopeList: readonly string[]): { state: TradingState; scope: string | null; reason: string } {
    let worst: { state: TradingState; scope: string | null; reason: string } = {
      state: 'ACTIVE',
      scope: null,
      reason: '',
    };
    for (const scope of scopeList) {
      const s = this.states.get(scope);
      if (s && SEVERITY[s.state] > SEVERITY[worst.state]) worst = { state: s.state, scope, reason: s.reason };
    }
    return worst;
  }

  /**
   * Sets a scope's state. Returns the change to announce, or null if nothing changed. A rule or
   * the execution service cannot lift what an operator set.
   */
  set(
    scope: string,
    next: Omit<ScopeState, 'untilDayAfter' | 'untilTs'> & {
      untilDayAfter?: string | null;
      untilTs?: number | null;
    },
  ): ScopeChange | null {
    const current = this.states.get(scope);
    if (
      current &&
      current.origin === 'operator' &&
      next.origin !== 'operator' &&
      SEVERITY[next.state] < SEVERITY[current.state]
    ) {
      return null;
    }
    const state: ScopeState = {
      ...next,
      untilDayAfter: next.untilDayAfter ?? null,
      untilTs: next.untilTs ?? null,
    };
    if (current && current.state === next.state && current.reason === next.reason) {
      this.states.set(scope, { ...current, untilTs: state.untilTs });
      return null;
    }
    if (current && current.state === next.state && SEVERITY[next.state] > 0 && next.origin === 'rule')
      return null;
    if (state.state === 'ACTIVE') this.states.delete(scope);
    else this.states.set(scope, state);
    if (!current && state.state === 'ACTIVE') return null;
    return { scope, state: state.state, reason: state.reason };
  }

  /** Lifts the states whose day or time is over. */
  expire(now: number): ScopeChange[] {
    const today = utcDay(now);
    const out: ScopeChange[] = [];
    for (const [scope, s] of [...this.states.entries()]) {
      if (s.untilDayAfter !== null && s.untilDayAfter < today) {
        this.states.delete(scope);
        out.push({ scope, state: 'ACTIVE', reason: `new trading day ${today}` });
      } else if (s.untilTs !== null && s.untilTs <= now) {
        this.states.delete(scope);
        out.push({ scope, state: 'ACTIVE', reason: `${s.state} period over (${s.reason})` });
      }
    }
    return out;
  }

  entries(): Array<[string, ScopeState]> {
    return [...this.states.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
