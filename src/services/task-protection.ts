/**
 * ECS task scale-in protection for a game shard: while it holds game leases, the shard asks the
 * ECS agent (ECS_AGENT_URI, set in every ECS task) to protect its task, so service auto scaling
 * and deployments do not stop it mid-game; once it holds none, it drops the protection. Failures
 * are logged, never thrown: protection is a courtesy to the scheduler, not a condition to trade.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from './logger.js';

export interface TaskProtection {
  set(enabled: boolean, expiresInMinutes: number): Promise<void>;
}

/** The ECS agent's endpoint: PUT $ECS_AGENT_URI/task-protection/v1/state. */
export function ecsAgentTaskProtection(agentUri: string): TaskProtection {
  return {
    async set(enabled, expiresInMinutes) {
      const response = await fetch(`${agentUri}/task-protection/v1/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          enabled
            ? { ProtectionEnabled: true, ExpiresInMinutes: expiresInMinutes }
            : { ProtectionEnabled: false },
        ),
        signal: AbortSignal.timeout(5_000),
      });
      const text = await response.text();
      // The agent answers 200 with a body holding either "protection" or "failure".
      if (!response.ok || text.includes('"failure"')) {
        throw new Error(`ECS agent refused task protection (${response.status}): ${text.slice(0, 200)}`);
      }
    },
  };
}

export interface ProtectionState {
  /** Until when the agent was last asked to protect the task; null when unprotected. */
  readonly protectedUntilMs: number | null;
}

export type ProtectionAction = 'enable' | 'disable' | 'none';

/**
 * What to ask the agent: protect while games are held, renewing past half the expiry (a shard
 * that dies unrenewed loses its protection by itself), and release once none are held. Pure.
 */
export function nextProtection(
  state: ProtectionState,
  opts: { readonly leasesHeld: number; readonly nowMs: number; readonly expiresInMinutes: number },
): { action: ProtectionAction; state: ProtectionState } {
  const ttlMs = opts.expiresInMinutes * 60_000;
  if (opts.leasesHeld > 0) {
    const due = state.protectedUntilMs === null || state.protectedUntilMs - opts.nowMs < ttlMs / 2;
    return due
      ? { action: 'enable', state: { protectedUntilMs: opts.nowMs + ttlMs } }
      : { action: 'none', state };
  }
  return state.protectedUntilMs === null
    ? { action: 'none', state }
    : { action: 'disable', state: { protectedUntilMs: null } };
}

export interface ScaleInGuard {
  /** Called after each lease tick with the games held; resolves once the agent answered. */
  update(leasesHeld: number): Promise<void>;
}

export function scaleInGuard(opts: {
  readonly protection: TaskProtection;
  readonly clock: Clock;
  readonly log: Logger;
  readonly expiresInMinutes: number;
}): ScaleInGuard {
  let state: ProtectionState = { protectedUntilMs: null };
  let inFlight: Promise<void> = Promise.resolve();
  return {
    update(leasesHeld) {
      inFlight = inFlight.then(async () => {
        const next = nextProtection(state, {
          leasesHeld,
          nowMs: opts.clock.now(),
          expiresInMinutes: opts.expiresInMinutes,
        });
        if (next.action === 'none') return;
        try {
          await opts.protection.set(next.action === 'enable', opts.expiresInMinutes);
          state = next.state;
          opts.log.info('task scale-in protection', { enabled: next.action === 'enable', leasesHeld });
        } catch (error) {
          // State unchanged: the next tick asks again.
          opts.log.warn('task scale-in protection failed', { error: String(error) });
        }
      });
      return inFlight;
    },
  };
}
