/**
 * A position tracker dropped mid-run and started again on the same store (PGlite) ends where an
 * uninterrupted one does: same positions, cash, reservations and realized P&L, each fill booked
 * once, the deposits once, the ledger balanced. Also the crash between storing a fill's ledger
 * transaction and its position row, and a fill journaled by execution but never published.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, FillReceived, MarketSettled, OrderFilled, OrderIntent } from '../core/events.js';
import { asClientOrderId, asEventId, asFillId, asInstrumentId, asRunId, asSignalId } from '../core/ids.js';
import type { ContractSide } from '../core/instruments.js';
import { type Centis, type Micros, micros } from '../core/money.js';
import { PortfolioProjector } from '../portfolio/projector.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { GAME, INSTRUMENT, market, T0 } from '../store/testing/fixtures.js';
import { restorePortfolio, startPositionTracker } from './position-tracker.js';

const runId = asRunId('tracker-restart');
const OTHER = asInstrumentId('kalshi:KXNFLGAME-19SEP08PITNE-PIT');
const deposits = [
  { venue: 'kalshi' as const, amount: micros(500_000_000) },
  { venue: 'polymarket' as const, amount: micros(500_000_000) },
];

interface Trade {
  readonly n: number;
  readonly instrumentId: typeof INSTRUMENT;
  readonly side: ContractSide;
  readonly action: 'buy' | 'sell';
  readonly qty: number;
  readonly price: number;
}

/** An order, its fill and its end, as execution journals and publishes them. */
function order(t: Trade): { intent: OrderIntent; fill: FillReceived; ended: OrderFilled } {
  const ts = T0 + t.n * 60_000;
  const coid = asClientOrderId(`sig:${t.n}.L1`);
  const base = { gameId: GAME, instrumentId: t.instrumentId, venue: 'kalshi' as const, side: t.side };
  return {
    intent: {
      ...base,
      type: 'OrderIntent',
      id: asEventId(`intent:${t.n}`),
      ts,
      clientOrderId: coid,
      signalId: asSignalId(`sig:${t.n}`),
      leg: 1,
      action: t.action,
      qty: t.qty as Centis,
      limitPrice: (t.price + 10_000) as Micros,
      tif: 'IOC',
      legCount: 1,
      purpose: t.action === 'buy' ? 'entry' : 'exit',
    },
    fill: {
      ...base,
      type: 'FillReceived',
      id: asEventId(`fill-evt:${t.n}`),
      ts: ts + 1,
      fillId: asFillId(`kalshi-fill-${t.n}`),
      clientOrderId: coid,
      action: t.action,
      price: t.price as Micros,
      qty: t.qty as Centis,
      fee: micros(70_000 + t.n * 1_000),
      liquidity: 'taker',
    },
    ended: {
      type: 'OrderFilled',
      id: asEventId(`${coid}:f`),
      ts: ts + 2,
      clientOrderId: coid,
      instrumentId: t.instrumentId,
      venue: 'kalshi',
      filledQty: t.qty as Centis,
    },
  };
}

const trades: Trade[] = [
  { n: 1, instrumentId: INSTRUMENT, side: 'yes', action: 'buy', qty: 2_500, price: 560_000 },
  { n: 2, instrumentId: OTHER, side: 'no', action: 'buy', qty: 4_000, price: 400_000 },
  { n: 3, instrumentId: INSTRUMENT, side: 'yes', action: 'buy', qty: 3_000, price: 600_000 },
  { n: 4, instrumentId: OTHER, side: 'no', action: 'buy', qty: 1_000, price: 350_000 },
  { n: 5, instrumentId: INSTRUMENT, side: 'yes', action: 'sell', qty: 2_000, price: 700_000 },
  { n: 6, instrumentId: INSTRUMENT, side: 'yes', action: 'sell', qty: 3_000, price: 800_000 },
];
const settled: MarketSettled = {
  type: 'MarketSettled',
  id: asEventId('settled:other'),
  ts: T0 + 5 * 60_000 + 30_000,
  instrumentId: OTHER,
  venue: 'kalshi',
  result: 'yes',
};

/** The stream, with each fill journaled in the store before it is published (execution's outbox). */
function stream(): Array<{ event: ArbeesEvent; journal?: FillReceived }> {
  const out: Array<{ event: ArbeesEvent; journal?: FillReceived }> = [{ event: market() }];
  for (const t of trades) {
    const o = order(t);
    out.push({ event: o.intent }, { event: o.fill, journal: o.fill }, { event: o.ended });
    if (t.n === 5) out.push({ event: settled });
  }
  return out;
}

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

async function summary(store: Store, projector: PortfolioProjector) {
  const ledger = await store.listLedger(runId);
  const trial = await store.trialBalance(runId);
  const positions = (await store.listPositions(runId))
    .map((p) => ({ key: `${p.instrumentId}|${p.side}`, qty: p.qty, cost: p.costBasis, pnl: p.realizedPnl }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const count = (kind: string) => ledger.filter((t) => t.kind === kind).length;
  return {
    trial: trial.filter((r) => r.balance !== 0),
    imbalance: trial.reduce((s, r) => s + r.balance, 0),
    positions,
    deposits: count('deposit'),
    trades: count('trade'),
    tradeRefs: new Set(ledger.filter((t) => t.kind === 'trade').map((t) => t.ref)).size,
    settlements: count('settlement'),
    reservations: count('reservation'),
    releases: count('release'),
    txIds: new Set(ledger.map((t) => t.txId)).size,
    transactions: ledger.length,
    memory: {
      cash: projector.portfolio.cash('kalshi'),
      reserved: projector.portfolio.reservedTotal(),
      realized: projector.portfolio.realizedTotal(),
      open: projector.portfolio
        .openPositions()
        .map((p) => ({ ...p }))
        .sort((a, b) => a.instrumentId.localeCompare(b.instrumentId)),
    },
  };
}

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
    { crash: 'after storing a fill’s ledger transaction, before its position row', failPositionsOnce: true },
  ])(
    'a tracker dropped $crash and started again ends where an uninterrupted one does',
    async ({ failPositionsOnce }) => {
      const expected = await uninterrupted();
      const base = await open();
      let failNext = false;
      // The store as the first tracker sees it: its position write can die once, as in a crash.
      const dying = new Proxy(base, {
        get(target, prop, receiver) {
          if (prop === 'upsertPositions' && failNext) {
            failNext = false;
            return async () => {
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
    expect(second.opened).toEqual({ repairedPositions: 0, fillsFromStore: 0, fillsRefused: [] });
    expect(await summary(store, second.projector)).toEqual(before);
    expect(second.projector.portfolio.ledger.imbalance()).toBe(0);
  });
});
