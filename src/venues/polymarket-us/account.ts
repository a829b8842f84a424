/**
 * What Polymarket US says the account holds: USD from `/v1/account/balances`, net positions
 * per market slug from `/v1/portfolio/positions` (negative = short = NO), open orders from
 * `/v1/orders/open` (ours by client order id; any other by `pmus-order:<id>`, so the reconciler
 * sees an order it did not send), fill ids = trade ids from `/v1/portfolio/activities`.
 */
import {
  asClientOrderId,
  asFillId,
  type ClientOrderId,
  type FillId,
  type InstrumentId,
} from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import type { VenueAccount, VenuePosition } from '../port.js';
import { amountToMicros } from './amounts.js';
import { PmusLookupError } from './errors.js';
import { describePmusOutcome, type PmusHttp } from './http.js';
import { pmusInstrumentId, pmusSlugOf } from './ids.js';
import type { PmusOrderStore } from './order-store.js';
import { parseOpenOrders, parsePositionsPage, parseUsdBalance } from './parse.js';
import { listTrades } from './trades.js';

const MAX_PAGES = 100;

export class PmusAccount implements VenueAccount {
  constructor(private readonly deps: { readonly http: PmusHttp; readonly store: PmusOrderStore }) {}

  async balance(): Promise<Micros> {
    const outcome = await this.deps.http.request({ method: 'GET', path: '/v1/account/balances' });
    if (outcome.kind !== 'ok') throw new PmusLookupError(`balances: ${describePmusOutcome(outcome)}`);
    const parsed = parseUsdBalance(outcome.body);
    if (!parsed.ok) throw new PmusLookupError(this.deps.http.unreadableAnswer(parsed.error));
    return parsed.value;
  }

  async positions(): Promise<VenuePosition[]> {
    const out: VenuePosition[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const outcome = await this.deps.http.request({
        method: 'GET',
        path: '/v1/portfolio/positions',
        query: { limit: '100', cursor },
      });
      if (outcome.kind !== 'ok') throw new PmusLookupError(`positions: ${describePmusOutcome(outcome)}`);
      const parsed = parsePositionsPage(outcome.body);
      if (!parsed.ok) throw new PmusLookupError(this.deps.http.unreadableAnswer(parsed.error));
      for (const [slug, net] of parsed.value.positions) {
        if (net === 0) continue;
        out.push({
          instrumentId: pmusInstrumentId(slug),
          side: net > 0 ? 'yes' : 'no',
          qty: Math.abs(net) as Centis,
        });
      }
      if (parsed.value.nextCursor === null)
        return out.sort((a, b) => (a.instrumentId < b.instrumentId ? -1 : 1));
      cursor = parsed.value.nextCursor;
    }
    throw new PmusLookupError(`positions: more than ${MAX_PAGES} pages`);
  }

  async openOrders(): Promise<ClientOrderId[]> {
    const outcome = await this.deps.http.request({ method: 'GET', path: '/v1/orders/open' });
    if (outcome.kind !== 'ok') throw new PmusLookupError(`open orders: ${describePmusOutcome(outcome)}`);
    const parsed = parseOpenOrders(outcome.body);
    if (!parsed.ok) throw new PmusLookupError(this.deps.http.unreadableAnswer(parsed.error));
    return parsed.value.orders.map(
      (o) => this.deps.store.clientIdOf(o.id) ?? asClientOrderId(`pmus-order:${o.id}`),
    );
  }

  /**
   * The candidates whose market the venue shows settled (`/v1/markets/{slug}/settlement`
   * answers a price; 404 while it is not). Both documented shapes are read.
   */
  async settledInstruments(candidates: readonly InstrumentId[] = []): Promise<InstrumentId[]> {
    const settled: InstrumentId[] = [];
    for (const id of candidates) {
      const slug = pmusSlugOf(id);
      if (slug === null) continue;
      const outcome = await this.deps.http.request({
        method: 'GET',
        path: `/v1/markets/${encodeURIComponent(slug)}/settlement`,
        public: true,
      });
      if (outcome.kind === 'http_error' && outcome.status === 404) continue;
      if (outcome.kind !== 'ok')
        throw new PmusLookupError(`settlement of ${slug}: ${describePmusOutcome(outcome)}`);
      const b = (outcome.body ?? {}) as { settlement?: unknown; settlementPrice?: unknown };
      if (amountToMicros(b.settlement ?? b.settlementPrice) !== null) settled.push(id);
    }
    return settled;
  }

  async fillIds(): Promise<FillId[]> {
    return (await listTrades(this.deps.http)).map((t) => asFillId(t.tradeId));
  }
}
