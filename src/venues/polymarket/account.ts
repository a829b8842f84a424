/**
 * What the CLOB says the account holds (venues.md §3.3): pUSD from `/balance-allowance`
 * (COLLATERAL), a position per known token from the same endpoint (CONDITIONAL), open orders
 * from `/data/orders` and fill ids from `/data/trades`. The CLOB lists no positions of its
 * own, so positions cover the tokens of markets the client knows. Open orders are those whose
 * hash the client knows (sent by this process, or looked up since). Tokens of markets marked
 * resolved and paid out are not asked about, and trades are listed from the newest one seen on
 * (a trade's id never changes): a pass costs what changed, not the account's whole history.
 * A NO position is, at the venue, a holding of the other token: `complementOf` lets the
 * reconciler compare the two as one.
 */
import type { ClientOrderId, FillId, InstrumentId } from '../../core/ids.js';
import type { Micros } from '../../core/money.js';
import type { VenueAccount, VenuePosition } from '../port.js';
import { describePolymarketParseError } from './errors.js';
import { describeOutcome, type PolymarketHttp } from './http.js';
import type { PolymarketMarkets } from './markets.js';
import { listTrades, PolymarketLookupError, type PolymarketOrderStore } from './order-store.js';
import { type PolymarketTrade, parsePolymarketOrder } from './parse.js';
import { parseBalance, parsePage } from './parse-account.js';
import { type MicroShares, polymarketInstrumentId, sharesToCentis } from './parse-fields.js';

export class PolymarketAccount implements VenueAccount {
  private readonly seenFillIds = new Set<FillId>();
  /** Match time of the newest trade listed, unix seconds. */
  private newestMatchSec: number | null = null;
  /** Condition ids of markets the CLOB showed decided (closed, or a winner named). */
  private readonly decided = new Set<string>();
  /**
   * Tokens of decided markets read empty: nothing can trade them again, so they are not asked
   * about again (a pass would otherwise cost one request per token of every market ever seen).
   */
  private readonly emptied = new Set<string>();

  constructor(
    private readonly deps: {
      readonly http: PolymarketHttp;
      readonly signatureType: number;
      readonly store: PolymarketOrderStore;
      readonly markets: PolymarketMarkets;
      readonly fillIdsOf: (trade: PolymarketTrade) => FillId[];
    },
  ) {}

  async balance(): Promise<Micros> {
    return (await this.balanceOf({ asset_type: 'COLLATERAL' })) as Micros;
  }

  async positions(): Promise<VenuePosition[]> {
    const tokens = new Set(this.deps.markets.tokens());
    // A token bought only ever as the NO side of the other outcome's instrument is reported
    // that way, as the ledger books it; otherwise as the YES side of its own instrument.
    const asNo = new Map<string, string | null>();
    for (const [, r] of this.deps.store.records()) {
      tokens.add(r.tradedToken);
      const other = r.leg === 'no' ? r.instrumentToken : null;
      const seen = asNo.get(r.tradedToken);
      asNo.set(r.tradedToken, seen === undefined || seen === other ? other : null);
    }
    const out: VenuePosition[] = [];
    for (const token of [...tokens].sort()) {
      if (this.deps.markets.isResolved(token) || this.emptied.has(token)) continue;
      const qty = sharesToCentis(
        (await this.balanceOf({ asset_type: 'CONDITIONAL', token_id: token })) as MicroShares,
      );
      if (qty <= 0) {
        const market = this.deps.markets.known(token);
        if (market && this.decided.has(market.conditionId)) this.emptied.add(token);
        continue;
      }
      const other = asNo.get(token) ?? null;
      out.push(
        other === null
          ? { instrumentId: polymarketInstrumentId(token), side: 'yes', qty }
          : { instrumentId: polymarketInstrumentId(other), side: 'no', qty },
      );
    }
    return out;
  }

  /**
   * The instruments (tokens) of markets marked resolved and paid out, and of the candidates'
   * markets the CLOB shows decided (`GET /markets/{condition_id}`: a winning token, or closed):
   * their payout may be at the venue before the settlement watcher has booked it. A market that
   * cannot be read now is not shown (the reconciler compares it as it stands).
   */
  async settledInstruments(candidates: readonly InstrumentId[] = []): Promise<InstrumentId[]> {
    const out = new Set(this.deps.markets.resolvedTokens());
    const conditions = new Map<string, readonly string[]>();
    for (const id of candidates) {
      const market = id.startsWith('polymarket:')
        ? this.deps.markets.known(id.slice('polymarket:'.length))
        : null;
      if (market && !out.has(market.tokenIds[0])) conditions.set(market.conditionId, market.tokenIds);
    }
    for (const [conditionId, tokens] of conditions) {
      if (this.decided.has(conditionId) || (await this.decidedAtVenue(conditionId))) {
        this.decided.add(conditionId);
        for (const t of tokens) out.add(t);
      }
    }
    return [...out].sort().map(polymarketInstrumentId);
  }

