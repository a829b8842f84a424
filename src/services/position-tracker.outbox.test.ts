/**
 * The position tracker's outbox on PGlite. The tracker is killed at each of its publishes in turn
 * (its batch stored and queued, none or part of it on the bus), and in a second round also while
 * the restarted tracker relays or opens; a tracker started again on the same store publishes what
 * was left, in booking order, before anything new. Every stored ledger transaction, position row
 * and bankroll snapshot reaches the bus, each id standing for one event (a republish carries the
 * same one), and the run ends where an uninterrupted one does. Also a publish that fails in a
 * tracker that lives on: it goes out before anything newer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus.js';
import type { Bus } from '../bus/port.js';
import { SimulatedClock } from '../core/clock.js';
import { asRunId, type RunId } from '../core/ids.js';
import { type PortfolioEvent, PortfolioProjector } from '../portfolio/projector.js';
import { openPgliteClient } from '../store/pglite-client.js';
import type { Store } from '../store/port.js';
import type { SqlClient } from '../store/sql.js';
import { SqlStore } from '../store/sql-store.js';
import { T0 } from '../store/testing/fixtures.js';
import { type PositionTracker, restorePortfolio, startPositionTracker } from './position-tracker.js';
import { deposits, stream, summary } from './testing/tracker-stream.js';

class ProcessKilled extends Error {}

/** The store as one process sees it: once the process is dead, nothing of it gets through. */
function storeOf(base: Store, life: { dead: boolean }): Store {
  return new Proxy(base, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (life.dead) throw new ProcessKilled('the process is dead');
        return value.apply(target, args);
      };
    },
  });
}

/**
 * One tracker process on the shared store. Its publishes reach `onBus` until publish number
 * `killAt`, where it dies (`failOnce`: that publish fails and the process lives on).
 */
async function startProcess(
  base: Store,
  runId: RunId,
  onBus: PortfolioEvent[],
  opts: { killAt?: number; failOnce?: number; now: number; maxAttempts?: number },
) {
  const life = { dead: false };
  const clock = new SimulatedClock(opts.now);
  const errors: unknown[] = [];
  const maxAttempts = opts.maxAttempts ?? 3;
  const inner = new MemoryBus({ now: () => clock.now(), maxAttempts, onHandlerError: (e) => errors.push(e) });
  let publishes = 0;
  const bus: Bus = {
    publish: async (event) => {
      if (life.dead) throw new ProcessKilled('the process is dead');
      const n = publishes++;
      if (n === opts.killAt) {
        life.dead = true;
        throw new ProcessKilled(`killed at publish ${n}`);
      }
      if (n === opts.failOnce) throw new Error('the bus is down');
      onBus.push(event as PortfolioEvent);
      return inner.publish(event);
    },
    subscribe: (o) => inner.subscribe(o),
    idle: () => inner.idle(),
    stats: () => inner.stats(),
    close: () => inner.close(),
  };
  const store = storeOf(base, life);
  const projector = new PortfolioProjector({ deposits });
  await restorePortfolio({ store, runId, projector });
  const tracker: PositionTracker = startPositionTracker({ bus, clock, store, runId, projector });
  const opened = await tracker.open().catch((error: unknown) => {
    if (error instanceof ProcessKilled) return null;
    throw error;
  });
  return { life, clock, inner, errors, projector, opened, tracker };
}

/**
 * Runs the stream through tracker processes, the n-th killed at its publish `kills[n]`; the one
 * after the last kill runs to the end. The event in hand at a kill is delivered again to the next
 * process (the bus never had it acknowledged), then the rest.
 */
async function runWithKills(store: Store, runId: RunId, kills: readonly number[]) {
  const onBus: PortfolioEvent[] = [];
  const events = stream();
  /** What each process relayed as it opened; null for one killed before it had opened. */
  const relayed: (number | null)[] = [];
  const leftAtKill: number[] = [];
  let from = 0;
  let now = T0;
  for (let n = 0; ; n++) {
    const p = await startProcess(store, runId, onBus, {
      ...(n < kills.length ? { killAt: kills[n] } : {}),
      now,
    });
    relayed.push(p.opened?.relayed ?? null);
    for (let i = from; i < events.length && !p.life.dead; i++) {
      const { event, journal } = events[i]!;
      p.clock.set(event.ts);
      now = event.ts;
      if (journal) await store.recordFills(runId, [journal]);
      await p.inner.publish(event);
      await p.inner.idle();
      if (p.life.dead) from = i;
    }
    if (!p.life.dead) return { onBus, relayed, leftAtKill, last: p };
    leftAtKill.push((await store.listOutbox(runId, 'position-tracker', 100)).length);
    await p.inner.close();
    now += 1_000; // the restart comes a second later
  }
}

const seqOf = (id: string) => Number(/^(?:ledger|position|bankroll):(\d+)$/.exec(id)?.[1] ?? Number.NaN);

