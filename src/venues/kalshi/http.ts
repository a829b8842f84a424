/**
 * Signed HTTP to the Kalshi REST API: one request, a timeout, a token bucket per Read/Write
 * budget (venues.md §2.8), and a typed outcome. Only idempotent GETs are retried, with
 * backoff; a POST or DELETE whose answer is lost is reported as such, never sent again here.
 */

import { type HttpTransport, keepAliveTransport } from '../http-transport.js';
import { TokenBucket } from '../token-bucket.js';
import { sendVenueRequest, sendWithRetries, type VenueHttpOutcome } from '../venue-http.js';
import { type KalshiSigningKey, kalshiAuthHeaders } from './auth.js';

export { TokenBucket, type TokenBucketOptions } from '../token-bucket.js';

/** Published costs in tokens (venues.md §2.8); everything else costs the default 10. */
export const KALSHI_COSTS = {
  createOrderV2: 10,
  cancelOrderV2: 2,
  getOrder: 2,
  default: 10,
} as const;

/** Token rates of an access tier: tokens per second and bucket capacity, for reads and writes. */
export interface KalshiRateTier {
  readonly read: { readonly refillPerSecond: number; readonly capacity: number };
  readonly write: { readonly refillPerSecond: number; readonly capacity: number };
}

/** Basic tier: Read 200 tokens/s with 2 s of capacity, Write 100 tokens/s with 1 s. */
export const KALSHI_BASIC_TIER = {
  read: { refillPerSecond: 200, capacity: 400 },
  write: { refillPerSecond: 100, capacity: 100 },
} as const;

/** The shared outcome (venue-http.ts). */
export type KalshiHttpOutcome = VenueHttpOutcome;

export interface KalshiHttpOptions {
  /** e.g. `https://external-api.kalshi.com/trade-api/v2` or the simulator's URL. */
  readonly baseUrl: string;
  /** Signs every request; null sends them unsigned (public market data and discovery only). */
  readonly key: KalshiSigningKey | null;
  readonly timeoutMs?: number;
  readonly tier?: KalshiRateTier;
  /** Attempts of an idempotent GET, the first included. */
  readonly getAttempts?: number;
  readonly backoffMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How requests go on the wire; default keep-alive node:http. */
  readonly transport?: HttpTransport;
}

export interface KalshiRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Below the base URL, e.g. `/portfolio/orders`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly cost?: number;
}

export class KalshiHttp {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly getAttempts: number;
  private readonly backoffMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly read: TokenBucket;
  private readonly write: TokenBucket;

  private readonly transport: HttpTransport;

  constructor(private readonly options: KalshiHttpOptions) {
    this.transport = options.transport ?? keepAliveTransport();
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.getAttempts = options.getAttempts ?? 3;
    this.backoffMs = options.backoffMs ?? 100;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const tier = options.tier ?? KALSHI_BASIC_TIER;
    this.read = new TokenBucket({ ...tier.read, now: this.now, sleep: this.sleep });
    this.write = new TokenBucket({ ...tier.write, now: this.now, sleep: this.sleep });
  }

  async request(req: KalshiRequest): Promise<KalshiHttpOutcome> {
    return sendWithRetries({
      attempts: req.method === 'GET' ? this.getAttempts : 1,
      send: () => this.once(req),
      wait: (_outcome, attempt) => this.sleep(this.backoffMs * 2 ** (attempt - 1)),
    });
  }

  private async once(req: KalshiRequest): Promise<KalshiHttpOutcome> {
    await (req.method === 'GET' ? this.read : this.write).take(req.cost ?? KALSHI_COSTS.default);
    const url = new URL(`${this.base.pathname}${req.path}`, this.base);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    // Signed over the full path from the API root, without the query (venues.md §2.2).
    const key = this.options.key;
    const headers: Record<string, string> = {
      ...(key
        ? kalshiAuthHeaders(key, { timestampMs: this.now(), method: req.method, path: url.pathname })
        : {}),
      accept: 'application/json',
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    return sendVenueRequest({
      transport: this.transport,
      url,
      method: req.method,
      headers,
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      timeoutMs: this.timeoutMs,
    });
  }
}

/** Kalshi's error body `{code, message, …}` as one line, or the status alone. */
export function describeKalshiError(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.code === 'string' || typeof b.message === 'string')
      return `${status} ${String(b.code ?? '')}: ${String(b.message ?? '')}`.trim();
    if (typeof b.error === 'string') return `${status} ${b.error}`;
  }
  return `HTTP ${status}`;
}
