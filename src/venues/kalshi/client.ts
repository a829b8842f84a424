/**
 * The Kalshi venue client behind VenueClient: V2 create with the client order id of the intent,
 * typed outcomes, lookup by client order id, cancel. Outcomes of submit:
 * - a 4xx business refusal is `rejected`; 429 is `rate_limited` (Kalshi sends no Retry-After);
 * - a timeout, a 5xx or a broken connection is `unresolved`: the order may exist, and the
 *   order manager asks getOrder before anything else. The POST is never retried here.
 * Kalshi documents no client_order_id filter on GET /portfolio/orders, so a lookup lists the
 * account's orders (by ticker when known) and filters them.
 */
import type { OrderIntent } from '../../core/events.js';
import { asFillId, asVenueOrderId, type ClientOrderId, type InstrumentId } from '../../core/ids.js';
import type { ContractSide } from '../../core/instruments.js';
import { type Centis, formatContracts, formatPrice4, type Micros, ONE_DOLLAR } from '../../core/money.js';
import type {
  SubmitOutcome,
  VenueAccount,
  VenueClient,
  VenueFill,
  VenueOrderReport,
  VenueOrderStatus,
} from '../port.js';
import { KalshiAccount } from './account.js';
import { describeKalshiParseError, KalshiLookupError } from './errors.js';
import { describeKalshiError, KALSHI_COSTS, type KalshiHttp, type KalshiHttpOutcome } from './http.js';
import {
  type KalshiFill,
  type KalshiOrder,
  parseKalshiFillsPage,
  parseKalshiOrderCreated,
  parseKalshiOrderResponse,
  parseKalshiOrdersPage,
} from './parse-portfolio.js';

export interface KalshiVenueClientOptions {
  readonly http: KalshiHttp;
  /** The market ticker of an instrument; defaults to stripping the `kalshi:` prefix. */
  readonly tickerOf?: (instrumentId: InstrumentId) => string | null;
  /** The instrument of a market ticker, for positions; `kalshi:<ticker>` by default. */
  readonly instrumentIdOf?: (ticker: string) => InstrumentId;
}

export { KalshiLookupError } from './errors.js';

const TIME_IN_FORCE = {
  IOC: 'immediate_or_cancel',
  FOK: 'fill_or_kill',
  GTC: 'good_till_canceled',
} as const;

const STATUS: Record<KalshiOrder['status'], VenueOrderStatus> = {
  resting: 'resting',
  executed: 'filled',
  canceled: 'canceled',
};

export class KalshiVenueClient implements VenueClient {
  /** Kalshi deduplicates orders by client_order_id (its own quick start says so). */
  readonly resendSafe = true;
  readonly venue = 'kalshi' as const;
  readonly live: boolean;
  readonly account: VenueAccount;
  private readonly http: KalshiHttp;
  private readonly tickerOf: (instrumentId: InstrumentId) => string | null;
  /** What submit learned, so lookups go straight to the order and price fills on our leg. */
  private readonly known = new Map<ClientOrderId, { orderId?: string; ticker: string; leg: ContractSide }>();

