import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent } from '../core/events.js';
import { asEventId, asInstrumentId, type InstrumentId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { positionKey } from '../portfolio/reconcile.js';
import { PaperVenue } from '../venues/paper/paper-venue.js';
import type { VenueAccount, VenueClient, VenuePosition } from '../venues/port.js';
import { silentLogger } from './logger.js';
import { createReconciler } from './reconciler.js';

function setup(venueBalance: number) {
  const clock = new SimulatedClock(0);
  const bus = new MemoryBus();
  const seen: ArbeesEvent[] = [];
  bus.subscribe({ group: 't', consumer: 't', topics: ['ops', 'risk'], handler: (e) => void seen.push(e) });
  let ledgerCash = 5_000_000_000;
  const venues = new Map<VenueName, VenueClient>([
    ['kalshi', new PaperVenue({ venue: 'kalshi', clock, startingBalance: venueBalance as Micros })],
  ]);
  const reconciler = createReconciler({
    bus,
    clock,
    venues,
    log: silentLogger,
    ledgerView: () => ({ cash: ledgerCash, positions: new Map() }),
  });
  return { bus, seen, reconciler, setLedgerCash: (v: number) => (ledgerCash = v) };
}

describe('reconciler service', () => {
  it('lets trading start when the venue agrees with the ledger', async () => {
    const { bus, seen, reconciler } = setup(5_000_000_000);
    const [result] = await reconciler.runOnce();
    await bus.idle();
    expect(result?.verdict).toBe('ok');
    expect(seen).toMatchObject([
      { type: 'TradingStateChanged', scope: 'reconciliation', state: 'ACTIVE', origin: 'reconciler' },
    ]);
  });

  it('alerts on a small drift and holds trading on a large one until the books agree', async () => {
    const { bus, seen, reconciler, setLedgerCash } = setup(4_900_000_000); // 2 % short
    await reconciler.runOnce();
    await bus.idle();
    expect(seen.map((e) => e.type)).toEqual(['Alert', 'TradingStateChanged']);
    expect(seen[0]).toMatchObject({ severity: 'critical', source: 'reconciler' });
    expect(seen[1]).toMatchObject({ scope: 'reconciliation', state: 'HALTED' });
    setLedgerCash(4_900_300_000); // 0.006 %: agrees within the alert threshold
    await reconciler.runOnce();
    await bus.idle();
    expect(seen.at(-1)).toMatchObject({ scope: 'reconciliation', state: 'ACTIVE' });
  });
});

describe('reconciler with a confirming read', () => {
  it('lets a difference that is gone on the second read pass, and halts on one that lasts', async () => {
    const clock = new SimulatedClock(0);
    const bus = new MemoryBus();
    const seen: ArbeesEvent[] = [];
    bus.subscribe({ group: 't', consumer: 't', topics: ['ops', 'risk'], handler: (e) => void seen.push(e) });
    let ledgerCash = 4_900_000_000; // 2 % short of the venue: a fill on its way to the ledger
    let confirms = 0;
    let bookOnConfirm = true;
    const reconciler = createReconciler({
      bus,
      clock,
      venues: new Map<VenueName, VenueClient>([
        ['kalshi', new PaperVenue({ venue: 'kalshi', clock, startingBalance: 5_000_000_000 as Micros })],
      ]),
      log: silentLogger,
      ledgerView: () => ({ cash: ledgerCash, positions: new Map() }),
      confirm: async () => {
        confirms += 1;
        if (bookOnConfirm) ledgerCash = 5_000_000_000; // the ledger caught up meanwhile
      },
    });
    const [passing] = await reconciler.runOnce();
    await bus.idle();
    expect(confirms).toBe(1);
    expect(passing).toMatchObject({ verdict: 'ok', discrepancies: [] });
    expect(seen).toMatchObject([{ type: 'TradingStateChanged', state: 'ACTIVE' }]);

    ledgerCash = 4_900_000_000;
    bookOnConfirm = false; // still short after the wait: a real difference
    const [lasting] = await reconciler.runOnce();
    await bus.idle();
    expect(confirms).toBe(2);
    expect(lasting?.verdict).toBe('halt');
    expect(seen.slice(1).map((e) => e.type)).toEqual(['Alert', 'TradingStateChanged']);
    expect(seen.at(-1)).toMatchObject({ scope: 'reconciliation', state: 'HALTED' });
  });
});

/** An account whose every answer the test sets. */
class FakeAccount implements VenueAccount {
  cash = 0;
  held: VenuePosition[] = [];
  settled: InstrumentId[] = [];
  complements = new Map<string, InstrumentId>();
  async balance() {
    return this.cash as Micros;
  }
  async positions() {
    return this.held;
  }
  async openOrders() {
    return [];
  }
  async fillIds() {
    return [];
  }
  async settledInstruments() {
    return this.settled;
  }
  complementOf(id: InstrumentId) {
    return this.complements.get(id) ?? null;
  }
}

function fakeVenue(account: FakeAccount): VenueClient {
  return {
    venue: 'polymarket',
    live: false,
    submit: async () => ({ kind: 'rejected', reason: 'not in this test' }),
    getOrder: async () => null,
    cancel: async () => null,
    account,
  };
}

const A = asInstrumentId('polymarket:A');
const B = asInstrumentId('polymarket:B');
const X = asInstrumentId('polymarket:X');

function polymarketSetup() {
  const clock = new SimulatedClock(0);
  const bus = new MemoryBus();
  const alerts: string[] = [];
  bus.subscribe({
    group: 't',
    consumer: 't',
    topics: ['ops'],
    handler: (e) => void (e.type === 'Alert' && alerts.push(e.message)),
  });
  const account = new FakeAccount();
  account.complements.set(A, B);
  account.complements.set(B, A);
  const ledger = { cash: 0, positions: new Map<string, number>() };
  const reconciler = createReconciler({
    bus,
    clock,
    venues: new Map<VenueName, VenueClient>([['polymarket', fakeVenue(account)]]),
    log: silentLogger,
    ledgerView: () => ({ cash: ledger.cash, positions: new Map(ledger.positions) }),
  });
  const pass = async () => {
    const [r] = await reconciler.runOnce();
    await bus.idle();
    return r!;
  };
  const settle = async (instrumentId: InstrumentId) => {
    await bus.publish({
      type: 'MarketSettled',
      id: asEventId(`settled:${instrumentId}`),
      ts: clock.now(),
      instrumentId,
      venue: 'polymarket',
      result: 'no',
    });
    await bus.idle();
  };
  return { clock, account, ledger, reconciler, alerts, pass, settle };
}

describe('reconciler: Polymarket positions and markets being settled', () => {
  it("compares the ledger's NO of a token with the venue's holding of the other token", async () => {
    const { account, ledger, pass, alerts } = polymarketSetup();
    ledger.cash = account.cash = 10_000_000;
    ledger.positions.set(positionKey(A, 'no'), 500);
    account.held = [{ instrumentId: B, side: 'yes', qty: 500 as Centis }];
    expect(await pass()).toMatchObject({ verdict: 'ok', discrepancies: [] });
    account.held = [{ instrumentId: B, side: 'yes', qty: 400 as Centis }];
    expect((await pass()).verdict).toBe('halt');
    expect(alerts).toEqual(['polymarket position polymarket:B|yes: ledger 500, venue 400 (drift 20.0000%)']);
  });

  it('takes a canonical key function of its own', async () => {
    const bus = new MemoryBus();
    const account = new FakeAccount();
    account.held = [{ instrumentId: B, side: 'yes', qty: 500 as Centis }];
    const reconciler = createReconciler({
      bus,
      clock: new SimulatedClock(0),
      venues: new Map<VenueName, VenueClient>([['polymarket', fakeVenue(account)]]),
      log: silentLogger,
      ledgerView: () => ({ cash: 0, positions: new Map([[positionKey(A, 'no'), 500]]) }),
      canonicalKey: (_venue, key) => (key === 'polymarket:A|no' ? 'polymarket:B|yes' : key),
    });
    const [r] = await reconciler.runOnce();
    expect(r).toMatchObject({ verdict: 'ok', discrepancies: [] });
  });

  it('raises no alert while a market we settled is not yet settled at the venue', async () => {
    const { clock, account, ledger, pass, settle, alerts, reconciler } = polymarketSetup();
    ledger.cash = account.cash = 10_000_000;
    ledger.positions.set(positionKey(A, 'yes'), 500);
    account.held = [{ instrumentId: A, side: 'yes', qty: 500 as Centis }];
    expect((await pass()).verdict).toBe('ok');
    // Our settlement watcher saw A settle: the ledger pays out 5 contracts at $1.
    await settle(A);
    ledger.positions.delete(positionKey(A, 'yes'));
    ledger.cash += 5_000_000;
    clock.advance(3_600_000);
    const during = await pass();
    expect(during).toMatchObject({ verdict: 'ok', discrepancies: [] });
    expect(during.deferred?.map((d) => d.key)).toEqual(['cash:polymarket', 'polymarket:A|yes']);
    expect(alerts).toEqual([]);
    expect(reconciler.settling('polymarket')).toEqual([A]);
    // The venue pays out: the books agree and the window ends.
    account.held = [];
    account.cash += 5_000_000;
    expect(await pass()).toMatchObject({ verdict: 'ok', discrepancies: [] });
    expect(reconciler.settling('polymarket')).toEqual([]);
    // A later cash difference is a fault again, at once.
    account.cash -= 1_000_000;
    expect((await pass()).verdict).toBe('halt');
    expect(alerts).toHaveLength(1);
  });

  it('raises no alert while the venue has settled a market our ledger has not booked yet', async () => {
    const { account, ledger, pass, alerts } = polymarketSetup();
    ledger.cash = 10_000_000;
    ledger.positions.set(positionKey(A, 'no'), 500); // held at the venue as token B
    account.cash = 15_000_000; // B paid out and gone from the account
    account.settled = [A, B];
    expect(await pass()).toMatchObject({ verdict: 'ok', discrepancies: [] });
    expect(alerts).toEqual([]);
  });

  it('alerts as before once a settlement has kept the books apart for 6 hours', async () => {
    const { clock, account, ledger, pass, settle, alerts } = polymarketSetup();
    ledger.cash = 15_000_000;
    account.cash = 10_000_000;
    account.held = [{ instrumentId: A, side: 'yes', qty: 500 as Centis }];
    await settle(A);
    clock.advance(6 * 3_600_000 - 1);
    expect((await pass()).verdict).toBe('ok');
    expect(alerts).toEqual([]);
    clock.advance(1);
    expect((await pass()).verdict).toBe('halt');
    expect(alerts).toEqual([
      'polymarket balance cash:polymarket: ledger 15000000, venue 10000000 (drift 33.3333%)',
      'polymarket position polymarket:A|yes: ledger 0, venue 500 (drift 100.0000%)',
    ]);
  });

  it('alerts on a real difference in another market during the window', async () => {
    const { account, ledger, pass, settle, alerts } = polymarketSetup();
    ledger.cash = 15_000_000;
    account.cash = 10_000_000;
    account.held = [
      { instrumentId: A, side: 'yes', qty: 500 as Centis },
      { instrumentId: X, side: 'yes', qty: 300 as Centis },
    ];
    ledger.positions.set(positionKey(X, 'yes'), 200);
    await settle(A);
    const r = await pass();
    expect(r.verdict).toBe('halt');
    expect(alerts).toEqual(['polymarket position polymarket:X|yes: ledger 200, venue 300 (drift 33.3333%)']);
  });
});
