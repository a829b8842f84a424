/**
 * position-tracker: fills and settlements in; positions, ledger postings and bankroll snapshots
 * out, stored before they are published. The reconciler runs here too, at start and every
 * RECONCILE_INTERVAL, comparing the ledger with what each venue reports of its account.
 *
 * Venue accounts (venueAccounts below): in paper mode the paper accounts execution keeps in the
 * store; live, the adapters' accounts; in a replay, the venues execution trades through an
 * adapter (ARBEES_KALSHI_URL, ARBEES_POLYMARKET_URL, with the same keys), asked through the same
 * adapters (a replay's paper venue lives inside execution and cannot be asked from here). A pass runs on the wall clock, so a
 * venue that differs is read again CONFIRM_AFTER_MS later and only a lasting difference counts
 * (a fill on its way from the venue to this tracker is not one). With no venue to ask, the first
 * pass releases trading.
 *
 * The projection is kept in memory and rebuilt on start from the run's stored ledger (with the
 * stored fills it names): a restart goes on from what was booked, never books the deposits again,
 * and numbers its new rows after the stored ones. Each batch is stored and queued in the outbox
 * in one transaction; on start what a kill left queued is published before anything new is
 * booked, and every RELAY_EVERY_MS (and on drain) what a failed publish left.
 */

import type { VenueName } from '../../core/instruments.js';
import type { Micros } from '../../core/money.js';
import { PortfolioProjector } from '../../portfolio/projector.js';
import { positionKey } from '../../portfolio/reconcile.js';
import type { VenueClient } from '../../venues/port.js';
import { type TradingMetrics, tradingMetricsFor } from '../metrics.js';
import { observedBus } from '../observed-bus.js';
import { restorePortfolio, startPositionTracker } from '../position-tracker.js';
import { createReconciler } from '../reconciler.js';
import type { ServiceContext, ServiceDefinition } from '../service.js';
import {
  openServiceVenues,
  serviceEndpoints,
  storedPaperAccount,
  tradingModeOf,
} from '../trading-services.js';
import { paperOpeningCash } from '../trading-venues.js';
import { executionVenues } from './execution-venues.js';
import { closeAll, subscribed } from './subscriptions.js';

/** How often the outbox is looked at for events whose publish failed (as execution does). */
const RELAY_EVERY_MS = 10_000;

export const positionTracker: ServiceDefinition = {
  name: 'position-tracker',
  description: 'Positions, ledger and bankroll from fills and settlements; the reconciler.',
  async start(ctx) {
    const metrics = tradingMetricsFor(ctx.metrics);
    const accounts = await venueAccounts(ctx, metrics);
    const projector = new PortfolioProjector({
      deposits: [...accounts.opening].map(([venue, amount]) => ({ venue, amount })),
    });
    const restored = await restorePortfolio({ store: ctx.store, runId: ctx.runId, projector });
    if (restored.mismatched.length)
      ctx.log.warn('replayed ledger transactions differ from the stored ones', {
        transactions: restored.mismatched.slice(0, 20),
      });
    const bus = observedBus(ctx.bus, metrics);
    const tracker = startPositionTracker({
      bus,
      clock: ctx.clock,
      store: ctx.store,
      runId: ctx.runId,
      projector,
      consumer: ctx.instanceId,
    });
    await subscribed(tracker.subscription);
    const opened = await tracker.open();
    for (const refused of opened.fillsRefused) ctx.log.error('stored fill not booked', { fill: refused });
    ctx.log.info('portfolio restored', {
      ledgerTransactions: restored.transactions,
      fills: restored.fills,
      settlements: restored.settlements,
      outboxRelayed: opened.relayed,
      repairedPositions: opened.repairedPositions,
      fillsFromStore: opened.fillsFromStore,
    });
    // Cheap (the outbox is empty but for the batch in flight): picks up an event whose publish failed.
    const relay = () =>
      tracker
        .relayUnpublished()
        .then((count) => count > 0 && ctx.log.warn('outbox relayed late events', { count }))
        .catch((error: unknown) => ctx.log.error('outbox relay failed', { error: String(error) }));
    const relayTimer = setInterval(() => void relay(), RELAY_EVERY_MS);

    const openOrders = new Map<VenueName, Set<string>>();
    // The order manager is in another process: the store says which orders are still working.
    const readOpenOrders = async () => {
      openOrders.clear();
      for (const o of await ctx.store.listOpenOrders(ctx.runId)) {
        const set = openOrders.get(o.intent.venue) ?? new Set<string>();
        set.add(o.intent.clientOrderId);
        openOrders.set(o.intent.venue, set);
      }
    };
    const venues = accounts.reconciled;
    ctx.log.info('reconciling with', { venues: [...venues.keys()] });
    const reconciler = createReconciler({
      bus,
      clock: ctx.clock,
      venues,
      confirm: async () => {
        await new Promise((resolve) => setTimeout(resolve, CONFIRM_AFTER_MS));
        await readOpenOrders();
      },
      log: ctx.log,
      consumer: ctx.instanceId,
      ledgerView: (venue) => ({
        cash: (projector.portfolio.cash(venue) + projector.portfolio.reservedAt(venue)) as Micros,
        positions: new Map(
          projector.portfolio
            .openPositions()
            .filter((p) => p.venue === venue)
            .map((p) => [positionKey(p.instrumentId, p.side), p.qty]),
        ),
        openOrders: openOrders.get(venue) ?? new Set(),
        fills: projector.bookedFillIds(venue),
      }),
    });
    const pass = async () => {
      await readOpenOrders();
      const results = await reconciler.runOnce();
      const halt = results.some((r) => r.verdict === 'halt');
      metrics.reconciliationRunsTotal.inc({ result: halt ? 'halt' : 'ok' });
    };
    await pass();
    let running: Promise<void> | null = null;
    const timer = setInterval(() => {
      if (running) return; // a slow pass is not stacked on
      running = pass()
        .catch((error: unknown) => {
          metrics.reconciliationRunsTotal.inc({ result: 'error' });
          ctx.log.error('reconciliation pass failed', { error: String(error) });
        })
        .finally(() => {
          running = null;
        });
    }, ctx.config.RECONCILE_INTERVAL * 1000);
    return {
      ready: () => true,
      stop: async () => {
        clearInterval(timer);
        clearInterval(relayTimer);
        await running;
        await closeAll([tracker.subscription, reconciler.subscription]);
        // What a failed publish left, while the bus is still open; the next start would also do it.
        await relay();
        await accounts.close();
      },
    };
  },
};

