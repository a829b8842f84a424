/**
 * The trading core every one-process run shares, whichever world it faces (a backtest in memory,
 * the simulated world, the real venues): the archiver, the position tracker, risk, execution,
 * the strategy shard, analytics and the reconciler, on one bus. What brings games, markets and
 * books onto the bus (the inputs) is the caller's, started between the strategy and analytics.
 *
 * Subscription order is delivery order for one event: the paper venues see a book before the
 * strategy can act on it, and analytics sees everything last.
 */
import type { Bus, Subscription } from '../bus/port.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { type ArbeesEvent, TOPICS } from '../core/events.js';
import type { GameFeedStatus } from '../core/feed-status.js';
import type { RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import { PPM } from '../core/money.js';
import type { Scheduler } from '../core/scheduler.js';
import type { OrderManager } from '../execution/order-manager.js';
import type { PortfolioProjector } from '../portfolio/projector.js';
import { positionKey } from '../portfolio/reconcile.js';
import type { RunAnalytics } from '../portfolio/run-analytics.js';
import { RiskEngine } from '../risk/risk-engine.js';
import type { WinProbabilityModels } from '../sports/models.js';
import type { Store } from '../store/port.js';
import { EdgeShard } from '../strategy/edge-shard.js';
import { PregameMonitor } from '../strategy/pregame-monitor.js';
import type { PaperVenue } from '../venues/paper/paper-venue.js';
import type { VenueClient } from '../venues/port.js';
import { startAnalytics } from './analytics.js';
import { type Archiver, startArchiver } from './archiver.js';
import { startExecutionService } from './execution.js';
import type { Logger } from './logger.js';
import { startPaperVenueFeed } from './paper-venues.js';
import { type PositionTracker, startPositionTracker } from './position-tracker.js';
import { createReconciler, type Reconciler } from './reconciler.js';
import { startRiskService } from './risk.js';
import { portfolioRulesFrom, riskLimitsFrom, shardOptionsFrom } from './settings.js';
import { startStrategyShard } from './strategy-shard.js';

export interface TradingCoreOptions {
  readonly config: Config;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly store: Store;
  readonly runId: RunId;
  readonly log: Logger;
  readonly models: WinProbabilityModels;
  /** Where orders go, by venue. */
  readonly venues: ReadonlyMap<VenueName, VenueClient>;
  /** The paper venues among them: they are fed the books and settlements from the bus. */
  readonly paper: ReadonlyMap<VenueName, PaperVenue>;
  /** Restored from the store already (restorePortfolio) when the run goes on under its id. */
  readonly projector: PortfolioProjector;
  readonly analytics: RunAnalytics;
  /** How fresh each game's state is, for the strategy's sync check; none for a direct feed. */
  readonly feedStatus: () => GameFeedStatus | undefined;
  /**
   * Starts what brings games, markets and books onto the bus; called after the strategy shard
   * subscribes and before analytics does. Returns the subscriptions to close at the end.
   */
  readonly startInputs: () => Promise<readonly Subscription[]> | readonly Subscription[];
  /** The largest cost of one order (the live ramp), or none. */
  readonly maxOrderCost?: Micros | null;
  /** The paper venues start afresh with each process: they know this process's fills only. */
  readonly paperFillsRestored?: boolean;
  /** Sees every event after the services (benchmarks, debugging). */
  readonly tap?: (event: ArbeesEvent) => void;
  /**
   * The strategy shard's name, which prefixes its signal ids and so the client order ids: a run
   * that may be started again under its id needs one unique to the process, or a new order would
   * take the id of one an earlier process sent. 'shard-1' by default (replays: reproducible).
   */
  readonly shardName?: string;
  /**
   * On a wall clock, a venue found to differ from the ledger is read again after this (a short
   * wait) and only lasting differences count: a fill may be on its way.
   */
  readonly reconcileConfirm?: () => Promise<void>;
  /**
   * On the run's clock: orders accepted and not done are asked about again on it until they are.
   * Absent (the backtest): each order is looked at once, when sent.
   */
  readonly scheduler?: Scheduler;
  /**
   * Wall ms between flushes of the archiver, so readers of the store (the API, the dashboard)
   * see the run as it goes. Absent: a flush when a batch fills and at close (a backtest).
   */
  readonly archiveEveryMs?: number;
}

export interface TradingCore {
  readonly archiver: Archiver;
  readonly tracker: PositionTracker;
  readonly execution: { readonly manager: OrderManager };
  readonly riskEngine: RiskEngine;
  readonly reconciler: Reconciler;
  /** Every subscription, in the order made. */
  readonly subscriptions: readonly Subscription[];
  /**
   * Books the opening deposits, relays what a kill left, then reconciles once: trading waits
   * for a clean start-up reconciliation.
   */
  open(): Promise<void>;
  close(): Promise<void>;
}

export async function startTradingCore(opts: TradingCoreOptions): Promise<TradingCore> {
  const { config, bus, clock, store, runId, log, projector } = opts;
  const limits = { ...riskLimitsFrom(config), maxOrderCost: opts.maxOrderCost ?? null };
  const shardName = opts.shardName ?? 'shard-1';
  const subs: Subscription[] = [startPaperVenueFeed({ bus, venues: opts.paper })];
  const archiver = startArchiver({ bus, store, runId });
  subs.push(archiver.subscription);
  let archiving: Promise<void> = Promise.resolve();
  const archiveTimer = opts.archiveEveryMs
    ? setInterval(() => {
        archiving = archiver
          .flush()
          .catch((error: unknown) => log.error('archiver flush failed', { error: String(error) }));
      }, opts.archiveEveryMs)
    : null;
  const tracker = startPositionTracker({ bus, clock, store, runId, projector });
  subs.push(tracker.subscription);
  const riskEngine = new RiskEngine(limits, portfolioRulesFrom(config), { holdUntilReconciled: true });
  // A run started again under its id keeps its operator halts and rule halts; the reconciler
  // decides afresh.
  riskEngine.restore((await store.latestTradingStates(runId)).filter((s) => s.origin !== 'reconciler'));
  subs.push(startRiskService({ bus, clock, engine: riskEngine }));
  const execution = startExecutionService({
    bus,
    clock,
    store,
    runId,
    venues: opts.venues,
    log,
    reducingCooldownMs: config.ARB_REDUCING_SECONDS * 1000,
    ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
  });
  subs.push(execution.subscription);
  await execution.manager.relayUnpublished(); // a run started again under its id: its outbox first
  const shard = new EdgeShard({
    ...shardOptionsFrom(config, opts.models, shardName),
    feedStatus: { lastObservedTs: (id) => opts.feedStatus()?.lastObservedTs(id) },
  });
  subs.push(
    startStrategyShard({
      bus,
      clock,
      shard,
      name: shardName,
      pregame: new PregameMonitor(Math.round((config.LINE_MOVE_ALERT_PCT / 100) * PPM)),
    }),
  );
  subs.push(...(await opts.startInputs()));
  subs.push(startAnalytics({ bus, analytics: opts.analytics }));
  const tap = opts.tap;
  if (tap)
    subs.push(bus.subscribe({ group: 'tap', consumer: 'tap-1', topics: TOPICS, handler: (e) => tap(e) }));
  const reconciler = createReconciler({
    bus,
    clock,
    venues: opts.venues,
    log,
    ...(opts.reconcileConfirm ? { confirm: opts.reconcileConfirm } : {}),
    ledgerView: (venue) => ({
      cash: projector.portfolio.cash(venue) + projector.portfolio.reservedAt(venue),
      positions: new Map(
        projector.portfolio
          .openPositions()
          .filter((p) => p.venue === venue)
          .map((p) => [positionKey(p.instrumentId, p.side), p.qty]),
      ),
      openOrders: new Set(
        execution.manager
          .workingOrders()
          .filter((o) => o.venue === venue)
          .map((o) => o.clientOrderId as string),
      ),
      fills: projector.bookedFillIds(venue, { includeRestored: opts.paperFillsRestored ?? false }),
    }),
  });
  subs.push(reconciler.subscription);
  return {
    archiver,
    tracker,
    execution,
    riskEngine,
    reconciler,
    subscriptions: subs,
    async open() {
      await tracker.open();
      await bus.idle();
      // The venues learn what an earlier process of the run left open, so they report it.
      for (const [venue, client] of opts.venues) {
        const held = projector.portfolio.openPositions().filter((p) => p.venue === venue);
        const problems =
          held.length > 0 ? ((await client.account?.recall?.(held.map((p) => p.instrumentId))) ?? []) : [];
        for (const problem of problems)
          log.warn('a held instrument could not be looked up at its venue', { venue, problem });
      }
      // A run started again under its id: risk learns what the ledger holds, as it stands.
      const portfolio = projector.portfolio;
      riskEngine.restoreHoldings({
        cash: new Map([...opts.venues.keys()].map((v) => [v, portfolio.cash(v)])),
        positions: portfolio.openPositions().map((p) => ({
          instrumentId: p.instrumentId,
          gameId: p.gameId,
          venue: p.venue,
          side: p.side,
          qty: p.qty,
          costBasis: p.costBasis,
          realizedPnl: p.realizedPnl,
        })),
      });
      riskEngine.restoreDailyRealized(portfolio.realizedByDays());
      // Orders an earlier process sent and never heard back about: the venue is asked (never sent
      // again), so what they filled is booked before the books are compared.
      const open = await store.listOpenOrders(runId);
      for (const order of open) await execution.manager.handleIntent(order.intent);
      if (open.length > 0)
        log.info('orders of an earlier process looked up at their venue', { count: open.length });
      await bus.idle();
      await reconciler.runOnce();
      await bus.idle();
    },
    async close() {
      if (archiveTimer) clearInterval(archiveTimer);
      await archiving;
      for (const sub of subs) await sub.close();
      await archiver.flush();
    },
  };
}
