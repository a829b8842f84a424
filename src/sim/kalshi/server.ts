/**
 * The Kalshi simulator over HTTP (node:http), under `/trade-api/v2`, speaking Kalshi's 2026
 * wire formats so the official client and ours both run against it. `/sim/*` is the admin API
 * (accounts, markets, quotes, settlement, scenarios), unauthenticated, for tests and the CLI.
 *
 * Auth as Kalshi checks it (venues.md §2.2): KALSHI-ACCESS-KEY names a registered public key,
 * the RSA-PSS signature covers timestamp + METHOD + path without the query, and the timestamp
 * must be within ±`timestampToleranceMs` of the server's auth clock (`authNow`, else `now`).
 * Kalshi does not document its window; the default here is 30 s. Market data is public;
 * `/portfolio/*` needs a signature.
 */

import { createPublicKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KALSHI_WS_PATH, verifyKalshiSignature } from '../../venues/kalshi/auth.js';
import { delay, header, readBody as readBodyUpTo, sendJson as send } from '../http-json.js';
import { handleAdmin } from './admin.js';
import { KalshiSimExchange } from './exchange.js';
import { KALSHI_SIM_API_ROOT, notFound } from './route-helpers.js';
import { handleTradeApi, type RouteReply } from './routes.js';
import { ScenarioQueue } from './scenarios.js';
import { errorJson } from './wire.js';
import { KalshiSimFeed } from './ws-feed.js';
import { KalshiSimWsEndpoint } from './ws-server.js';

export { KALSHI_SIM_API_ROOT } from './route-helpers.js';

const MAX_BODY_BYTES = 64 * 1024;

export interface KalshiSimServerOptions {
  /** Epoch ms; the simulator's business clock: order times, expiry, the market lifecycle. */
  readonly now?: () => number;
  /**
   * Epoch ms that signed timestamps are checked against; `now` when absent. A simulated world
   * whose business clock runs fast gives the wall clock here: authentication is about real
   * time, so a client signing with the wall clock is accepted at any speed.
   */
  readonly authNow?: () => number;
  /** How far a signed timestamp may be from `authNow` (default 30 s). */
  readonly timestampToleranceMs?: number;
  /** How often the WebSocket pings (Kalshi: 10 s). */
  readonly heartbeatMs?: number;
  /**
   * How often the lifecycle's timed transitions (open at open_time, close at close_time,
   * finalize after the settlement timer) are made without a request asking; off when absent.
   * Every request makes them first anyway, so answers always reflect the clock.
   */
  readonly lifecycleTickMs?: number;
  /**
   * Told of each HTTP request as it arrives, before its body is read or anything is done with
   * it: a benchmark stamps an order request's arrival on the wire here.
   */
  readonly onRequest?: (request: { readonly method: string; readonly path: string }) => void;
}

/** WebSocket faults: cut every connection, skip a book seq, go silent, or speak again. */
export type KalshiSimWsFault = 'drop' | 'seq_gap' | 'stall' | 'resume';

export interface KalshiSimStats {
  requests: number;
  badRequests: number;
  authFailures: number;
  scenariosApplied: number;
}

export class KalshiSimServer {
  readonly exchange = new KalshiSimExchange();
  readonly scenarios = new ScenarioQueue();
  readonly stats: KalshiSimStats = { requests: 0, badRequests: 0, authFailures: 0, scenariosApplied: 0 };
  /** Key id to its account and public key PEM. */
  /** Registered keys; the PEM is read into a key object once, at its first use (not per request). */
  private readonly keys = new Map<
    string,
    { accountId: string; publicKeyPem: string; publicKey?: KeyObject }
  >();
  private readonly now: () => number;
  private readonly authNow: () => number;
  private readonly toleranceMs: number;
  private readonly server: Server;
  private readonly held = new Set<ServerResponse>();
  private readonly lifecycleTimer: NodeJS.Timeout | null;
  private readonly onRequest: KalshiSimServerOptions['onRequest'];
  /** The WebSocket protocol over this exchange, and its endpoint on the same HTTP server. */
  readonly feed: KalshiSimFeed;
  readonly ws: KalshiSimWsEndpoint;

