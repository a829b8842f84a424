/**
 * The Polymarket simulator over HTTP (node:http): the CLOB at the root, Gamma under `/gamma`,
 * the admin API under `/sim`, and the market and user WebSocket channels at `/ws/market` and
 * `/ws/user`, each speaking the venue's 2026 shapes so clob-client-v2 and our adapter both run
 * against it.
 *
 * Auth as the venue checks it (venues.md §3.4): L1 (`/auth/api-key`, `/auth/derive-api-key`)
 * recovers the ClobAuth EIP-712 signature to POLY_ADDRESS; L2 recomputes the HMAC over
 * timestamp + METHOD + path + the exact raw body with the key's secret and checks address and
 * passphrase. Both refuse a timestamp outside ±`timestampToleranceMs` (the venue does not
 * document its window; 60 s here).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyL1Headers, verifyL2Signature } from '../../venues/polymarket/auth.js';
import { delay, header, readBody as readBodyUpTo, sendJson as send } from '../http-json.js';
import { ScenarioQueue } from '../kalshi/scenarios.js';
import type { SimulatedMarketMaker } from '../market-maker.js';
import { type GeoblockAnswer, handleAdmin } from './admin.js';
import { ApiKeyRegistry } from './api-keys.js';
import { PolySimExchange } from './exchange.js';
import { PolySimGames } from './games.js';
import { POLYMARKET_RATE_LIMITS, type RateClass, rateClassOf, SlidingWindowLimiter } from './rate-limits.js';
import { handleGamma } from './routes-gamma.js';
import { err, handlePublic, type RouteReply } from './routes-public.js';
import { type Heartbeats, handleTrading, isTradingPath, type TradingAuth } from './routes-trading.js';
import type { SimWallet } from './verify-order.js';
import type { bookSummary } from './wire.js';
import { PolySimFeeds } from './ws.js';

const MAX_BODY_BYTES = 256 * 1024;
/** The default wallet of the scripted maker. */
export const SIM_MAKER_ACCOUNT = '0x00000000000000000000000000000000000a11ce';
/** "If heartbeats are started and one isn't sent within 10s, all orders will be cancelled." */
export const HEARTBEAT_TIMEOUT_MS = 10_000;

export interface PolySimServerOptions {
  /** Epoch ms; the simulator's business clock: order times, expiry, the games' lives. */
  readonly now?: () => number;
  /**
   * Epoch ms of real time, for what the protocol times in real time: signed timestamps, the
   * heartbeat timeout and idle WebSocket clients; `now` when absent. A simulated world whose
   * business clock runs fast gives the wall clock here, so a client signing and pinging on the
   * wall clock is served at any speed.
   */
  readonly authNow?: () => number;
  /** How far a signed timestamp may be from `authNow` (default 60 s). */
  readonly timestampToleranceMs?: number;
  readonly chainId?: 137 | 80002;
  /** `GET /version`: 2 (V2 exchanges, the default) or 3 (ExchangeV3). */
  readonly clobVersion?: 2 | 3;
  /** Seed for the deterministic API credentials. */
  readonly keySeed?: string;
  /** How long a trade stays MATCHED, then MINED, before the next status, ms. */
  readonly confirmAfterMs?: number;
  /**
   * How often the exchange's timers (GTD expiry, heartbeats, confirmations, taker delays) run,
   * ms; 0 for never, when the owner drives `tick()` itself on its own clock (backtests).
   */
  readonly tickIntervalMs?: number;
  /** The scripted maker's wallet. */
  readonly makerAccount?: string;
  /**
   * Only POLY_1271 deposit-wallet orders, as the venue answers new users ("maker address not
   * allowed, please use the deposit wallet flow"); off by default.
   */
  readonly depositWalletsOnly?: boolean;
  /** WebSocket clients that send nothing (not even PING) for this long are dropped, ms. */
  readonly wsIdleTimeoutMs?: number;
  /**
   * Enforce the documented request limits as the venue's Cloudflare does (over-limit requests
   * are answered late; 429 past 10 s of queue): true for the documented numbers, or overrides
   * per class. Off by default.
   */
  readonly rateLimits?: boolean | Partial<Record<RateClass, number>>;
  /**
   * What `GET /api/geoblock` answers at first (venues.md §3.10); `POST /sim/geoblock` changes
   * it. Not blocked, from Ireland, by default.
   */
  readonly geoblock?: Partial<GeoblockAnswer>;
}