  constructor(options: KalshiVenueClientOptions & { readonly live?: boolean }) {
    this.http = options.http;
    this.live = options.live ?? false;
    this.account = new KalshiAccount({
      http: options.http,
      ...(options.instrumentIdOf ? { instrumentIdOf: options.instrumentIdOf } : {}),
    });
    this.tickerOf =
      options.tickerOf ?? ((id) => (id.startsWith('kalshi:') ? id.slice('kalshi:'.length) : null));
  }

  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    if (intent.venue !== 'kalshi')
      return { kind: 'rejected', reason: `order for ${intent.venue} sent to kalshi` };
    const ticker = this.tickerOf(intent.instrumentId);
    if (ticker === null) return { kind: 'rejected', reason: `no Kalshi ticker for ${intent.instrumentId}` };
    // One YES book: buying YES or selling NO bids; the price is always the YES leg's.
    const bid = (intent.action === 'buy') === (intent.side === 'yes');
    const yesPrice = (intent.side === 'yes' ? intent.limitPrice : ONE_DOLLAR - intent.limitPrice) as Micros;
    this.known.set(intent.clientOrderId, { ticker, leg: intent.side });
    const outcome = await this.http.request({
      method: 'POST',
      path: '/portfolio/events/orders',
      cost: KALSHI_COSTS.createOrderV2,
      body: {
        ticker,
        client_order_id: intent.clientOrderId,
        side: bid ? 'bid' : 'ask',
        count: formatContracts(intent.qty),
        price: formatPrice4(yesPrice),
        time_in_force: TIME_IN_FORCE[intent.tif],
        self_trade_prevention_type: 'taker_at_cross',
        post_only: false,
        reduce_only: false,
      },
    });
    switch (outcome.kind) {
      case 'rate_limited':
        return { kind: 'rate_limited', retryAfterMs: null };
      case 'timeout':
        return { kind: 'unresolved', reason: 'create order timed out; the order may exist' };
      case 'network':
        return { kind: 'unresolved', reason: `create order failed in transit: ${outcome.reason}` };
      case 'http_error':
        // A 409 is a conflict with an order already there (a repeated client_order_id, which
        // Kalshi uses to deduplicate orders): looked up, not taken as a refusal.
        return outcome.status >= 500 || outcome.status === 409
          ? {
              kind: 'unresolved',
              reason: `create order answered ${describeKalshiError(outcome.status, outcome.body)}`,
            }
          : { kind: 'rejected', reason: describeKalshiError(outcome.status, outcome.body) };
      case 'ok':
        break;
    }
    const created = parseKalshiOrderCreated(outcome.body);
    if (!created.ok)
      return {
        kind: 'unresolved',
        reason: `unreadable create response: ${describeKalshiParseError(created.error)}`,
      };
    this.known.set(intent.clientOrderId, { orderId: created.value.orderId, ticker, leg: intent.side });
    try {
      const report = await this.getOrder(intent.clientOrderId);
      if (report) return { kind: 'accepted', report };
    } catch {
      // Fall through: the order exists, but its details could not be read just now.
    }
    return {
      kind: 'accepted',
      report: {
        clientOrderId: intent.clientOrderId,
        venueOrderId: asVenueOrderId(created.value.orderId),
        status:
          created.value.remainingCount > 0 && intent.tif === 'GTC'
            ? 'resting'
            : created.value.fillCount > 0 && created.value.remainingCount === 0
              ? 'filled'
              : 'canceled',
        qty: intent.qty,
        filledQty: created.value.fillCount,
        fills: [],
      },
    };
  }

  async getOrder(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const order = await this.findOrder(clientOrderId);
    if (!order) return null;
    const leg = this.known.get(clientOrderId)?.leg ?? order.outcomeSide ?? 'yes';
    const fills = await this.fillsOf(order.orderId);
    return {
      clientOrderId,
      venueOrderId: asVenueOrderId(order.orderId),
      status: STATUS[order.status],
      qty: (order.initialCount ?? order.fillCount + order.remainingCount) as Centis,
      filledQty: order.fillCount,
      fills: fills.map((f) => toVenueFill(f, leg)),
    };
  }

  async cancel(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const order = await this.findOrder(clientOrderId);
    if (!order) return null;
    if (order.status === 'resting') {
      const outcome = await this.http.request({
        method: 'DELETE',
        path: `/portfolio/events/orders/${encodeURIComponent(order.orderId)}`,
        cost: KALSHI_COSTS.cancelOrderV2,
      });
      // A 4xx means it is no longer resting (filled or canceled meanwhile): the lookup tells.
      if (outcome.kind !== 'ok' && !(outcome.kind === 'http_error' && outcome.status < 500))
        throw new KalshiLookupError(`cancel of ${clientOrderId} not confirmed: ${describeOutcome(outcome)}`);
    }
    return this.getOrder(clientOrderId);
  }

  private async findOrder(clientOrderId: ClientOrderId): Promise<KalshiOrder | null> {
    const known = this.known.get(clientOrderId);
    if (known?.orderId) {
      const outcome = await this.http.request({
        method: 'GET',
        path: `/portfolio/orders/${encodeURIComponent(known.orderId)}`,
        cost: KALSHI_COSTS.getOrder,
      });
      if (outcome.kind !== 'ok') throw new KalshiLookupError(`get order: ${describeOutcome(outcome)}`);
      const parsed = parseKalshiOrderResponse(outcome.body);
      if (!parsed.ok) throw new KalshiLookupError(describeKalshiParseError(parsed.error));
      return parsed.value;
    }
    let cursor: string | undefined;
    do {
      const outcome = await this.http.request({
        method: 'GET',
        path: '/portfolio/orders',
        query: { ticker: known?.ticker, limit: '1000', cursor },
      });
      if (outcome.kind !== 'ok') throw new KalshiLookupError(`list orders: ${describeOutcome(outcome)}`);
      const parsed = parseKalshiOrdersPage(outcome.body);
      if (!parsed.ok) throw new KalshiLookupError(describeKalshiParseError(parsed.error));
      const found = parsed.value.items.find((o) => o.clientOrderId === clientOrderId);
      if (found) {
        if (known) this.known.set(clientOrderId, { ...known, orderId: found.orderId });
        return found;
      }
      cursor = parsed.value.cursor ?? undefined;
    } while (cursor);
    return null;
  }

  private async fillsOf(orderId: string): Promise<KalshiFill[]> {
    const fills: KalshiFill[] = [];
    let cursor: string | undefined;
    do {
      const outcome = await this.http.request({
        method: 'GET',
        path: '/portfolio/fills',
        query: { order_id: orderId, limit: '1000', cursor },
      });
      if (outcome.kind !== 'ok') throw new KalshiLookupError(`fills: ${describeOutcome(outcome)}`);
      const parsed = parseKalshiFillsPage(outcome.body);
      if (!parsed.ok) throw new KalshiLookupError(describeKalshiParseError(parsed.error));
      fills.push(...parsed.value.items);
      cursor = parsed.value.cursor ?? undefined;
    } while (cursor);
    return fills;
  }
}

/** A venue fill priced on the leg the intent traded, with the venue's own fee. */
function toVenueFill(f: KalshiFill, leg: ContractSide): VenueFill {
  return {
    fillId: asFillId(f.fillId),
    price: leg === 'yes' ? f.yesPrice : f.noPrice,
    qty: f.count,
    fee: (f.fee ?? 0) as Micros,
    liquidity: f.liquidity,
    ts: f.venueTs,
  };
}

function describeOutcome(outcome: KalshiHttpOutcome): string {
  switch (outcome.kind) {
    case 'ok':
      return `HTTP ${outcome.status}`;
    case 'http_error':
      return describeKalshiError(outcome.status, outcome.body);
    case 'rate_limited':
      return 'rate limited';
    case 'timeout':
      return 'timed out';
    case 'network':
      return outcome.reason;
  }
}
