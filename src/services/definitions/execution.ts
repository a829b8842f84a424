/**
 * execution: the order manager. Order intents in; order events and fills out, each journaled in
 * the store and queued in its outbox before it is published. On start, what a kill left in the
 * outbox is published again, in journal order (consumers keep an event id once); then every order
 * the store still holds open (an intent never answered, an Unresolved order) is asked of its venue
 * by client order id before new intents are taken: never sent twice. An order the venue accepted
 * and has not finished (a Polymarket live-sports taker delay answers every taker order
 * `delayed` first; a resting order) is asked about again on timers until it is done.
 *
 * Venues: in paper and live modes those of the one-process run (paper venues fed the books on the
 * bus, their accounts kept in the store; or the live adapters); in a replay, executionVenues.
 */
import type { Subscription } from '../../bus/port.js';
import { TimerScheduler } from '../../feeds/timer-scheduler.js';
import { startExecutionService } from '../execution.js';
import { type TradingMetrics, tradingMetricsFor } from '../metrics.js';
import { observedBus } from '../observed-bus.js';
import { startPaperVenueFeed } from '../paper-venues.js';
import type { ServiceContext, ServiceDefinition } from '../service.js';
import { openServiceVenues, tradingModeOf } from '../trading-services.js';
import { type ExecutionVenues, executionVenues, timed } from './execution-venues.js';
import { closeAll, subscribed } from './subscriptions.js';

/** Longer than the bus's claim idle time (30 s), so an order is recovered by one path only. */
const RECOVER_AFTER_MS = 60_000;
/** How often the outbox is looked at for events whose publish failed. */
const RELAY_EVERY_MS = 10_000;

/**
 * Paper and live: `openServiceVenues` (paper venues kept in the store, or the live adapters with
 * the geoblock asked and heartbeats), as the one-process run trades. Replay: executionVenues.
 */
async function venuesOf(
  ctx: ServiceContext,
  metrics: TradingMetrics,
): Promise<ExecutionVenues & { close(): Promise<void> }> {
  const mode = tradingModeOf(ctx.config);
  // The Polymarket wallet key is never a setting; it stays in the process environment.
  const env = process.env;
  if (!mode) {
    const venues = await executionVenues({
      config: ctx.config,
      clock: ctx.clock,
      metrics,
      env,
      intentOf: async (id) => (await ctx.store.getOrder(ctx.runId, id))?.intent ?? null,
    });
    return { ...venues, close: async () => {} };
  }
  const venues = await openServiceVenues({
    mode,
    config: ctx.config,
    env,
    clock: ctx.clock,
    store: ctx.store,
    runId: ctx.runId,
    log: ctx.log,
    heartbeats: true,
  });
  ctx.log.info(`${mode} venues opened`, {
    venues: [...venues.clients.keys()].join(','),
    cash: Object.fromEntries(venues.cash),
  });
  const clients = new Map([...venues.clients].map(([venue, client]) => [venue, timed(client, metrics)]));
  return { clients, paper: venues.paper, close: () => venues.close() };
}

export const execution: ServiceDefinition = {
  name: 'execution',
  description: 'Order manager: intents to venues, order events and fills back, outbox first.',
  async start(ctx) {
    const metrics = tradingMetricsFor(ctx.metrics);
    const venues = await venuesOf(ctx, metrics);
    const bus = observedBus(ctx.bus, metrics);
    const subs: Subscription[] = [];
    if (venues.paper.size > 0) {
      // Each instance's paper venues need every book, so the feed has a group per instance.
      const feed = startPaperVenueFeed({
        bus: ctx.bus,
        venues: venues.paper,
        group: `paper-venues-${ctx.instanceId}`,
        consumer: ctx.instanceId,
      });
      subs.push(feed);
      await subscribed(feed);
    }
    // Orders the venue accepted and has not finished (a Polymarket taker delay, a resting order)
    // are asked about again on timers on the service's clock.
    const scheduler = new TimerScheduler({
      clock: ctx.clock,
      onError: (error) => ctx.log.error('order follow-up task failed', { error: String(error) }),
    });
    const service = startExecutionService({
      bus,
      clock: ctx.clock,
      store: ctx.store,
      runId: ctx.runId,
      venues: venues.clients,
      log: ctx.log,
      reducingCooldownMs: ctx.config.ARB_REDUCING_SECONDS * 1000,
      consumer: ctx.instanceId,
      scheduler,
    });
    subs.push(service.subscription);
    await subscribed(service.subscription);
    // A kill between journal and publish left events in the outbox: they go out first.
    const relayed = await service.manager.relayUnpublished();
    ctx.log.info('outbox relayed', { count: relayed });
    // Younger orders may be in the hands of another instance right now; if that one died, the bus
    // hands its pending intents to a live instance (XAUTOCLAIM), which asks the venue the same way.
    const cutoff = ctx.clock.now() - RECOVER_AFTER_MS;
    const open = (await ctx.store.listOpenOrders(ctx.runId)).filter((o) => o.intent.ts <= cutoff);
    for (const order of open) await service.manager.handleIntent(order.intent);
    ctx.log.info('open orders resolved', { count: open.length });
    // Cheap (the outbox is empty but for what is in flight): picks up an event whose publish failed.
    const relayTimer = setInterval(() => {
      service.manager
        .relayUnpublished()
        .then((count) => count > 0 && ctx.log.warn('outbox relayed late events', { count }))
        .catch((error: unknown) => ctx.log.error('outbox relay failed', { error: String(error) }));
    }, RELAY_EVERY_MS);
    return {
      ready: () => true,
      stop: async () => {
        clearInterval(relayTimer);
        scheduler.stop();
        await closeAll(subs);
        // What a failed publish left, while the bus is still open; the next start would also do it.
        await service.manager
          .relayUnpublished()
          .catch((error: unknown) => ctx.log.error('outbox relay failed', { error: String(error) }));
        await venues.close();
      },
    };
  },
};
