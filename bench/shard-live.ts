/**
 * One game shard carrying 2,000 live markets (1,000 NFL games, both teams' markets) in the live
 * in-process pipeline (live-rig.ts, paper venue), fed by the Kalshi simulator's maker requoting
 * random markets at a fixed high rate over the WebSocket: our gateway in `live` mode turns the
 * frames into BookSnapshots, and the trading core's strategy shard, risk and execution act on
 * them. One requote in 200 opens an edge (a paper order and fill follow); the rest move the book
 * a cent either way around the model's price.
 *
 * Measured: each BookSnapshot from its publication by the gateway to the moment every service
 * has handled it (the core's tap, subscribed last: the strategy's decision on it is made), p50
 * and p99, beside a JSON round trip of the same books (what one hop on a wire costs, as in
 * pipeline.ts); the books handled per second beside the requotes offered; the process's RSS
 * with the shard loaded beside its RSS before the rig. The simulator runs in this process (its
 * 2,000 books are in the RSS, its work on the same event loop). It runs in a child process of
 * its own, so the RSS is not what earlier benchmarks left.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { BookSnapshot } from '../src/core/events.js';
import { type Rig, type RigMarket, startRig, waitFor } from './live-rig.js';
import { type BenchLine, line, percentileUs } from './stats.js';

const GAMES = 1_000;
const HOME_PROB = 0.6;
/** One requote in this many opens an edge. */
const EDGE_EVERY = 200;
/** The generator's tick: requotes are sent in small batches this often. */
const TICK_MS = 10;

const rssMb = () => process.memoryUsage().rss / (1024 * 1024);

/** A seeded generator (mulberry32): the same requotes every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function requote(rig: Rig, m: RigMarket, random: () => number, edge: boolean): void {
  const mid = Math.round(m.yesProb * 100);
  if (edge) {
    // An ask 8 cents under the model's price: the strategy buys.
    rig.quote(m, [[mid - 12, 500]], [[mid - 8, 300]]);
    return;
  }
  const shift = Math.floor(random() * 3) - 1;
  rig.quote(m, [[mid - 3 + shift, 100 * (2 + Math.floor(random() * 8))]], [[mid + 3 + shift, 500]]);
}

async function measureShard(opts: { quick: boolean }): Promise<BenchLine[]> {
  // Requotes per second: each market every 2 s on average; what this process (simulator
  // included) sustains on 2 cores, so the figure is latency, not a backlog.
  const rate = 1_000;
  const seconds = opts.quick ? 5 : 20;
  process.stderr.write(
    `bench: one shard, ${GAMES * 2} live markets, ${rate} requotes/s for ${seconds} s over the Kalshi simulator\n`,
  );
  const rssBefore = rssMb();
  const published = new Map<string, bigint>();
  const books: BookSnapshot[] = [];
  const handledNs: number[] = [];
  let measuring = false;
  let fills = 0;
  const rig = await startRig({
    mode: 'paper',
    games: GAMES,
    outcomes: ['home_win', 'away_win'],
    homeProb: HOME_PROB,
    wrapPublish: (e) => {
      if (measuring && e.type === 'BookSnapshot') published.set(e.id, process.hrtime.bigint());
    },
    tap: (e) => {
      if (e.type === 'FillReceived') fills += 1;
      if (e.type !== 'BookSnapshot') return;
      const at = published.get(e.id);
      if (at === undefined) return;
      published.delete(e.id);
      handledNs.push(Number(process.hrtime.bigint() - at));
      if (books.length < 20_000) books.push(e);
    },
  });
  try {
    const random = seeded(7);
    const perTick = (rate * TICK_MS) / 1000;
    const ticks = (seconds * 1000) / TICK_MS;
    let sent = 0;
    measuring = true;
    const start = process.hrtime.bigint();
    for (let t = 0; t < ticks; t++) {
      for (let k = 0; k < perTick; k++) {
        const m = rig.markets[Math.floor(random() * rig.markets.length)]!;
        sent += 1;
        requote(rig, m, random, sent % EDGE_EVERY === 0);
      }
      // Against one anchor, so a slow tick is caught up rather than the rate lost.
      const aheadMs = ((t + 1) * TICK_MS * 1e6 - Number(process.hrtime.bigint() - start)) / 1e6;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.floor(aheadMs))));
    }
    const elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
    measuring = false;
    await waitFor(() => published.size === 0, 'every published book to be handled', 60_000);
    await rig.bus.idle();
    const rssLoaded = rssMb();
    if (handledNs.length === 0) throw new Error('shard bench: no book was handled');
    process.stderr.write(
      `bench: shard handled ${handledNs.length} books from ${sent} requotes in ${elapsedS.toFixed(1)} s; ${fills} paper fills\n`,
    );
    // The limit: a JSON round trip of the same books, one hop on a wire.
    const jsonNs: number[] = [];
    for (const b of books) {
      const t0 = process.hrtime.bigint();
      JSON.parse(JSON.stringify(b));
      jsonNs.push(Number(process.hrtime.bigint() - t0));
    }
    const lines: BenchLine[] = [];
    for (const q of [0.5, 0.99]) {
      const tag = q === 0.5 ? 'p50' : 'p99';
      lines.push(
        line({
          name: `shard.live_2000.book_to_decision_${tag}_us`,
          value: percentileUs(handledNs, q),
          unit: 'us',
          limitName: `json_roundtrip.book.${tag}_us`,
          limit: percentileUs(jsonNs, q),
        }),
      );
    }
    lines.push(
      line({
        name: 'shard.live_2000.books_per_s',
        value: handledNs.length / elapsedS,
        unit: 'books/s',
        limitName: 'sim.kalshi.requotes_per_s',
        limit: sent / elapsedS,
      }),
      line({
        name: 'shard.live_2000.rss_mb',
        value: rssLoaded,
        unit: 'MB',
        limitName: 'process.rss_mb_before_rig',
        limit: rssBefore,
      }),
      line({
        name: 'memory.rss_mb_per_1000_markets',
        value: (rssLoaded - rssBefore) / ((GAMES * 2) / 1000),
        unit: 'MB',
      }),
    );
    return lines;
  } finally {
    await rig.close();
  }
}

/** Runs the benchmark in a fresh child process (this file with `--child`) and returns its lines. */
export async function shardLiveBenchmarks(opts: { quick: boolean }): Promise<BenchLine[]> {
  const child = spawn(
    process.execPath,
    ['bin/run-ts.js', 'bench/shard-live.ts', '--child', ...(opts.quick ? ['--quick'] : [])],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: BenchLine[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(JSON.parse(l) as BenchLine));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`shard bench: the child process exited with ${code}`);
  return lines;
}

if (process.argv.includes('--child')) {
  for (const l of await measureShard({ quick: process.argv.includes('--quick') }))
    process.stdout.write(`${JSON.stringify(l)}\n`);
}
