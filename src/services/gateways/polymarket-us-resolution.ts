/**
 * Polymarket US's resolution of a market: `GET /v1/markets/{slug}/settlement` answers the YES
 * payout once the market is settled (404 until then; both documented shapes, `{slug, settlement}`
 * and `{marketSlug, settlementPrice}`, are read); before that `GET /v1/market/slug/{slug}` says
 * whether it still trades (`active`). A payout of a fraction of $1 (a tie pays $0.50) is kept as
 * `yesPayout`.
 */
import type { VenueInstrument } from '../../core/instruments.js';
import { ONE_DOLLAR } from '../../core/money.js';
import { amountToMicros } from '../../venues/polymarket-us/amounts.js';
import { describePmusOutcome, type PmusHttp, type PmusHttpOutcome } from '../../venues/polymarket-us/http.js';
import { type MarketResolution, type ResolutionReader, sideOfPayout } from './resolution.js';

/** The resolution a settlement answer gives, or `unavailable` naming what could not be read. */
export function parsePmusSettlement(slug: string, body: unknown): MarketResolution {
  const b = (body ?? {}) as { settlement?: unknown; settlementPrice?: unknown };
  const raw = b.settlement ?? b.settlementPrice;
  const value = amountToMicros(raw);
  if (value === null || value < 0 || value > ONE_DOLLAR)
    return {
      state: 'unavailable',
      reason: `settlement of ${slug}: ${JSON.stringify(raw ?? null)} is not a price between 0 and 1`,
    };
  if (value === ONE_DOLLAR) return { state: 'resolved', result: 'yes' };
  if (value === 0) return { state: 'resolved', result: 'no' };
  return { state: 'resolved', result: sideOfPayout(value), yesPayout: value };
}

function unavailable(outcome: PmusHttpOutcome): MarketResolution {
  return { state: 'unavailable', reason: describePmusOutcome(outcome) };
}

/** Reads Polymarket US markets over the public gateway (the watcher asks again on its own interval). */
export function polymarketUsResolutionReader(http: PmusHttp): ResolutionReader {
  return {
    venue: 'polymarket-us',
    async read(instrument: VenueInstrument): Promise<MarketResolution> {
      const slug = encodeURIComponent(instrument.symbol);
      const settlement = await http.request({
        method: 'GET',
        path: `/v1/markets/${slug}/settlement`,
        public: true,
      });
      if (settlement.kind === 'ok') return parsePmusSettlement(instrument.symbol, settlement.body);
      if (!(settlement.kind === 'http_error' && settlement.status === 404)) return unavailable(settlement);
      const market = await http.request({ method: 'GET', path: `/v1/market/slug/${slug}`, public: true });
      if (market.kind !== 'ok') return unavailable(market);
      const m = (market.body as { market?: { active?: unknown; closed?: unknown } } | null)?.market;
      if (typeof m?.active !== 'boolean')
        return { state: 'unavailable', reason: `market ${instrument.symbol}: answer has no "active"` };
      return m.active ? { state: 'open', closeTs: null } : { state: 'closed' };
    },
  };
}
