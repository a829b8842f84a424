/**
 * signal-processor: the risk engine. Signals in; risk decisions, order intents and trading states
 * out. Several instances share the `risk` group, each event going to one of them.
 *
 * A risk engine started after the position tracker would never see the opening deposits on the
 * bus (a new consumer group starts at the end of the stream), so it is warmed from the store:
 * the ledger (cash per venue), the stored positions and the latest bankroll, plus the trading
 * states. It subscribes first, then reads the store; a ledger transaction that arrives both
 * ways is applied once, by transaction id.
 */
import type { Bus, SubscribeOptions, Subscription } from '../../bus/port.js';
import type { PositionChanged } from '../../core/events.js';
import type { RunId } from '../../core/ids.js';
import { asEventId } from '../../core/ids.js';
import { Portfolio } from '../../portfolio/portfolio.js';
import { replayLedger } from '../../portfolio/replay-ledger.js';
import { RiskEngine } from '../../risk/risk-engine.js';
import type { Store } from '../../store/port.js';
import { liveOrderCap } from '../live-run.js';
import type { Logger } from '../logger.js';
import { tradingMetricsFor } from '../metrics.js';
import { observedBus } from '../observed-bus.js';
import { startRiskService } from '../risk.js';
import type { ServiceDefinition } from '../service.js';
import { portfolioRulesFrom, riskLimitsFrom } from '../settings.js';
import { tradingModeOf } from '../trading-services.js';
import { closeAll, subscribed } from './subscriptions.js';

export const signalProcessor: ServiceDefinition = {
  name: 'signal-processor',
  description: 'Risk engine: signals in, risk decisions, order intents and trading states out.',
  async start(ctx) {
    const metrics = tradingMetricsFor(ctx.metrics);
    // Live: no order costs more than LIVE_RAMP allows today (taken at start, as the one-process run does).
    const mode = tradingModeOf(ctx.config);
    const limits = {
      ...riskLimitsFrom(ctx.config),
      maxOrderCost: mode ? liveOrderCap(ctx.config, mode, ctx.clock.now()) : null,
    };
    const engine = new RiskEngine(limits, portfolioRulesFrom(ctx.config), {
      holdUntilReconciled: true,
    });
    const appliedTx = new Set<string>();
    const bus = oncePerLedgerTx(
      observedBus(ctx.bus, metrics, ['SignalRaised', 'TradingStateChanged']),
      appliedTx,
    );
    const sub = startRiskService({ bus, clock: ctx.clock, engine, consumer: ctx.instanceId });
    await subscribed(sub);
    // Operator halts, rule halts and the reconciler's last verdict survive a restart. Unlike the
    // one-process run, the reconciler's verdict is kept: it lives in another process and only
    // speaks again when its verdict changes.
    const states = await ctx.store.latestTradingStates(ctx.runId);
    engine.restore(states);
    for (const s of states) metrics.tradingState.set({ scope: s.scope }, STATE_VALUE[s.state]);
    const warmed = await warmPortfolio({
      engine,
      store: ctx.store,
      runId: ctx.runId,
      appliedTx,
      now: ctx.clock.now(),
      log: ctx.log,
    });
    ctx.log.info('risk engine restored', { tradingStates: states.length, ...warmed });
    return { ready: () => true, stop: () => closeAll([sub]) };
  },
};

const IGNORE_HOOKS = { deposited: () => {}, booked: () => {}, settled: () => {} };

const STATE_VALUE = { ACTIVE: 0, REDUCING: 1, HALTED: 2 } as const;

async function warmPortfolio(opts: {
  engine: RiskEngine;
  store: Store;
  runId: RunId;
  appliedTx: Set<string>;
  now: number;
  log: Logger;
}): Promise<{
  ledgerTransactions: number;
  positions: number;
  bankroll: boolean;
  dailyRealized: 'restored' | 'not restored' | 'none';
}> {
  const { engine, store, runId, appliedTx } = opts;
  let ledgerTransactions = 0;
  const ledger = await store.listLedger(runId);
  for (const tx of ledger) {
    if (appliedTx.has(tx.txId)) continue;
    appliedTx.add(tx.txId);
    engine.onLedgerPosted(tx);
    ledgerTransactions += 1;
  }
  const positions = await store.listPositions(runId);
  for (const p of positions) {
    const event: PositionChanged = {
      type: 'PositionChanged',
      id: asEventId(`restored:${p.instrumentId}:${p.side}`),
      ...p,
    };
    engine.onPositionChanged(event, opts.now);
  }
  // The day's realized P&L as the ledger books it: the positions above carry only their totals.
  let dailyRealized: 'restored' | 'not restored' | 'none' = 'none';
  if (ledger.length > 0) {
    const replayed = new Portfolio();
    try {
      replayLedger(replayed, { ledger, fills: await store.listFills(runId), bankroll: null }, IGNORE_HOOKS);
      engine.restoreDailyRealized(replayed.realizedByDays());
      dailyRealized = 'restored';
    } catch (error) {
      // The position tracker names what is wrong with the ledger; risk goes on with the positions' totals.
      dailyRealized = 'not restored';
      opts.log.warn(
        "the day's realized P&L could not be replayed from the ledger; the positions' totals stand",
        {
          error: error instanceof Error ? error.message : String(error),
        },
      );
    }
  }
  const bankroll = await store.latestBankroll(runId);
  if (bankroll) engine.onBankroll(bankroll, opts.now);
  return { ledgerTransactions, positions: positions.length, bankroll: bankroll !== null, dailyRealized };
}

/** Drops a LedgerPosted whose transaction was already applied (from the store or the bus). */
function oncePerLedgerTx(bus: Bus, applied: Set<string>): Bus {
  return {
    publish: (event) => bus.publish(event),
    subscribe: (options: SubscribeOptions): Subscription =>
      bus.subscribe({
        ...options,
        handler: (event, delivery) => {
          if (event.type === 'LedgerPosted') {
            if (applied.has(event.txId)) return;
            applied.add(event.txId);
          }
          return options.handler(event, delivery);
        },
      }),
    idle: () => bus.idle(),
    stats: () => bus.stats(),
    close: () => bus.close(),
  };
}
