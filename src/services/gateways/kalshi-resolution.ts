/**
 * Kalshi's resolution of a market, from `GET /markets/{ticker}` (venues.md §2.4): the lifecycle
 * `status` (`initialized` | `inactive` | `active` | `closed` | `determined` | `disputed` |
 * `amended` | `finalized`), `result`, and for a settlement at a value other than $1 or $0 (an NFL
 * tie: "$0.50 for each team", matching.md) `settlement_value_dollars`, a YES contract's value.
 *
 * A market counts as resolved only once `finalized`: `determined` names a result that can still be
 * disputed or amended, and the venue pays at finalization (`settlement_timer_seconds` after it).
 * Until then it is `closed`.
 */
import { z } from 'zod';
import type { VenueInstrument } from '../../core/instruments.js';
import { type Micros, ONE_DOLLAR, parseDollars } from '../../core/money.js';
import { describeKalshiError, type KalshiHttp } from '../../venues/kalshi/http.js';
import { type MarketResolution, type ResolutionReader, sideOfPayout } from './resolution.js';

const OPEN = new Set(['initialized', 'inactive', 'active', 'unopened', 'open', 'paused']);
const CLOSED = new Set(['closed', 'determined', 'disputed', 'amended']);
/** `settled` is the status query's word for finalized markets; accepted as an object status too. */
const FINAL = new Set(['finalized', 'settled']);

const marketSchema = z.object({
  market: z.object({
    ticker: z.string(),
    status: z.string(),
    result: z.string().nullish(),
    settlement_value_dollars: z.string().nullish(),
    close_time: z.string().nullish(),
  }),
});

/** The resolution a `GET /markets/{ticker}` body says; `unavailable` with the reason if it cannot be read. */
export function parseKalshiResolution(body: unknown): MarketResolution {
  const parsed = marketSchema.safeParse(body);
  if (!parsed.success)
    return {
      state: 'unavailable',
      reason: `market answer not understood: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    };
  const m = parsed.data.market;
  if (OPEN.has(m.status)) {
    const closeTs = m.close_time ? Date.parse(m.close_time) : Number.NaN;
    return { state: 'open', closeTs: Number.isFinite(closeTs) ? closeTs : null };
  }
  if (CLOSED.has(m.status)) return { state: 'closed' };
  if (!FINAL.has(m.status))
    return {
      state: 'unavailable',
      reason: `market ${m.ticker} has status "${m.status}", not a lifecycle status`,
    };
  let value: Micros | null = null;
  if (m.settlement_value_dollars !== null && m.settlement_value_dollars !== undefined) {
    try {
      value = parseDollars(m.settlement_value_dollars);
    } catch (error) {
      return {
        state: 'unavailable',
        reason: `market ${m.ticker} settlement_value_dollars "${m.settlement_value_dollars}": ${String(error)}`,
      };
    }
    if (value < 0 || value > ONE_DOLLAR)
      return {
        state: 'unavailable',
        reason: `market ${m.ticker} settled at ${value} micros, outside [0, $1]`,
      };
  }
  const result = m.result === 'yes' || m.result === 'no' ? m.result : null;
  if (value !== null && value !== 0 && value !== ONE_DOLLAR)
    return { state: 'resolved', result: result ?? sideOfPayout(value), yesPayout: value };
  if (result !== null) {
    const full = result === 'yes' ? ONE_DOLLAR : 0;
    if (value !== null && value !== full)
      return {
        state: 'unavailable',
        reason: `market ${m.ticker} result "${result}" disagrees with settlement_value_dollars "${m.settlement_value_dollars}"`,
      };
    return { state: 'resolved', result };
  }
  if (value !== null) return { state: 'resolved', result: value === ONE_DOLLAR ? 'yes' : 'no' };
  return {
    state: 'unavailable',
    reason: `market ${m.ticker} is ${m.status} with no result and no settlement value`,
  };
}

/** Reads Kalshi markets over our signed REST client (one attempt a read: the watcher retries). */
export function kalshiResolutionReader(http: KalshiHttp): ResolutionReader {
  return {
    venue: 'kalshi',
    async read(instrument: VenueInstrument): Promise<MarketResolution> {
      const outcome = await http.request({
        method: 'GET',
        path: `/markets/${encodeURIComponent(instrument.symbol)}`,
      });
      if (outcome.kind === 'ok') return parseKalshiResolution(outcome.body);
      if (outcome.kind === 'http_error')
        return { state: 'unavailable', reason: describeKalshiError(outcome.status, outcome.body) };
      if (outcome.kind === 'network') return { state: 'unavailable', reason: outcome.reason };
      return { state: 'unavailable', reason: outcome.kind === 'timeout' ? 'timed out' : 'rate limited' };
    },
  };
}
