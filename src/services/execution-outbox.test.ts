/**
 * The execution outbox on PGlite: the process is killed after any number of publishes (between
 * journal and publish included); a new order manager on the same store relays what was left and
 * takes the redelivered intents. Every journaled event reaches the bus, each id stands for one
 * fact, fills reach it before the status that counts them, and nothing is sent to the venue twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, FillReceived, OrderEvent, OrderIntent } from '../core/events.js';
import { KALSHI_SPORTS_FEES } from '../core/fees.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asOutcomeId,
  asRunId,
  asSignalId,
  type ClientOrderId,
  type RunId,
} from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { OrderManager, orderEventId } from '../execution/order-manager.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { PaperVenue } from '../venues/paper/paper-venue.js';
import type { SubmitOutcome, VenueClient } from '../venues/port.js';
import { storeOrderJournal } from './execution.js';

const instrumentId = asInstrumentId('kalshi:G-HOME');

function paperVenue(clock: SimulatedClock): PaperVenue {
  const v = new PaperVenue({ venue: 'kalshi', clock, startingBalance: 1_000_000_000 as Micros });
  v.addInstrument({
    instrumentId,
    venue: 'kalshi',
    symbol: 'G-HOME',
    gameId: asGameId('G'),
    outcomeId: asOutcomeId('G/home_win'),
    outcome: 'home_win',
    tickSize: 10_000 as Micros,
    fees: KALSHI_SPORTS_FEES,
    settlement: { includesOvertime: true, drawPossible: false, postponement: 'follows_rescheduled_game' },
    simulated: true,
  });
  v.onBook({
    type: 'BookSnapshot',
    id: asEventId('b'),
    ts: 0,
    instrumentId,
    venue: 'kalshi',
    bids: [{ price: 480_000 as Micros, qty: 5000 as Centis }],
    asks: [{ price: 500_000 as Micros, qty: 5000 as Centis }],
    venueTs: 0,
  });
  return v;
}

/** Counts what reaches the venue; the second order's answer is lost (it executed). */
class CountingVenue implements VenueClient {
  readonly venue = 'kalshi' as const;
  readonly live = false;
  readonly submitted: ClientOrderId[] = [];
  constructor(private readonly inner: PaperVenue) {}
  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    this.submitted.push(intent.clientOrderId);
    const outcome = await this.inner.submit(intent);
    return intent.leg === 2 ? { kind: 'unresolved', reason: 'request timed out' } : outcome;
  }
  getOrder(id: ClientOrderId) {
    return this.inner.getOrder(id);
  }
  cancel(id: ClientOrderId) {
    return this.inner.cancel(id);
  }
}

const intentFor = (leg: number): OrderIntent => ({
  type: 'OrderIntent',
  id: asEventId(`intent:S1.L${leg}`),
  ts: 0,
  clientOrderId: asClientOrderId(`S1.L${leg}`),
  signalId: asSignalId(`S${leg}`),
  leg,
  gameId: asGameId('G'),
  instrumentId,
  venue: 'kalshi',
  side: 'yes',
  action: 'buy',
  qty: 1000 as Centis,
  limitPrice: 500_000 as Micros,
  tif: 'IOC',
  legCount: 1,
  purpose: 'entry',
});

class ProcessKilled extends Error {}

type Published = OrderEvent | FillReceived;

function managerFor(
  store: Store,
  runId: RunId,
  venue: VenueClient,
  publish: (e: Published) => Promise<void>,
) {
  return new OrderManager({
    venues: new Map<VenueName, VenueClient>([['kalshi', venue]]),
    journal: storeOrderJournal(store, runId),
    clock: new SimulatedClock(1_000),
    publish,
  });
}

/** Runs both intents, killing the process as it is about to make publish number `killAt`. */
async function runKilledAt(store: Store, runId: RunId, killAt: number) {
  const venue = new CountingVenue(paperVenue(new SimulatedClock(0)));
  const bus: ArbeesEvent[] = [];
  let publishes = 0;
  const dying = managerFor(store, runId, venue, async (e) => {
    if (publishes++ === killAt) throw new ProcessKilled(`killed before publish ${killAt}`);
    bus.push(e);
  });
  let killed = false;
  try {
    for (const leg of [1, 2]) await dying.handleIntent(intentFor(leg));
  } catch (error) {
    if (!(error instanceof ProcessKilled)) throw error;
    killed = true;
  }
  // The restarted process: the outbox first, then the intents the bus delivers again.
  const restarted = managerFor(store, runId, venue, async (e) => void bus.push(e));
  const relayed = await restarted.relayUnpublished();
  for (const leg of [1, 2]) await restarted.handleIntent(intentFor(leg));
  return { bus, venue, killed, relayed, again: await restarted.relayUnpublished() };
}

