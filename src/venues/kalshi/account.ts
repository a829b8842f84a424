/**
 * What the Kalshi account holds, for reconciliation (VenueAccount): balance with its per-shard
 * breakdown (venues.md §2.9), market positions, resting orders and fills, every list read to its
 * last cursor page (fills from just before the newest one seen). A request or payload that fails throws KalshiLookupError: the reconciler
 * must never mistake "could not ask" for "holds nothing".
 */
import { asFillId, type ClientOrderId, type FillId, type InstrumentId } from '../../core/ids.js';
import { type Centis, type Micros, notional } from '../../core/money.js';
import type { VenueAccount, VenuePosition } from '../port.js';
import { describeKalshiParseError, KalshiLookupError, type KalshiResult } from './errors.js';
import { describeKalshiError, type KalshiHttp, type KalshiHttpOutcome } from './http.js';
import { kalshiInstrumentId } from './parse-fields.js';
import { type KalshiMarketStatus, parseKalshiMarketsPage } from './parse-market.js';
import type { KalshiPage } from './parse-page.js';

/** Market statuses past the result: payouts are made or about to be. */
const SETTLING = new Set<KalshiMarketStatus>(['determined', 'amended', 'finalized', 'settled']);

import {
  type KalshiBalance,
  type KalshiOrder,
  parseKalshiBalance,
  parseKalshiFillsPage,
  parseKalshiOrdersPage,
  parseKalshiPositionsPage,
} from './parse-portfolio.js';

export interface KalshiAccountOptions {
  readonly http: KalshiHttp;
  readonly instrumentIdOf?: (ticker: string) => InstrumentId;
}

/** How far before the newest fill seen the next fills read starts. */
const FILLS_OVERLAP_MS = 60_000;

export class KalshiAccount implements VenueAccount {
  private readonly http: KalshiHttp;
  private readonly seenFillIds = new Set<FillId>();
  /** Venue time of the newest fill listed, ms. */
  private newestFillMs: number | null = null;
  private readonly instrumentIdOf: (ticker: string) => InstrumentId;

  constructor(options: KalshiAccountOptions) {
    this.http = options.http;
    this.instrumentIdOf = options.instrumentIdOf ?? kalshiInstrumentId;
  }

  /** The balance as Kalshi reports it, with the collateral of each exchange shard. */
  async balanceReport(): Promise<KalshiBalance> {
    const outcome = await this.http.request({ method: 'GET', path: '/portfolio/balance' });
    return read(outcome, parseKalshiBalance, 'balance');
  }

  /**
   * Cash including what backs resting orders. Kalshi's `balance` is what is free to trade, so the
   * cost of each resting buy at its limit is added back. (Fees are charged on fills, not held.)
   */
  async balance(): Promise<Micros> {
    const [report, resting] = await Promise.all([this.balanceReport(), this.restingOrders()]);
    let held = 0;
    for (const order of resting) {
      const legPrice = order.bookSide === 'ask' ? order.noPrice : order.yesPrice;
      if (legPrice !== null) held += notional(legPrice, order.remainingCount);
    }
    return (report.balance + held) as Micros;
  }

  async positions(): Promise<VenuePosition[]> {
    const items = await this.allPages('/portfolio/positions', {}, parseKalshiPositionsPage, 'positions');
    const out: VenuePosition[] = [];
    for (const p of items) {
      if (p.position === 0) continue;
      // Kalshi nets YES against NO in a market: the sign says which side is held.
      out.push({
        instrumentId: this.instrumentIdOf(p.ticker),
        side: p.position > 0 ? 'yes' : 'no',
        qty: Math.abs(p.position) as Centis,
      });
    }
    return out;
  }

  async openOrders(): Promise<ClientOrderId[]> {
    const resting = await this.restingOrders();
    return resting.flatMap((o) => (o.clientOrderId === null ? [] : [o.clientOrderId as ClientOrderId]));
  }

  /**
   * Every fill of the account. The first call reads them all; later ones read from a minute
   * before the newest fill seen on (`min_ts`, whole seconds), so a pass costs what is new, not
   * the account's history. The overlap covers a fill stamped a little before one already listed.
   */
  async fillIds(): Promise<FillId[]> {
    const query: Record<string, string> =
      this.newestFillMs === null
        ? {}
        : { min_ts: String(Math.floor((this.newestFillMs - FILLS_OVERLAP_MS) / 1000)) };
    const fills = await this.allPages('/portfolio/fills', query, parseKalshiFillsPage, 'fills');
    for (const f of fills) {
      this.seenFillIds.add(asFillId(f.fillId));
      this.newestFillMs = Math.max(this.newestFillMs ?? f.venueTs, f.venueTs);
    }
    return [...this.seenFillIds];
  }

  private restingOrders(): Promise<KalshiOrder[]> {
    return this.allPages('/portfolio/orders', { status: 'resting' }, parseKalshiOrdersPage, 'orders');
  }

  /**
   * Of the instruments given (those the ledger holds), the ones whose market Kalshi shows decided
   * or settled: their positions and payouts may be on their way to the ledger (the settlement
   * watcher reads the result on its own schedule), so reconciliation waits for them.
   */
  async settledInstruments(candidates: readonly InstrumentId[] = []): Promise<InstrumentId[]> {
    const tickers = candidates
      .filter((id) => id.startsWith('kalshi:'))
      .map((id) => id.slice('kalshi:'.length));
    const out: InstrumentId[] = [];
    for (let i = 0; i < tickers.length; i += 100) {
      const markets = await this.allPages(
        '/markets',
        { tickers: tickers.slice(i, i + 100).join(',') },
        parseKalshiMarketsPage,
        'markets',
      );
      for (const m of markets) if (SETTLING.has(m.status)) out.push(this.instrumentIdOf(m.ticker));
    }
    return out;
  }

  private async allPages<T>(
    path: string,
    query: Readonly<Record<string, string>>,
    parse: (body: unknown) => KalshiResult<KalshiPage<T>>,
    what: string,
  ): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    // A cursor that never ends is a venue fault; stop rather than loop forever.
    for (let pageNo = 0; pageNo < 1_000; pageNo++) {
      const outcome = await this.http.request({
        method: 'GET',
        path,
        query: { ...query, limit: '1000', cursor },
      });
      const page = read(outcome, parse, what);
      // An item that cannot be read could be the very fill or order being reconciled.
      const firstError = page.errors[0];
      if (firstError) throw new KalshiLookupError(`${what}: ${describeKalshiParseError(firstError)}`);
      items.push(...page.items);
      cursor = page.cursor ?? undefined;
      if (!cursor) return items;
    }
    throw new KalshiLookupError(`${what}: more than 1000 pages; the cursor does not end`);
  }
}

function read<T>(outcome: KalshiHttpOutcome, parse: (body: unknown) => KalshiResult<T>, what: string): T {
  if (outcome.kind !== 'ok') {
    const why =
      outcome.kind === 'http_error'
        ? describeKalshiError(outcome.status, outcome.body)
        : outcome.kind === 'network'
          ? outcome.reason
          : outcome.kind.replace('_', ' ');
    throw new KalshiLookupError(`${what}: ${why}`);
  }
  const parsed = parse(outcome.body);
  if (!parsed.ok) throw new KalshiLookupError(`${what}: ${describeKalshiParseError(parsed.error)}`);
  return parsed.value;
}