describe('position tracker outbox (PGlite)', () => {
  let client: SqlClient;
  let store: SqlStore;
  let expected: Awaited<ReturnType<typeof summary>>;
  let publishes = 0;

  beforeAll(async () => {
    client = await openPgliteClient({ dataDir: 'memory' });
    store = new SqlStore({ client });
    await store.migrate();
    const runId = asRunId('outbox-uninterrupted');
    const { onBus, last } = await runWithKills(store, runId, []);
    expect(last.errors).toEqual([]);
    expected = await summary(store, runId, last.projector);
    publishes = onBus.length;
    // Something to compare: a sale at average cost, a settlement, a position still open.
    expect(expected.memory.realized).not.toBe(0);
    expect(expected.settlements).toBe(1);
    expect(expected.memory.open.length).toBeGreaterThan(0);
  });
  afterAll(async () => store?.close());

  /** What every run must show, however it was killed. */
  async function check(runId: RunId, run: Awaited<ReturnType<typeof runWithKills>>, label: string) {
    expect(run.last.errors, label).toEqual([]);
    // One event per id: a second copy on the bus is a republish of the first.
    const byId = new Map<string, PortfolioEvent>();
    for (const e of run.onBus) {
      const first = byId.get(e.id);
      if (first) expect(e, `${label}: ${e.id} names two events`).toEqual(first);
      else byId.set(e.id, e);
    }
    // Each kill republishes at most the batch it interrupted (a fill's is 3 events).
    expect(run.onBus.length - byId.size, label).toBeLessThanOrEqual(3 * run.leftAtKill.length);
    // In booking order: first sightings follow the tracker's one sequence.
    const seqs = [...byId.keys()].map(seqOf);
    expect(seqs, label).toEqual([...seqs].sort((a, b) => a - b));
    const ids = (type: PortfolioEvent['type']) =>
      [...byId.values()].filter((e) => e.type === type).map((e) => e.id as string);
    const column = async (table: string) =>
      (
        await client.query<{ event_id: string }>(`SELECT event_id FROM ${table} WHERE run_id = $1`, [runId])
      ).rows.map((r) => r.event_id);
    const sorted = (xs: string[]) => [...xs].sort();
    // Every stored row reached the bus, and nothing reached it that was not stored.
    expect(sorted(ids('LedgerPosted')), label).toEqual(
      sorted((await store.listLedger(runId)).map((t) => t.id)),
    );
    expect(sorted(ids('BankrollSnapshot')), label).toEqual(sorted(await column('bankroll_snapshots')));
    for (const id of await column('positions')) expect(byId.has(id), `${label}: ${id}`).toBe(true);
    expect(await store.listOutbox(runId, 'position-tracker', 100), label).toEqual([]);
    // What a kill left queued, the next process published first.
    for (const [n, left] of run.leftAtKill.entries())
      if (run.relayed[n + 1] !== null) expect(run.relayed[n + 1], label).toBe(left);
    expect(await summary(store, runId, run.last.projector), label).toEqual(expected);
  }

  it('killed at each publish, between storing a batch and publishing all of it', async () => {
    expect(publishes).toBeGreaterThan(20);
    for (let k = 0; k < publishes; k++) {
      const runId = asRunId(`outbox-kill-${k}`);
      const run = await runWithKills(store, runId, [k]);
      expect(run.leftAtKill, `kill ${k}`).toHaveLength(1);
      // The kill always lands inside a batch already stored and queued.
      expect(run.leftAtKill[0], `kill ${k}`).toBeGreaterThan(0);
      await check(runId, run, `kill ${k}`);
    }
  });

  it('killed again while the restarted tracker relays, opens or books its first batch', async () => {
    // First kills: inside the opening deposits, at a fill's bankroll snapshot, at a settlement's first event.
    for (const k of [1, 10, 20]) {
      for (let j = 0; j < 6; j++) {
        const runId = asRunId(`outbox-kill-${k}-${j}`);
        const run = await runWithKills(store, runId, [k, j]);
        await check(runId, run, `kills ${k}, ${j}`);
      }
    }
  });

  it('a publish that fails in a tracker that lives on goes out before anything newer', async () => {
    const runId = asRunId('outbox-bus-down');
    const onBus: PortfolioEvent[] = [];
    // No redelivery: the next batch, not a retry of the failed one, finds the backlog.
    const p = await startProcess(store, runId, onBus, { failOnce: 5, now: T0, maxAttempts: 1 });
    for (const { event, journal } of stream()) {
      p.clock.set(event.ts);
      if (journal) await store.recordFills(runId, [journal]);
      await p.inner.publish(event);
      await p.inner.idle();
    }
    expect(p.errors.map(String)).toEqual(['Error: the bus is down']);
    const seqs = [...new Map(onBus.map((e) => [e.id, seqOf(e.id)])).values()];
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(onBus.map((e) => e.id)).size).toBe(publishes);
    expect(await store.listOutbox(runId, 'position-tracker', 100)).toEqual([]);
    expect(await p.tracker.relayUnpublished()).toBe(0);
    expect(await summary(store, runId, p.projector)).toEqual(expected);
  });
});
