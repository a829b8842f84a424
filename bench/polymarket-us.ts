/**
 * Polymarket US adapter benchmarks, each beside its limit measured in the same run:
 * - request signing (the signed string + Ed25519 + base64 headers) beside a bare node
 *   `crypto.sign(null, …)` Ed25519 of the same message with the same key;
 * - market data, from WebSocket text to a BookSnapshot through the feed's own `onText`, beside
 *   plain `JSON.parse` of the same frames. Every frame is a whole book (the venue sends no
 *   deltas); the frames are generated in the documented shape (seeded), no recording of the
 *   retail stream being public.
 */
import { sign } from 'node:crypto';
import { SimulatedClock } from '../src/core/clock.js';
import { EventIdSequence } from '../src/core/ids.js';
import { SeededRandom } from '../src/sim/random.js';
import {
  pmusAuthHeaders,
  pmusPrivateKeyFromSecret,
  pmusSignedMessage,
} from '../src/venues/polymarket-us/auth.js';
import { PmusMarketFeed } from '../src/venues/polymarket-us/market-feed.js';
import { alternateMedians, type BenchLine, line, percentileUs } from './stats.js';

function signing(samples: number): BenchLine[] {
  const privateKey = pmusPrivateKeyFromSecret(Buffer.alloc(32, 5).toString('base64'));
  const key = { keyId: '3f1c2a9e-0000-4000-8000-000000000001', privateKey };
  const request = { timestampMs: 1_790_000_000_000, method: 'POST', path: '/v1/orders' };
  const message = Buffer.from(pmusSignedMessage(request.timestampMs, request.method, request.path), 'utf8');
  const oursNs: number[] = [];
  const bareNs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < samples + 50; i++) {
    // Interleaved, so drift in machine load hits both alike; the first 50 warm up.
    const t0 = process.hrtime.bigint();
    bytes += (pmusAuthHeaders(key, request)['x-pm-signature'] ?? '').length;
    const t1 = process.hrtime.bigint();
    bytes += sign(null, message, privateKey).length;
    const t2 = process.hrtime.bigint();
    if (i >= 50) {
      oursNs.push(Number(t1 - t0));
      bareNs.push(Number(t2 - t1));
    }
  }
  if (bytes === 0) throw new Error('nothing signed');
  return [0.5, 0.99].map((q) => {
    const tag = q === 0.5 ? 'p50_us' : 'p99_us';
    return line({
      name: `sign.polymarket_us_ed25519.${tag}`,
      value: percentileUs(oursNs, q),
      unit: 'us',
      limitName: `sign.node_crypto_ed25519.${tag}`,
      limit: percentileUs(bareNs, q),
    });
  });
}

/** `count` full-book frames of one market, ten levels a side, walking around 0.55. */
export function fullBookFrames(count: number, seed = 11): string[] {
  const rng = new SeededRandom(seed);
  const frames: string[] = [];
  let mid = 55;
  for (let i = 0; i < count; i++) {
    mid = Math.min(80, Math.max(20, mid + rng.int(-1, 1)));
    const level = (cents: number) => ({
      px: { value: (cents / 100).toFixed(2), currency: 'USD' },
      qty: String(rng.int(1, 5_000)),
    });
    frames.push(
      JSON.stringify({
        requestId: 'md-1',
        subscriptionType: 'SUBSCRIPTION_TYPE_MARKET_DATA',
        marketData: {
          marketSlug: 'aec-nfl-nyg-lar-2026-09-21',
          bids: Array.from({ length: 10 }, (_, k) => level(mid - 1 - k)),
          offers: Array.from({ length: 10 }, (_, k) => level(mid + 1 + k)),
          state: 'MARKET_STATE_OPEN',
          stats: { lastTradePx: { value: (mid / 100).toFixed(2), currency: 'USD' } },
          transactTime: new Date(1_790_000_000_000 + i * 50).toISOString(),
        },
      }),
    );
  }
  return frames;
}

function ingest(count: number, repeats: number): BenchLine[] {
  const frames = fullBookFrames(count);
  const ids = new EventIdSequence('bench-pmus');
  let emitted = 0;
  const ours = (): number => {
    const feed = new PmusMarketFeed({
      clock: new SimulatedClock(0),
      nextId: () => ids.next(),
      sink: () => {
        emitted += 1;
      },
    });
    const t0 = process.hrtime.bigint();
    for (const text of frames) feed.onText(text);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (feed.counters.malformed > 0) throw new Error(`bench feed: ${JSON.stringify(feed.counters)}`);
    return frames.length / seconds;
  };
  let sink = 0;
  const jsonOnly = (): number => {
    const t0 = process.hrtime.bigint();
    for (const text of frames)
      sink += (JSON.parse(text) as { marketData: { bids: unknown[] } }).marketData.bids.length;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return frames.length / seconds;
  };
  const rates = alternateMedians({ ours, limit: jsonOnly, repeats });
  if (sink === 0 || emitted === 0) throw new Error('nothing parsed');
  return [
    line({
      name: 'ingest.polymarket_us.msgs_per_s',
      value: rates.ours,
      unit: 'msgs/s',
      limitName: 'json_parse.polymarket_us_book.msgs_per_s',
      limit: rates.limit,
    }),
  ];
}

export function polymarketUsBenchmarks(opts: { quick: boolean }): BenchLine[] {
  return [...signing(opts.quick ? 300 : 2_000), ...ingest(opts.quick ? 10_000 : 50_000, opts.quick ? 3 : 5)];
}
