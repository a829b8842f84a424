/**
 * A paper run stopped and started again under its run id, on the real store (PGlite; and
 * PostgreSQL when DATABASE_URL is set): the paper venues, execution, the position tracker and the
 * reconciler as a run wires them, each life on its own bus. The restored paper account equals
 * the one that stopped and the restored ledger; an order delivered again trades nothing; a
 * settlement after the restart pays the restored position.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, MarketMapped, MarketSettled } from '../core/events.js';
import { asClientOrderId, asEventId, asRunId, type RunId } from '../core/ids.js';
import type { VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { PortfolioProjector } from '../portfolio/projector.js';
import { positionKey } from '../portfolio/reconcile.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { createTestSchema } from '../store/testing/harness.js';
import type { PaperVenue } from '../venues/paper/paper-venue.js';
import { KALSHI_INSTRUMENT, paperInstrument, paperIntent, snapshot } from '../venues/paper/testing.js';
import { startExecutionService } from './execution.js';
import { silentLogger } from './logger.js';
import { openPaperVenues, startPaperVenueFeed } from './paper-venues.js';
import { restorePortfolio, startPositionTracker } from './position-tracker.js';
import { createReconciler } from './reconciler.js';

const T0 = Date.UTC(2024, 2, 17, 23, 0, 0);
const deposits = [
  { venue: 'kalshi' as const, amount: 500_000_000 as Micros },
  { venue: 'polymarket' as const, amount: 500_000_000 as Micros },
];

const mapped: MarketMapped = {
  type: 'MarketMapped',
  id: asEventId('map:1'),
  ts: T0,
  instrument: paperInstrument('kalshi'),
};
const buy = paperIntent({
  clientOrderId: 'A.L1',
  ts: T0 + 2_000,
  qty: 1_200 as Centis,
  limitPrice: 470_000 as Micros,
});
const sell = paperIntent({
  clientOrderId: 'B.L1',
  ts: T0 + 3_000,
  action: 'sell',
  purpose: 'exit',
  qty: 200 as Centis,
  limitPrice: 400_000 as Micros,
});
const settled: MarketSettled = {
  type: 'MarketSettled',
  id: asEventId('settle:1'),
  ts: T0 + 9_000,
  instrumentId: KALSHI_INSTRUMENT,
  venue: 'kalshi',
  result: 'yes',
};

/** One process's life on the shared store, wired as a paper run wires it. */
async function startLife(store: Store, runId: RunId, now: number) {
  const clock = new SimulatedClock(now);
  const errors: string[] = [];
  const bus = new MemoryBus({ now: () => clock.now(), onHandlerError: (e) => errors.push(String(e)) });
  const projector = new PortfolioProjector({ deposits });
  await restorePortfolio({ store, runId, projector });
  const paper = await openPaperVenues({
    clock,
    accounts: deposits.map((d) => ({ venue: d.venue, startingBalance: d.amount })),
    persist: { store, runId },
    log: silentLogger,
  });
  const subs = [startPaperVenueFeed({ bus, venues: paper })];
  const tracker = startPositionTracker({ bus, clock, store, runId, projector });
  subs.push(tracker.subscription);
  const execution = startExecutionService({
    bus,
    clock,
    store,
    runId,
    venues: paper,
    log: silentLogger,
    reducingCooldownMs: 0,
  });
  subs.push(execution.subscription);
  await execution.manager.relayUnpublished();
  await tracker.open();
  await bus.idle();
  const reconciler = createReconciler({
    bus,
    clock,
    venues: paper,
    log: silentLogger,
    ledgerView: (venue: VenueName) => ({
      cash: projector.portfolio.cash(venue) + projector.portfolio.reservedAt(venue),
      positions: new Map(
        projector.portfolio
          .openPositions()
          .filter((p) => p.venue === venue)
          .map((p) => [positionKey(p.instrumentId, p.side), p.qty]),
      ),
      openOrders: new Set(
        execution.manager
          .workingOrders()
          .filter((o) => o.venue === venue)
          .map((o) => o.clientOrderId as string),
      ),
      // The paper account is restored whole, so it knows the fills of earlier lives too.
      fills: projector.bookedFillIds(venue, { includeRestored: true }),
    }),
  });
  return {
    clock,
    errors,
    projector,
    kalshi: paper.get('kalshi') as PaperVenue,
    async deliver(...events: ArbeesEvent[]) {
      for (const e of events) {
        clock.set(e.ts);
        await bus.publish(e);
        await bus.idle();
      }
    },
    async discrepancies() {
      const results = await reconciler.runOnce();
      return results.flatMap((r) => r.discrepancies);
    },
    async stop() {
      for (const s of subs) await s.close();
      await bus.close();
    },
  };
}

