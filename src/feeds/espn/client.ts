/**
 * HTTP client of ESPN's site API: the scoreboard of a league and the summary of one event, as
 * JSON, or a failure that says what kind it was. Conditional requests: the ETag and
 * Last-Modified of each URL's last answer are sent back, and a 304 comes back as `not-modified`.
 *
 * The base URL is always given by the caller: tests and the default run point it at the
 * simulator on 127.0.0.1; a live run passes ESPN_SITE_API_BASE. Nothing here defaults to ESPN.
 */
import { fetchGet, type HttpAnswer, type HttpGet } from '../http-get.js';
import { ESPN_LEAGUES, type EspnLeague } from './leagues.js';

export type EspnFailureKind = 'http-5xx' | 'http-4xx' | 'rate-limited' | 'timeout' | 'network' | 'bad-json';

export interface EspnFetchFailure {
  readonly kind: EspnFailureKind;
  /** HTTP status, when there was an answer. */
  readonly status?: number;
  /** From a Retry-After header in seconds, when the server sent one. */
  readonly retryAfterMs?: number;
  readonly message: string;
}

export type EspnFetchOutcome =
  | { readonly kind: 'ok'; readonly body: unknown }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'failed'; readonly failure: EspnFetchFailure };

/** What the poller needs from a client (a fake can stand in). */
export interface EspnFeedClient {
  /** The league's scoreboard: ESPN's current day or week, or the US-Eastern day `dates` (YYYYMMDD). */
  scoreboard(league: EspnLeague, opts?: { readonly dates?: string }): Promise<EspnFetchOutcome>;
  summary(league: EspnLeague, espnEventId: string): Promise<EspnFetchOutcome>;
}

export interface EspnHttpClientOptions {
  /** e.g. `http://127.0.0.1:8123/apis/site/v2/sports`, or ESPN_SITE_API_BASE live. */
  readonly baseUrl: string;
  /** Wall-clock limit of one request, ms. */
  readonly timeoutMs?: number;
  /** How to GET: global fetch by default; nodeHttpGet() is cheaper for heavy polling. */
  readonly get?: HttpGet;
  readonly userAgent?: string;
}

interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

export class EspnHttpClient implements EspnFeedClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly httpGet: HttpGet;
  private readonly validators = new Map<string, Validators>();

  constructor(private readonly options: EspnHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.httpGet = options.get ?? fetchGet();
  }

  scoreboardUrl(league: EspnLeague, opts: { readonly dates?: string } = {}): string {
    const dates = opts.dates ? `?dates=${encodeURIComponent(opts.dates)}` : '';
    return `${this.baseUrl}/${ESPN_LEAGUES[league].path}/scoreboard${dates}`;
  }

  summaryUrl(league: EspnLeague, espnEventId: string): string {
    return `${this.baseUrl}/${ESPN_LEAGUES[league].path}/summary?event=${encodeURIComponent(espnEventId)}`;
  }

  scoreboard(league: EspnLeague, opts: { readonly dates?: string } = {}): Promise<EspnFetchOutcome> {
    return this.get(this.scoreboardUrl(league, opts));
  }

  summary(league: EspnLeague, espnEventId: string): Promise<EspnFetchOutcome> {
    return this.get(this.summaryUrl(league, espnEventId));
  }

  private async get(url: string): Promise<EspnFetchOutcome> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    const known = this.validators.get(url);
    if (known?.etag) headers['if-none-match'] = known.etag;
    if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
    let response: HttpAnswer;
    try {
      response = await this.httpGet(url, headers, this.timeoutMs);
    } catch (error) {
      const name = (error as Error)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return failed({
        kind: timedOut ? 'timeout' : 'network',
        message: timedOut ? `no answer within ${this.timeoutMs} ms` : describe(error),
      });
    }
    const { status } = response;
    if (status === 304)
      return known
        ? { kind: 'not-modified' }
        : failed({ kind: 'http-4xx', status, message: 'unexpected 304' });
    if (status === 429) {
      const retryAfterMs = retryAfter(response.header('retry-after'));
      return failed({
        kind: 'rate-limited',
        status,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        message: 'rate limited (429)',
      });
    }
    if (status >= 500) return failed({ kind: 'http-5xx', status, message: `server error ${status}` });
    if (status < 200 || status >= 300) return failed({ kind: 'http-4xx', status, message: `HTTP ${status}` });
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch (error) {
      // A broken body must not be matched against later: forget the validators with it.
      this.validators.delete(url);
      return failed({ kind: 'bad-json', status, message: `malformed JSON: ${describe(error)}` });
    }
    const etag = response.header('etag');
    const lastModified = response.header('last-modified');
    if (etag || lastModified) this.validators.set(url, { etag, lastModified });
    else this.validators.delete(url);
    return { kind: 'ok', body };
  }
}

function failed(failure: EspnFetchFailure): EspnFetchOutcome {
  return { kind: 'failed', failure };
}

function describe(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${e?.message ?? String(error)} (${cause})` : (e?.message ?? String(error));
}

/** Retry-After in seconds (the form ESPN-like APIs use); an HTTP date is not trusted. */
export function retryAfter(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  return Math.round(Number(header) * 1000);
}
