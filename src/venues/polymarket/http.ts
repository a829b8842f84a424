/**
 * HTTP to the Polymarket CLOB: L2-signed requests (HMAC over the exact body text sent), L1 key
 * derivation, token buckets per the published limits (venues.md §3.9) and typed outcomes.
 * Only idempotent GETs are retried, with backoff; a POST or DELETE whose answer is lost is
 * reported as such and never sent again here.
 */
import type { Hex } from 'viem';
import { type HttpTransport, keepAliveTransport } from '../http-transport.js';
import { TokenBucket } from '../token-bucket.js';
import { sendVenueRequest, sendWithRetries, type VenueHttpOutcome } from '../venue-http.js';
import { type ApiCredentials, l1Headers, l2Headers } from './auth.js';

/** One limit: a bucket of `capacity` refilled at `refillPerSecond`. */
export interface RateLimit {
  readonly refillPerSecond: number;
  readonly capacity: number;
}

/**
 * The published limits as buckets. Cloudflare counts sliding windows; a bucket with the burst
 * as capacity and the sustained rate as refill keeps under both (POST /order: 3,500 per 10 s,
 * 36,000 per 10 min = 60/s).
 */
export const POLYMARKET_LIMITS = {
  general: { capacity: 9_000, refillPerSecond: 900 },
  book: { capacity: 1_500, refillPerSecond: 150 },
  postOrder: { capacity: 3_500, refillPerSecond: 60 },
  deleteOrder: { capacity: 3_000, refillPerSecond: 50 },
  apiKey: { capacity: 100, refillPerSecond: 10 },
  /** Gamma `GET /events`. */
  events: { capacity: 500, refillPerSecond: 50 },
} as const satisfies Record<string, RateLimit>;

/** For an instance talking to Gamma: its general limit is 4,000 per 10 s. */
export const GAMMA_LIMITS: PolymarketLimits = {
  ...POLYMARKET_LIMITS,
  general: { capacity: 4_000, refillPerSecond: 400 },
};

export type LimitName = Exclude<keyof typeof POLYMARKET_LIMITS, 'general'>;
export type PolymarketLimits = { readonly [K in keyof typeof POLYMARKET_LIMITS]: RateLimit };

/** The shared outcome (venue-http.ts): a 429 carries `Retry-After`, which Cloudflare sends. */
export type PolymarketHttpOutcome = VenueHttpOutcome;

export interface PolymarketRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** The endpoint path, e.g. `/order`; it is what the HMAC covers (the query is not signed). */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** `l2` signs with the API credentials; `public` sends no auth headers. */
  readonly auth: 'public' | 'l2';
  /** The endpoint's own limit, taken on top of the general one. */
  readonly limit?: LimitName;
}

export interface PolymarketHttpOptions {
  /** e.g. `https://clob.polymarket.com` or the simulator's URL. */
  readonly baseUrl: string;
  /** The signer's address, sent as POLY_ADDRESS. */
  readonly address: string;
  readonly credentials?: ApiCredentials;
  readonly timeoutMs?: number;
  readonly limits?: PolymarketLimits;
  /** Attempts of an idempotent GET, the first included. */
  readonly getAttempts?: number;
  readonly backoffMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** How requests go on the wire; default keep-alive node:http. */
  readonly transport?: HttpTransport;
}

export class PolymarketHttp {
  readonly address: string;
  private credentials: ApiCredentials | undefined;
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly getAttempts: number;
  private readonly backoffMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly buckets: Record<keyof typeof POLYMARKET_LIMITS, TokenBucket>;
  /** Requests answered 429, for the operator. */
  rateLimitedCount = 0;

  private readonly transport: HttpTransport;

  constructor(options: PolymarketHttpOptions) {
    this.transport = options.transport ?? keepAliveTransport();
    this.address = options.address;
    this.credentials = options.credentials;
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.getAttempts = options.getAttempts ?? 3;
    this.backoffMs = options.backoffMs ?? 100;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const limits = options.limits ?? POLYMARKET_LIMITS;
    const bucket = (l: RateLimit) => new TokenBucket({ ...l, now: this.now, sleep: this.sleep });
    this.buckets = {
      general: bucket(limits.general),
      book: bucket(limits.book),
      postOrder: bucket(limits.postOrder),
      deleteOrder: bucket(limits.deleteOrder),
      apiKey: bucket(limits.apiKey),
      events: bucket(limits.events),
    };
  }

