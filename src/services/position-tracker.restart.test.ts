/**
 * A position tracker dropped mid-run and started again on the same store (PGlite) ends where an
 * uninterrupted one does: same positions, cash, reservations and realized P&L, each fill booked
 * once, the deposits once, the ledger balanced. Also a batch torn between its ledger transaction
 * and its position row (left by a tracker from before batches were one transaction), and a fill
 * journaled by execution but never published. position-tracker.outbox.test.ts kills it between
 * storing a batch and publishing it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, FillReceived } from '../core/events.js';
import { asRunId, type RunId } from '../core/ids.js';
import { type PortfolioEvent, PortfolioProjector } from '../portfolio/projector.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { T0 } from '../store/testing/fixtures.js';
import { restorePortfolio, startPositionTracker } from './position-tracker.js';
import { deposits, stream, summary as summaryOf, trades } from './testing/tracker-stream.js';

const runId = asRunId('tracker-restart');

/** One tracker's life: its own bus and projector on the shared store. */
async function startTracker(store: Store, now = T0) {
  const clock = new SimulatedClock(now);
  const errors: string[] = [];
  const bus = new MemoryBus({ now: () => clock.now(), onHandlerError: (e) => errors.push(String(e)) });
  const projector = new PortfolioProjector({ deposits });
  const restored = await restorePortfolio({ store, runId, projector });
  const tracker = startPositionTracker({ bus, clock, store, runId, projector });
  const opened = await tracker.open();
  const deliver = async (event: ArbeesEvent, journal?: FillReceived) => {
    clock.set(event.ts);
    if (journal) await store.recordFills(runId, [journal]);
    await bus.publish(event);
    await bus.idle();
  };
  return { projector, restored, opened, deliver, errors, stop: () => bus.close() };
}

const summary = (store: Store, projector: PortfolioProjector) => summaryOf(store, runId, projector);

describe('position tracker restart (PGlite)', () => {
  const stores: Store[] = [];
  const open = async () => {
    const s = await openStore({ pglite: 'memory' });
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  async function uninterrupted() {
    const store = await open();
    const t = await startTracker(store);
    for (const { event, journal } of stream()) await t.deliver(event, journal);
    expect(t.errors).toEqual([]);
    const s = await summary(store, t.projector);
    // Something to compare: a sale at average cost, a settlement, a position still open.
    expect(s.memory.realized).not.toBe(0);
    expect(s.settlements).toBe(1);
    expect(s.memory.open.length).toBeGreaterThan(0);
    return s;
  }

  it.each([
    { crash: 'between fills', failPositionsOnce: false },
    // Batches are one transaction now; a store written before that can still be torn like this.
    {
      crash: 'after storing a fill’s ledger transaction, before its position row (a torn batch)',
      failPositionsOnce: true,
    },
  ])(
    'a tracker dropped $crash and started again ends where an uninterrupted one does',
    async ({ failPositionsOnce }) => {
      const expected = await uninterrupted();
      const base = await open();
      let failNext = false;
      // The store as the first tracker sees it: one batch can die after its ledger rows.
      const dying = new Proxy(base, {
        get(target, prop, receiver) {
          if (prop === 'journalPortfolio' && failNext) {
            failNext = false;
            return async (run: RunId, events: readonly PortfolioEvent[]) => {
              await target.recordLedger(
                run,
                events.filter((e) => e.type === 'LedgerPosted'),
              );
              throw new Error('killed');
            };
          }
          const value = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const events = stream();
      // The first tracker gets up to fill 3; fill 4 is journaled by execution but never published.
      const cut = events.findIndex(
        (e) => e.event.type === 'FillReceived' && e.event.fillId === 'kalshi-fill-4',
      );
      const first = await startTracker(dying);
      for (const [i, { event, journal }] of events.slice(0, cut).entries()) {
        if (failPositionsOnce && i === cut - 3) failNext = true; // fill 3's handling dies
        await first.deliver(event, journal);
      }
      const fill4 = events[cut]?.journal;
      if (!fill4) throw new Error('fill 4 not in the stream');
      await base.recordFills(runId, [fill4]);
      await first.stop(); // the crash: the in-memory tracker is gone

      const second = await startTracker(base, fill4.ts);
      expect(second.restored.mismatched).toEqual([]);
      expect(second.restored.fills).toBe(3);
      expect(second.opened).toEqual({
        relayed: 0,
        repairedPositions: failPositionsOnce ? 1 : 0,
        fillsFromStore: 1,
        fillsRefused: [],
      });
      // The bus hands the new tracker what the old one had not acknowledged, then the rest.
      const redelivered = failPositionsOnce ? events.slice(cut - 3, cut) : [];
      for (const { event } of [...redelivered, ...events.slice(cut)]) await second.deliver(event);
      expect(second.errors).toEqual([]);

      const got = await summary(base, second.projector);
      expect(got.imbalance).toBe(0);
      expect(got.deposits).toBe(2);
      expect(got.trades).toBe(trades.length);
      expect(got.tradeRefs).toBe(trades.length);
      expect(got.txIds).toBe(got.transactions);
      expect(got).toEqual(expected);
    },
  );

  it('a second start with nothing new books nothing and changes nothing', async () => {
    const store = await open();
    const first = await startTracker(store);
    for (const { event, journal } of stream()) await first.deliver(event, journal);
    const before = await summary(store, first.projector);
    await first.stop();
    const second = await startTracker(store, T0 + 3_600_000);
    expect(second.opened).toEqual({ relayed: 0, repairedPositions: 0, fillsFromStore: 0, fillsRefused: [] });
    expect(await summary(store, second.projector)).toEqual(before);
    expect(second.projector.portfolio.ledger.imbalance()).toBe(0);
  });
});