export interface PolySimStats {
  requests: number;
  badRequests: number;
  authFailures: number;
  scenariosApplied: number;
  ordersAccepted: number;
  ordersRefused: number;
  heartbeatCancels: number;
  throttled: number;
  throttleRefusals: number;
  /** Gamma objects that could not be written out and were left out of an answer. */
  brokenListings: number;
}

export function hashBookSummary(summary: ReturnType<typeof bookSummary>): ReturnType<typeof bookSummary> {
  const blank = { ...summary, hash: '' };
  return { ...blank, hash: createHash('sha1').update(JSON.stringify(blank)).digest('hex') };
}

export class PolySimServer {
  readonly exchange = new PolySimExchange();
  /** The game markets through their life: listing, start, end, resolution. */
  readonly games = new PolySimGames(this.exchange);
  readonly geoblock: GeoblockAnswer;
  readonly scenarios = new ScenarioQueue();
  readonly wallets = new Map<string, SimWallet>();
  readonly keys: ApiKeyRegistry;
  readonly heartbeats: Heartbeats = { byKey: new Map(), seq: 0 };
  readonly stats: PolySimStats = {
    requests: 0,
    badRequests: 0,
    authFailures: 0,
    scenariosApplied: 0,
    ordersAccepted: 0,
    ordersRefused: 0,
    heartbeatCancels: 0,
    throttled: 0,
    throttleRefusals: 0,
    brokenListings: 0,
  };
  readonly feeds: PolySimFeeds;
  /** The scripted maker's wallet (funded by the fixtures) and its belief models per market. */
  readonly makerAccount: string;
  private readonly makers = new Map<string, SimulatedMarketMaker>();
  readonly chainId: 137 | 80002;
  readonly now: () => number;
  private readonly authNow: () => number;
  private readonly toleranceMs: number;
  private readonly clobVersion: 2 | 3;
  private readonly confirmAfterMs: number;
  private readonly server: Server;
  private readonly held = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | null = null;
  private readonly tickIntervalMs: number;
  private readonly depositWalletsOnly: boolean;
  private readonly limiter: SlidingWindowLimiter | null;

