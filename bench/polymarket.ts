/**
 * Polymarket adapter benchmarks, each beside its limit measured in the same run:
 * - order signing: the fast path (precomputed domain separator, struct hash, digest, sign)
 *   beside viem's bare `sign` of a precomputed digest (the floor: secp256k1 alone); and the
 *   slow path (viem `signTypedData` each time) on its own line, against the same floor;
 * - ingest: market-channel `price_change` text to an applied book update and its BookDelta,
 *   through PolymarketMarketFeed.onText (the WebSocket client's own path), beside plain
 *   `JSON.parse` of the same messages. The messages are generated (seeded) in the shape of the
 *   reference examples, since no recording of the live stream is bundled.
 */
import { keccak256, toHex } from 'viem';
import { sign, signTypedData } from 'viem/accounts';
import { SimulatedClock } from '../src/core/clock.js';
import { EventIdSequence } from '../src/core/ids.js';
import { SeededRandom } from '../src/sim/random.js';
import { PolymarketMarketFeed } from '../src/venues/polymarket/market-feed.js';
import {
  exchangeFor,
  ORDER_V2_TYPES,
  OrderSigner,
  type OrderV2,
} from '../src/venues/polymarket/sign-order.js';
import { alternateMedians, type BenchLine, line, percentileUs } from './stats.js';

// The public Hardhat #0 test key: nothing real is signed.
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' as const;
const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as const;
const ZERO32 = `0x${'0'.repeat(64)}` as const;

function orderAt(i: number): OrderV2 {
  return {
    salt: BigInt(479_249_096_354 + i),
    maker: ADDRESS,
    signer: ADDRESS,
    tokenId: 14940935985254400645996902276818598247231942791302218826999289776538227075176n,
    makerAmount: 40_000_000n,
    takerAmount: 100_000_000n,
    side: 'BUY',
    signatureType: 0,
    timestamp: BigInt(1_780_449_126_930 + i),
    metadata: ZERO32,
    builder: ZERO32,
  };
}

async function signing(samples: number): Promise<BenchLine[]> {
  const signer = new OrderSigner(KEY);
  const verifyingContract = exchangeFor({ version: '2', chainId: 137, negRisk: false });
  const domain = signer.domainFor({ version: '2', chainId: 137, verifyingContract });
  const plainDomain = {
    name: domain.name,
    version: domain.version,
    chainId: domain.chainId,
    verifyingContract,
  };
  const fastNs: number[] = [];
  const bareNs: number[] = [];
  const slowNs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < samples + 50; i++) {
    const order = orderAt(i);
    const digest = keccak256(toHex(`digest ${i}`));
    // Interleaved, so drift in machine load hits all three alike; the first 50 warm up.
    const t0 = process.hrtime.bigint();
    bytes += (await signer.sign(domain, order)).signature.length;
    const t1 = process.hrtime.bigint();
    bytes += (await sign({ hash: digest, privateKey: KEY, to: 'hex' })).length;
    const t2 = process.hrtime.bigint();
    bytes += (
      await signTypedData({
        privateKey: KEY,
        domain: plainDomain,
        types: ORDER_V2_TYPES,
        primaryType: 'Order',
        message: { ...order, side: 0 },
      })
    ).length;
    const t3 = process.hrtime.bigint();
    if (i >= 50) {
      fastNs.push(Number(t1 - t0));
      bareNs.push(Number(t2 - t1));
      slowNs.push(Number(t3 - t2));
    }
  }
  if (bytes === 0) throw new Error('nothing signed');
  const out: BenchLine[] = [];
  for (const q of [0.5, 0.99]) {
    const tag = q === 0.5 ? 'p50_us' : 'p99_us';
    const limit = {
      limitName: `sign.viem_secp256k1_digest.${tag}`,
      limit: percentileUs(bareNs, q),
      unit: 'us',
    };
    out.push(line({ name: `sign.polymarket_v2.${tag}`, value: percentileUs(fastNs, q), ...limit }));
    out.push(
      line({ name: `sign.polymarket_v2_sign_typed_data.${tag}`, value: percentileUs(slowNs, q), ...limit }),
    );
  }
  return out;
}