async function accountOf(v: PaperVenue) {
  const sorted = <T>(xs: T[]) => [...xs].sort();
  return {
    cash: await v.balance(),
    positions: await v.positions(),
    fills: sorted(await v.fillIds()),
    open: await v.openOrders(),
    orders: [await v.getOrder(asClientOrderId('A.L1')), await v.getOrder(asClientOrderId('B.L1'))],
  };
}

const backends: { name: string; open: () => Promise<{ store: Store; close: () => Promise<void> }> }[] = [
  {
    name: 'PGlite',
    open: async () => {
      const store = await openStore({ pglite: 'memory' });
      return { store, close: () => store.close() };
    },
  },
];
const databaseUrl = process.env.DATABASE_URL ?? '';
if (databaseUrl)
  backends.push({
    name: 'PostgreSQL',
    open: async () => {
      const schema = await createTestSchema(databaseUrl);
      const store = await openStore({ databaseUrl, schema: schema.schema });
      return {
        store,
        close: async () => {
          await store.close();
          await schema.drop();
        },
      };
    },
  });

describe.each(backends)('a paper run started again under its run id ($name)', ({ open }) => {
  let db: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('continues the paper account: equal to the one stopped and to the ledger, no order filled twice, settlement paid', async () => {
    const runId = asRunId('paper-restart');
    const book = snapshot({
      instrumentId: KALSHI_INSTRUMENT,
      venue: 'kalshi',
      venueTs: T0 + 1_000,
      bids: [[40, 10]],
      asks: [
        [45, 10],
        [47, 10],
      ],
    });

    const first = await startLife(db.store, runId, T0);
    await first.deliver(mapped, book, buy, sell);
    expect(first.errors).toEqual([]);
    expect(await first.discrepancies()).toEqual([]);
    const stopped = await accountOf(first.kalshi);
    expect(stopped.positions).toEqual([{ instrumentId: KALSHI_INSTRUMENT, side: 'yes', qty: 1_000 }]);
    expect(stopped.fills).toEqual(['A.L1.F1', 'A.L1.F2', 'B.L1.F1']);
    expect(stopped.cash).toBeLessThan(500_000_000);
    await first.stop();

    const second = await startLife(db.store, runId, T0 + 5_000);
    expect(await accountOf(second.kalshi)).toEqual(stopped);
    expect(await second.discrepancies()).toEqual([]);

    // The bus hands the new process the buy again (it was never acknowledged, say), with a book
    // that would fill it: execution asks the venue, which answers with the first result.
    const fillsBefore = (await db.store.listFills(runId)).length;
    await second.deliver(
      { ...book, id: asEventId('book:again'), ts: T0 + 6_000, venueTs: T0 + 6_000 },
      { ...buy, ts: T0 + 6_000 },
    );
    expect(second.errors).toEqual([]);
    expect(await accountOf(second.kalshi)).toEqual(stopped);
    expect(await db.store.listFills(runId)).toHaveLength(fillsBefore);
    expect(await second.discrepancies()).toEqual([]);

    await second.deliver(settled);
    expect(second.errors).toEqual([]);
    const paid = stopped.cash + 10_000_000; // 10 contracts at $1
    expect(await second.kalshi.balance()).toBe(paid);
    expect(await second.kalshi.positions()).toEqual([]);
    expect(await second.discrepancies()).toEqual([]);
    await second.stop();

    const third = await startLife(db.store, runId, T0 + 10_000);
    expect(await accountOf(third.kalshi)).toEqual({ ...stopped, cash: paid, positions: [] });
    expect(await third.discrepancies()).toEqual([]);
    await third.stop();
  });
});
