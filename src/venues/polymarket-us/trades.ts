/** The account's trades from `GET /v1/portfolio/activities`, every page. */
import { PmusLookupError } from './errors.js';
import { describePmusOutcome, type PmusHttp } from './http.js';
import { type PmusTrade, parseTradesPage } from './parse.js';

const MAX_PAGES = 100;

export async function listTrades(http: PmusHttp, marketSlug?: string): Promise<PmusTrade[]> {
  const trades: PmusTrade[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const outcome = await http.request({
      method: 'GET',
      path: '/v1/portfolio/activities',
      query: {
        types: ['ACTIVITY_TYPE_TRADE'],
        marketSlug,
        sortOrder: 'SORT_ORDER_ASCENDING',
        limit: '100',
        cursor,
      },
    });
    if (outcome.kind !== 'ok') throw new PmusLookupError(`activities: ${describePmusOutcome(outcome)}`);
    const parsed = parseTradesPage(outcome.body);
    if (!parsed.ok) throw new PmusLookupError(http.unreadableAnswer(parsed.error));
    trades.push(...parsed.value.trades);
    if (parsed.value.nextCursor === null) return trades;
    cursor = parsed.value.nextCursor;
  }
  throw new PmusLookupError(`activities: more than ${MAX_PAGES} pages`);
}
