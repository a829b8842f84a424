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

/** The paper venue, counting what is sent; `resendSafe` as the venue declares it. */
class CountingVenue implements VenueClient {
  readonly venue = 'kalshi' as const;
  readonly live = false;
  submits = 0;
  constructor(
    private readonly inner: PaperVenue,
    readonly resendSafe: boolean,
  ) {}
  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    this.submits += 1;
    return this.inner.submit(intent);
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

  const manager = (venue: VenueClient, published: ArbeesEvent[], opts: { claims?: boolean } = {}) =>
    new OrderManager({
      venues: new Map<VenueName, VenueClient>([['kalshi', venue]]),
      journal: {
        saveIntent: (i) => store.saveOrderIntent(runId, i),
        ...(opts.claims ? { claimSend: (id: ClientOrderId) => store.claimOrderSend(runId, id) } : {}),
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

  it('sends an intent journaled by a process killed before it marked the order sent', async () => {
    const venue = new CountingVenue(paperVenue(new SimulatedClock(0)), false);
    await store.saveOrderIntent(runId, intent()); // the earlier process got this far
    const published: ArbeesEvent[] = [];
    await manager(venue, published, { claims: true }).handleIntent(intent());
    expect(venue.submits).toBe(1);
    expect(published.map((e) => e.type)).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'FillReceived',
      'OrderFilled',
    ]);
  });

  it('marked sent but never received: sent again only where the venue refuses a second copy', async () => {
    for (const resendSafe of [true, false]) {
      await store.saveOrderIntent(runId, intent());
      expect(await store.claimOrderSend(runId, intent().clientOrderId)).toBe(true); // then killed
      const venue = new CountingVenue(paperVenue(new SimulatedClock(0)), resendSafe);
      const published: ArbeesEvent[] = [];
      await manager(venue, published, { claims: true }).handleIntent(intent());
      expect(venue.submits).toBe(resendSafe ? 1 : 0);
      expect(published.map((e) => e.type)).toEqual(
        resendSafe
          ? ['OrderSubmitted', 'OrderUnresolved', 'OrderAccepted', 'FillReceived', 'OrderFilled']
          : ['OrderSubmitted', 'OrderUnresolved', 'OrderRejected'],
      );
      await store.close();
      store = await openStore({ pglite: 'memory' });
      await store.startRun({ runId, mode: 'backtest', startedTs: 0, config: {} });
    }
  });

  it('two processes handed the same intent at once send it once', async () => {
    const venue = new CountingVenue(paperVenue(new SimulatedClock(0)), false);
    const a: ArbeesEvent[] = [];
    const b: ArbeesEvent[] = [];
    await Promise.all([
      manager(venue, a, { claims: true }).handleIntent(intent()),
      manager(venue, b, { claims: true }).handleIntent(intent()),
    ]);
    expect(venue.submits).toBe(1);
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

describe('arbitrage legs', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId, mode: 'backtest', startedTs: 0, config: {} });
  });
  afterEach(async () => store.close());

  const polyId = asInstrumentId('polymarket:G-HOME');
  function polymarket(clock: SimulatedClock, askQty: number, bidQty = 5000): PaperVenue {
    const v = new PaperVenue({ venue: 'polymarket', clock, startingBalance: 1_000_000_000 as Micros });
    v.addInstrument({
      instrumentId: polyId,
      venue: 'polymarket',
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
      id: asEventId('pb'),
      ts: 0,
      instrumentId: polyId,
      venue: 'polymarket',
      // YES bid 0.52 -> NO costs 0.48; YES ask 0.55
      bids: bidQty > 0 ? [{ price: 520_000 as Micros, qty: bidQty as Centis }] : [],
      asks: askQty > 0 ? [{ price: 550_000 as Micros, qty: askQty as Centis }] : [],
      venueTs: 0,
    });
    return v;
  }

