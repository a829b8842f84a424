/**
 * signal-processor: the risk engine. Signals in; risk decisions, order intents and trading states
 * out. Several instances share the `risk` group, each event going to one of them.
 */
import { RiskEngine } from '../../risk/risk-engine.js';
import { tradingMetricsFor } from '../metrics.js';
import { observedBus } from '../observed-bus.js';
import { portfolioRulesFrom, riskLimitsFrom } from '../one-process.js';
import { startRiskService } from '../risk.js';
import type { ServiceDefinition } from '../service.js';
import { closeAll, subscribed } from './subscriptions.js';

export const signalProcessor: ServiceDefinition = {
  name: 'signal-processor',
  description: 'Risk engine: signals in, risk decisions, order intents and trading states out.',
  async start(ctx) {
    const metrics = tradingMetricsFor(ctx.metrics);
    const engine = new RiskEngine(riskLimitsFrom(ctx.config), portfolioRulesFrom(ctx.config), {
      holdUntilReconciled: true,
    });
    // Operator halts, rule halts and the reconciler's last verdict survive a restart. Unlike the
    // one-process run, the reconciler's verdict is kept: it lives in another process and only
    // speaks again when its verdict changes.
    const states = await ctx.store.latestTradingStates(ctx.runId);
    engine.restore(states);
    for (const state of states) metrics.tradingState.set({ scope: state.scope }, stateValue(state.state));
    const bus = observedBus(ctx.bus, metrics, ['SignalRaised', 'TradingStateChanged']);
    const sub = startRiskService({ bus, clock: ctx.clock, engine, consumer: ctx.instanceId });
    await subscribed(sub);
    ctx.log.info('risk engine restored', { tradingStates: states.length });
    return { ready: () => true, stop: () => closeAll([sub]) };
  },
};

function stateValue(state: 'ACTIVE' | 'REDUCING' | 'HALTED'): number {
  return state === 'ACTIVE' ? 0 : state === 'REDUCING' ? 1 : 2;
}
