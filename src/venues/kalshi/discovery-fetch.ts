/**
 * What market discovery asks Kalshi: a game series' fee terms (`GET /series/{ticker}`) and its
 * open events with their markets (`GET /events?series_ticker=…&status=open&with_nested_markets=
 * true`, cursor pages). Events come back as raw JSON, one per listing, so one malformed event is
 * reported on its own while the rest are read. An endpoint that does not answer is a failure the
 * caller counts and retries later; nothing here throws for it.
 */

import { describeKalshiParseError } from './errors.js';
import type { KalshiFeeTerms } from './fees.js';
import { describeKalshiError, type KalshiHttp, type KalshiHttpOutcome } from './http.js';
import { parseKalshiSeriesResponse } from './parse-market.js';

export type KalshiFetch<T> =
  | { readonly ok: true; readonly value: T }
  /** `endpoint`: the venue did not answer usefully; `unreadable`: it answered something we cannot read. */
  | { readonly ok: false; readonly failure: 'endpoint' | 'unreadable'; readonly problem: string };

function failed(what: string, outcome: Exclude<KalshiHttpOutcome, { kind: 'ok' }>): KalshiFetch<never> {
  const why =
    outcome.kind === 'http_error' ? describeKalshiError(outcome.status, outcome.body) : outcome.kind;
  return { ok: false, failure: 'endpoint', problem: `${what} failed: ${why}` };
}

/** The series' fee type and multiplier. */
export async function fetchKalshiSeriesFees(
  http: KalshiHttp,
  series: string,
): Promise<KalshiFetch<KalshiFeeTerms>> {
  const what = `GET /series/${series}`;
  const outcome = await http.request({ method: 'GET', path: `/series/${encodeURIComponent(series)}` });
  if (outcome.kind !== 'ok') return failed(what, outcome);
  const parsed = parseKalshiSeriesResponse(outcome.body);
  if (!parsed.ok)
    return {
      ok: false,
      failure: 'unreadable',
      problem: `${what}: ${describeKalshiParseError(parsed.error)}`,
    };
  return { ok: true, value: { feeType: parsed.value.feeType, feeMultiplier: parsed.value.feeMultiplier } };
}

/** Every open event of one series, as raw objects. */
export async function fetchKalshiOpenEvents(opts: {
  readonly http: KalshiHttp;
  readonly series: string;
  /** Events per page, at most 200 (venues.md §2.3). */
  readonly pageSize?: number;
  /** A guard against a cursor that never ends. */
  readonly maxPages?: number;
}): Promise<KalshiFetch<readonly unknown[]>> {
  const what = `GET /events?series_ticker=${opts.series}`;
  const events: unknown[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < (opts.maxPages ?? 50); page++) {
    const outcome = await opts.http.request({
      method: 'GET',
      path: '/events',
      query: {
        series_ticker: opts.series,
        status: 'open',
        with_nested_markets: 'true',
        limit: String(Math.min(opts.pageSize ?? 200, 200)),
        cursor: cursor ?? undefined,
      },
    });
    if (outcome.kind !== 'ok') return failed(what, outcome);
    const body = outcome.body as { events?: unknown; cursor?: unknown } | null;
    if (typeof body !== 'object' || body === null || !Array.isArray(body.events))
      return { ok: false, failure: 'unreadable', problem: `${what}: no events array in the answer` };
    events.push(...body.events);
    cursor = typeof body.cursor === 'string' && body.cursor !== '' ? body.cursor : null;
    if (!cursor) return { ok: true, value: events };
  }
  return { ok: false, failure: 'unreadable', problem: `${what}: more than ${opts.maxPages ?? 50} pages` };
}