  const legs = (): [OrderIntent, OrderIntent] => {
    const base = {
      ...intent(),
      signalId: asSignalId('A1'),
      legCount: 2,
      purpose: 'arbitrage' as const,
      tif: 'FOK' as const,
    };
    return [
      { ...base, clientOrderId: asClientOrderId('A1.L1'), leg: 1, limitPrice: 500_000 as Micros },
      {
        ...base,
        clientOrderId: asClientOrderId('A1.L2'),
        leg: 2,
        instrumentId: polyId,
        venue: 'polymarket',
        side: 'no',
        limitPrice: 480_000 as Micros,
      },
    ];
  };

  function pairManager(venues: Map<VenueName, VenueClient>, published: ArbeesEvent[], unhedged: string[]) {
    return new OrderManager({
      venues,
      journal: {
        saveIntent: (i) => store.saveOrderIntent(runId, i),
        claimSend: (id) => store.claimOrderSend(runId, id),
        intentOf: async (id) => (await store.getOrder(runId, id))?.intent ?? null,
        recordOrderEvents: (e) => store.recordOrderEvents(runId, e),
        recordFills: (f) => store.recordFills(runId, f),
      },
      clock: new SimulatedClock(0),
      publish: async (e) => void published.push(e),
      publishIntent: async (i) => void published.push(i),
      onUnhedged: async ({ unhedged: qty, resolved }) => void unhedged.push(`${qty}:${resolved}`),
    });
  }

  const held = (published: ArbeesEvent[]) => {
    const net = new Map<string, number>();
    for (const e of published) {
      if (e.type !== 'FillReceived') continue;
      const k = `${e.venue}:${e.side}`;
      net.set(k, (net.get(k) ?? 0) + (e.action === 'buy' ? e.qty : -e.qty));
    }
    return Object.fromEntries([...net].filter(([, q]) => q !== 0));
  };

  it('sends both legs and ends hedged when both fill', async () => {
    const clock = new SimulatedClock(0);
    const published: ArbeesEvent[] = [];
    const unhedged: string[] = [];
    const m = pairManager(
      new Map<VenueName, VenueClient>([
        ['kalshi', paperVenue(clock)],
        ['polymarket', polymarket(clock, 5000)],
      ]),
      published,
      unhedged,
    );
    const [a, b] = legs();
    await m.handleIntent(b); // legs may arrive in any order; nothing is sent until both are in
    expect(published).toEqual([]);
    await m.handleIntent(a);
    expect(held(published)).toEqual({ 'kalshi:yes': 1000, 'polymarket:no': 1000 });
    expect(unhedged).toEqual([]);
  });

  it('a process started between the two legs finds the first in the journal and sends both', async () => {
    const clock = new SimulatedClock(0);
    const venues = new Map<VenueName, VenueClient>([
      ['kalshi', paperVenue(clock)],
      ['polymarket', polymarket(clock, 5000)],
    ]);
    const [a, b] = legs();
    const before: ArbeesEvent[] = [];
    await pairManager(venues, before, []).handleIntent(a); // taken, then the process is killed
    expect(before).toEqual([]);
    const published: ArbeesEvent[] = [];
    await pairManager(venues, published, []).handleIntent(b);
    expect(held(published)).toEqual({ 'kalshi:yes': 1000, 'polymarket:no': 1000 });
  });

  it('completes a rejected second leg by paying up, and goes REDUCING', async () => {
    const clock = new SimulatedClock(0);
    const published: ArbeesEvent[] = [];
    const unhedged: string[] = [];
    const poly = polymarket(clock, 5000, 0); // no YES bids: NO cannot be bought at 0.48...
    const venues = new Map<VenueName, VenueClient>([
      ['kalshi', paperVenue(clock)],
      ['polymarket', poly],
    ]);
    const m = pairManager(venues, published, unhedged);
    const [a, b] = legs();
    // ...until a bid appears at 0.51 (NO at 0.49, within the 2-cent hedge allowance) after the legs went out.
    const original = poly.submit.bind(poly);
    poly.submit = async (i) => {
      const out = await original(i);
      if (i.leg === 2) {
        poly.onBook({
          type: 'BookSnapshot',
          id: asEventId('pb2'),
          ts: 0,
          instrumentId: polyId,
          venue: 'polymarket',
          bids: [{ price: 510_000 as Micros, qty: 5_000 as Centis }],
          asks: [],
          venueTs: 0,
        });
      }
      return out;
    };
    await m.handleIntent(a);
    await m.handleIntent(b);
    expect(held(published)).toEqual({ 'kalshi:yes': 1000, 'polymarket:no': 1000 });
    expect(unhedged).toEqual(['1000:false', '0:true']);
    expect(published.filter((e) => e.type === 'OrderIntent').map((e) => (e as OrderIntent).purpose)).toEqual([
      'hedge',
    ]);
  });

