/**
 * Polymarket US discovery: the open sports moneyline markets from the public gateway
 * (`GET /v1/markets?active=true&closed=false&categories=sports&sportsMarketTypes=
 * SPORTS_MARKET_TYPE_MONEYLINE`, paged by offset), each read as a listing for the matcher.
 */
import type { ListingResult } from '../matching/listing.js';
import { pmusListingFromRaw } from '../matching/pmus-listing.js';
import { PmusLookupError } from './errors.js';
import { describePmusOutcome, type PmusHttp } from './http.js';

const PAGE = 100;
const MAX_PAGES = 50;

export async function discoverPmusListings(
  http: PmusHttp,
  opts: { readonly simulated: boolean },
): Promise<ListingResult[]> {
  const out: ListingResult[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const outcome = await http.request({
      method: 'GET',
      path: '/v1/markets',
      public: true,
      query: {
        active: 'true',
        closed: 'false',
        categories: ['sports'],
        sportsMarketTypes: ['SPORTS_MARKET_TYPE_MONEYLINE'],
        limit: String(PAGE),
        offset: String(page * PAGE),
      },
    });
    if (outcome.kind !== 'ok') throw new PmusLookupError(`markets: ${describePmusOutcome(outcome)}`);
    const markets = (outcome.body as { markets?: unknown } | null)?.markets;
    if (!Array.isArray(markets)) throw new PmusLookupError('markets: answer has no markets list');
    for (const m of markets) out.push(pmusListingFromRaw(m, opts));
    if (markets.length < PAGE) return out;
  }
  throw new PmusLookupError(`markets: more than ${MAX_PAGES} pages`);
}