  get apiKey(): string | null {
    return this.credentials?.key ?? null;
  }

  setCredentials(credentials: ApiCredentials): void {
    this.credentials = credentials;
  }

  async request(req: PolymarketRequest): Promise<PolymarketHttpOutcome> {
    return sendWithRetries({
      attempts: req.method === 'GET' ? this.getAttempts : 1,
      send: () => this.once(req, {}),
      wait: (outcome, attempt) =>
        this.sleep(
          (outcome.kind === 'rate_limited' ? outcome.retryAfterMs : null) ??
            this.backoffMs * 2 ** (attempt - 1),
        ),
    });
  }

  /**
   * The API credentials of the wallet (L1, EIP-712 ClobAuth): derives the existing key, and
   * creates one when there is none, as the SDK's createOrDeriveApiKey does in the other order.
   * The credentials are kept for the L2 requests that follow.
   */
  async deriveApiKey(opts: {
    readonly privateKey: Hex;
    readonly chainId: number;
    readonly nonce?: number;
  }): Promise<ApiCredentials> {
    const headersNow = async () =>
      ({
        ...(await l1Headers({
          privateKey: opts.privateKey,
          chainId: opts.chainId,
          timestampSeconds: Math.floor(this.now() / 1000),
          nonce: opts.nonce ?? 0,
        })),
      }) as Record<string, string>;
    const read = (o: PolymarketHttpOutcome): ApiCredentials | null => {
      if (o.kind !== 'ok' || !o.body || typeof o.body !== 'object') return null;
      const b = o.body as Record<string, unknown>;
      return typeof b.apiKey === 'string' && typeof b.secret === 'string' && typeof b.passphrase === 'string'
        ? { key: b.apiKey, secret: b.secret, passphrase: b.passphrase }
        : null;
    };
    const derived = await this.once(
      { method: 'GET', path: '/auth/derive-api-key', auth: 'public', limit: 'apiKey' },
      await headersNow(),
    );
    let creds = read(derived);
    let last = derived;
    if (!creds) {
      last = await this.once(
        { method: 'POST', path: '/auth/api-key', auth: 'public', limit: 'apiKey' },
        await headersNow(),
      );
      creds = read(last);
    }
    if (!creds) throw new Error(`could not derive or create a Polymarket API key: ${describeOutcome(last)}`);
    this.credentials = creds;
    return creds;
  }

  private async once(
    req: PolymarketRequest,
    extraHeaders: Record<string, string>,
  ): Promise<PolymarketHttpOutcome> {
    await this.buckets.general.take(1);
    if (req.limit) await this.buckets[req.limit].take(1);
    const url = new URL(`${this.base}${req.path}`);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    // Serialised once: the HMAC covers exactly the text sent.
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (req.auth === 'l2') {
      if (!this.credentials) return { kind: 'network', reason: 'no API credentials: derive them first' };
      Object.assign(
        headers,
        l2Headers({
          address: this.address,
          credentials: this.credentials,
          request: {
            timestampSeconds: Math.floor(this.now() / 1000),
            method: req.method,
            requestPath: req.path,
            body: body ?? null,
          },
        }),
      );
    }
    const outcome = await sendVenueRequest({
      transport: this.transport,
      url,
      method: req.method,
      headers,
      ...(body === undefined ? {} : { body }),
      timeoutMs: this.timeoutMs,
    });
    if (outcome.kind === 'rate_limited') this.rateLimitedCount += 1;
    return outcome;
  }
}

export { retryAfterMs } from '../venue-http.js';

/** The venue's error body `{error}` or `{errorMsg}` as one line, or the status alone. */
export function describePolymarketError(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const msg = b.error ?? b.errorMsg ?? b.message;
    if (typeof msg === 'string' && msg.length > 0) return `${status} ${msg}`;
  }
  if (typeof body === 'string' && body.length > 0) return `${status} ${body.slice(0, 200)}`;
  return `HTTP ${status}`;
}

export function describeOutcome(outcome: PolymarketHttpOutcome): string {
  switch (outcome.kind) {
    case 'ok':
      return `HTTP ${outcome.status}`;
    case 'http_error':
      return describePolymarketError(outcome.status, outcome.body);
    case 'rate_limited':
      return 'rate limited';
    case 'timeout':
      return 'timed out';
    case 'network':
      return outcome.reason;
  }
}