  constructor(options: PolySimServerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.authNow = options.authNow ?? this.now;
    this.toleranceMs = options.timestampToleranceMs ?? 60_000;
    this.chainId = options.chainId ?? 137;
    this.clobVersion = options.clobVersion ?? 2;
    this.confirmAfterMs = options.confirmAfterMs ?? 1_000;
    this.tickIntervalMs = options.tickIntervalMs ?? 250;
    this.depositWalletsOnly = options.depositWalletsOnly ?? false;
    this.geoblock = { blocked: false, country: 'IE', region: 'D', ...options.geoblock };
    const limits = options.rateLimits;
    this.limiter = limits
      ? new SlidingWindowLimiter({ ...POLYMARKET_RATE_LIMITS, ...(limits === true ? {} : limits) })
      : null;
    this.keys = new ApiKeyRegistry(options.keySeed ?? 'arbees-polymarket-sim');
    this.makerAccount = (options.makerAccount ?? SIM_MAKER_ACCOUNT).toLowerCase();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in a handler answers 500 and is counted; the simulator keeps serving.
        this.stats.badRequests += 1;
        const why = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) send(res, err(500, `internal error: ${why}`));
      });
    });
    this.feeds = new PolySimFeeds({
      server: this.server,
      exchange: this.exchange,
      keys: this.keys,
      now: this.now,
      idleNow: this.authNow,
      hashBook: hashBookSummary,
      idleTimeoutMs: options.wsIdleTimeoutMs ?? 60_000,
    });
  }

  async listen(
    port = 0,
    host = '127.0.0.1',
  ): Promise<{ port: number; baseUrl: string; gammaUrl: string; wsUrl: string }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    if (this.tickIntervalMs > 0) {
      this.timer = setInterval(() => this.tick(), this.tickIntervalMs);
      this.timer.unref();
    }
    const baseUrl = `http://${host}:${address.port}`;
    return {
      port: address.port,
      baseUrl,
      gammaUrl: `${baseUrl}/gamma`,
      wsUrl: `ws://${host}:${address.port}/ws`,
    };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.feeds.close();
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Runs the timers: games listed and started on time, GTD expiry, trade confirmation,
   * heartbeat cancels, idle WebSockets.
   */
  tick(): void {
    this.tickMarkets();
    this.tickConnections();
  }

  /**
   * The business timers, on `now`: games listed and started on time, GTD expiry, delayed
   * orders, trade confirmation. An owner driving its own clock (a replay) calls this on it.
   */
  tickMarkets(): void {
    const now = this.now();
    this.games.tick(now);
    this.exchange.tick(now, this.confirmAfterMs);
  }

  /** The connection timers, on `authNow`: heartbeat cancels and idle WebSocket clients. */
  tickConnections(): void {
    const now = this.authNow();
    for (const [key, hb] of this.heartbeats.byKey) {
      if (now - hb.lastMs <= HEARTBEAT_TIMEOUT_MS) continue;
      this.heartbeats.byKey.delete(key);
      for (const o of [...this.exchange.orders.values()])
        if (o.owner === key && (o.status === 'LIVE' || o.status === 'DELAYED')) {
          this.exchange.cancel(o.orderId, o.accountId, this.now());
          this.stats.heartbeatCancels += 1;
        }
    }
    this.feeds.dropIdle(now);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const rawBody = await readBodyUpTo(req, MAX_BODY_BYTES);
    if (rawBody === null) return this.reply(res, err(413, 'request body too large'));
    let body: unknown = null;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return this.reply(res, err(400, 'Invalid payload: the body is not valid JSON'));
      }
    }
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const nowMs = this.now();
    if (path.startsWith('/sim/')) {
      return this.reply(res, handleAdmin({ target: this.adminTarget(), method, path, body, nowMs }));
    }
    const publicCtx = {
      exchange: this.exchange,
      method,
      path,
      query: url.searchParams,
      body,
      nowMs,
      serverTimeMs: this.authNow(),
      clobVersion: this.clobVersion,
      hashBook: hashBookSummary,
    };
    const effect = this.scenarios.take(method, path);
    if (effect) this.stats.scenariosApplied += 1;
    if (effect?.kind === 'latency') await delay(effect.ms);
    if (effect?.kind === 'server_error') return send(res, err(effect.status, 'simulated failure'));
    if (effect?.kind === 'rate_limit') return send(res, err(429, 'Too Many Requests'));
    const admission = this.limiter?.admit(rateClassOf(method, path), this.now());
    if (admission?.kind === 'refused') {
      this.stats.throttleRefusals += 1;
      return send(res, err(429, 'Too Many Requests'));
    }
    if (admission?.kind === 'queued') {
      this.stats.throttled += 1;
      await delay(admission.delayMs);
    }

    if (path === '/gamma' || path.startsWith('/gamma/')) {
      return this.reply(
        res,
        handleGamma({
          exchange: this.exchange,
          teams: () => this.games.teams(),
          method,
          path: path.slice('/gamma'.length) || '/',
          query: url.searchParams,
          onBroken: () => {
            this.stats.brokenListings += 1;
          },
        }),
      );
    }
    if (method === 'GET' && path === '/api/geoblock') {
      // polymarket.com's check, served here on the same port (the venue serves it on its web host).
      const ip = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const { blocked, country, region } = this.geoblock;
      return this.reply(res, { status: 200, body: { blocked, ip, country, region } });
    }

    let reply: RouteReply;
    if (path === '/auth/api-key' || path === '/auth/derive-api-key') {
      reply = await this.l1(req, method, path);
    } else if (isTradingPath(path)) {
      const auth = this.l2(req, method, path, rawBody);
      if ('status' in auth) reply = auth;
      else {
        reply = await handleTrading({
          ...publicCtx,
          auth,
          chainId: this.chainId,
          wallets: this.wallets,
          heartbeats: this.heartbeats,
          heartbeatNowMs: this.authNow(),
          depositWalletsOnly: this.depositWalletsOnly,
        });
        if (method === 'POST' && path === '/order') {
          if (reply.status === 200) this.stats.ordersAccepted += 1;
          else this.stats.ordersRefused += 1;
        }
      }
    } else {
      reply = handlePublic(publicCtx) ?? err(404, 'no such path');
    }

    if (effect?.kind === 'execute_then_hang') {
      // The request is applied; the answer is late or never comes.
      this.held.add(res);
      if (effect.answerAfterMs !== null) {
        await delay(effect.answerAfterMs);
        this.held.delete(res);
        if (!res.destroyed) send(res, reply);
      }
      return;
    }
    this.reply(res, reply);
  }

  private adminTarget() {
    return {
      exchange: this.exchange,
      games: this.games,
      geoblock: this.geoblock,
      wallets: this.wallets,
      scenarios: this.scenarios,
      stats: this.stats,
      makerAccount: this.makerAccount,
      makers: this.makers,
      dropWebSockets: () => this.feeds.dropAll(),
    };
  }

  private timestampFresh(text: string | null): boolean {
    if (!text || !/^\d{1,12}$/.test(text)) return false;
    return Math.abs(this.authNow() - Number(text) * 1000) <= this.toleranceMs;
  }

  private async l1(req: IncomingMessage, method: string, path: string): Promise<RouteReply> {
    const expected = path === '/auth/api-key' ? 'POST' : 'GET';
    if (method !== expected) return err(405, `${path} takes ${expected}`);
    const headers = {
      POLY_ADDRESS: header(req, 'poly_address') ?? undefined,
      POLY_SIGNATURE: header(req, 'poly_signature') ?? undefined,
      POLY_TIMESTAMP: header(req, 'poly_timestamp') ?? undefined,
      POLY_NONCE: header(req, 'poly_nonce') ?? '0',
    };
    const signer = this.timestampFresh(headers.POLY_TIMESTAMP ?? null)
      ? await verifyL1Headers({ headers, chainId: this.chainId })
      : null;
    if (!signer) {
      this.stats.authFailures += 1;
      return err(401, 'Invalid L1 Request headers');
    }
    const record =
      path === '/auth/api-key'
        ? this.keys.create(signer, headers.POLY_NONCE)
        : this.keys.derive(signer, headers.POLY_NONCE);
    if (!record) return err(400, 'Could not create api key');
    return {
      status: 200,
      body: { apiKey: record.key, secret: record.secret, passphrase: record.passphrase },
    };
  }

  private l2(req: IncomingMessage, method: string, path: string, rawBody: string): TradingAuth | RouteReply {
    const fail = (): RouteReply => {
      this.stats.authFailures += 1;
      return err(401, 'Unauthorized/Invalid api key');
    };
    const key = header(req, 'poly_api_key');
    const address = header(req, 'poly_address');
    const signature = header(req, 'poly_signature');
    const timestamp = header(req, 'poly_timestamp');
    const passphrase = header(req, 'poly_passphrase');
    if (!key || !address || !signature || !timestamp || !passphrase) return fail();
    const record = this.keys.lookup(key);
    if (!record || record.passphrase !== passphrase || record.address !== address.toLowerCase())
      return fail();
    if (!this.timestampFresh(timestamp)) return fail();
    const valid = verifyL2Signature({
      secret: record.secret,
      request: { timestampSeconds: Number(timestamp), method, requestPath: path, body: rawBody },
      signature,
    });
    return valid ? { apiKey: record.key, address: record.address } : fail();
  }

  private reply(res: ServerResponse, reply: RouteReply): void {
    if (reply.status >= 400 && reply.status < 500 && reply.status !== 401) this.stats.badRequests += 1;
    send(res, reply);
  }
}
