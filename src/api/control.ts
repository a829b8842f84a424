/**
 * An operator's halt, reduce or resume asked through the API. The same path `arbees halt` takes:
 * an operator TradingStateChanged kept in the store (a one-process run's operator inbox reads new
 * ones from there; a restarted service restores them), and published on the bus, where the risk
 * engine holds trading and execution cancels resting orders on a halt. The audit record (who,
 * when, what, why) is written first, so an action is never taken without a trace.
 */
import { randomBytes } from 'node:crypto';
import type { Bus } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { CancelAllRequested, TradingStateChanged } from '../core/events.js';
import { asEventId, type RunId } from '../core/ids.js';
import type { ApiTokenRecord, ControlActionRecord, Store } from '../store/port.js';
import type { ControlActionName } from './contract.js';

const STATE_OF = { halt: 'HALTED', reduce: 'REDUCING', resume: 'ACTIVE' } as const;

/**
 * An action id that sorts in the order actions were taken, even at one instant of the run's
 * clock (a replay's clock stands still within a step): the store takes the latest state of a
 * scope by time, then by event id, which embeds this. The monotonic counter orders one process's
 * actions; the random tail keeps two processes' apart.
 */
export function newActionId(ts: number): string {
  const seq = process.hrtime.bigint().toString().padStart(20, '0');
  return `act_${ts}_${seq}_${randomBytes(3).toString('hex')}`;
}

export interface ControlRequest {
  readonly runId: RunId;
  readonly action: ControlActionName;
  readonly scope: string;
  readonly reason: string;
  /** Who asks: an API token, or another identity named the same way (a Telegram user). */
  readonly by: Pick<ApiTokenRecord, 'name' | 'tokenId'>;
}

export async function applyControl(
  deps: { readonly store: Store; readonly bus: Bus | null; readonly clock: Clock },
  req: ControlRequest,
): Promise<{ action: ControlActionRecord; state: TradingStateChanged }> {
  const ts = deps.clock.now();
  const actionId = newActionId(ts);
  const state: TradingStateChanged = {
    type: 'TradingStateChanged',
    id: asEventId(`operator:${req.scope}:${ts}:${actionId}`),
    ts,
    scope: req.scope,
    state: STATE_OF[req.action],
    reason: `${req.reason} (by ${req.by.name})`,
    origin: 'operator',
  };
  const action: ControlActionRecord = {
    actionId,
    ts,
    actor: `${req.by.name} (${req.by.tokenId})`,
    action: req.action,
    scope: req.scope,
    reason: req.reason,
    eventId: state.id,
  };
  await deps.store.recordControlAction(req.runId, action);
  await deps.store.recordTradingStates(req.runId, [state]);
  await deps.bus?.publish(state);
  return { action, state };
}

/**
 * An operator's cancel-all: every resting order in the scope (global or one venue) withdrawn,
 * trading going on. Audited first, then published for execution (when there is a bus).
 */
export async function applyCancelAll(
  deps: { readonly store: Store; readonly bus: Bus | null; readonly clock: Clock },
  req: Omit<ControlRequest, 'action'>,
): Promise<{ action: ControlActionRecord; published: boolean }> {
  const ts = deps.clock.now();
  const actionId = newActionId(ts);
  const event: CancelAllRequested = {
    type: 'CancelAllRequested',
    id: asEventId(`operator:cancel-all:${req.scope}:${ts}:${actionId}`),
    ts,
    scope: req.scope,
    reason: `${req.reason} (by ${req.by.name})`,
  };
  const action: ControlActionRecord = {
    actionId,
    ts,
    actor: `${req.by.name} (${req.by.tokenId})`,
    action: 'cancel-all',
    scope: req.scope,
    reason: req.reason,
    eventId: deps.bus ? event.id : null,
  };
  await deps.store.recordControlAction(req.runId, action);
  await deps.bus?.publish(event);
  return { action, published: deps.bus !== null };
}
