/**
 * Cross-process tick-to-intent latency over Redis, run only when REDIS_URL is set: a book
 * published by this process (RedisBus.publish, XADD on `md`) until the OrderIntent it leads to
 * is handled back here, having gone through the strategy shard in one child process (`md` in,
 * SignalRaised out on `signals`) and the signal processor's risk engine in another (`signals` in,
 * RiskDecision and OrderIntent out on `orders`): three Redis hops and two processes, as in the
 * distributed shape. Beside it, in the same run and alternating chunks at the same rate, the
 * limit: one raw XADD -> XREADGROUP hop with plain ioredis.
 *
 * Each book's ask is a new price with an edge against the child's model, so every book makes one
 * signal and one intent; this process answers each intent with an OrderCanceled so the risk
 * engine's pending exposure never fills up. An intent is matched to its book by its limit price
 * (the ask, unique among the books of the last few seconds).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { ArbeesEvent, BookSnapshot } from '../src/core/events.js';
import { KALSHI_SPORTS_FEES } from '../src/core/fees.js';
import { asEventId, asGameId, asInstrumentId, asLedgerTxId, asOutcomeId } from '../src/core/ids.js';
import { centis, type Micros, micros } from '../src/core/money.js';
import { deleteKeys, type Hop, openRawHop, paced, until } from './redis-bus.js';
import { type BenchLine, line, percentileUs } from './stats.js';

/** Books per second for both measurements: a busy game's market data, well under saturation. */
export const TICK_TO_INTENT_RATE_PER_S = 100;
/** Distinct asks before one repeats: 3 s at the rate above, far longer than any intent takes. */
const PRICES = 300;

const gameId = asGameId('bench:game');
const instrumentId = asInstrumentId('kalshi:BENCH-HOME');
const askOf = (n: number) => micros(200_000 + (n % PRICES) * 1_000);

function setupEvents(now: number): ArbeesEvent[] {
  // Half of the child's ARBEES_BANKROLL (2 000 000 dollars) at each venue.
  const half = 1_000_000_000_000 as Micros;
  return [
    // The default bankroll, half at each venue, as the paper venues start.
    ...(['kalshi', 'polymarket'] as const).map(
      (venue): ArbeesEvent => ({
        type: 'LedgerPosted',
        id: asEventId(`bench:deposit:${venue}`),
        ts: now,
        txId: asLedgerTxId(`bench:deposit:${venue}`),
        kind: 'deposit',
        postings: [
          { account: `assets:cash:${venue}`, amount: half },
          { account: `equity:deposits:${venue}`, amount: -half as Micros },
        ],
        ref: venue,
        memo: 'bench deposit',
      }),
    ),
    {
      type: 'GameScheduled',
      id: asEventId('bench:scheduled'),
      ts: now,
      gameId,
      sport: 'nfl',
      homeTeam: 'HOM',
      awayTeam: 'AWY',
      startTs: now - 600_000,
      homeSpread: 7,
      season: 2026,
      week: 1,
      seasonType: 'REG',
    },
    {
      type: 'MarketMapped',
      id: asEventId('bench:mapped'),
      ts: now,
      instrument: {
        instrumentId,
        venue: 'kalshi',
        symbol: 'BENCH-HOME',
        gameId,
        outcomeId: asOutcomeId('bench:game:home_win'),
        outcome: 'home_win',
        tickSize: micros(1_000),
        fees: KALSHI_SPORTS_FEES,
        settlement: { includesOvertime: true, drawPossible: true, postponement: 'follows_rescheduled_game' },
        simulated: true,
      },
    },
    {
      type: 'GameStateUpdated',
      id: asEventId('bench:state'),
      ts: now,
      gameId,
      state: {
        sport: 'nfl',
        gameId,
        status: 'in',
        quarter: 2,
        clockSeconds: 600,
        gameSecondsRemaining: 2400,
        homeScore: 14,
        awayScore: 0,
        possession: 'home',
        down: 1,
        distance: 10,
        yardline100: 50,
        homeTimeouts: 3,
        awayTimeouts: 3,
        playSeq: 1,
      },
    },
  ];
}

