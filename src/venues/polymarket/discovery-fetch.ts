/**
 * What market discovery asks Gamma: the open game events (`GET /events?tag_id=100639&active=true
 * &closed=false`, offset pages), kept as raw JSON when their slug starts with one of the leagues'
 * prefixes, so one malformed event is reported on its own. An endpoint that does not answer is a
 * failure the caller counts and retries later; nothing here throws for it.
 */
import { GAMES_TAG_ID } from './discovery.js';
import { describeOutcome, type PolymarketHttp } from './http.js';

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
