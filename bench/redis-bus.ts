/**
 * Redis bus latency, run only when REDIS_URL is set: an `md` event from RedisBus.publish() (XADD
 * on the bus's command connection) to its handler (XREADGROUP on the subscription's own
 * connection, decoded and checked), beside the limit measured in the same run: one raw XADD ->
 * XREADGROUP hop with plain ioredis (same payload, same MAXLEN ~, a bare consumer that XACKs each
 * batch). Both are paced at the same fixed rate, in one process, on loopback, in alternating
 * chunks after a warm-up chunk each, on stream keys of their own that are deleted afterwards.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { ArbeesEvent } from '../src/core/events.js';
import { asEventId, asInstrumentId } from '../src/core/ids.js';
import { centis, micros } from '../src/core/money.js';
import { type BenchLine, line, percentileUs } from './stats.js';

/** Messages per second for both measurements: a busy market-data feed, well under saturation. */
export const REDIS_BENCH_RATE_PER_S = 500;
const MD_MAX_LEN = 100_000;

const bookDelta = (n: number): ArbeesEvent => ({
  type: 'BookDelta',
  id: asEventId(`bench-${n}`),
  ts: n,
  instrumentId: asInstrumentId('kalshi:BENCH-YES'),
  venue: 'kalshi',
  side: 'bid',
  price: micros(560_000),
  delta: centis(100 + (n % 50)),
  venueTs: n,
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls send(i) for i in [0, count) at `rate` per second, against one wall-clock anchor. */
export async function paced(count: number, rate: number, send: (i: number) => void): Promise<void> {
  const intervalNs = 1e9 / rate;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const dueNs = i * intervalNs;
    const aheadMs = (dueNs - Number(process.hrtime.bigint() - start)) / 1e6;
    if (aheadMs >= 1) await sleep(Math.floor(aheadMs));
    send(i);
  }
}

/** Waits until `done()` or the deadline; a benchmark that loses messages must say so, not hang. */
export async function until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`redis bench: timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** One way from a publisher to a consumer; samples are publish-to-receipt times in ns. */
export interface Hop {
  send(n: number): void;
  readonly received: () => number;
  readonly samples: number[];
  close(): Promise<void>;
}

export async function openRawHop(url: string, key: string, warmup: number): Promise<Hop> {
  const writer = new Redis(url, { protocol: 2 });
  const reader = new Redis(url, { protocol: 2 });
  await writer.call('XGROUP', 'CREATE', key, 'bench', '$', 'MKSTREAM');
  const sentNs: bigint[] = [];
  const samples: number[] = [];
  let received = 0;
  let stop = false;
  const loop = (async () => {
    const read = ['GROUP', 'bench', 'raw', 'COUNT', 100, 'BLOCK', 100, 'STREAMS', key, '>'];
    while (!stop) {
      const reply = (await reader.call('XREADGROUP', ...read)) as [string, [string, string[]][]][] | null;
      const now = process.hrtime.bigint();
      const entries = reply?.[0]?.[1] ?? [];
      for (const [, fields] of entries) {
        const n = (JSON.parse(fields[1]!) as { ts: number }).ts;
        if (n >= warmup) samples.push(Number(now - sentNs[n]!));
        received += 1;
      }
      if (entries.length > 0) await reader.call('XACK', key, 'bench', ...entries.map(([id]) => id));
    }
  })();
  return {
    send: (n) => {
      const payload = JSON.stringify(bookDelta(n));
      sentNs[n] = process.hrtime.bigint();
      void writer.call('XADD', key, 'MAXLEN', '~', MD_MAX_LEN, '*', 'e', payload);
    },
    received: () => received,
    samples,
    close: async () => {
      stop = true;
      await loop;
      await Promise.all([writer.quit(), reader.quit()]);
    },
  };
}

async function openBusHop(url: string, keyPrefix: string, warmup: number): Promise<Hop> {
  const bus = new RedisBus({ url, keyPrefix, marketDataMaxLen: MD_MAX_LEN });
  const sentNs: bigint[] = [];
  const samples: number[] = [];
  let received = 0;
  const sub = bus.subscribe({
    group: 'bench',
    consumer: 'bus',
    topics: ['md'],
    handler: (e) => {
      const now = process.hrtime.bigint();
      if (e.ts >= warmup) samples.push(Number(now - sentNs[e.ts]!));
      received += 1;
    },
  });
  await sub.ready;
  return {
    send: (n) => {
      const event = bookDelta(n);
      sentNs[n] = process.hrtime.bigint();
      void bus.publish(event);
    },
    received: () => received,
    samples,
    close: () => bus.close(),
  };
}

export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const admin = new Redis(url, { protocol: 2 });
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await admin.quit();
}

export async function redisBusBenchmarks(opts: { url: string; quick: boolean }): Promise<BenchLine[]> {
  const count = opts.quick ? 1_500 : 5_000;
  const prefix = `arbees:bench:${randomUUID()}:`;
  process.stderr.write(
    `bench: redis bus, ${count} md events at ${REDIS_BENCH_RATE_PER_S}/s per measurement\n`,
  );
  const chunks = 10;
  const perChunk = Math.ceil(count / chunks);
  const raw = await openRawHop(opts.url, `${prefix}raw-md`, perChunk);
  const bus = await openBusHop(opts.url, `${prefix}bus:`, perChunk);
  try {
    // Alternate chunks of the two, so both see the same machine (other load comes and goes); the
    // first chunk of each is warm-up.
    for (let c = 0; c < chunks; c++) {
      for (const hop of [raw, bus]) {
        await paced(perChunk, REDIS_BENCH_RATE_PER_S, (i) => hop.send(c * perChunk + i));
        await until(
          () => hop.received() >= (c + 1) * perChunk,
          hop === raw ? 'XREADGROUP' : 'the handler',
          30_000,
        );
      }
    }
    return [0.5, 0.99].map((q) => {
      const tag = q === 0.5 ? 'p50' : 'p99';
      return line({
        name: `bus.redis.publish_to_handler_${tag}_us`,
        value: percentileUs(bus.samples, q),
        unit: 'us',
        limitName: `redis.xadd_to_xreadgroup_${tag}_us`,
        limit: percentileUs(raw.samples, q),
      });
    });
  } finally {
    await Promise.all([raw.close(), bus.close()]);
    await deleteKeys(opts.url, prefix);
  }
}