describe('execution outbox relay', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ pglite: 'memory' });
  });
  afterAll(async () => store?.close());

  it('every kill point: each journaled event reaches the bus, in order, each id one fact', async () => {
    // Publishes without a kill: L1 Submitted, Accepted, fill, Filled; L2 Submitted, Unresolved,
    // Accepted, fill, Filled. One point past the end is the run that was not killed.
    for (let killAt = 0; killAt <= 9; killAt++) {
      const runId = asRunId(`outbox-${killAt}`);
      await store.startRun({ runId, mode: 'backtest', startedTs: 0, config: {} });
      const { bus, venue, killed, again } = await runKilledAt(store, runId, killAt);
      expect(killed, `kill ${killAt}`).toBe(killAt < 9);

      // Never sent twice: the restarted manager asks the venue about each journaled intent.
      expect([...venue.submitted].sort(), `kill ${killAt}`).toEqual([...new Set(venue.submitted)].sort());
      const firstSeen = new Map<string, ArbeesEvent>();
      for (const e of bus) {
        const seen = firstSeen.get(e.id);
        if (seen) expect(seen.type, `id ${e.id} names two facts`).toBe(e.type);
        else firstSeen.set(e.id, e);
      }
      const stored = await store.listFills(runId);
      for (const fill of stored) expect(firstSeen.has(fill.id), `fill ${fill.id} lost`).toBe(true);
      for (const leg of [1, 2]) {
        const coid = asClientOrderId(`S1.L${leg}`);
        const order = await store.getOrder(runId, coid);
        const types = [...firstSeen.values()]
          .filter((e) => 'clientOrderId' in e && e.clientOrderId === coid)
          .map((e) => e.type);
        expect(types, `kill ${killAt} leg ${leg}`).toContain('OrderSubmitted');
        // Killed before the request went out: the venue has no record, so it is rejected.
        if (!venue.submitted.includes(coid)) {
          expect(order?.status, `kill ${killAt} leg ${leg}`).toBe('OrderRejected');
          expect(types).not.toContain('FillReceived');
          continue;
        }
        expect(order, `kill ${killAt} leg ${leg}`).toMatchObject({ status: 'OrderFilled', filledQty: 1000 });
        expect(stored.filter((f) => f.clientOrderId === coid)).toHaveLength(1);
        // What the bus saw first: the fill before the status that counts it.
        expect(types.filter((t) => t === 'FillReceived')).toHaveLength(1);
        expect(types.indexOf('FillReceived'), `kill ${killAt} leg ${leg}`).toBeLessThan(
          types.indexOf('OrderFilled'),
        );
      }
      expect(again).toBe(0);
      expect(await store.listOutbox(runId, 'execution', 100)).toEqual([]);
    }
  });

  it('relays only what may not have been published, in journal order', async () => {
    const runId = asRunId('outbox-order');
    await store.startRun({ runId, mode: 'backtest', startedTs: 0, config: {} });
    const venue = new CountingVenue(paperVenue(new SimulatedClock(0)));
    // Killed right after the fill was journaled: fill and Filled never published.
    const seen: ArbeesEvent[] = [];
    const dying = managerFor(store, runId, venue, async (e) => {
      if (e.type === 'FillReceived') throw new ProcessKilled('killed after journaling the fill');
      seen.push(e);
    });
    await expect(dying.handleIntent(intentFor(1))).rejects.toThrow(ProcessKilled);
    expect(seen.map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderAccepted']);

    const relayed: ArbeesEvent[] = [];
    const restarted = managerFor(store, runId, venue, async (e) => void relayed.push(e));
    expect(await restarted.relayUnpublished()).toBe(1);
    expect(relayed.map((e) => e.type)).toEqual(['FillReceived']);
    expect(await store.listOutbox(runId, 'execution', 100)).toEqual([]);
  });

  it('order event ids are the same for the same fact and differ between facts', () => {
    const coid = asClientOrderId('S9.L1');
    const ids = [
      orderEventId(coid, { kind: 'OrderSubmitted' }),
      orderEventId(coid, { kind: 'OrderUnresolved', reason: 'a' }),
      orderEventId(coid, { kind: 'OrderAccepted', venueOrderId: 'v1' as never }),
      orderEventId(coid, {
        kind: 'OrderPartiallyFilled',
        filledQty: 100 as Centis,
        leavesQty: 900 as Centis,
      }),
      orderEventId(coid, {
        kind: 'OrderPartiallyFilled',
        filledQty: 300 as Centis,
        leavesQty: 700 as Centis,
      }),
      orderEventId(coid, { kind: 'OrderFilled', filledQty: 1000 as Centis }),
      orderEventId(coid, { kind: 'OrderCanceled', reason: 'x', canceledQty: 1 as Centis }),
      orderEventId(coid, { kind: 'OrderExpired' }),
      orderEventId(coid, { kind: 'OrderRejected', reason: 'r' }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(orderEventId(coid, { kind: 'OrderUnresolved', reason: 'b' })).toBe(ids[1]);
  });
});
