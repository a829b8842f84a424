/** The api's read models on PGlite: runs newest first, positions, orders by status, latest bankroll. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BankrollSnapshot } from '../core/events.js';
import { asEventId, asRunId } from '../core/ids.js';
import type { Micros } from '../core/money.js';
import { openStore } from './open.js';
import type { Store } from './port.js';
import { intent, ledger, orderLifecycle, position, T0 } from './testing/fixtures.js';

const runId = asRunId('reads');

const bankroll = (n: number, ts: number): BankrollSnapshot => ({
  type: 'BankrollSnapshot',
  id: asEventId(`bankroll:${n}`),
  ts,
  cash: (1_000_000 * n) as Micros,
  venueCash: { kalshi: (500_000 * n) as Micros },
  equity: (1_100_000 * n) as Micros,
  peakEquity: (1_200_000 * n) as Micros,
  drawdown: 100_000 as Micros,
  realizedPnl: (-5 * n) as Micros,
  unrealizedPnl: 7 as Micros,
  openPositions: n,
});

describe('store read models', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ pglite: 'memory' });
    await store.startRun({ runId: asRunId('older'), mode: 'replay', startedTs: T0 - 1000, config: {} });
    await store.startRun({ runId, mode: 'paper', startedTs: T0, config: {} });
  });
  afterEach(async () => {
    await store.close();
  });

  it('lists runs newest first, limited', async () => {
    expect((await store.listRuns({ limit: 10 })).map((r) => r.runId)).toEqual(['reads', 'older']);
    expect((await store.listRuns({ limit: 1 })).map((r) => r.runId)).toEqual(['reads']);
  });

  it('lists positions and orders by status', async () => {
    await store.upsertPositions(runId, [position(300, T0, 'p1'), position(500, T0 + 1, 'p2')]);
    expect((await store.listPositions(runId)).map((p) => [p.side, p.qty])).toEqual([['yes', 500]]);
    const a = intent(1);
    const b = intent(2);
    await store.saveOrderIntent(runId, a);
    await store.saveOrderIntent(runId, b);
    await store.recordOrderEvents(runId, orderLifecycle(b.clientOrderId, T0));
    const ids = async (status: 'open' | 'done' | 'all') =>
      (await store.listOrders(runId, { status, limit: 10 })).map((o) => o.intent.clientOrderId).sort();
    expect(await ids('open')).toEqual([a.clientOrderId]);
    expect(await ids('done')).toEqual([b.clientOrderId]);
    expect(await ids('all')).toEqual([a.clientOrderId, b.clientOrderId].sort());
  });

  it('returns the latest bankroll snapshot, null before any', async () => {
    expect(await store.latestBankroll(runId)).toBeNull();
    await store.recordBankroll(runId, [bankroll(1, T0), bankroll(2, T0 + 5)]);
    expect(await store.latestBankroll(runId)).toEqual(bankroll(2, T0 + 5));
  });

  it('rebuilds ledger transactions from their postings, oldest first', async () => {
    const txs = [ledger(1, 2_500, T0), ledger(2, -700, T0 + 1)];
    await store.recordLedger(runId, txs);
    expect(await store.listLedger(runId)).toEqual(txs);
  });
});
