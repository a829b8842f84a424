/**
 * A simulator on an ephemeral port with one market, a seeded maker and a funded trader whose
 * RSA key is registered: the fixture the proof tests share.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { KALSHI_SPORTS_FEES } from '../../core/fees.js';
import type { Centis, Micros } from '../../core/money.js';
import { placeMakerQuotes } from './maker.js';
import { KalshiSimServer } from './server.js';

export const SIM_TICKER = 'KXNFLGAME-26SEP21NYGLAR-LAR';

export interface SimFixture {
  readonly sim: KalshiSimServer;
  readonly baseUrl: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly privateKeyPem: string;
  readonly traderId: string;
  close(): Promise<void>;
}

export async function startSimFixture(
  opts: { traderBalance?: Micros; seedMaker?: boolean; heartbeatMs?: number } = {},
): Promise<SimFixture> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sim = new KalshiSimServer(opts.heartbeatMs === undefined ? {} : { heartbeatMs: opts.heartbeatMs });
  const keyId = '6f1c2a9e-0000-4000-8000-000000000001';
  const traderId = 'trader';
  sim.exchange.addMarket({
    ticker: SIM_TICKER,
    eventTicker: 'KXNFLGAME-26SEP21NYGLAR',
    seriesTicker: 'KXNFLGAME',
    closeTimeMs: Date.UTC(2026, 8, 22),
    fees: KALSHI_SPORTS_FEES,
  });
  sim.exchange.deposit(traderId, opts.traderBalance ?? (1_000_000_000 as Micros));
  sim.registerKey({
    keyId,
    accountId: traderId,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  sim.exchange.deposit('maker', 100_000_000_000 as Micros);
  const refusals =
    (opts.seedMaker ?? true)
      ? placeMakerQuotes(
          sim.exchange,
          {
            accountId: 'maker',
            ticker: SIM_TICKER,
            bids: [
              [400_000 as Micros, 1_000 as Centis],
              [420_000 as Micros, 500 as Centis],
            ],
            asks: [
              [450_000 as Micros, 500 as Centis],
              [470_000 as Micros, 1_000 as Centis],
            ],
          },
          Date.now(),
        )
      : [];
  if (refusals.length > 0) throw new Error(`maker quotes refused: ${JSON.stringify(refusals)}`);
  const { baseUrl } = await sim.listen(0);
  return {
    sim,
    baseUrl,
    keyId,
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    traderId,
    close: () => sim.close(),
  };
}

/** A simulator whose clock the test sets, with no markets, a registered trader and an admin caller. */
export interface ClockedSimFixture {
  readonly sim: KalshiSimServer;
  readonly baseUrl: string;
  /** The admin API's origin (`/sim/*` is beside `/trade-api/v2`). */
  readonly origin: string;
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly privateKeyPem: string;
  setNow(ms: number): void;
  /** POSTs to the admin API; `body` is sent as given when a string, else as JSON. */
  admin(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startClockedSimFixture(startMs: number): Promise<ClockedSimFixture> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let now = startMs;
  // Clients sign with the wall clock; the simulated day may be months away from it.
  const sim = new KalshiSimServer({ now: () => now, timestampToleranceMs: 10 * 365 * 24 * 3_600_000 });
  const keyId = '6f1c2a9e-0000-4000-8000-000000000002';
  sim.exchange.deposit('trader', 1_000_000_000 as Micros);
  sim.registerKey({
    keyId,
    accountId: 'trader',
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  const { baseUrl } = await sim.listen(0);
  const origin = new URL(baseUrl).origin;
  return {
    sim,
    baseUrl,
    origin,
    keyId,
    privateKey,
    privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    setNow: (ms) => {
      now = ms;
    },
    async admin(path, body) {
      const res = await fetch(`${origin}${path}`, {
        method: 'POST',
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    close: () => sim.close(),
  };
}