  private async decidedAtVenue(conditionId: string): Promise<boolean> {
    const o = await this.deps.http.request({
      method: 'GET',
      path: `/markets/${encodeURIComponent(conditionId)}`,
      auth: 'public',
    });
    if (o.kind !== 'ok') return false;
    const body = o.body as { closed?: unknown; tokens?: unknown } | null;
    const tokens = Array.isArray(body?.tokens) ? (body.tokens as { winner?: unknown }[]) : [];
    return body?.closed === true || tokens.some((t) => t?.winner === true);
  }

  /**
   * Learns the markets of instruments an earlier process of the run traded (positions are read
   * for the tokens of known markets only). A market that cannot be read now is named.
   */
  async recall(instrumentIds: readonly InstrumentId[]): Promise<string[]> {
    const problems: string[] = [];
    for (const id of instrumentIds) {
      if (!id.startsWith('polymarket:')) continue;
      try {
        await this.deps.markets.resolve(id.slice('polymarket:'.length));
      } catch (error) {
        problems.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  }

  marketSettled(instrumentId: InstrumentId): void {
    const token = instrumentId.startsWith('polymarket:') ? instrumentId.slice('polymarket:'.length) : null;
    const market = token === null ? null : this.deps.markets.known(token);
    if (market) this.decided.add(market.conditionId);
  }

  /** NO of a token is held as the market's other token. */
  complementOf(instrumentId: InstrumentId): InstrumentId | null {
    const token = instrumentId.startsWith('polymarket:') ? instrumentId.slice('polymarket:'.length) : null;
    const other = token === null ? null : this.deps.markets.complementOf(token);
    return other === null ? null : polymarketInstrumentId(other);
  }

  async openOrders(): Promise<ClientOrderId[]> {
    const out: ClientOrderId[] = [];
    let cursor: string | null = null;
    do {
      const outcome = await this.deps.http.request({
        method: 'GET',
        path: '/data/orders',
        query: { next_cursor: cursor ?? undefined },
        auth: 'l2',
      });
      if (outcome.kind !== 'ok') throw new PolymarketLookupError(`open orders: ${describeOutcome(outcome)}`);
      const page = parsePage(outcome.body, 'orders');
      if (!page.ok) throw new PolymarketLookupError(describePolymarketParseError(page.error));
      for (const item of page.value.items) {
        const o = parsePolymarketOrder(item);
        if (!o.ok) throw new PolymarketLookupError(describePolymarketParseError(o.error));
        const id = this.deps.store.clientOrderIdOf(o.value.orderId);
        if (id !== undefined) out.push(id);
      }
      cursor = page.value.cursor;
    } while (cursor !== null);
    return out;
  }

  async fillIds(): Promise<FillId[]> {
    // `after` is whole seconds and exclusive: a second's overlap, deduplicated by id.
    const since = this.newestMatchSec;
    const trades = await listTrades(this.deps.http, since === null ? {} : { after: String(since - 1) });
    for (const t of trades) {
      for (const id of this.deps.fillIdsOf(t)) this.seenFillIds.add(id);
      if (t.matchTime !== null) {
        const sec = t.matchTime < 1e12 ? t.matchTime : Math.floor(t.matchTime / 1000);
        this.newestMatchSec = Math.max(this.newestMatchSec ?? sec, sec);
      }
    }
    return [...this.seenFillIds];
  }

  private async balanceOf(query: Record<string, string>): Promise<number> {
    const outcome = await this.deps.http.request({
      method: 'GET',
      path: '/balance-allowance',
      query: { ...query, signature_type: String(this.deps.signatureType) },
      auth: 'l2',
    });
    if (outcome.kind !== 'ok') throw new PolymarketLookupError(`balance: ${describeOutcome(outcome)}`);
    const parsed = parseBalance(outcome.body);
    if (!parsed.ok) throw new PolymarketLookupError(describePolymarketParseError(parsed.error));
    return parsed.value;
  }
}
