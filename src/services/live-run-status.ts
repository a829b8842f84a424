/**
 * What a paper or live run's status display reads: counts kept off the bus (signals, decisions,
 * orders, fills, trading states) and the parts of the run it asks directly (the gateways' book
 * freshness, discovery's mappings, the ledger, the idle watch).
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Clock } from '../core/clock.js';
import type { TradingStateChanged } from '../core/events.js';
import type { OrderManager } from '../execution/order-manager.js';
import type { PortfolioProjector } from '../portfolio/projector.js';
import type { RiskEngine } from '../risk/risk-engine.js';
import type { LiveInputs } from './live-inputs.js';
import type { RunIdleState } from './run-idle.js';

export interface StatusCounts {
  signals: number;
  approved: number;
  denied: number;
  ordersSent: number;
  filled: number;
  rejected: number;
  fills: number;
  feesMicros: number;
}

export interface StatusCounters {
  readonly subscription: Subscription;
  counts(): Readonly<StatusCounts>;
  /** The latest state of every scope that is not ACTIVE. */
  held(): readonly TradingStateChanged[];
}

export function startStatusCounters(opts: { readonly bus: Bus }): StatusCounters {
  const counts: StatusCounts = {
    signals: 0,
    approved: 0,
    denied: 0,
    ordersSent: 0,
    filled: 0,
    rejected: 0,
    fills: 0,
    feesMicros: 0,
  };
  const states = new Map<string, TradingStateChanged>();
  const subscription = opts.bus.subscribe({
    group: 'status',
    consumer: 'status-1',
    topics: ['signals', 'risk', 'orders', 'fills'],
    handler: (event) => {
      switch (event.type) {
        case 'SignalRaised':
          counts.signals += 1;
          return;
        case 'RiskDecision':
          if (event.approved) counts.approved += 1;
          else counts.denied += 1;
          return;
        case 'OrderSubmitted':
          counts.ordersSent += 1;
          return;
        case 'OrderFilled':
          counts.filled += 1;
          return;
        case 'OrderRejected':
          counts.rejected += 1;
          return;
        case 'FillReceived':
          counts.fills += 1;
          counts.feesMicros += event.fee;
          return;
        case 'TradingStateChanged':
          states.set(event.scope, event);
          return;
        default:
          return;
      }
    },
  });
  return {
    subscription,
    counts: () => ({ ...counts }),
    held: () => [...states.values()].filter((s) => s.state !== 'ACTIVE'),
  };
}

/** Everything a status display of a running paper or live run may read. */
export interface LiveRunStatus {
  readonly mode: string;
  readonly runId: string;
  readonly clock: Clock;
  readonly idle: () => RunIdleState;
  readonly inputs: LiveInputs;
  readonly counters: StatusCounters;
  readonly projector: PortfolioProjector;
  readonly riskEngine: RiskEngine;
  readonly orders: OrderManager;
}
