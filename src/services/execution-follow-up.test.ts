/**
 * A Polymarket live-sports market delays every taker order: the venue answers `delayed`, and
 * matches it seconds later. The execution service, with follow-ups on real timers, asks again
 * until the order is done and publishes the fill it would otherwise never have booked
 * (Polymarket simulator over loopback HTTP, PGlite store).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { LiveClock } from '../core/clock.js';
import type { ArbeesEvent, OrderIntent } from '../core/events.js';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asRunId, asSignalId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import { TimerScheduler } from '../feeds/timer-scheduler.js';
import { placePolyMakerQuotes } from '../sim/polymarket/maker.js';
import {
  type PolySimFixture,
  SIM_MAKER_WALLET,
  SIM_MARKET,
  startPolySimFixture,
} from '../sim/polymarket/testing.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { simVenueClient } from '../venues/polymarket/testing.js';
import { startExecutionService } from './execution.js';
import { silentLogger } from './logger.js';

let fx: PolySimFixture | undefined;
let store: Store | undefined;
let scheduler: TimerScheduler | undefined;
afterEach(async () => {
  scheduler?.stop();
  await store?.close();
  await fx?.close();
  fx = store = scheduler = undefined;
});

describe('execution follows up a delayed Polymarket order', () => {
  it('publishes the fill and the final status once the taker delay is over', async () => {
    fx = await startPolySimFixture();
    const live = { ...SIM_MARKET, conditionId: `0x${'6d'.repeat(32)}`, tokenIds: ['3001', '3002'] as const };
    fx.sim.exchange.addMarket({ ...live, takerDelaySeconds: 1 }, fx.sim.now());
    placePolyMakerQuotes(
      fx.sim.exchange,
      {
        account: SIM_MAKER_WALLET,
        conditionId: live.conditionId,
        bids: [],
        asks: [[450_000 as Micros, 10_000_000]],
      },
      fx.sim.now(),
    );
    const { client } = await simVenueClient(fx);
    store = await openStore({ pglite: 'memory://' });
    const runId = asRunId('follow-up-test');
    await store.startRun({ runId, mode: 'live', startedTs: Date.now(), config: {} });
    const clock = new LiveClock();
    const errors: unknown[] = [];
    scheduler = new TimerScheduler({ clock, onError: (e) => errors.push(e) });
    const bus = new MemoryBus({ now: () => Date.now() });
    const events: ArbeesEvent[] = [];
    bus.subscribe({
      group: 'test',
      consumer: 't',
      topics: ['orders', 'fills'],
      handler: (e) => void events.push(e),
    });
    const exec = startExecutionService({
      bus,
      clock,
      store,
      runId,
      venues: new Map([['polymarket', client]]),
      log: silentLogger,
      reducingCooldownMs: 0,
      scheduler,
    });
    const intent: OrderIntent = {
      type: 'OrderIntent',
      id: asEventId('intent:D1.L1'),
      ts: Date.now(),
      clientOrderId: asClientOrderId('D1.L1'),
      signalId: asSignalId('D1'),
      leg: 1,
      gameId: asGameId('g'),
      instrumentId: asInstrumentId('polymarket:3001'),
      venue: 'polymarket',
      side: 'yes',
      action: 'buy',
      qty: 200 as Centis,
      limitPrice: 450_000 as Micros,
      tif: 'IOC',
      legCount: 1,
      purpose: 'entry',
    };
    await bus.publish(intent);
    await bus.idle();
    // Delayed: accepted, working, nothing filled yet.
    expect(events.map((e) => e.type)).toEqual(['OrderIntent', 'OrderSubmitted', 'OrderAccepted']);
    expect(exec.manager.workingOrders()).toHaveLength(1);
    // Waits for the outcome, not for a time: the deadline only stops a broken run.
    const deadline = Date.now() + 15_000;
    while (exec.manager.workingOrders().length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    await bus.idle();
    expect(events.map((e) => e.type)).toEqual([
      'OrderIntent',
      'OrderSubmitted',
      'OrderAccepted',
      'FillReceived',
      'OrderFilled',
    ]);
    expect(events.find((e) => e.type === 'FillReceived')).toMatchObject({ price: 450_000, qty: 200 });
    expect(await store.listFills(runId)).toHaveLength(1);
    expect(errors).toEqual([]);
    expect(exec.manager.followUpStats()).toEqual({ following: 0, failures: 0 });
    await exec.subscription.close();
  });
});
