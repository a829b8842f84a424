/**
 * The order manager against the real store (PGlite) and the paper venue: the intent is journaled
 * before it is sent, a request that times out but executed is resolved by asking the venue, and a
 * redelivered or restarted intent never makes a second order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, OrderIntent } from '../core/events.js';
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
} from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { PaperVenue } from '../venues/paper/paper-venue.js';
import type { SubmitOutcome, VenueClient } from '../venues/port.js';
import { OrderManager } from './order-manager.js';

const runId = asRunId('om-test');
const instrumentId = asInstrumentId('kalshi:G-HOME');

function paperVenue(clock: SimulatedClock): PaperVenue {
  const v = new PaperVenue({ venue: 'kalshi', clock });
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

/** The venue executes the order, but the answer is lost: the request times out. */
class TimesOutAfterExecuting implements VenueClient {
  readonly venue = 'kalshi' as const;
  readonly live = false;
  submits = 0;
  constructor(private readonly inner: PaperVenue) {}
  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    this.submits += 1;
    await this.inner.submit(intent);
    return { kind: 'unresolved', reason: 'request timed out after 5000 ms' };
  }
  getOrder(id: ClientOrderId) {
    return this.inner.getOrder(id);
  }
  cancel(id: ClientOrderId) {
    return this.inner.cancel(id);
  }
}

const intent = (): OrderIntent => ({
  type: 'OrderIntent',
  id: asEventId('intent:S1.L1'),
  ts: 0,
  clientOrderId: asClientOrderId('S1.L1'),
  signalId: asSignalId('S1'),
  leg: 1,
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

describe('order manager', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId, mode: 'backtest', startedTs: 0, config: {} });
  });
  afterEach(async () => store.close());

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

  it('journals, sends, and reports fills and the final status', async () => {
    const published: ArbeesEvent[] = [];
    await manager(paperVenue(new SimulatedClock(0)), published).handleIntent(intent());
    expect(published.map((e) => e.type)).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'FillReceived',
      'OrderFilled',
    ]);
    expect(await store.getOrder(runId, asClientOrderId('S1.L1'))).toMatchObject({
      status: 'OrderFilled',
      filledQty: 1000,
    });
    expect(await store.listFills(runId)).toHaveLength(1);
  });

  it('resolves a timed-out request by client order id instead of resending', async () => {
    const venue = new TimesOutAfterExecuting(paperVenue(new SimulatedClock(0)));
    const published: ArbeesEvent[] = [];
    await manager(venue, published).handleIntent(intent());
    expect(venue.submits).toBe(1);
    expect(published.map((e) => e.type)).toEqual([
      'OrderSubmitted',
      'OrderUnresolved',
      'OrderAccepted',
      'FillReceived',
      'OrderFilled',
    ]);
  });

  it('after a restart, an intent already journaled is looked up, never sent twice', async () => {
    const clock = new SimulatedClock(0);
    const venue = new TimesOutAfterExecuting(paperVenue(clock));
    const first: ArbeesEvent[] = [];
    await manager(venue, first).handleIntent(intent());
    // A new process (new manager, same store and venue) receives the same intent again.
    const second: ArbeesEvent[] = [];
    await manager(venue, second).handleIntent(intent());
    expect(venue.submits).toBe(1);
    expect(second.filter((e) => e.type === 'FillReceived')).toHaveLength(1); // the same fill, reported once more
    expect(await store.listFills(runId)).toHaveLength(1);
  });

  it('rejects an order the venue never received', async () => {
    const published: ArbeesEvent[] = [];
    const lost: VenueClient = {
      venue: 'kalshi',
      live: false,
      submit: async () => ({ kind: 'transport', reason: 'connection reset' }),
      getOrder: async () => null,
      cancel: async () => null,
    };
    await manager(lost, published).handleIntent(intent());
    expect(published.map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderUnresolved', 'OrderRejected']);
  });
});
