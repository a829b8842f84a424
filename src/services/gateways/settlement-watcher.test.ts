/**
 * The settlement watcher against the venue simulators over real HTTP on loopback, with the
 * MemoryBus and a scheduler the test steps on a SimulatedClock: a market resolved on the
 * simulator yields MarketClosed and MarketSettled with the venue's result once the game is final
 * (or the venue's close time passes), with ids from the instrument; a venue that is down is
 * counted and asked again; a settlement seen from elsewhere ends the polling.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../bus/memory-bus.js';
import { SimulatedClock } from '../../core/clock.js';
import type { ArbeesEvent, GameFinal } from '../../core/events.js';
import { asEventId } from '../../core/ids.js';
import type { ScheduledTask, Scheduler } from '../../core/scheduler.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../../sim/kalshi/testing.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from '../../sim/polymarket/testing.js';
import { KalshiHttp } from '../../venues/kalshi/http.js';
import { PolymarketHttp } from '../../venues/polymarket/http.js';
import { silentLogger } from '../logger.js';
import { kalshiResolutionReader } from './kalshi-resolution.js';
import { polymarketResolutionReader } from './polymarket-resolution.js';
import type { ResolutionReader } from './resolution.js';
import { createSettlementWatcher, type SettlementWatcher } from './settlement-watcher.js';
import { GAME, mapped, testInstrument, watch } from './testing.js';

const T0 = Date.UTC(2026, 8, 21, 20, 0, 0);
const BACKOFF = { initialMs: 10_000, maxMs: 40_000 };

/** Tasks run when the test says, in time order, as the clock is moved. */
class SteppedScheduler implements Scheduler {
  private tasks: { ts: number; seq: number; task: ScheduledTask }[] = [];
  private seq = 0;
  constructor(private readonly clock: SimulatedClock) {}
  at(ts: number, task: ScheduledTask): void {
    this.tasks.push({ ts, seq: this.seq++, task });
  }
  /** Moves the clock to `to` (default: where it is), running every task due on the way. */
  async runUntil(to = this.clock.now()): Promise<void> {
    for (;;) {
      this.tasks.sort((a, b) => a.ts - b.ts || a.seq - b.seq);
      const next = this.tasks[0];
      if (!next || next.ts > to) break;
      this.tasks.shift();
      this.clock.set(next.ts);
      await next.task();
    }
    this.clock.set(to);
  }
  get pending(): number {
    return this.tasks.length;
  }
}

let kalshi: SimFixture | null = null;
let poly: PolySimFixture | null = null;
let watcher: SettlementWatcher | null = null;
afterEach(async () => {
  await watcher?.stop();
  watcher = null;
  await kalshi?.close();
  kalshi = null;
  await poly?.close();
  poly = null;
});

async function setUp(reader: ResolutionReader, opts: { watchCloseTime?: boolean } = {}) {
  const clock = new SimulatedClock(T0);
  const bus = new MemoryBus({ now: () => clock.now() });
  const scheduler = new SteppedScheduler(clock);
  const markets = watch(bus, ['markets']).seen;
  watcher = createSettlementWatcher({
    bus,
    clock,
    scheduler,
    reader,
    log: silentLogger,
    instanceId: 'test',
    backoff: BACKOFF,
    ...opts,
  });
  await watcher.start();
  /** Publishes and lets the bus and the due tasks run. */
  const step = async (event?: ArbeesEvent, to?: number) => {
    if (event) await bus.publish(event);
    await bus.idle();
    await scheduler.runUntil(to);
    await bus.idle();
  };
  const outcomes = () => markets.filter((e) => e.type === 'MarketClosed' || e.type === 'MarketSettled');
  return { clock, bus, scheduler, step, outcomes, w: watcher };
}

const final: GameFinal = {
  type: 'GameFinal',
  id: asEventId('final-1'),
  ts: T0,
  gameId: GAME,
  homeScore: 24,
  awayScore: 20,
  winner: 'home',
};

function kalshiReader(fx: SimFixture): ResolutionReader {
  return kalshiResolutionReader(
    new KalshiHttp({
      baseUrl: fx.baseUrl,
      key: { keyId: fx.keyId, privateKey: fx.privateKey },
      getAttempts: 1,
    }),
  );
}

