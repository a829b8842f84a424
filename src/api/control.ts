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
import type { TradingStateChanged } from '../core/events.js';
import { asEventId, type RunId } from '../core/ids.js';
import type { ApiTokenRecord, ControlActionRecord, Store } from '../store/port.js';
import type { ControlActionName } from './contract.js';

const STATE_OF = { halt: 'HALTED', reduce: 'REDUCING', resume: 'ACTIVE' } as const;

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
  const actionId = `act_${ts}_${randomBytes(4).toString('hex')}`;
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
