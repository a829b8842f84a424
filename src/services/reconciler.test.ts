import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent } from '../core/events.js';
import type { VenueName } from '../core/instruments.js';
import type { Micros } from '../core/money.js';
import { PaperVenue } from '../venues/paper/paper-venue.js';
import type { VenueClient } from '../venues/port.js';
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
