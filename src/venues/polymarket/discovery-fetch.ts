/**
 * What market discovery asks Polymarket: Gamma's open game events (`GET /events?tag_id=100639
 * &active=true&closed=false`, offset pages), kept as raw JSON when their slug starts with one of
 * the leagues' prefixes, so one malformed event is reported on its own; and the CLOB's taker
 * delay of each market it maps. An endpoint that does not answer is a
 * failure the caller counts and retries later; nothing here throws for it.
 */
import { GAMES_TAG_ID } from './discovery.js';
import { describePolymarketParseError } from './errors.js';
import { describeOutcome, type PolymarketHttp } from './http.js';
import { parseClobMarket } from './parse-market.js';

export type GammaFetch<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: 'endpoint' | 'unreadable'; readonly problem: string };

export async function fetchGammaGameEvents(opts: {
  readonly http: PolymarketHttp;
  /** Slug prefixes of the leagues wanted (`nfl`, `epl`…). */
  readonly prefixes: readonly string[];
  readonly pageSize?: number;
  readonly maxPages?: number;
}): Promise<GammaFetch<readonly unknown[]>> {
  const pageSize = opts.pageSize ?? 100;
  const events: unknown[] = [];
  for (let page = 0; page < (opts.maxPages ?? 20); page++) {
    const outcome = await opts.http.request({
      method: 'GET',
      path: '/events',
      query: {
        tag_id: GAMES_TAG_ID,
        active: 'true',
        closed: 'false',
        limit: String(pageSize),
        offset: String(page * pageSize),
      },
      auth: 'public',
      limit: 'events',
    });
    if (outcome.kind !== 'ok')
      return { ok: false, failure: 'endpoint', problem: `GET /events failed: ${describeOutcome(outcome)}` };
    if (!Array.isArray(outcome.body))
      return { ok: false, failure: 'unreadable', problem: 'GET /events: not an array' };
    for (const raw of outcome.body) {
      const slug = (raw as { slug?: unknown } | null)?.slug;
      // An event without a readable slug is kept: the listing reader reports it as malformed.
      if (typeof slug !== 'string' || opts.prefixes.some((p) => slug.startsWith(`${p}-`))) events.push(raw);
    }
    if (outcome.body.length < pageSize) return { ok: true, value: events };
  }
  return { ok: false, failure: 'unreadable', problem: `GET /events: more than ${opts.maxPages ?? 20} pages` };
}

/** A market's live-sports taker delay, as the CLOB states it. */
export interface ClobTakerDelay {
  /** How long an order that would cross waits before it matches, ms (0: no delay). */
  readonly delayMs: number;
  /** The CLOB's `itode` now: false before kick-off, when the delay is still to come. */
  readonly enabledNow: boolean;
}

/**
 * A market's taker delay from `GET /clob-markets/{condition_id}` (`sd` seconds, `itode`; venues.md
 * §3.3). The delay applies while the game is live, which is when we trade, so `sd` is taken
 * whether or not `itode` is on yet: Polymarket (and its simulator) turn `itode` on at kick-off,
 * and discovery reads the market days before. Taking `sd` before `itode` may overstate a delay
 * that never comes (an order would wait when it need not), never understate one. `itode` on with
 * no `sd` is a delay of unknown length: unreadable. So is an answer for another market.
 */
export async function fetchClobTakerDelay(opts: {
  readonly http: PolymarketHttp;
  readonly conditionId: string;
  /** Tokens the caller trades in it: the answer must list them. */
  readonly tokenIds: readonly string[];
}): Promise<GammaFetch<ClobTakerDelay>> {
  const what = `GET /clob-markets/${opts.conditionId}`;
  const outcome = await opts.http.request({
    method: 'GET',
    path: `/clob-markets/${encodeURIComponent(opts.conditionId)}`,
    auth: 'public',
  });
  if (outcome.kind === 'http_error' && outcome.status === 404)
    return { ok: false, failure: 'unreadable', problem: `${what}: the CLOB does not know the market` };
  if (outcome.kind !== 'ok')
    return { ok: false, failure: 'endpoint', problem: `${what} failed: ${describeOutcome(outcome)}` };
  const parsed = parseClobMarket(outcome.body);
  if (!parsed.ok)
    return {
      ok: false,
      failure: 'unreadable',
      problem: `${what}: ${describePolymarketParseError(parsed.error)}`,
    };
  const m = parsed.value;
  if (m.conditionId !== null && m.conditionId.toLowerCase() !== opts.conditionId.toLowerCase())
    return {
      ok: false,
      failure: 'unreadable',
      problem: `${what}: the answer is for market ${m.conditionId}`,
    };
  const missing = opts.tokenIds.filter((t) => !m.tokenIds.includes(t));
  if (m.tokenIds.length > 0 && missing.length > 0)
    return {
      ok: false,
      failure: 'unreadable',
      problem: `${what}: token ${missing[0]} is not among the market's`,
    };
  if (m.takerOrderDelayEnabled && m.takerDelaySeconds === 0)
    return {
      ok: false,
      failure: 'unreadable',
      problem: `${what}: the taker delay is on (itode) but its length (sd) is 0`,
    };
  return { ok: true, value: { delayMs: m.takerDelaySeconds * 1000, enabledNow: m.takerOrderDelayEnabled } };
}
