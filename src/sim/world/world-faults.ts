/**
 * Standing faults of a simulated world, each switched on by itself, for rehearsing how a run
 * copes: added latency, 5xx and 429 answers at a rate (ESPN and both venues), orders executed
 * but never answered, WebSocket connections cut, Kalshi book sequence gaps, books going stale
 * (the venues' WebSockets silent for a while), and listings no team table can match (planned
 * with the listings: world-listings.ts). Rates are drawn from seeded streams; the periodic ones
 * run on the wall clock, since they are about connections, not about the game.
 */
import type { EspnSimServer } from '../espn/server.js';
import type { ScenarioEffect } from '../kalshi/scenarios.js';
import type { KalshiSimServer } from '../kalshi/server.js';
import type { PolySimServer } from '../polymarket/server.js';
import type { SimPmusServer } from '../polymarket-us/server.js';
import { deriveSeed, SeededRandom } from '../random.js';

export interface WorldFaults {
  /** Wall ms added to every answer of ESPN and both venues. */
  readonly latencyMs?: number;
  /** Share of requests (0-1) answered 503 without being carried out. */
  readonly serverErrorRate?: number;
  /** Share of requests (0-1) answered 429. */
  readonly rateLimitRate?: number;
  /** Share of order placements (0-1) carried out but never answered: the client times out. */
  readonly unansweredOrderRate?: number;
  /** Every this many wall ms, the venues cut every WebSocket connection. */
  readonly wsDropEveryMs?: number;
  /**
   * Every this many wall ms, every Kalshi book subscription skips a sequence number (Polymarket's
   * market channel numbers nothing, so it has no such gap).
   */
  readonly seqGapEveryMs?: number;
  /**
   * Every `everyMs` wall ms, the venues' WebSockets go silent for `forMs`: the books go stale
   * (Kalshi's frames are lost meanwhile and its sequence shows the gap; Polymarket's are held and
   * sent on resume).
   */
  readonly staleBooks?: { readonly everyMs: number; readonly forMs: number };
  /** Games whose listings carry a team code no table knows, so they cannot be matched. */
  readonly unmatchableGames?: readonly string[];
}

/** Order placement on Kalshi (V2) and on Polymarket (`/order` and the batch `/orders`), from each API root. */
const KALSHI_ORDER = { method: 'POST', pathPrefix: '/portfolio/events/orders' } as const;
const POLYMARKET_ORDER = { method: 'POST', pathPrefix: '/order' } as const;
/** Polymarket US order requests (placement, and the cancels below the same path). */
const PMUS_ORDER = { method: 'POST', pathPrefix: '/v1/orders' } as const;

/** A seeded uniform stream for one kind of random fault. */
export function faultRandom(seed: number, name: string): () => number {
  const rng = new SeededRandom(deriveSeed(seed, `world-faults:${name}`));
  return () => rng.next();
}

/**
 * Switches the faults on. ESPN's random errors draw from the stream its server was started with
 * (`faultRandom(seed, 'espn')`); the venues' from streams of their own.
 */
export function applyWorldFaults(opts: {
  readonly faults: WorldFaults;
  readonly espn: EspnSimServer;
  readonly kalshi: KalshiSimServer;
  readonly polymarket: PolySimServer;
  /** When the world serves it: the same request faults and connection drops (its feed cannot stall). */
  readonly polymarketUs?: SimPmusServer | null;
  readonly seed: number;
}): { stop(): void } {
  const { faults, espn, kalshi, polymarket, seed } = opts;
  const polymarketUs = opts.polymarketUs ?? null;
  espn.faults.latencyMs = faults.latencyMs ?? 0;
  espn.faults.errorRate = faults.serverErrorRate ?? 0;
  espn.faults.rateLimitRate = faults.rateLimitRate ?? 0;

  const latencyMs = faults.latencyMs ?? 0;
  const venueFaults: { name: string; rate: number; effect: ScenarioEffect; ordersOnly: boolean }[] = [
    {
      name: 'unanswered',
      rate: faults.unansweredOrderRate ?? 0,
      effect: { kind: 'execute_then_hang', answerAfterMs: null },
      ordersOnly: true,
    },
    {
      name: '5xx',
      rate: faults.serverErrorRate ?? 0,
      effect: { kind: 'server_error', status: 503 },
      ordersOnly: false,
    },
    { name: '429', rate: faults.rateLimitRate ?? 0, effect: { kind: 'rate_limit' }, ordersOnly: false },
    // Latency last: every request that draws no other fault is slowed down.
    {
      name: 'latency',
      rate: latencyMs > 0 ? 1 : 0,
      effect: { kind: 'latency', ms: latencyMs },
      ordersOnly: false,
    },
  ];
  for (const f of venueFaults) {
    if (f.rate <= 0) continue;
    const rule = { rate: f.rate, effect: f.effect };
    const kalshiRandom = faultRandom(seed, `kalshi:${f.name}`);
    const polymarketRandom = faultRandom(seed, `polymarket:${f.name}`);
    if (f.ordersOnly) {
      kalshi.scenarios.addRandom({ ...KALSHI_ORDER, ...rule }, kalshiRandom);
      polymarket.scenarios.addRandom({ ...POLYMARKET_ORDER, ...rule }, polymarketRandom);
    } else {
      kalshi.scenarios.addRandom(rule, kalshiRandom);
      polymarket.scenarios.addRandom(rule, polymarketRandom);
    }
    // A stream of its own: switching the venue on leaves the other venues' draws as they were.
    if (polymarketUs)
      polymarketUs.scenarios.addRandom(
        f.ordersOnly ? { ...PMUS_ORDER, ...rule } : rule,
        faultRandom(seed, `polymarket-us:${f.name}`),
      );
  }

  const timers: ReturnType<typeof setInterval>[] = [];
  const every = (ms: number | undefined, task: () => void) => {
    if (ms === undefined || !(ms > 0)) return;
    const timer = setInterval(task, ms);
    timer.unref();
    timers.push(timer);
  };
  every(faults.wsDropEveryMs, () => {
    kalshi.wsFault('drop');
    polymarket.feeds.dropAll();
    polymarketUs?.dropWebSockets();
  });
  every(faults.seqGapEveryMs, () => kalshi.wsFault('seq_gap'));
  const stale = faults.staleBooks;
  const resumes = new Set<ReturnType<typeof setTimeout>>();
  every(stale?.everyMs, () => {
    kalshi.wsFault('stall');
    polymarket.feeds.stall();
    const resume = setTimeout(() => {
      resumes.delete(resume);
      kalshi.wsFault('resume');
      polymarket.feeds.resume();
    }, stale?.forMs ?? 0);
    resume.unref();
    resumes.add(resume);
  });
  return {
    stop: () => {
      for (const t of timers) clearInterval(t);
      for (const t of resumes) clearTimeout(t);
    },
  };
}