describe('settlement watcher, Kalshi', () => {
  it('asks from the final until the venue has resolved, then publishes MarketClosed and MarketSettled', async () => {
    kalshi = await startSimFixture();
    const t = await setUp(kalshiReader(kalshi));
    const instrument = testInstrument('kalshi', SIM_TICKER);
    await t.step(mapped(instrument));
    expect(t.w.counters.reads).toBe(1); // the first ask: open, its close time noted
    await t.step(final);
    expect(t.w.counters.reads).toBe(2);
    expect(t.outcomes()).toEqual([]);
    await t.step(undefined, T0 + BACKOFF.initialMs); // still trading: asked again after the interval
    expect(t.w.counters.reads).toBe(3);

    const res = await fetch(
      `${kalshi.baseUrl.replace(/\/trade-api\/v2$/, '')}/sim/markets/${SIM_TICKER}/settle`,
      {
        method: 'POST',
        body: JSON.stringify({ result: 'no' }),
      },
    );
    expect(res.status).toBe(200);
    await t.step(undefined, T0 + BACKOFF.initialMs + 2 * BACKOFF.initialMs);
    expect(t.w.counters.reads).toBe(4);
    expect(t.outcomes()).toEqual([
      {
        type: 'MarketClosed',
        id: `kalshi-settlement:closed:${instrument.instrumentId}`,
        ts: T0 + 3 * BACKOFF.initialMs,
        instrumentId: instrument.instrumentId,
      },
      {
        type: 'MarketSettled',
        id: `kalshi-settlement:settled:${instrument.instrumentId}`,
        ts: T0 + 3 * BACKOFF.initialMs,
        instrumentId: instrument.instrumentId,
        venue: 'kalshi',
        result: 'no',
      },
    ]);
    // Settled: asked no more, however long the clock runs.
    await t.step(undefined, T0 + 3_600_000);
    expect(t.w.counters.reads).toBe(4);
  });

  it('reads a tie settled at $0.50 a contract, and waits for finalized after determined', async () => {
    kalshi = await startSimFixture();
    const admin = kalshi.baseUrl.replace(/\/trade-api\/v2$/, '');
    // The venue's settlement timer: determined now, paid (finalized) a minute later.
    (
      kalshi.sim.exchange.markets.get(SIM_TICKER) as { settlementTimerSeconds: number }
    ).settlementTimerSeconds = 60;
    const t = await setUp(kalshiReader(kalshi));
    const instrument = testInstrument('kalshi', SIM_TICKER);
    await t.step(mapped(instrument));
    const determined = await fetch(`${admin}/sim/markets/${SIM_TICKER}/determine`, {
      method: 'POST',
      body: JSON.stringify({ settlement_value_dollars: '0.50' }),
    });
    expect(determined.status).toBe(200);
    await t.step(final);
    // Determined: closed, not yet paid.
    expect(t.outcomes().map((e) => e.type)).toEqual(['MarketClosed']);
    const finalized = await fetch(`${admin}/sim/markets/${SIM_TICKER}/finalize`, {
      method: 'POST',
      body: '{}',
    });
    expect(finalized.status).toBe(200);
    await t.step(undefined, T0 + BACKOFF.initialMs);
    expect(t.outcomes()).toMatchObject([
      { type: 'MarketClosed' },
      { type: 'MarketSettled', instrumentId: instrument.instrumentId, result: 'yes', yesPayout: 500_000 },
    ]);
  });

  it('counts a venue that is down and asks it again later', async () => {
    kalshi = await startSimFixture();
    const admin = kalshi.baseUrl.replace(/\/trade-api\/v2$/, '');
    const t = await setUp(kalshiReader(kalshi));
    await t.step(mapped(testInstrument('kalshi', SIM_TICKER)));
    await fetch(`${admin}/sim/markets/${SIM_TICKER}/settle`, { method: 'POST', body: '{"result":"yes"}' });
    await fetch(`${admin}/sim/scenarios`, {
      method: 'POST',
      body: JSON.stringify({
        method: 'GET',
        path_prefix: '/markets/',
        times: 3,
        effect: { kind: 'server_error', status: 503 },
      }),
    });
    await t.step(final);
    expect(t.w.counters).toMatchObject({ reads: 2, unavailable: 1 });
    await t.step(undefined, T0 + 10_000 + 20_000); // two more intervals, both answered 503
    expect(t.w.counters).toMatchObject({ reads: 4, unavailable: 3, settledPublished: 0 });
    await t.step(undefined, T0 + 10_000 + 20_000 + 40_000);
    expect(t.w.counters).toMatchObject({ reads: 5, unavailable: 3, settledPublished: 1 });
    expect(t.outcomes().map((e) => e.type === 'MarketSettled' && e.result)).toEqual([false, 'yes']);
  });

  it("polls from the venue's close time when no final comes", async () => {
    kalshi = await startSimFixture(); // its market closes at 2026-09-22T00:00Z
    const t = await setUp(kalshiReader(kalshi));
    await t.step(mapped(testInstrument('kalshi', SIM_TICKER)));
    await fetch(`${kalshi.baseUrl.replace(/\/trade-api\/v2$/, '')}/sim/markets/${SIM_TICKER}/settle`, {
      method: 'POST',
      body: '{"result":"yes"}',
    });
    await t.step(undefined, Date.UTC(2026, 8, 22) - 1);
    expect(t.w.counters.reads).toBe(1);
    await t.step(undefined, Date.UTC(2026, 8, 22));
    expect(t.w.counters.settledPublished).toBe(1);
    // Without the close-time watch, nothing but a trigger starts the polling.
    await watcher?.stop();
    const off = await setUp(kalshiReader(kalshi), { watchCloseTime: false });
    await off.step(mapped(testInstrument('kalshi', SIM_TICKER)));
    expect(off.w.counters).toMatchObject({ reads: 1, settledPublished: 1 }); // resolved at the first ask
  });

  it('stops asking once a MarketSettled for the instrument is seen from elsewhere', async () => {
    kalshi = await startSimFixture();
    const t = await setUp(kalshiReader(kalshi));
    const instrument = testInstrument('kalshi', SIM_TICKER);
    await t.step(mapped(instrument));
    await t.step(final);
    expect(t.w.counters.reads).toBe(2);
    await t.step({
      type: 'MarketSettled',
      id: asEventId('elsewhere'),
      ts: T0,
      instrumentId: instrument.instrumentId,
      venue: 'kalshi',
      result: 'yes',
    });
    await t.step(undefined, T0 + 3_600_000);
    expect(t.w.counters.reads).toBe(2);
  });
});

