/**
 * A process killed between storing an order intent and hearing from the venue: the order reached
 * the Kalshi simulator, the answer never came back. A new process with the same store gets the
 * intent again; it must not place a second order, and must book the one that was made.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../src/core/clock.js';
import type { ArbeesEvent, OrderIntent } from '../src/core/events.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asRunId,
  asSignalId,
} from '../src/core/ids.js';
import type { VenueName } from '../src/core/instruments.js';
import type { Centis, Micros } from '../src/core/money.js';
import { OrderManager } from '../src/execution/order-manager.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../src/sim/kalshi/testing.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';
import { KalshiVenueClient } from '../src/venues/kalshi/client.js';
import { KalshiHttp } from '../src/venues/kalshi/http.js';
import type { VenueClient } from '../src/venues/port.js';

const runId = asRunId('restart');

const intent: OrderIntent = {
  type: 'OrderIntent',
  id: asEventId('intent:R1.L1'),
  ts: 0,
  clientOrderId: asClientOrderId('R1.L1'),
  signalId: asSignalId('R1'),
  leg: 1,
  gameId: asGameId('2026_03_NYG_LAR'),
  instrumentId: asInstrumentId(`kalshi:${SIM_TICKER}`),
  venue: 'kalshi',
  side: 'yes',
  action: 'buy',
  qty: 400 as Centis,
  limitPrice: 450_000 as Micros,
  tif: 'IOC',
  legCount: 1,
  purpose: 'entry',
};

class ProcessKilled extends Error {}

describe('restart between intent and venue answer (Kalshi simulator)', () => {
  let fx: SimFixture;
  let store: Store;
  beforeEach(async () => {
    fx = await startSimFixture();
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId, mode: 'paper', startedTs: 0, config: {} });
  });
  afterEach(async () => {
    await store.close();
    await fx.close();
  });

  const manager = (venue: VenueClient, published: ArbeesEvent[]) =>
    new OrderManager({
      venues: new Map<VenueName, VenueClient>([['kalshi', venue]]),
      journal: {
        saveIntent: (i) => store.saveOrderIntent(runId, i),
        recordOrderEvents: (e) => store.recordOrderEvents(runId, e),
        recordFills: (f) => store.recordFills(runId, f),
      },
      clock: new SimulatedClock(0),
      publish: async (e) => void published.push(e),
    });

  it('places exactly one order and books its fill after the restart', async () => {
    const client = new KalshiVenueClient({
      http: new KalshiHttp({ baseUrl: fx.baseUrl, key: { keyId: fx.keyId, privateKey: fx.privateKey } }),
    });
    // First process: the order goes out and executes; the process dies before the answer.
    const dying: VenueClient = {
      venue: 'kalshi',
      live: false,
      submit: async (i) => {
        await client.submit(i);
        throw new ProcessKilled('killed while waiting for the venue');
      },
      getOrder: (id) => client.getOrder(id),
      cancel: (id) => client.cancel(id),
    };
    await expect(manager(dying, []).handleIntent(intent)).rejects.toThrow(ProcessKilled);
    expect(await store.getOrder(runId, intent.clientOrderId)).toMatchObject({ status: 'OrderSubmitted' });

    // Second process, same store: the intent is delivered again.
    const published: ArbeesEvent[] = [];
    await manager(client, published).handleIntent(intent);
    const sent = [...fx.sim.exchange.orders.values()].filter((o) => o.clientOrderId === intent.clientOrderId);
    expect(sent).toHaveLength(1);
    expect(published.map((e) => e.type)).toEqual([
      'OrderSubmitted',
      'OrderUnresolved',
      'OrderAccepted',
      'FillReceived',
      'OrderFilled',
    ]);
    expect(await store.listFills(runId)).toHaveLength(1);
    expect(await store.getOrder(runId, intent.clientOrderId)).toMatchObject({
      status: 'OrderFilled',
      filledQty: 400,
    });
  });
});
