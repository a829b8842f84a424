/**
 * The Polymarket US simulator over HTTP (node:http) and WebSocket: the public market-data paths
 * (the gateway host's) and the signed trading paths (the API host's) on one server, so both
 * base URLs of a client point here, and the SDK's WebSockets (which use the API host's origin)
 * land here too. Signatures are checked as the venue does: Ed25519 over
 * `timestamp + METHOD + pathname`, timestamp within 30 s of the server's clock. Faults from the
 * shared scenario queue: latency, 5xx, 429, execute-then-hang. The admin API is under `/sim/`.
 */

import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PMUS_HEADERS, pmusPublicKeyFromBase64, verifyPmusRequest } from '../../venues/polymarket-us/auth.js';
import { delay, header, type JsonReply, readBody, sendJson } from '../http-json.js';
import { ScenarioQueue } from '../kalshi/scenarios.js';
import { handleAdmin } from './admin.js';
import { SimPmusExchange } from './exchange.js';
import { badRequest, handlePublic, handleTrading, isAuthenticatedPath } from './routes.js';
import { SimPmusFeeds } from './ws.js';

const MAX_BODY_BYTES = 64 * 1024;
/** "Timestamp must be within 30 seconds of server time." */
export const PMUS_TIMESTAMP_WINDOW_MS = 30_000;

export interface SimPmusServerOptions {
  /** Epoch ms: order and trade times. */
  readonly now?: () => number;
  /** Epoch ms of real time, for the signature window; `now` when absent. */
  readonly authNow?: () => number;
  readonly heartbeatMs?: number;
}

export interface SimPmusStats {
  requests: number;
  badRequests: number;
  authFailures: number;
  badFrames: number;
  ordersCreated: number;
  scenariosApplied: number;
}

export class SimPmusServer {
  readonly exchange = new SimPmusExchange();
  readonly scenarios = new ScenarioQueue();
  readonly stats: SimPmusStats = {
    requests: 0,
    badRequests: 0,
    authFailures: 0,
    badFrames: 0,
    ordersCreated: 0,
    scenariosApplied: 0,
  };
  readonly now: () => number;
  private readonly authNow: () => number;
  private readonly keys = new Map<string, { publicKey: KeyObject; accountId: string }>();
  private readonly server: Server;
  private readonly feeds: SimPmusFeeds;
  private readonly hanging = new Set<ServerResponse>();

  constructor(options: SimPmusServerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.authNow = options.authNow ?? this.now;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        sendJson(res, { status: 500, body: { code: 13, message: String(error) } });
      });
    });
    this.feeds = new SimPmusFeeds({
      server: this.server,
      exchange: this.exchange,
      now: this.now,
      heartbeatMs: options.heartbeatMs ?? 5_000,
      authenticate: (req, path) => this.authenticate(req, 'GET', path),
      onBadFrame: () => {
        this.stats.badFrames += 1;
      },
    });
  }

  /** Registers an API key (its raw 32-byte public key, base64) for an account. */
  registerKey(opts: { keyId: string; publicKeyBase64: string; accountId: string }): void {
    this.keys.set(opts.keyId, {
      publicKey: pmusPublicKeyFromBase64(opts.publicKeyBase64),
      accountId: opts.accountId,
    });
  }

  /** The account an API key trades as, or null for a key not registered. */
  accountOfKey(keyId: string): string | null {
    return this.keys.get(keyId)?.accountId ?? null;
  }

  /** Frames sent on the markets channel to connections the account's key opened. */
  marketFramesSentTo(accountId: string): number {
    return this.feeds.sentTo(accountId);
  }

  /** Drops every WebSocket client (a venue restart), so reconnects can be tested. */
  dropWebSockets(): void {
    this.feeds.dropAll();
  }

  get webSocketClients(): number {
    return this.feeds.clientCount;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<{ baseUrl: string; wsUrl: string }> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    const addr = this.server.address() as AddressInfo;
    const baseUrl = `http://${host}:${addr.port}`;
    return { baseUrl, wsUrl: baseUrl.replace(/^http/, 'ws') };
  }

  async close(): Promise<void> {
    this.feeds.close();
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authenticate(req: IncomingMessage, method: string, path: string): string | null {
    const result = verifyPmusRequest({
      headers: {
        key: header(req, PMUS_HEADERS.key),
        timestamp: header(req, PMUS_HEADERS.timestamp),
        signature: header(req, PMUS_HEADERS.signature),
      },
      method,
      path,
      nowMs: this.authNow(),
      toleranceMs: PMUS_TIMESTAMP_WINDOW_MS,
      publicKeyOf: (id) => this.keys.get(id)?.publicKey ?? null,
    });
    if (!result.ok) {
      this.stats.authFailures += 1;
      return null;
    }
    return this.keys.get(result.keyId)?.accountId ?? null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sim');
    const method = req.method ?? 'GET';
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) return this.reply(res, badRequest(`body larger than ${MAX_BODY_BYTES} bytes`));
    let body: unknown = null;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.reply(res, badRequest('body is not JSON'));
      }
    }
    const request = { method, path: url.pathname, query: url.searchParams, body };
    const admin = handleAdmin(
      { exchange: this.exchange, scenarios: this.scenarios, now: this.now },
      method,
      url.pathname,
      body,
    );
    if (admin) return this.reply(res, admin);
    // Scenarios reach public and authenticated paths alike, as the venue's front end would fail.
    const effect = this.scenarios.take(method, url.pathname);
    if (effect) this.stats.scenariosApplied += 1;
    if (effect?.kind === 'latency') await delay(effect.ms);
    if (effect?.kind === 'server_error')
      return this.reply(res, { status: effect.status, body: { code: 14, message: 'service unavailable' } });
    if (effect?.kind === 'rate_limit')
      return this.reply(res, { status: 429, body: { status: 429, message: 'Too Many Requests' } });
    if (!isAuthenticatedPath(url.pathname)) {
      const reply = handlePublic(this.exchange, request, this.now());
      return this.reply(
        res,
        reply ?? { status: 404, body: { code: 5, message: `no route ${method} ${url.pathname}` } },
      );
    }
    const accountId = this.authenticate(req, method, url.pathname);
    if (accountId === null)
      return this.reply(res, {
        status: 401,
        body: { code: 16, message: 'invalid or missing authentication' },
      });
    const reply = handleTrading(this.exchange, accountId, request, this.now());
    if (method === 'POST' && url.pathname === '/v1/orders' && reply.status === 200)
      this.stats.ordersCreated += 1;
    if (effect?.kind === 'execute_then_hang') {
      if (effect.answerAfterMs === null) {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      await delay(effect.answerAfterMs);
    }
    return this.reply(res, reply);
  }

  private reply(res: ServerResponse, reply: JsonReply): void {
    if (reply.status === 400) this.stats.badRequests += 1;
    sendJson(res, reply);
  }
}