  it('unwinds the filled leg when the other cannot be completed, ending flat', async () => {
    const clock = new SimulatedClock(0);
    const published: ArbeesEvent[] = [];
    const unhedged: string[] = [];
    const venues = new Map<VenueName, VenueClient>([
      ['kalshi', paperVenue(clock)],
      ['polymarket', polymarket(clock, 5000, 0)],
    ]);
    const m = pairManager(venues, published, unhedged);
    const [a, b] = legs();
    await m.handleIntent(a);
    await m.handleIntent(b);
    expect(held(published)).toEqual({});
    expect(unhedged).toEqual(['1000:false', '0:true']);
    const intents = published.filter((e): e is OrderIntent => e.type === 'OrderIntent');
    expect(intents.map((i) => [i.purpose, i.action, i.venue])).toEqual([
      ['hedge', 'buy', 'polymarket'],
      ['unwind', 'sell', 'kalshi'],
    ]);
  });

  it('prices the unwind from what the long leg paid, not from its limit', async () => {
    const clock = new SimulatedClock(0);
    const published: ArbeesEvent[] = [];
    const unhedged: string[] = [];
    const kalshi = paperVenue(clock);
    // The YES leg walks two levels: 5 contracts at 0.40, 5 at its limit 0.50 (0.45 on average).
    kalshi.onBook({
      type: 'BookSnapshot',
      id: asEventId('b2'),
      ts: 0,
      instrumentId,
      venue: 'kalshi',
      bids: [{ price: 300_000 as Micros, qty: 5_000 as Centis }],
      asks: [
        { price: 400_000 as Micros, qty: 500 as Centis },
        { price: 500_000 as Micros, qty: 5_000 as Centis },
      ],
      venueTs: 0,
    });
    const venues = new Map<VenueName, VenueClient>([
      ['kalshi', kalshi],
      ['polymarket', polymarket(clock, 5000, 0)],
    ]);
    const m = pairManager(venues, published, unhedged);
    const [a, b] = legs();
    await m.handleIntent(a);
    await m.handleIntent(b);
    const unwind = published.find(
      (e): e is OrderIntent => e.type === 'OrderIntent' && e.purpose === 'unwind',
    );
    // 10 cents under the 0.45 paid; limit less 10 cents would have been 0.40, 5 cents of loss.
    expect(unwind).toMatchObject({ venue: 'kalshi', side: 'yes', action: 'sell', limitPrice: 350_000 });
    // The only bid, 0.30, is further under cost than that: the unwind sells nothing.
    expect(held(published)).toEqual({ 'kalshi:yes': 1000 });
    expect(unhedged).toEqual(['1000:false', '1000:false']);
  });

  it('asks the venue about a leg that timed out, and needs no hedge if it executed', async () => {
    const clock = new SimulatedClock(0);
    const published: ArbeesEvent[] = [];
    const unhedged: string[] = [];
    const slow = new TimesOutAfterExecuting(paperVenue(clock));
    const m = pairManager(
      new Map<VenueName, VenueClient>([
        ['kalshi', slow],
        ['polymarket', polymarket(clock, 5000)],
      ]),
      published,
      unhedged,
    );
    const [a, b] = legs();
    await m.handleIntent(a);
    await m.handleIntent(b);
    expect(slow.submits).toBe(1);
    expect(held(published)).toEqual({ 'kalshi:yes': 1000, 'polymarket:no': 1000 });
    expect(unhedged).toEqual([]);
  });
});
