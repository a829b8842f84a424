/**
 * A market the venue settled at a fraction (a tie at $0.50 each) through the position tracker on
 * PGlite: the stored ledger pays YES and NO holders half a dollar a contract, and a tracker
 * started again on the same store rebuilds the same cash from it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import { SimulatedClock } from '../core/clock.js';
import type { ArbeesEvent, FillReceived } from '../core/events.js';
import { asClientOrderId, asEventId, asFillId, asRunId } from '../core/ids.js';
import type { ContractSide } from '../core/instruments.js';
import { type Centis, type Micros, micros } from '../core/money.js';
import { PortfolioProjector } from '../portfolio/projector.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/port.js';
import { GAME, INSTRUMENT, T0 } from '../store/testing/fixtures.js';
import { restorePortfolio, startPositionTracker } from './position-tracker.js';

const runId = asRunId('tracker-half-payout');
const deposits = [{ venue: 'kalshi' as const, amount: micros(100_000_000) }];

const fill = (n: number, side: ContractSide, price: number, qty: number): FillReceived => ({
  type: 'FillReceived',
  id: asEventId(`fill-evt:${n}`),
  ts: T0 + n,
  fillId: asFillId(`kalshi-fill-${n}`),
  clientOrderId: asClientOrderId(`sig:${n}.L1`),
  gameId: GAME,
  instrumentId: INSTRUMENT,
  venue: 'kalshi',
  side,
  action: 'buy',
  price: price as Micros,
  qty: qty as Centis,
  fee: micros(0),
  liquidity: 'taker',
});

async function startTracker(store: Store) {
  const clock = new SimulatedClock(T0);
  const bus = new MemoryBus({ now: () => clock.now() });
  const projector = new PortfolioProjector({ deposits });
  await restorePortfolio({ store, runId, projector });
  const tracker = startPositionTracker({ bus, clock, store, runId, projector });
  await tracker.open();
  const deliver = async (event: ArbeesEvent, journal?: FillReceived) => {
    if (journal) await store.recordFills(runId, [journal]);
    await bus.publish(event);
    await bus.idle();
  };
  return { projector, deliver, stop: () => bus.close() };
}

describe('position tracker: a settlement at a fraction', () => {
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  it('books half a dollar a contract to each side, and a restart rebuilds it', async () => {
    const store = await openStore({ pglite: 'memory' });
    stores.push(store);
    const t = await startTracker(store);
    const yes = fill(1, 'yes', 400_000, 1_000); // 10 YES at $0.40
    const no = fill(2, 'no', 550_000, 400); // 4 NO at $0.55
    await t.deliver(yes, yes);
    await t.deliver(no, no);
    const cashBefore = t.projector.portfolio.cash('kalshi');
    await t.deliver({
      type: 'MarketSettled',
      id: asEventId('kalshi-settlement:settled:x'),
      ts: T0 + 10,
      instrumentId: INSTRUMENT,
      venue: 'kalshi',
      result: 'yes',
      yesPayout: micros(500_000),
    });
    // 14 contracts at $0.50: $7.00, where a full YES settlement would have paid $10.00.
    expect(t.projector.portfolio.cash('kalshi') - cashBefore).toBe(7_000_000);
    const settlement = (await store.listLedger(runId)).filter((tx) => tx.kind === 'settlement');
    expect(settlement).toHaveLength(1);
    expect(settlement[0]?.postings.filter((p) => p.account === 'assets:cash:kalshi')).toEqual([
      { account: 'assets:cash:kalshi', amount: 5_000_000 },
      { account: 'assets:cash:kalshi', amount: 2_000_000 },
    ]);
    const trial = await store.trialBalance(runId);
    expect(trial.reduce((s, r) => s + r.balance, 0)).toBe(0);
    expect(trial.filter((r) => r.account.startsWith('assets:positions:') && r.balance !== 0)).toEqual([]);
    const realized = t.projector.portfolio.closed.map((c) => [c.side, c.pnl]);
    expect(realized).toEqual([
      ['yes', 5_000_000 - 4_000_000],
      ['no', 2_000_000 - 2_200_000],
    ]);
    await t.stop();

    const again = await startTracker(store);
    expect(again.projector.portfolio.cash('kalshi')).toBe(cashBefore + 7_000_000);
    expect(again.projector.portfolio.openPositions()).toEqual([]);
    await again.stop();
  });
});