  constructor(options: KalshiSimServerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.authNow = options.authNow ?? this.now;
    this.toleranceMs = options.timestampToleranceMs ?? 30_000;
    this.onRequest = options.onRequest;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in a handler answers 500 and is counted; the simulator keeps serving.
        this.stats.badRequests += 1;
        const why = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) send(res, { status: 500, body: errorJson('internal_error', why) });
      });
    });
    this.feed = new KalshiSimFeed(this.exchange, this.now);
    this.ws = new KalshiSimWsEndpoint(this.server, {
      feed: this.feed,
      heartbeatMs: options.heartbeatMs ?? 10_000,
      authenticate: (req) => this.authenticate(req, 'GET', KALSHI_WS_PATH),
      onAuthFailure: () => {
        this.stats.authFailures += 1;
      },
    });
    this.lifecycleTimer =
      options.lifecycleTickMs === undefined
        ? null
        : setInterval(() => this.advanceLifecycle(), options.lifecycleTickMs);
    this.lifecycleTimer?.unref();
  }

  /** Makes the lifecycle transitions due by the server's clock now (the scheduler's tick). */
  advanceLifecycle(): void {
    this.exchange.lifecycle.advance(this.now());
  }

  /** Applies a WebSocket fault (also `POST /sim/ws {"fault": …}`). */
  wsFault(fault: KalshiSimWsFault): void {
    if (fault === 'drop') this.ws.dropAll();
    else if (fault === 'seq_gap') this.feed.skipSeq();
    else if (fault === 'stall') this.feed.stall();
    else this.feed.resume();
  }

  registerKey(opts: { keyId: string; accountId: string; publicKeyPem: string }): void {
    this.keys.set(opts.keyId, { accountId: opts.accountId, publicKeyPem: opts.publicKeyPem });
  }

  /** The account a registered API key trades as. */
  accountOfKey(keyId: string): string | undefined {
    return this.keys.get(keyId)?.accountId;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<{ port: number; baseUrl: string }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    return { port: address.port, baseUrl: `http://${host}:${address.port}${KALSHI_SIM_API_ROOT}` };
  }

  async close(): Promise<void> {
    if (this.lifecycleTimer) clearInterval(this.lifecycleTimer);
    this.ws.close();
    this.feed.dispose();
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    this.onRequest?.({ method, path: url.pathname });
    this.advanceLifecycle();
    const bodyText = await readBodyUpTo(req, MAX_BODY_BYTES);
    if (bodyText === null) return this.bad(res, 413, 'request body too large');
    let body: unknown = null;
    if (bodyText.length > 0) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        return this.bad(res, 400, 'request body is not valid JSON');
      }
    }
    if (url.pathname === '/sim/ws' && method === 'POST') {
      const fault = (body as { fault?: unknown } | null)?.fault;
      if (fault !== 'drop' && fault !== 'seq_gap' && fault !== 'stall' && fault !== 'resume')
        return this.bad(res, 400, 'fault must be one of drop, seq_gap, stall, resume');
      this.wsFault(fault);
      return send(res, { status: 200, body: { fault } });
    }
    if (url.pathname.startsWith('/sim/')) {
      return this.reply(
        res,
        handleAdmin({ server: this, method, path: url.pathname, body, now: this.now() }),
      );
    }
    if (!url.pathname.startsWith(`${KALSHI_SIM_API_ROOT}/`))
      return this.reply(res, notFound(method, url.pathname));
    const apiPath = url.pathname.slice(KALSHI_SIM_API_ROOT.length);

    let accountId: string | null = null;
    if (apiPath.startsWith('/portfolio/')) {
      const auth = this.authenticate(req, method, url.pathname);
      if (!auth.ok) {
        this.stats.authFailures += 1;
        return send(res, { status: 401, body: errorJson('authentication_error', auth.message) });
      }
      accountId = auth.accountId;
    }

    const effect = this.scenarios.take(method, apiPath);
    if (effect) this.stats.scenariosApplied += 1;
    if (effect?.kind === 'latency') await delay(effect.ms);
    if (effect?.kind === 'server_error')
      return send(res, {
        status: effect.status,
        body: errorJson('internal_server_error', 'simulated failure'),
      });
    if (effect?.kind === 'rate_limit')
      return send(res, { status: 429, body: { error: 'too many requests' } });

    const reply = handleTradeApi({
      exchange: this.exchange,
      method,
      path: apiPath,
      query: url.searchParams,
      body,
      accountId,
      now: this.now(),
    });
    if (reply.status === 400 && reply.counted) this.stats.badRequests += 1;
    if (effect?.kind === 'execute_then_hang') {
      // The order is applied; the answer is late or never comes.
      this.held.add(res);
      if (effect.answerAfterMs !== null) {
        await delay(effect.answerAfterMs);
        this.held.delete(res);
        if (!res.destroyed) send(res, reply);
      }
      return;
    }
    send(res, reply);
  }

  private authenticate(
    req: IncomingMessage,
    method: string,
    path: string,
  ): { ok: true; accountId: string } | { ok: false; message: string } {
    const keyId = header(req, 'kalshi-access-key');
    const timestamp = header(req, 'kalshi-access-timestamp');
    const signature = header(req, 'kalshi-access-signature');
    if (!keyId || !timestamp || !signature) return { ok: false, message: 'missing authentication headers' };
    const key = this.keys.get(keyId);
    if (!key) return { ok: false, message: 'unknown API key' };
    const timestampMs = /^\d{1,16}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!Number.isSafeInteger(timestampMs))
      return { ok: false, message: 'timestamp is not epoch milliseconds' };
    if (Math.abs(this.authNow() - timestampMs) > this.toleranceMs)
      return { ok: false, message: 'timestamp outside the accepted window' };
    if (!key.publicKey) {
      try {
        key.publicKey = createPublicKey(key.publicKeyPem);
      } catch {
        return { ok: false, message: 'the registered public key cannot be read' };
      }
    }
    const valid = verifyKalshiSignature({
      timestampMs,
      method,
      path,
      publicKey: key.publicKey,
      signature,
    });
    return valid ? { ok: true, accountId: key.accountId } : { ok: false, message: 'invalid signature' };
  }

  private bad(res: ServerResponse, status: number, message: string): void {
    this.stats.badRequests += 1;
    send(res, { status, body: errorJson('bad_request', message) });
  }

  private reply(res: ServerResponse, reply: RouteReply): void {
    if (reply.status >= 400 && reply.status < 500 && reply.counted) this.stats.badRequests += 1;
    send(res, reply);
  }
}
