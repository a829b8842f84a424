/**
 * The paper venue over a persistence port (an in-memory one here that behaves as the store does:
 * version-guarded, all or nothing; src/services/paper-venues.test.ts runs the real store): what
 * it saves after each change, what it restores, and what happens when a save fails.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { asClientOrderId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import type { PaperAccountChange, PaperAccountState } from './account.js';
import { PaperVenue } from './paper-venue.js';
import { PaperAccountConflictError, type PaperAccountPersistence } from './persistence.js';
import { KALSHI_INSTRUMENT, paperInstrument, paperIntent, snapshot } from './testing.js';

/** Saves as the store does: a version older than the stored one is refused, nothing written. */
class MemoryPersistence implements PaperAccountPersistence {
  state: PaperAccountState | null = null;
  saves: PaperAccountChange[] = [];
  failNext = 0;

  async load() {
    return this.state;
  }

  async save(change: PaperAccountChange): Promise<boolean> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('database unreachable');
    }
    if (this.state && this.state.version > change.version) return false;
    this.saves.push(change);
    const positions = new Map((this.state?.positions ?? []).map((p) => [`${p.instrumentId}|${p.side}`, p]));
    for (const p of change.positions) {
      if (p.qty === 0) positions.delete(`${p.instrumentId}|${p.side}`);
      else positions.set(`${p.instrumentId}|${p.side}`, p);
    }
    const orders = [...(this.state?.orders ?? [])];
    for (const o of change.orders)
      if (!orders.some((x) => x.clientOrderId === o.clientOrderId)) orders.push(o);
    this.state = { version: change.version, cash: change.cash, positions: [...positions.values()], orders };
    return true;
  }
}

async function open(persistence: MemoryPersistence, errors: unknown[] = []) {
  const venue = await PaperVenue.open({
    venue: 'kalshi',
    clock: new SimulatedClock(1_000),
    startingBalance: 1_000_000_000 as Micros,
    persistence,
    onPersistError: (e) => errors.push(e),
  });
  venue.addInstrument(paperInstrument('kalshi'));
  venue.onBook(
    snapshot({
      instrumentId: KALSHI_INSTRUMENT,
      venue: 'kalshi',
      venueTs: 1_000,
      bids: [[40, 10]],
      asks: [
        [45, 10],
        [47, 10],
      ],
    }),
  );
  return venue;
}

const buy = (id: string, contracts: number, cents = 47) =>
  paperIntent({
    clientOrderId: id,
    qty: (contracts * 100) as Centis,
    limitPrice: (cents * 10_000) as Micros,
  });

async function accountOf(v: PaperVenue) {
  return {
    cash: await v.balance(),
    positions: await v.positions(),
    fills: await v.fillIds(),
    open: await v.openOrders(),
  };
}

describe('paper venue persistence', () => {
  it('saves the starting account once, then each change with what it touched', async () => {
    const store = new MemoryPersistence();
    const v = await open(store);
    expect(store.saves).toEqual([{ version: 0, cash: 1_000_000_000, positions: [], orders: [] }]);
    await v.submit(buy('A.L1', 12));
    const saved = store.saves[1]!;
    expect(saved.version).toBe(1);
    expect(saved.cash).toBe(await v.balance());
    expect(saved.positions).toEqual([{ instrumentId: KALSHI_INSTRUMENT, side: 'yes', qty: 1_200 }]);
    expect(saved.orders.map((o) => o.clientOrderId)).toEqual(['A.L1']);
    // A killed order changes no cash or position, but is kept: submitted again, it answers the same.
    await v.submit({ ...buy('B.L1', 100), tif: 'FOK' });
    expect(store.saves[2]).toMatchObject({ version: 2, positions: [], orders: [{ clientOrderId: 'B.L1' }] });
  });

  it('restores an equal account; an order submitted again returns its first result and trades nothing', async () => {
    const store = new MemoryPersistence();
    const first = await open(store);
    const a = await first.submit(buy('A.L1', 12));
    await first.submit(
      paperIntent({
        clientOrderId: 'S.L1',
        action: 'sell',
        qty: 200 as Centis,
        limitPrice: 400_000 as Micros,
      }),
    );
    const before = await accountOf(first);

    const second = await open(store);
    expect(await accountOf(second)).toEqual(before);
    expect(await second.getOrder(asClientOrderId('A.L1'))).toEqual(
      await first.getOrder(asClientOrderId('A.L1')),
    );
    expect(await second.submit(buy('A.L1', 12))).toEqual(a);
    expect(await accountOf(second)).toEqual(before);
    // The settlement pays the restored position, and is saved.
    await second.settle(KALSHI_INSTRUMENT, 'yes');
    expect(await second.balance()).toBe(before.cash + 1_000 * 10_000);
    const third = await open(store);
    expect(await accountOf(third)).toEqual({ ...before, cash: before.cash + 10_000_000, positions: [] });
    await third.settle(KALSHI_INSTRUMENT, 'yes'); // settled already: pays nothing
    expect(await third.balance()).toBe(before.cash + 10_000_000);
  });

  it('a save that failed is reported, counted, and goes again with the next change', async () => {
    const store = new MemoryPersistence();
    const errors: unknown[] = [];
    const v = await open(store, errors);
    store.failNext = 1;
    const out = await v.submit(buy('A.L1', 5, 45));
    expect(out.kind).toBe('accepted'); // the paper fill happened; only its save is late
    expect(errors.map(String)).toEqual(['Error: database unreachable']);
    expect(v.persistFailures).toBe(1);
    expect(store.state?.orders).toEqual([]);
    await v.submit(buy('B.L1', 1, 45));
    expect(store.state?.orders.map((o) => o.clientOrderId)).toEqual(['A.L1', 'B.L1']);
    expect(store.state?.positions).toEqual([{ instrumentId: KALSHI_INSTRUMENT, side: 'yes', qty: 600 }]);
    expect(store.state?.cash).toBe(await v.balance());
  });

  it('flush() saves what a failed save left, with no new change', async () => {
    const store = new MemoryPersistence();
    const v = await open(store);
    store.failNext = 1;
    await v.submit(buy('A.L1', 5, 45));
    expect(store.state?.orders).toEqual([]);
    await v.flush();
    expect(store.state?.orders.map((o) => o.clientOrderId)).toEqual(['A.L1']);
    expect(store.state?.cash).toBe(await v.balance());
  });

  it('a process writing an account a later process has moved on is told, and changes nothing stored', async () => {
    const store = new MemoryPersistence();
    const errors: unknown[] = [];
    const old = await open(store, errors);
    const newer = await open(store);
    await newer.submit(buy('N.L1', 1, 45));
    await newer.submit(buy('N.L2', 1, 45));
    const stored = store.state;
    await old.submit(buy('O.L1', 1, 45));
    expect(errors[0]).toBeInstanceOf(PaperAccountConflictError);
    expect(store.state).toBe(stored);
  });
});
