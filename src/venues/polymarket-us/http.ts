/**
 * Signed HTTP to the Polymarket US retail API: public calls to the gateway host, authenticated
 * ones to the API host (polymarket-us.md §1), each through a token bucket at the published
 * 20 requests/s (per key, and per IP for the public host), with a typed outcome. Only GETs are
 * retried: a 429 after at least 1 s, then doubling, as the venue asks; a POST whose answer is
 * lost is reported as such, never sent again here.
 */
import { type HttpTransport, keepAliveTransport } from '../http-transport.js';
import { TokenBucket } from '../token-bucket.js';
import { sendVenueRequest, sendWithRetries, type VenueHttpOutcome } from '../venue-http.js';
import { type PmusSigningKey, pmusAuthHeaders } from './auth.js';
import { describePmusParseError, type PmusParseError } from './errors.js';

/** Published limits (rate-limits.md): 20 req/s per API key, 20 req/s per IP on the public host. */
export interface PmusRateLimits {
  readonly authenticated: { readonly refillPerSecond: number; readonly capacity: number };
  readonly public: { readonly refillPerSecond: number; readonly capacity: number };
}

export const PMUS_RATE_LIMITS: PmusRateLimits = {
  authenticated: { refillPerSecond: 20, capacity: 20 },
  public: { refillPerSecond: 20, capacity: 20 },
};

/** The shared outcome (venue-http.ts). */
export type PmusHttpOutcome = VenueHttpOutcome;

export interface PmusHttpOptions {
  /** Authenticated host, e.g. `https://api.polymarket.us` or the simulator's URL. */
  readonly apiBaseUrl: string;
  /** Public host, e.g. `https://gateway.polymarket.us`; the API host when absent. */
  readonly gatewayBaseUrl?: string;
  /** Signs authenticated requests; null allows public calls only. */
  readonly key: PmusSigningKey | null;
  readonly timeoutMs?: number;
  readonly getAttempts?: number;
  /** First wait before retrying a GET; a 429 waits at least 1 s. */
  readonly backoffMs?: number;
  readonly limits?: PmusRateLimits;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How requests go on the wire; default keep-alive node:http. */
  readonly transport?: HttpTransport;
}

export interface PmusRequest {
  readonly method: 'GET' | 'POST';
  /** e.g. `/v1/orders`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body?: unknown;
  /** Public endpoints go to the gateway host, unsigned. */
  readonly public?: boolean;
}

const RATE_LIMIT_MIN_WAIT_MS = 1_000;

export class PmusHttp {
  private readonly api: URL;
  private readonly gateway: URL;
  private readonly timeoutMs: number;
  private readonly getAttempts: number;
  private readonly backoffMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly authBucket: TokenBucket;
  private readonly publicBucket: TokenBucket;

  private readonly transport: HttpTransport;

  constructor(private readonly options: PmusHttpOptions) {
    this.transport = options.transport ?? keepAliveTransport();
    this.api = new URL(options.apiBaseUrl.replace(/\/+$/, ''));
    this.gateway = new URL((options.gatewayBaseUrl ?? options.apiBaseUrl).replace(/\/+$/, ''));
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.getAttempts = options.getAttempts ?? 3;
    this.backoffMs = options.backoffMs ?? 100;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const limits = options.limits ?? PMUS_RATE_LIMITS;
    this.authBucket = new TokenBucket({ ...limits.authenticated, now: this.now, sleep: this.sleep });
    this.publicBucket = new TokenBucket({ ...limits.public, now: this.now, sleep: this.sleep });
  }

  /** Answers the adapter could not read, counted here since every reader shares this client. */
  readonly unreadable = { count: 0, last: null as string | null };

  /** Counts an unreadable answer and describes it (field and value) for the error it becomes. */
  unreadableAnswer(error: PmusParseError): string {
    const text = describePmusParseError(error);
    this.unreadable.count += 1;
    this.unreadable.last = text;
    return text;
  }

  get signed(): boolean {
    return this.options.key !== null;
  }

  async request(req: PmusRequest): Promise<PmusHttpOutcome> {
    return sendWithRetries({
      attempts: req.method === 'GET' ? this.getAttempts : 1,
      send: () => this.once(req),
      wait: (outcome, attempt) => {
        const backoff = this.backoffMs * 2 ** (attempt - 1);
        return this.sleep(
          outcome.kind === 'rate_limited' ? Math.max(RATE_LIMIT_MIN_WAIT_MS, backoff) : backoff,
        );
      },
    });
  }

  private async once(req: PmusRequest): Promise<PmusHttpOutcome> {
    const base = req.public ? this.gateway : this.api;
    await (req.public ? this.publicBucket : this.authBucket).take(1);
    const url = new URL(`${base.pathname.replace(/\/$/, '')}${req.path}`, base);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v === undefined) continue;
      // Arrays repeat the parameter (`?slugs=a&slugs=b`), as the venue documents.
      for (const item of typeof v === 'string' ? [v] : v) url.searchParams.append(k, item);
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (!req.public) {
      const key = this.options.key;
      if (key === null) return { kind: 'network', reason: `no API key to sign ${req.method} ${req.path}` };
      Object.assign(
        headers,
        pmusAuthHeaders(key, { timestampMs: this.now(), method: req.method, path: url.pathname }),
      );
    }
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

/** The venue's error body (`{message}`, `{error}`, `{code, message}`) as one line. */
export function describePmusError(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const text = [b.code, b.message ?? b.error].filter((x) => typeof x === 'string' || typeof x === 'number');
    if (text.length > 0) return `${status} ${text.join(': ')}`;
  }
  if (typeof body === 'string' && body.length > 0) return `${status} ${body.slice(0, 120)}`;
  return `HTTP ${status}`;
}

export function describePmusOutcome(outcome: PmusHttpOutcome): string {
  switch (outcome.kind) {
    case 'ok':
      return `HTTP ${outcome.status}`;
    case 'http_error':
      return describePmusError(outcome.status, outcome.body);
    case 'rate_limited':
      return 'rate limited (429)';
    case 'timeout':
      return 'timed out';
    case 'network':
      return outcome.reason;
  }
}
