/**
 * Making an arbitrage pair whole once both legs are done: when one filled more than the other,
 * complete the short leg (a hedge order), and sell what the hedge left unmatched on the long leg
 * (an unwind order). Each step waits for the order before it to be done (`afterDone`): an order
 * that rests, or waits out a taker delay, has not filled all it will.
 */
import type { Clock } from '../core/clock.js';
import type { OrderIntent } from '../core/events.js';
import { clientOrderIdFor, type EventId, type SignalId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import { type HedgeAction, type HedgePlan, type HedgeSettings, planHedge } from './arbitrage-legs.js';

export const DEFAULT_HEDGE_SETTINGS: HedgeSettings = {
  hedgeSlippage: 20_000 as Micros,
  unwindSlippage: 100_000 as Micros,
  tick: 10_000 as Micros,
};

export interface UnhedgedInfo {
  readonly signalId: SignalId;
  readonly unhedged: Centis;
  readonly resolved: boolean;
  readonly detail: string;
}

export interface PairHedgeDeps {
  readonly clock: Clock;
  readonly settings: HedgeSettings;
  /** What the order has filled so far, and what those fills cost (fees excluded). */
  readonly filled: (intent: OrderIntent) => Centis;
  readonly filledNotional: (intent: OrderIntent) => Micros;
  /** Publishes the order the manager makes itself and sends it. */
  readonly send: (intent: OrderIntent) => Promise<void>;
  /** Runs `then` once the order is done (at once when it is, or when nothing follows orders up). */
  readonly afterDone: (intent: OrderIntent, then: () => Promise<void>) => Promise<void>;
  readonly onUnhedged?: (info: UnhedgedInfo) => Promise<void>;
}

/** Legs `a` and `b` are done: hedge or unwind whatever one holds without the other. */
export async function ensureHedged(deps: PairHedgeDeps, a: OrderIntent, b: OrderIntent): Promise<void> {
  const result = (i: OrderIntent) => ({
    intent: i,
    filledQty: deps.filled(i),
    filledNotional: deps.filledNotional(i),
  });
  const plan = planHedge(result(a), result(b), deps.settings);
  if (plan.unhedged === 0 || !plan.complete || !plan.unwind) return;
  await deps.onUnhedged?.({
    signalId: a.signalId,
    unhedged: plan.unhedged,
    resolved: false,
    detail: `${a.clientOrderId} filled ${deps.filled(a)}, ${b.clientOrderId} filled ${deps.filled(b)}`,
  });
  const hedge = managerIntent(deps.clock, plan.complete, 3);
  await deps.send(hedge);
  await deps.afterDone(hedge, () => afterHedge(deps, a.signalId, plan, hedge));
}

async function afterHedge(deps: PairHedgeDeps, signalId: SignalId, plan: HedgePlan, hedge: OrderIntent) {
  const left = plan.unhedged - deps.filled(hedge);
  if (left <= 0) {
    await deps.onUnhedged?.({
      signalId,
      unhedged: 0 as Centis,
      resolved: true,
      detail: 'short leg completed',
    });
    return;
  }
  // planHedge gives an unwind whenever it gives a hedge.
  const unwind = managerIntent(deps.clock, { ...plan.unwind!, qty: left as Centis }, 4);
  await deps.send(unwind);
  await deps.afterDone(unwind, async () => {
    const still = left - deps.filled(unwind);
    await deps.onUnhedged?.({
      signalId,
      unhedged: Math.max(0, still) as Centis,
      resolved: still <= 0,
      detail: still > 0 ? `hedge and unwind left ${still} centi-contracts unhedged` : 'excess leg unwound',
    });
  });
}

/** The hedge (leg 3) or unwind (leg 4) order of a pair, an IOC of its own. */
function managerIntent(clock: Clock, action: HedgeAction, leg: number): OrderIntent {
  const clientOrderId = clientOrderIdFor(action.from.signalId, leg);
  return {
    ...action.from,
    id: `intent:${clientOrderId}` as EventId,
    ts: clock.now(),
    clientOrderId,
    leg,
    action: action.action,
    qty: action.qty,
    limitPrice: action.limitPrice,
    tif: 'IOC',
    legCount: 1,
    purpose: action.purpose,
  };
}