/** How long a pass waits before reading a venue that differs again. */
const CONFIRM_AFTER_MS = 2_000;

interface VenueAccounts {
  /** A new run's opening deposits, per venue. */
  readonly opening: ReadonlyMap<VenueName, Micros>;
  /** The venues whose accounts the ledger is reconciled with. */
  readonly reconciled: ReadonlyMap<VenueName, Pick<VenueClient, 'account'>>;
  close(): Promise<void>;
}

/**
 * Paper: the paper accounts execution keeps in the store, read afresh at each pass, opening with
 * the split execution opens them with. Live: the adapters' accounts (no heartbeats from here),
 * opening with their balances. Replay: half the bankroll at each venue, and the venues execution
 * trades through an adapter; a paper venue lives inside execution and cannot be asked from here.
 */
async function venueAccounts(ctx: ServiceContext, metrics: TradingMetrics): Promise<VenueAccounts> {
  const mode = tradingModeOf(ctx.config);
  if (mode === 'paper') {
    const opening = new Map(
      paperOpeningCash(ctx.config, serviceEndpoints(ctx.config)).map((a) => [a.venue, a.startingBalance]),
    );
    const reconciled = new Map(
      [...opening].map(([venue, openingCash]) => [
        venue,
        { account: storedPaperAccount({ store: ctx.store, runId: ctx.runId, venue, openingCash }) },
      ]),
    );
    return { opening, reconciled, close: async () => {} };
  }
  if (mode === 'live') {
    const venues = await openServiceVenues({
      mode,
      config: ctx.config,
      env: process.env,
      clock: ctx.clock,
      store: ctx.store,
      runId: ctx.runId,
      log: ctx.log,
      heartbeats: false,
    });
    return { opening: venues.cash, reconciled: venues.clients, close: () => venues.close() };
  }
  const half = Math.floor(ctx.config.ARBEES_BANKROLL / 2) as Micros;
  const opening = new Map<VenueName, Micros>([
    ['kalshi', half],
    ['polymarket', (ctx.config.ARBEES_BANKROLL - half) as Micros],
  ]);
  return { opening, reconciled: await reconciledVenues(ctx, metrics), close: async () => {} };
}

/** The venues execution trades through an adapter, for their account queries; not the paper ones. */
async function reconciledVenues(
  ctx: ServiceContext,
  metrics: TradingMetrics,
): Promise<ReadonlyMap<VenueName, VenueClient>> {
  const { clients, paper } = await executionVenues({
    config: ctx.config,
    clock: ctx.clock,
    metrics,
    // The Polymarket wallet key is never a setting; it stays in the process environment.
    env: process.env,
  });
  return new Map([...clients].filter(([venue]) => !paper.has(venue)));
}