const TOKEN = '14940935985254400645996902276818598247231942791302218826999289776538227075176';
const MARKET = '0x7034c00a24f9edbf325fd5a0b9a63412e469fc8cd2aa9b060fb5ba8e10d7ebef';

/** A `book` message and `count` single-level `price_change` messages around a 0.45 market. */
export function generatedMarketStream(count: number, seed = 11): { snapshot: string; changes: string[] } {
  const rng = new SeededRandom(seed);
  const level = (tick: number) => ({
    price: (tick / 1000).toFixed(3),
    size: (rng.int(1, 5_000_000) / 100).toFixed(2),
  });
  const bids = [];
  const asks = [];
  for (let t = 430; t <= 449; t++) bids.push(level(t));
  for (let t = 451; t <= 470; t++) asks.push(level(t));
  const snapshot = JSON.stringify({
    event_type: 'book',
    asset_id: TOKEN,
    market: MARKET,
    bids,
    asks,
    timestamp: '1791268820194',
    hash: '0b354fa1e982ead2a0670397dd9f37be0b57cb31',
  });
  const changes: string[] = [];
  let ts = 1_791_268_820_194;
  for (let i = 0; i < count; i++) {
    const buy = rng.next() < 0.5;
    const tick = buy ? rng.int(430, 449) : rng.int(451, 470);
    // Mostly new sizes, sometimes a level cleared, as a live book does.
    const size = rng.next() < 0.1 ? '0' : (rng.int(1, 5_000_000) / 100).toFixed(2);
    ts += rng.int(1, 40);
    changes.push(
      JSON.stringify({
        event_type: 'price_change',
        market: MARKET,
        timestamp: String(ts),
        price_changes: [
          {
            asset_id: TOKEN,
            price: (tick / 1000).toFixed(3),
            size,
            side: buy ? 'BUY' : 'SELL',
            hash: 'f0e1',
            best_bid: '0.449',
            best_ask: '0.451',
          },
        ],
      }),
    );
  }
  return { snapshot, changes };
}

function ingest(count: number, repeats: number): BenchLine[] {
  const { snapshot, changes } = generatedMarketStream(count);
  const ids = new EventIdSequence('bench');
  const nextId = () => ids.next();
  // The WebSocket client's own path: text -> parse -> local book -> core events to a sink.
  let emitted = 0;
  const parseAndApply = (): number => {
    const feed = new PolymarketMarketFeed({
      clock: new SimulatedClock(0),
      nextId,
      sink: () => {
        emitted += 1;
      },
    });
    feed.onText(snapshot);
    const t0 = process.hrtime.bigint();
    for (const text of changes) feed.onText(text);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (feed.counters.malformed > 0) throw new Error('bench messages did not parse');
    return changes.length / seconds;
  };
  let sink = 0;
  const jsonOnly = (): number => {
    const t0 = process.hrtime.bigint();
    for (const text of changes) sink += (JSON.parse(text) as { timestamp: string }).timestamp.length;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return changes.length / seconds;
  };
  const rates = alternateMedians({ ours: parseAndApply, limit: jsonOnly, repeats });
  if (sink === 0 || emitted === 0) throw new Error('nothing parsed');
  return [
    line({
      name: 'ingest.polymarket.msgs_per_s',
      value: rates.ours,
      unit: 'msgs/s',
      limitName: 'json_parse.polymarket.msgs_per_s',
      limit: rates.limit,
    }),
  ];
}

export async function polymarketBenchmarks(opts: { quick: boolean }): Promise<BenchLine[]> {
  return [
    ...(await signing(opts.quick ? 300 : 2_000)),
    ...ingest(opts.quick ? 50_000 : 200_000, opts.quick ? 3 : 5),
  ];
}