describe('settlement watcher, Polymarket', () => {
  it("settles both of a market's tokens from the CLOB's winner", async () => {
    poly = await startPolySimFixture();
    const gamma = new PolymarketHttp({ baseUrl: poly.gammaUrl, address: '0x0', getAttempts: 1 });
    const clob = new PolymarketHttp({ baseUrl: poly.baseUrl, address: '0x0', getAttempts: 1 });
    const t = await setUp(polymarketResolutionReader({ gamma, clob }));
    const [away, home] = SIM_MARKET.tokenIds; // Giants, Rams
    await t.step(mapped(testInstrument('polymarket', home, 'home_win')));
    await t.step(mapped(testInstrument('polymarket', away, 'away_win')));
    await t.step(final);
    expect(t.w.counters).toMatchObject({ reads: 4, unavailable: 0, settledPublished: 0 });
    // The Rams win: token 1.
    const res = await fetch(`${poly.baseUrl}/sim/resolve`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: SIM_MARKET.conditionId, winner: 1 }),
    });
    expect(res.status).toBe(200);
    await t.step(undefined, T0 + BACKOFF.initialMs);
    const settled = t.outcomes().filter((e) => e.type === 'MarketSettled');
    expect(settled.map((e) => e.type === 'MarketSettled' && [e.instrumentId, e.result, e.yesPayout])).toEqual(
      [
        [`polymarket:${home}`, 'yes', undefined],
        [`polymarket:${away}`, 'no', undefined],
      ],
    );
    expect(t.outcomes().filter((e) => e.type === 'MarketClosed')).toHaveLength(2);
  });

  it('reads a 50-50 resolution: half a dollar to each token', async () => {
    poly = await startPolySimFixture();
    const gamma = new PolymarketHttp({ baseUrl: poly.gammaUrl, address: '0x0', getAttempts: 1 });
    const clob = new PolymarketHttp({ baseUrl: poly.baseUrl, address: '0x0', getAttempts: 1 });
    const t = await setUp(polymarketResolutionReader({ gamma, clob }));
    const [away, home] = SIM_MARKET.tokenIds;
    await t.step(mapped(testInstrument('polymarket', home, 'home_win')));
    await t.step(mapped(testInstrument('polymarket', away, 'away_win')));
    const res = await fetch(`${poly.baseUrl}/sim/resolve`, {
      method: 'POST',
      body: JSON.stringify({ conditionId: SIM_MARKET.conditionId, winner: '50-50' }),
    });
    expect(res.status).toBe(200);
    await t.step(final);
    const settled = t.outcomes().filter((e) => e.type === 'MarketSettled');
    expect(settled.map((e) => e.type === 'MarketSettled' && [e.instrumentId, e.yesPayout])).toEqual([
      [`polymarket:${home}`, 500_000],
      [`polymarket:${away}`, 500_000],
    ]);
  });
});
