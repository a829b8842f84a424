/**
 * The outbox every Store must keep: execution's and the position tracker's queues, each stored
 * with its rows in one transaction, in order, apart from the other. Called inside a describe()
 * per backend. The database is first migrated up to 0005 with an execution event queued, so the
 * upgrade to per-source queues (0006) is exercised too.
 */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asEventId, asRunId, type BankrollSnapshot, micros, type OrderEvent } from '../../core/index.js';
import { findMigrationsDir } from '../migrate.js';
import type { PortfolioBatchEvent } from '../port.js';
import type { SqlClient } from '../sql.js';
import { SqlStore } from '../sql-store.js';
import { fill, intent, ledger, orderLifecycle, position, T0 } from './fixtures.js';

function snapshot(n: number, ts: number): BankrollSnapshot {
  return {
    type: 'BankrollSnapshot',
    id: asEventId(`bankroll:${n}`),
    ts,
    cash: micros(999_000_000),
    venueCash: { kalshi: micros(499_000_000), polymarket: micros(500_000_000) },
    equity: micros(1_000_000_000),
    peakEquity: micros(1_000_000_000),
    drawdown: micros(0),
    realizedPnl: micros(0),
    unrealizedPnl: micros(0),
    openPositions: 1,
  };
}

export function outboxBehaviour(open: () => Promise<SqlClient>): void {
  let store: SqlStore;
  let client: SqlClient;
  const upgraded = asRunId('run-upgraded');
  const queuedBefore = orderLifecycle(intent(9).clientOrderId, T0)[0] as OrderEvent;

  beforeAll(async () => {
    client = await open();
    // The schema as it was before 0006, with an execution event still queued in it.
    const dir = await mkdtemp(join(tmpdir(), 'arbees-migrations-'));
    try {
      const all = findMigrationsDir();
      for (const f of (await readdir(all)).filter((f) => f < '0006' && f.endsWith('.sql')))
        await cp(join(all, f), join(dir, f));
      await new SqlStore({ client, migrationsDir: dir }).migrate();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await client.query(
      'INSERT INTO execution_outbox (run_id, event_id, payload) VALUES ($1, $2, $3::jsonb)',
      [upgraded, queuedBefore.id, JSON.stringify(queuedBefore)],
    );
    store = new SqlStore({ client });
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('keeps what execution had queued before the upgrade on its queue', async () => {
    expect(await store.listOutbox(upgraded, 'execution', 10)).toEqual([queuedBefore]);
    expect(await store.listOutbox(upgraded, 'position-tracker', 10)).toEqual([]);
    await store.removeFromOutbox(upgraded, 'execution', [queuedBefore.id]);
    expect(await store.listOutbox(upgraded, 'execution', 10)).toEqual([]);
  });

  it("journals execution's order events and fills with an outbox, in journal order, each once", async () => {
    const outboxRun = asRunId('run-outbox'); // its own run: the fill below is no other test's
    const i3 = intent(3, T0 + 7);
    await store.saveOrderIntent(outboxRun, i3);
    const [submitted, accepted, partial, filled] = orderLifecycle(i3.clientOrderId, T0 + 300) as [
      OrderEvent,
      OrderEvent,
      OrderEvent,
      OrderEvent,
    ];
    const f = fill(90, i3.clientOrderId, T0 + 301);
    await store.journalOrderEvents(outboxRun, [submitted, accepted]);
    await store.journalFills(outboxRun, [f]);
    await store.journalOrderEvents(outboxRun, [partial]);
    expect((await store.listOutbox(outboxRun, 'execution', 10)).map((e) => e.id)).toEqual([
      submitted.id,
      accepted.id,
      f.id,
      partial.id,
    ]);
    expect((await store.listOutbox(outboxRun, 'execution', 2)).map((e) => e.id)).toEqual([
      submitted.id,
      accepted.id,
    ]);
    expect(await store.listOutbox(upgraded, 'execution', 10)).toEqual([]);
    await store.removeFromOutbox(outboxRun, 'execution', [submitted.id, accepted.id, f.id]);
    // Stored before: neither applied nor queued again.
    await store.journalOrderEvents(outboxRun, [accepted]);
    await store.journalFills(outboxRun, [f]);
    expect(await store.listOutbox(outboxRun, 'execution', 10)).toEqual([partial]);
    // A recovered order re-announced as Unresolved does not move its stored status back.
    const unresolved: OrderEvent = {
      ...submitted,
      type: 'OrderUnresolved',
      id: asEventId('recovered-unresolved'),
      ts: T0 + 400,
      reason: 'intent found in journal on redelivery',
    };
    await store.journalOrderEvents(outboxRun, [unresolved]);
    expect(await store.getOrder(outboxRun, i3.clientOrderId)).toMatchObject({
      status: 'OrderPartiallyFilled',
    });
    await store.journalOrderEvents(outboxRun, [{ ...filled, ts: T0 + 401 }]);
    expect(await store.getOrder(outboxRun, i3.clientOrderId)).toMatchObject({
      status: 'OrderFilled',
      filledQty: 10_000,
    });
    expect((await store.listFills(outboxRun)).filter((x) => x.clientOrderId === i3.clientOrderId)).toEqual([
      f,
    ]);
    await store.removeFromOutbox(outboxRun, 'execution', [partial.id, unresolved.id, filled.id]);
    expect(await store.listOutbox(outboxRun, 'execution', 10)).toEqual([]);
  });

  it("journals the tracker's batches: rows stored, every event queued in batch order, apart from execution's", async () => {
    const run = asRunId('run-tracker-outbox');
    const first: PortfolioBatchEvent[] = [
      position(2_500, T0, 'position:1'),
      ledger(2, 1_400_000, T0),
      snapshot(3, T0),
    ];
    const second: PortfolioBatchEvent[] = [ledger(4, 700_000, T0 + 10), snapshot(5, T0 + 10)];
    await store.journalPortfolio(run, first);
    await store.journalPortfolio(run, second);
    expect(await store.listLedger(run)).toEqual([first[1], second[0]]);
    expect(await store.listPositions(run)).toMatchObject([{ qty: 2_500 }]);
    expect(await store.latestBankroll(run)).toEqual(second[1]);
    expect(await store.listOutbox(run, 'position-tracker', 10)).toEqual([...first, ...second]);
    expect(await store.listOutbox(run, 'position-tracker', 2)).toEqual(first.slice(0, 2));
    // Execution's queue of the same run is its own: same id, separate rows.
    const sameId = { ...queuedBefore, id: first[0]!.id };
    await store.journalOrderEvents(run, [sameId]);
    await store.removeFromOutbox(run, 'execution', [sameId.id]);
    expect(await store.listOutbox(run, 'position-tracker', 10)).toHaveLength(5);
    await store.removeFromOutbox(
      run,
      'position-tracker',
      first.map((e) => e.id),
    );
    expect(await store.listOutbox(run, 'position-tracker', 10)).toEqual(second);
    await store.removeFromOutbox(
      run,
      'position-tracker',
      second.map((e) => e.id),
    );
    expect(await store.listOutbox(run, 'position-tracker', 10)).toEqual([]);
    expect(await store.listOutbox(run, 'execution', 10)).toEqual([]);
  });

  it('stores nothing and queues nothing of a batch whose write fails part-way', async () => {
    const run = asRunId('run-tracker-torn');
    // The snapshot's row is written last and refused (open_positions is an integer column).
    const broken = { ...snapshot(3, T0), openPositions: 'many' as unknown as number };
    await expect(
      store.journalPortfolio(run, [position(2_500, T0, 'position:1'), ledger(2, 1_400_000, T0), broken]),
    ).rejects.toThrow();
    expect(await store.listLedger(run)).toEqual([]);
    expect(await store.listPositions(run)).toEqual([]);
    expect(await store.latestBankroll(run)).toBeNull();
    expect(await store.listOutbox(run, 'position-tracker', 10)).toEqual([]);
  });
}