const book = (n: number, now: number): BookSnapshot => ({
  type: 'BookSnapshot',
  id: asEventId(`bench:book:${n}`),
  ts: now,
  instrumentId,
  venue: 'kalshi',
  bids: [{ price: micros(askOf(n) - 20_000), qty: centis(1_000_000) }],
  asks: [{ price: askOf(n), qty: centis(1_000_000) }],
  venueTs: now,
});

function startChild(role: 'strategy' | 'risk', url: string, prefix: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['bin/run-ts.js', 'bench/tick-to-intent-child.ts', role, url, prefix],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l === 'ready') resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`tick-to-intent ${role} child exited with ${code}`)));
  });
}

async function openIntentHop(url: string, prefix: string, warmup: number): Promise<Hop> {
  const bus = new RedisBus({ url, keyPrefix: prefix });
  const sentNs = new Map<number, { n: number; at: bigint }>();
  const samples: number[] = [];
  let received = 0;
  const denied: string[] = [];
  const sub = bus.subscribe({
    group: 'bench-intents',
    consumer: 'bench',
    topics: ['orders', 'risk'],
    handler: async (e) => {
      if (e.type === 'RiskDecision' && !e.approved) denied.push(e.reasons.join(','));
      if (e.type === 'TradingStateChanged') denied.push(`${e.state}: ${e.reason}`);
      if (e.type !== 'OrderIntent') return;
      const now = process.hrtime.bigint();
      const sent = sentNs.get(e.limitPrice);
      if (sent === undefined) throw new Error(`tick-to-intent: an intent at ${e.limitPrice} matches no book`);
      if (sent.n >= warmup) samples.push(Number(now - sent.at));
      received += 1;
      // Terminal at once: the risk engine stops counting it as pending exposure.
      await bus.publish({
        type: 'OrderCanceled',
        id: asEventId(`bench:cancel:${e.clientOrderId}`),
        ts: Date.now(),
        clientOrderId: e.clientOrderId,
        instrumentId: e.instrumentId,
        venue: e.venue,
        reason: 'bench',
        canceledQty: e.qty,
      });
    },
  });
  await sub.ready;
  for (const e of setupEvents(Date.now())) await bus.publish(e);
  return {
    send: (n) => {
      sentNs.set(askOf(n), { n, at: process.hrtime.bigint() });
      void bus.publish(book(n, Date.now()));
    },
    received: () => {
      // A denial means the bench itself is wrong (it would wait for an intent that never comes).
      if (denied.length > 0) throw new Error(`tick-to-intent: the risk engine said ${denied[0]}`);
      return received;
    },
    samples,
    close: () => bus.close(),
  };
}

export async function tickToIntentBenchmarks(opts: { url: string; quick: boolean }): Promise<BenchLine[]> {
  const count = opts.quick ? 420 : 3_000;
  const prefix = `arbees:bench:t2i:${randomUUID()}:`;
  process.stderr.write(
    `bench: tick to intent across processes, ${count} books at ${TICK_TO_INTENT_RATE_PER_S}/s per measurement\n`,
  );
  const chunks = 6;
  const perChunk = Math.ceil(count / chunks);
  // The children's consumer groups exist once they say ready, so nothing published later is lost.
  const children = await Promise.all([
    startChild('strategy', opts.url, prefix),
    startChild('risk', opts.url, prefix),
  ]);
  const raw = await openRawHop(opts.url, `${prefix}raw-md`, perChunk);
  const intents = await openIntentHop(opts.url, prefix, perChunk);
  try {
    for (let c = 0; c < chunks; c++) {
      for (const hop of [raw, intents]) {
        await paced(perChunk, TICK_TO_INTENT_RATE_PER_S, (i) => hop.send(c * perChunk + i));
        await until(
          () => hop.received() >= (c + 1) * perChunk,
          hop === raw ? 'XREADGROUP' : 'the order intents',
          60_000,
        );
      }
    }
    return [0.5, 0.99].map((q) => {
      const tag = q === 0.5 ? 'p50' : 'p99';
      return line({
        name: `bus.redis.tick_to_intent_${tag}_us`,
        value: percentileUs(intents.samples, q),
        unit: 'us',
        limitName: `redis.xadd_to_xreadgroup_${tag}_us`,
        limit: percentileUs(raw.samples, q),
      });
    });
  } finally {
    await Promise.all([raw.close(), intents.close()]);
    for (const child of children) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await deleteKeys(opts.url, prefix);
  }
}
