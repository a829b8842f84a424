/**
 * Kalshi adapter benchmarks, each beside its limit measured in the same run:
 * - request signing (message rules + RSA-PSS + base64) beside a bare `crypto.sign` of the same
 *   message with the same key;
 * - order book deltas, from WebSocket text to an applied book change and its normalised event,
 *   through the WebSocket client's own handler (KalshiMarketStream.handleText), beside plain
 *   `JSON.parse` of the same messages. The messages are generated in Kalshi's recorded shape (seeded), since
 *   no recording of a live Kalshi stream is bundled.
 */
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { SimulatedClock } from '../src/core/clock.js';
import { EventIdSequence } from '../src/core/ids.js';
import { formatContracts, formatPrice4, type Micros } from '../src/core/money.js';
import { SeededRandom } from '../src/sim/random.js';
import { kalshiAuthHeaders, kalshiSigningMessage } from '../src/venues/kalshi/auth.js';
import { KalshiMarketStream } from '../src/venues/kalshi/data.js';
import type { KalshiParseContext } from '../src/venues/kalshi/parse.js';
import { alternateMedians, type BenchLine, line, percentileUs } from './stats.js';

const TICKER = 'KXNFLGAME-26OCT08TBDAL-DAL';
const MARKET_ID = '9b0f6b43-5b1c-4c1e-9d62-1f0f3c2a7e11';

function signing(samples: number): BenchLine[] {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = { keyId: 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c', privateKey };
  const request = {
    timestampMs: 1_790_000_000_000,
    method: 'POST',
    path: '/trade-api/v2/portfolio/events/orders',
  };
  const message = Buffer.from(kalshiSigningMessage(request), 'utf8');
  const pss = {
    key: privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
  };
  const oursNs: number[] = [];
  const bareNs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < samples + 50; i++) {
    // Interleaved, so drift in machine load hits both alike; the first 50 warm up.
    const t0 = process.hrtime.bigint();
    bytes += kalshiAuthHeaders(key, request)['KALSHI-ACCESS-SIGNATURE'].length;
    const t1 = process.hrtime.bigint();
    bytes += sign('sha256', message, pss).length;
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
      name: `sign.kalshi_rsa_pss.${tag}`,
      value: percentileUs(oursNs, q),
      unit: 'us',
      limitName: `sign.node_crypto_rsa_pss.${tag}`,
      limit: percentileUs(bareNs, q),
    });
  });
}

/** A snapshot and `count` deltas as Kalshi's WebSocket sends them, walking around a 0.80 market. */
export function recordedStyleBookStream(count: number, seed = 7): { snapshot: string; deltas: string[] } {
  const rng = new SeededRandom(seed);
  const yes: [string, string][] = [];
  const no: [string, string][] = [];
  const resting = new Map<string, number>(); // "side:price" -> centi-contracts
  for (let c = 70; c <= 80; c++) {
    const qty = rng.int(100, 5_000_000);
    yes.push([formatPrice4((c * 10_000) as Micros), formatContracts(qty as never)]);
    resting.set(`yes:${c}`, qty);
  }
  for (let c = 10; c <= 19; c++) {
    const qty = rng.int(100, 5_000_000);
    no.push([formatPrice4((c * 10_000) as Micros), formatContracts(qty as never)]);
    resting.set(`no:${c}`, qty);
  }
  const snapshot = JSON.stringify({
    type: 'orderbook_snapshot',
    sid: 1,
    seq: 1,
    msg: { market_ticker: TICKER, market_id: MARKET_ID, yes_dollars_fp: yes, no_dollars_fp: no },
  });
  const deltas: string[] = [];
  let tsMs = 1_791_268_696_000;
  for (let i = 0; i < count; i++) {
    const side = rng.next() < 0.5 ? 'yes' : 'no';
    const cents = side === 'yes' ? rng.int(70, 80) : rng.int(10, 19);
    const key = `${side}:${cents}`;
    const held = resting.get(key) ?? 0;
    // Mostly adds and partial takes, sometimes a whole level cleared, as a live book does.
    const change = held > 0 && rng.next() < 0.4 ? -Math.min(held, rng.int(1, held)) : rng.int(1, 200_000);
    resting.set(key, held + change);
    tsMs += rng.int(1, 40);
    deltas.push(
      JSON.stringify({
        type: 'orderbook_delta',
        sid: 1,
        seq: i + 2,
        msg: {
          market_ticker: TICKER,
          market_id: MARKET_ID,
          price_dollars: formatPrice4((cents * 10_000) as Micros),
          delta_fp: formatContracts(change as never),
          side,
          ts: new Date(tsMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          ts_ms: tsMs,
        },
      }),
    );
  }
  return { snapshot, deltas };
}

function bookDeltas(count: number, repeats: number): BenchLine[] {
  const { snapshot, deltas } = recordedStyleBookStream(count);
  const ids = new EventIdSequence('bench');
  const ctx: KalshiParseContext = {
    clock: new SimulatedClock(0),
    nextId: () => ids.next(),
    useYesPrice: false,
  };
  // The WebSocket client's own path: KalshiMarketStream.handleText parses, applies to the book
  // and emits the normalised event (to a sink that only counts here).
  let emitted = 0;
  const parseAndApply = (): number => {
    const stream = new KalshiMarketStream({
      ctx,
      sinks: {
        onBook: () => {
          emitted += 1;
        },
      },
      sendCommand: () => {
        throw new Error('bench stream asked for a resync');
      },
    });
    stream.handleText(snapshot);
    const t0 = process.hrtime.bigint();
    for (const text of deltas) stream.handleText(text);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = stream.counters;
    if (c.malformed + c.gaps + c.droppedWhileStale > 0) throw new Error(`bench stream: ${JSON.stringify(c)}`);
    return deltas.length / seconds;
  };
  let sink = 0;
  const jsonOnly = (): number => {
    const t0 = process.hrtime.bigint();
    for (const text of deltas) sink += (JSON.parse(text) as { seq: number }).seq;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return deltas.length / seconds;
  };
  const rates = alternateMedians({ ours: parseAndApply, limit: jsonOnly, repeats });
  if (sink === 0 || emitted === 0) throw new Error('nothing parsed');
  return [
    line({
      name: 'ingest.kalshi.msgs_per_s',
      value: rates.ours,
      unit: 'msgs/s',
      limitName: 'json_parse.kalshi_delta.msgs_per_s',
      limit: rates.limit,
    }),
  ];
}

export function kalshiBenchmarks(opts: { quick: boolean }): BenchLine[] {
  return [
    ...signing(opts.quick ? 300 : 2_000),
    ...bookDeltas(opts.quick ? 50_000 : 200_000, opts.quick ? 3 : 5),
  ];
}
