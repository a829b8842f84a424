/**
 * The position tracker as a real process on the real Redis and PostgreSQL, SIGKILLed while fills
 * stream in and started again: every fill is booked exactly once, the deposits once, the ledger
 * balances, positions and cash are what booking every fill in order gives, and every stored
 * ledger transaction reaches the bus (the outbox), one event per id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { ArbeesEvent, FillReceived } from '../src/core/events.js';
import { asClientOrderId, asEventId, asFillId, asInstrumentId, asRunId } from '../src/core/ids.js';
import { type Centis, type Micros, micros } from '../src/core/money.js';
import { Portfolio } from '../src/portfolio/portfolio.js';
import { subscribed } from '../src/services/definitions/subscriptions.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/port.js';
import { GAME } from '../src/store/testing/fixtures.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import {
  deleteRedisKeys,
  eventually,
  readyStatus,
  type ServiceProcess,
  startServiceProcess,
} from './support/service-process.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';
const RUN = 'svc-tracker-restart';
const BANKROLL = 10_000_000_000; // the default ARBEES_BANKROLL
const FILLS = 60;
const KILL_AFTER = 20;
const RESTART_AFTER = 40;

/** Buys on three instruments, and every fifth fill a sale of part of what the earlier buys hold. */
function fillNo(n: number): FillReceived {
  const instrumentId = asInstrumentId(`kalshi:KX-RESTART-${n % 3}`);
  const sell = n % 5 === 0 && n >= 6;
  return {
    type: 'FillReceived',
    id: asEventId(`fill-evt:${n}`),
    ts: Date.now(),
    fillId: asFillId(`kalshi-fill-${n}`),
    clientOrderId: asClientOrderId(`sig:${n}.L1`),
    gameId: GAME,
    instrumentId,
    venue: 'kalshi',
    side: 'yes',
    action: sell ? 'sell' : 'buy',
    price: micros(400_000 + (n % 7) * 10_000),
    qty: (sell ? 500 : 1_000) as Centis,
    fee: micros(20_000 + n * 100),
    liquidity: 'taker',
  };
}

describe.skipIf(!databaseUrl || !redisUrl)('position tracker killed and restarted as a process', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let store: Store;
  let bus: RedisBus;
  const prefix = `svc-tracker-${Math.random().toString(36).slice(2, 8)}:`;
  const env = () => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ARBEES_DB_SCHEMA: schema.schema,
    ARBEES_BUS_PREFIX: prefix,
    ARBEES_RUN_ID: RUN,
    ARBEES_MODE: 'replay',
  });
  const started: ServiceProcess[] = [];
  const start = async () => {
    const svc = await startServiceProcess({ name: 'position-tracker', instance: 'tracker-t1', env: env() });
    started.push(svc);
    await eventually(async () => ((await readyStatus(svc.baseUrl)) === 200 ? true : undefined), 'ready');
    return svc;
  };

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
    store = await openStore({ databaseUrl, schema: schema.schema });
    bus = new RedisBus({ url: redisUrl, keyPrefix: prefix });
  });
  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await bus?.close();
    await store?.close();
    await schema?.drop();
    await deleteRedisKeys(redisUrl, prefix);
  });

  it('books every fill exactly once across a SIGKILL mid-stream', { timeout: 240_000 }, async () => {
    const runId = asRunId(RUN);
    // What the trackers publish, read from before the first one starts.
    const onBus: ArbeesEvent[] = [];
    const watch = bus.subscribe({
      group: 'test-portfolio',
      consumer: 'test',
      topics: ['portfolio'],
      handler: (e) => void onBus.push(e),
    });
    await subscribed(watch);
    const first = await start();
    await eventually(async () => (await store.latestBankroll(runId)) ?? undefined, 'the deposits');
    const fills = Array.from({ length: FILLS }, (_, i) => fillNo(i + 1));
    // As execution does: journal the fill, then publish it.
    const send = async (f: FillReceived) => {
      await store.recordFills(runId, [f]);
      await bus.publish(f);
    };
    const booked = async () => (await store.listLedger(runId)).filter((t) => t.kind === 'trade').length;
    // Fills keep coming, as from execution, through the kill and the restart.
    let sent = 0;
    const sending = (async () => {
      for (const f of fills) {
        await send(f);
        sent += 1;
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    await eventually(async () => ((await booked()) >= KILL_AFTER ? true : undefined), 'fills booked');
    expect(await first.stop('SIGKILL')).toBeNull();
    const bookedAtKill = await booked();
    const sentAtKill = sent;
    await eventually(async () => (sent >= RESTART_AFTER ? true : undefined), 'more fills sent');
    const second = await start();
    await sending;

    const ledger = await eventually(async () => {
      const l = await store.listLedger(runId);
      return l.filter((t) => t.kind === 'trade').length >= FILLS ? l : undefined;
    }, `${FILLS} fills booked`);
    const trades = ledger.filter((t) => t.kind === 'trade');
    expect(trades).toHaveLength(FILLS);
    expect(new Set(trades.map((t) => t.ref)).size).toBe(FILLS);
    expect(ledger.filter((t) => t.kind === 'deposit')).toHaveLength(2);
    expect(new Set(ledger.map((t) => t.txId)).size).toBe(ledger.length);
    const trial = await store.trialBalance(runId);
    expect(trial.reduce((s, r) => s + r.balance, 0)).toBe(0);

    // What booking every fill once, in order, gives.
    const expected = new Portfolio();
    expected.deposit('kalshi', Math.floor(BANKROLL / 2) as Micros);
    expected.deposit('polymarket', (BANKROLL - Math.floor(BANKROLL / 2)) as Micros);
    for (const f of fills) expected.applyFill(f);
    const cash = trial.find((r) => r.account === 'assets:cash:kalshi')?.balance;
    expect(cash).toBe(expected.cash('kalshi'));
    const positions = await eventually(async () => {
      const p = await store.listPositions(runId);
      const qty = p.reduce((s, r) => s + r.qty, 0);
      return qty === expected.openPositions().reduce((s, r) => s + r.qty, 0) ? p : undefined;
    }, 'positions stored');
    const byKey = (
      rows: ReadonlyArray<{ instrumentId: string; qty: number; costBasis: number; realizedPnl: number }>,
    ) =>
      rows
        .map((r) => ({ id: r.instrumentId, qty: r.qty, cost: r.costBasis, pnl: r.realizedPnl }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(byKey(positions)).toEqual(byKey(expected.openPositions()));

    // Every stored transaction reached the bus, even one stored just before the kill; an id seen
    // twice (published, then relayed after the kill) is the same event both times.
    await eventually(async () => {
      const seen = new Set(onBus.map((e) => e.id));
      return ledger.every((t) => seen.has(t.id)) ? true : undefined;
    }, 'every stored ledger transaction on the bus');
    const byId = new Map<string, ArbeesEvent>();
    for (const e of onBus) {
      const first = byId.get(e.id);
      if (first) expect(e).toEqual(first);
      else byId.set(e.id, e);
    }
    await watch.close();

    const restored = second.logs.find((l) => l.msg === 'portfolio restored');
    expect(restored).toMatchObject({ fills: bookedAtKill });
    console.info(
      `sent at the kill: ${sentAtKill}, booked: ${bookedAtKill}; the restart: ${JSON.stringify(restored)}`,
    );
    expect(await second.stop()).toBe(0);
    // Drained: nothing left queued.
    expect(await store.listOutbox(runId, 'position-tracker', 100)).toEqual([]);
  });
});
