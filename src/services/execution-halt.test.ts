/**
 * The kill switch: a HALTED trading state cancels every resting order it covers, at the venue,
 * both the orders this process sent and those an earlier process left (Kalshi simulator over
 * real HTTP on loopback, PGlite store).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { LiveClock } from '../core/clock.js';
import type { ArbeesEvent, OrderIntent } from '../core/events.js';
import { asEventId, asGameId, asInstrumentId, asRunId, asSignalId, clientOrderIdFor } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import type { ScheduledTask, Scheduler } from '../core/scheduler.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../sim/kalshi/testing.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { KalshiVenueClient } from '../venues/kalshi/client.js';
import { KalshiHttp } from '../venues/kalshi/http.js';
import { startExecutionService } from './execution.js';
import { createLogger } from './logger.js';

let fx: SimFixture | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  await fx?.close();
  fx = undefined;
  store = undefined;
});

const restingBuy = (n: number): OrderIntent => {
  const signalId = asSignalId(`halt-test-${n}`);
  return {
    type: 'OrderIntent',
    id: asEventId(`intent-${n}`),
    ts: Date.now(),
    clientOrderId: clientOrderIdFor(signalId, 0),
    signalId,
    leg: 0,
    gameId: asGameId('g1'),
    instrumentId: asInstrumentId(`kalshi:${SIM_TICKER}`),
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    qty: 100 as Centis,
    // Under the maker's 0.45 ask: it rests.
    limitPrice: (300_000 + n * 10_000) as Micros,
    tif: 'GTC',
    legCount: 1,
    purpose: 'entry',
  };
};

describe('halt cancels resting orders', () => {
  it("cancels this process's resting orders and one left by an earlier process, and says so on the bus", async () => {
    fx = await startSimFixture();
    store = await openStore({ pglite: 'memory://' });
    const runId = asRunId('halt-test');
    await store.startRun({ runId, mode: 'live', startedTs: Date.now(), config: {} });
    const http = new KalshiHttp({ baseUrl: fx.baseUrl, key: { keyId: fx.keyId, privateKey: fx.privateKey } });
    const client = new KalshiVenueClient({ http });
    // An order an earlier process left resting.
    const orphan = restingBuy(9);
    expect((await client.submit(orphan)).kind).toBe('accepted');

    const bus = new MemoryBus({ now: () => Date.now() });
    const events: ArbeesEvent[] = [];
    bus.subscribe({ group: 'test', consumer: 't', topics: ['orders'], handler: (e) => void events.push(e) });
    const exec = startExecutionService({
      bus,
      clock: new LiveClock(),
      store,
      runId,
      venues: new Map([['kalshi', client]]),
      log: createLogger({ level: 'silent', name: 'test' }),
      reducingCooldownMs: 0,
    });
    for (const n of [1, 2]) await bus.publish(restingBuy(n));
    await bus.idle();
    expect(exec.manager.workingOrders()).toHaveLength(2);
    expect(await client.account!.openOrders()).toHaveLength(3);

    // A REDUCING state cancels nothing.
    await bus.publish({
      type: 'TradingStateChanged',
      id: asEventId('reduce'),
      ts: Date.now(),
      scope: 'global',
      state: 'REDUCING',
      reason: 'test',
      origin: 'operator',
    });
    await bus.idle();
    expect(await client.account!.openOrders()).toHaveLength(3);

    await bus.publish({
      type: 'TradingStateChanged',
      id: asEventId('halt'),
      ts: Date.now(),
      scope: 'venue:kalshi',
      state: 'HALTED',
      reason: 'kill switch',
      origin: 'operator',
    });
    await bus.idle();
    expect(await client.account!.openOrders()).toEqual([]);
    expect(exec.manager.workingOrders()).toEqual([]);
    const canceled = events
      .filter((e) => e.type === 'OrderCanceled')
      .map((e) => (e as { clientOrderId: string }).clientOrderId);
    expect(canceled.sort()).toEqual([restingBuy(1).clientOrderId, restingBuy(2).clientOrderId].sort());
    await exec.subscription.close();
  });

  it("an operator's cancel-all withdraws the resting orders and leaves trading on", async () => {
    fx = await startSimFixture();
    store = await openStore({ pglite: 'memory://' });
    const runId = asRunId('cancel-all-test');
    await store.startRun({ runId, mode: 'live', startedTs: Date.now(), config: {} });
    const http = new KalshiHttp({ baseUrl: fx.baseUrl, key: { keyId: fx.keyId, privateKey: fx.privateKey } });
    const client = new KalshiVenueClient({ http });
    const bus = new MemoryBus({ now: () => Date.now() });
    const exec = startExecutionService({
      bus,
      clock: new LiveClock(),
      store,
      runId,
      venues: new Map([['kalshi', client]]),
      log: createLogger({ level: 'silent', name: 'test' }),
      reducingCooldownMs: 0,
    });
    for (const n of [1, 2]) await bus.publish(restingBuy(n));
    await bus.idle();
    expect(await client.account!.openOrders()).toHaveLength(2);
    // Another venue's cancel-all leaves Kalshi's orders alone.
    const cancelAll = (scope: string) =>
      bus.publish({
        type: 'CancelAllRequested',
        id: asEventId(`cancel-${scope}`),
        ts: Date.now(),
        scope,
        reason: 'test',
      });
    await cancelAll('venue:polymarket');
    await bus.idle();
    expect(await client.account!.openOrders()).toHaveLength(2);
    await cancelAll('global');
    await bus.idle();
    expect(await client.account!.openOrders()).toEqual([]);
    expect(exec.manager.workingOrders()).toEqual([]);
    // Trading goes on: a new order is sent and rests.
    await bus.publish(restingBuy(3));
    await bus.idle();
    expect(await client.account!.openOrders()).toHaveLength(1);
    await exec.subscription.close();
  });

  it('with follow-ups, resting orders are asked about again until a halt cancels them', async () => {
    fx = await startSimFixture();
    store = await openStore({ pglite: 'memory://' });
    const runId = asRunId('halt-follow-up');
    await store.startRun({ runId, mode: 'live', startedTs: Date.now(), config: {} });
    const http = new KalshiHttp({ baseUrl: fx.baseUrl, key: { keyId: fx.keyId, privateKey: fx.privateKey } });
    const client = new KalshiVenueClient({ http });
    // Tasks are run by hand: the test decides when the follow-ups come due.
    const tasks: ScheduledTask[] = [];
    const scheduler: Scheduler = { at: (_ts, task) => void tasks.push(task) };
    const runDue = async () => {
      for (const task of tasks.splice(0)) await task();
    };
    const bus = new MemoryBus({ now: () => Date.now() });
    const events: ArbeesEvent[] = [];
    bus.subscribe({ group: 'test', consumer: 't', topics: ['orders'], handler: (e) => void events.push(e) });
    const exec = startExecutionService({
      bus,
      clock: new LiveClock(),
      store,
      runId,
      venues: new Map([['kalshi', client]]),
      log: createLogger({ level: 'silent', name: 'test' }),
      reducingCooldownMs: 0,
      scheduler,
    });
    for (const n of [1, 2]) await bus.publish(restingBuy(n));
    await bus.idle();
    expect(tasks).toHaveLength(2); // one follow-up each
    await runDue(); // still resting: asked again later
    expect(tasks).toHaveLength(2);
    expect(exec.manager.followUpStats()).toEqual({ following: 2, failures: 0 });

    await bus.publish({
      type: 'TradingStateChanged',
      id: asEventId('halt'),
      ts: Date.now(),
      scope: 'global',
      state: 'HALTED',
      reason: 'kill switch',
      origin: 'operator',
    });
    await bus.idle();
    expect(await client.account!.openOrders()).toEqual([]);
    expect(exec.manager.workingOrders()).toEqual([]);
    expect(events.filter((e) => e.type === 'OrderCanceled')).toHaveLength(2);
    await runDue(); // the follow-ups find the orders done and stop
    expect(tasks).toEqual([]);
    expect(exec.manager.followUpStats()).toEqual({ following: 0, failures: 0 });
    await exec.subscription.close();
  });
});
