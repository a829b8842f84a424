/**
 * The live in-process path (live-rig.ts): a Kalshi WebSocket frame that makes an edge, from the
 * moment the simulator has written it to the socket, through our gateway (frame parsed, book
 * applied, BookSnapshot published), the strategy shard, risk and execution (intent journalled,
 * the request signed), to
 * - `live`: the order request arriving at the simulator (its `onRequest` hook, before the body
 *   is read);
 * - `paper`: the paper fill (FillReceived published on the bus by execution).
 * And, on the way, the order intent's publication (frame to decision).
 * Each frame is a new maker ask at 50 cents on a market the model prices at 90: one frame, one
 * order, on a market of its own (a held position is not entered again), one frame at a time.
 *
 * Beside it, measured in the same run and interleaved frame by frame, the floor: a WebSocket
 * echo on loopback (a client's frame of the same size to a `ws` server and back), a round trip
 * of two socket hops where the path has one WebSocket hop and one HTTP request.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { ArbeesEvent } from '../src/core/events.js';
import { type Rig, type RigMode, startRig, waitFor } from './live-rig.js';
import { type BenchLine, line, percentileUs } from './stats.js';

/** A frame as Kalshi sends an orderbook_delta: the echo carries the same bytes. */
const FRAME_TEXT = JSON.stringify({
  type: 'orderbook_delta',
  sid: 1,
  seq: 2,
  msg: {
    market_ticker: 'KXNFLGAME-26DEC07G00000-HOM',
    market_id: '9b0f6b43-5b1c-4c1e-9d62-1f0f3c2a7e11',
    price_dollars: '0.5000',
    delta_fp: '3.00',
    side: 'no',
    ts: '2026-12-07T06:41:22Z',
    ts_ms: 1_796_625_682_000,
  },
});

interface Echo {
  /** One round trip, ns. */
  roundTrip(): Promise<number>;
  close(): Promise<void>;
}

async function openEcho(): Promise<Echo> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (ws) => ws.on('message', (data) => ws.send(data.toString())));
  const { port } = server.address() as AddressInfo;
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise<void>((resolve, reject) => {
    client.once('open', () => resolve());
    client.once('error', reject);
  });
  let waiting: ((at: bigint) => void) | null = null;
  client.on('message', () => waiting?.(process.hrtime.bigint()));
  return {
    roundTrip: () =>
      new Promise((resolve) => {
        const t0 = process.hrtime.bigint();
        waiting = (at) => {
          waiting = null;
          resolve(Number(at - t0));
        };
        client.send(FRAME_TEXT);
      }),
    close: async () => {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the bench is told of: order requests at the simulator, and the pipeline's events. */
class Watch {
  /** Resolves the wait for the next order request (live) or fill (paper). */
  private arrived: ((at: bigint, what: string) => void) | null = null;
  /** When the last OrderIntent was published. */
  intentAt: bigint | null = null;
  readonly filled = new Set<string>();
  readonly denials: string[] = [];

  constructor(private readonly mode: RigMode) {}

  next(): Promise<{ at: bigint; what: string }> {
    return new Promise((resolve) => {
      this.arrived = (at, what) => {
        this.arrived = null;
        resolve({ at, what });
      };
    });
  }

  onRequest(request: { method: string; path: string }): void {
    if (this.mode !== 'live' || request.method !== 'POST') return;
    if (request.path.endsWith('/portfolio/events/orders'))
      this.arrived?.(process.hrtime.bigint(), request.path);
  }

  /** As published, before any service has handled it. */
  onPublish(e: ArbeesEvent): void {
    if (e.type === 'OrderIntent') this.intentAt = process.hrtime.bigint();
    else if (e.type === 'FillReceived' && this.mode === 'paper')
      this.arrived?.(process.hrtime.bigint(), e.instrumentId);
  }

  /** As handled, after every service. */
  onEvent(e: ArbeesEvent): void {
    if (e.type === 'FillReceived') this.filled.add(e.instrumentId);
    else if (e.type === 'RiskDecision' && !e.approved) this.denials.push(e.reasons.join(','));
    else if (e.type === 'OrderRejected') this.denials.push(`rejected: ${e.reason}`);
    else if (e.type === 'TradingStateChanged') this.denials.push(`${e.state}: ${e.reason}`);
  }
}

async function measure(mode: RigMode, frames: number) {
  const watch = new Watch(mode);
  const rig: Rig = await startRig({
    mode,
    games: frames,
    outcomes: ['home_win'],
    homeProb: 0.9,
    // Wide, so no side has an edge until the frame's ask at 50 cents.
    openingQuote: { bid: 40, ask: 97 },
    onRequest: (r) => watch.onRequest(r),
    tap: (e) => watch.onEvent(e),
    wrapPublish: (e) => watch.onPublish(e),
  });
  const echo = await openEcho();
  const pathNs: number[] = [];
  const intentNs: number[] = [];
  const echoNs: number[] = [];
  try {
    // A few frames warm the JIT first: not counted.
    const warmup = Math.min(20, Math.floor(frames / 10));
    for (const [i, market] of rig.markets.entries()) {
      const arrival = watch.next();
      rig.addAsk(market, 50, 300); // the frame is written to the socket within this call
      const t0 = process.hrtime.bigint();
      let timer: NodeJS.Timeout | undefined;
      const got = await Promise.race([
        arrival,
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), 10_000);
        }),
      ]);
      clearTimeout(timer);
      if (got === null)
        throw new Error(
          `live bench (${mode}): frame ${i} made no ${mode === 'live' ? 'order request' : 'paper fill'} in 10 s` +
            (watch.denials.length > 0 ? `; the pipeline said ${watch.denials.at(-1)}` : ''),
        );
      if (i >= warmup) pathNs.push(Number(got.at - t0));
      if (i >= warmup && watch.intentAt !== null) intentNs.push(Number(watch.intentAt - t0));
      watch.intentAt = null;
      // The order's answer and fill are handled before the next frame, so frames do not queue.
      await waitFor(
        () => watch.filled.has(market.instrument.instrumentId),
        `the fill on ${market.ticker}`,
        10_000,
      );
      await rig.bus.idle();
      const rtt = await echo.roundTrip();
      if (i >= warmup) echoNs.push(rtt);
    }
  } finally {
    await echo.close();
    await rig.close();
  }
  if (intentNs.length !== pathNs.length)
    throw new Error(`live bench (${mode}): an order with no intent seen`);
  return { pathNs, intentNs, echoNs };
}

export async function livePathBenchmarks(opts: { quick: boolean }): Promise<BenchLine[]> {
  const frames = opts.quick ? 150 : 600;
  const out: BenchLine[] = [];
  for (const mode of ['live', 'paper'] as const) {
    process.stderr.write(`bench: live path (${mode}), ${frames} frames against the Kalshi simulator\n`);
    const { pathNs, intentNs, echoNs } = await measure(mode, frames);
    const figures: [string, number[]][] =
      mode === 'live'
        ? [
            ['live.kalshi.frame_to_intent', intentNs],
            ['live.kalshi.frame_to_order_request', pathNs],
          ]
        : [['live.paper.frame_to_fill', pathNs]];
    for (const [name, samples] of figures)
      for (const q of [0.5, 0.99]) {
        const tag = q === 0.5 ? 'p50' : 'p99';
        out.push(
          line({
            name: `${name}_${tag}_us`,
            value: percentileUs(samples, q),
            unit: 'us',
            limitName: `ws.loopback_echo_rtt_${tag}_us`,
            limit: percentileUs(echoNs, q),
          }),
        );
      }
  }
  return out;
}
