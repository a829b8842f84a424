/**
 * The Polymarket US venue client behind VenueClient. Orders are limit orders sent with
 * `synchronousExecution`, so the answer carries the executions (fills with their fees) of an
 * order that trades at once. Outcomes of submit:
 * - a 4xx is `rejected` (including the venue's "Global Rate Limit Exceeded" 5-s stopgap, which
 *   is a rejection, not a limit); a 429 is `rate_limited`;
 * - a timeout, a 5xx or a broken connection is `unresolved`: the order may exist, and getOrder
 *   finds it without resending (see order-store.ts). The POST is never retried here.
 */
import type { OrderIntent } from '../../core/events.js';
import type { ClientOrderId, InstrumentId } from '../../core/ids.js';
import { type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { SubmitOutcome, VenueAccount, VenueClient, VenueFill, VenueOrderReport } from '../port.js';
import { PmusAccount } from './account.js';
import { centisToQuantity, microsToAmount } from './amounts.js';
import { PmusLookupError } from './errors.js';
import { describePmusError, describePmusOutcome, type PmusHttp } from './http.js';
import { pmusSlugOf } from './ids.js';
import { type PmusOrderRecord, PmusOrderStore } from './order-store.js';
import {
  type PmusIntent,
  type PmusOrder,
  parseCreateOrderResponse,
  parseExecution,
  parseGetOrderResponse,
  parseOpenOrders,
} from './parse.js';
import { buildReport, fillOfExecution, fillOfTrade } from './report.js';
import { listTrades } from './trades.js';

export interface PmusVenueClientOptions {
  readonly http: PmusHttp;
  readonly live?: boolean;
  /** The market slug of an instrument; strips `polymarket-us:` by default. */
  readonly slugOf?: (instrumentId: InstrumentId) => string | null;
  /** Seconds the venue may block a synchronous create (default 5). */
  readonly maxBlockSeconds?: number;
  readonly now?: () => number;
}

const TIF = {
  IOC: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
  FOK: 'TIME_IN_FORCE_FILL_OR_KILL',
  GTC: 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
} as const;

export function pmusIntentOf(action: 'buy' | 'sell', side: 'yes' | 'no'): PmusIntent {
  if (side === 'yes') return action === 'buy' ? 'ORDER_INTENT_BUY_LONG' : 'ORDER_INTENT_SELL_LONG';
  return action === 'buy' ? 'ORDER_INTENT_BUY_SHORT' : 'ORDER_INTENT_SELL_SHORT';
}

export class PolymarketUsVenueClient implements VenueClient {
  readonly venue = 'polymarket-us' as const;
  readonly live: boolean;
  readonly account: VenueAccount;
  private readonly http: PmusHttp;
  private readonly store = new PmusOrderStore();
  private readonly slugOf: (instrumentId: InstrumentId) => string | null;
  private readonly maxBlockSeconds: number;
  private readonly now: () => number;

  constructor(options: PmusVenueClientOptions) {
    this.http = options.http;
    this.live = options.live ?? false;
    this.slugOf = options.slugOf ?? pmusSlugOf;
    this.maxBlockSeconds = options.maxBlockSeconds ?? 5;
    this.now = options.now ?? Date.now;
    this.account = new PmusAccount({ http: options.http, store: this.store });
  }

  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    if (intent.venue !== 'polymarket-us')
      return { kind: 'rejected', reason: `order for ${intent.venue} sent to polymarket-us` };
    const slug = this.slugOf(intent.instrumentId);
    if (slug === null)
      return { kind: 'rejected', reason: `no Polymarket US market for ${intent.instrumentId}` };
    if (intent.qty <= 0 || intent.qty % 100 !== 0)
      return {
        kind: 'rejected',
        reason: `Polymarket US sports markets trade whole contracts, got ${intent.qty / 100}`,
      };
    // One YES instrument: the price of any intent is the YES price (buy NO at 0.40 = 0.60).
    const yesPrice = (intent.side === 'yes' ? intent.limitPrice : ONE_DOLLAR - intent.limitPrice) as Micros;
    const record = this.store.add({
      clientOrderId: intent.clientOrderId,
      slug,
      intent: pmusIntentOf(intent.action, intent.side),
      yesPrice,
      qty: intent.qty,
      leg: intent.side,
      sentAtMs: this.now(),
    });
    const outcome = await this.http.request({
      method: 'POST',
      path: '/v1/orders',
      body: {
        marketSlug: slug,
        intent: record.intent,
        type: 'ORDER_TYPE_LIMIT',
        price: microsToAmount(yesPrice),
        quantity: centisToQuantity(intent.qty),
        tif: TIF[intent.tif],
        manualOrderIndicator: 'MANUAL_ORDER_INDICATOR_AUTOMATIC',
        synchronousExecution: true,
        maxBlockTime: String(this.maxBlockSeconds),
      },
    });
    switch (outcome.kind) {
      case 'rate_limited':
        return { kind: 'rate_limited', retryAfterMs: 1_000 };
      case 'timeout':
        return { kind: 'unresolved', reason: 'create order timed out; the order may exist' };
      case 'network':
        return { kind: 'unresolved', reason: `create order failed in transit: ${outcome.reason}` };
      case 'http_error':
        return outcome.status >= 500
          ? {
              kind: 'unresolved',
              reason: `create order answered ${describePmusError(outcome.status, outcome.body)}`,
            }
          : { kind: 'rejected', reason: describePmusError(outcome.status, outcome.body) };
      case 'ok':
        break;
    }
    const created = parseCreateOrderResponse(outcome.body);
    if (!created.ok)
      return {
        kind: 'unresolved',
        reason: `unreadable create response: ${this.http.unreadableAnswer(created.error)}`,
      };
    this.store.bind(record, created.value.id);
    this.store.addExecutions(created.value.id, created.value.executions ?? []);
    const rejected = created.value.executions?.find((e) => e.type === 'EXECUTION_TYPE_REJECTED');
    if (rejected)
      return {
        kind: 'rejected',
        reason: `${rejected.orderRejectReason ?? 'rejected'}${rejected.text ? `: ${rejected.text}` : ''}`,
      };
    try {
      const report = await this.getOrder(intent.clientOrderId);
      if (report) return { kind: 'accepted', report };
    } catch {
      // The order exists; its details could not be read just now: report what the answer said.
    }
    const last = created.value.executions?.at(-1)?.order;
    if (!last) return { kind: 'unresolved', reason: `order ${created.value.id} created, its state unread` };
    return { kind: 'accepted', report: buildReport(record, last, this.fillsFromExecutions(record, last.id)) };
  }

  /**
   * One text frame of the private channel (`SUBSCRIPTION_TYPE_ORDER`, the account's own
   * orders): each execution is kept by order id, so a fill and its fee are known without
   * reading the activity feed. Returns whether the frame carried an execution. Never throws; an unreadable
   * execution is counted with the REST ones.
   */
  onPrivateText(text: string): boolean {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      return false;
    }
    const update = (msg as { orderSubscriptionUpdate?: { execution?: unknown } } | null)
      ?.orderSubscriptionUpdate;
    if (!update) return false;
    const parsed = parseExecution(update.execution);
    if (!parsed.ok) {
      this.http.unreadableAnswer(parsed.error);
      return false;
    }
    // Kept even before the create's answer names the order (the channel is often first).
    this.store.addExecutions(parsed.value.order.id, [parsed.value]);
    return true;
  }

  async getOrder(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const record = this.store.get(clientOrderId);
    if (!record) return null;
    const order =
      record.orderId === null ? await this.recover(record) : await this.fetchOrder(record.orderId);
    if (!order) return null;
    return buildReport(record, order, await this.fillsOf(record, order));
  }

  async cancel(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const report = await this.getOrder(clientOrderId);
    const record = this.store.get(clientOrderId);
    if (!report || !record || report.status !== 'resting') return report;
    const outcome = await this.http.request({
      method: 'POST',
      path: `/v1/order/${encodeURIComponent(report.venueOrderId)}/cancel`,
      body: { marketSlug: record.slug },
    });
    // A 4xx means it is no longer working (filled or canceled meanwhile): the lookup tells.
    if (outcome.kind !== 'ok' && !(outcome.kind === 'http_error' && outcome.status < 500))
      throw new PmusLookupError(`cancel of ${clientOrderId} not confirmed: ${describePmusOutcome(outcome)}`);
    return this.getOrder(clientOrderId);
  }

  private async fetchOrder(orderId: string): Promise<PmusOrder | null> {
    const outcome = await this.http.request({
      method: 'GET',
      path: `/v1/order/${encodeURIComponent(orderId)}`,
    });
    if (outcome.kind === 'http_error' && outcome.status === 404) return null;
    if (outcome.kind !== 'ok')
      throw new PmusLookupError(`get order ${orderId}: ${describePmusOutcome(outcome)}`);
    const parsed = parseGetOrderResponse(outcome.body);
    if (!parsed.ok) throw new PmusLookupError(this.http.unreadableAnswer(parsed.error));
    return parsed.value.order;
  }

  /**
   * A create whose answer was lost: found among the market's open orders; if not there but the
   * market traded for us since the send, the order may have filled and cannot be named, so the
   * lookup fails (still unresolved) rather than say it never arrived.
   */
  private async recover(record: PmusOrderRecord): Promise<PmusOrder | null> {
    const outcome = await this.http.request({
      method: 'GET',
      path: '/v1/orders/open',
      query: { slugs: [record.slug] },
    });
    if (outcome.kind !== 'ok') throw new PmusLookupError(`open orders: ${describePmusOutcome(outcome)}`);
    const parsed = parseOpenOrders(outcome.body);
    if (!parsed.ok) throw new PmusLookupError(this.http.unreadableAnswer(parsed.error));
    const found = this.store.matchOpenOrder(record, parsed.value.orders);
    if (found) {
      this.store.bind(record, found.id);
      return found;
    }
    const claimed = this.store.claimedTradeIds();
    const since = record.sentAtMs - 30_000;
    const trades = (await listTrades(this.http, record.slug)).filter(
      (t) => !claimed.has(t.tradeId) && (t.ts ?? since) >= since,
    );
    if (trades.length > 0)
      throw new PmusLookupError(
        `${record.clientOrderId}: not among open orders, but ${trades.length} unattributed trade(s) on ${record.slug} since it was sent`,
      );
    return null;
  }

  private fillsFromExecutions(record: PmusOrderRecord, orderId: string): VenueFill[] {
    const fills: VenueFill[] = [];
    for (const e of this.store.executionsOf(orderId)) {
      const fill = fillOfExecution(e, record.leg);
      if (fill) fills.push(fill);
    }
    return fills;
  }

  /**
   * Fills from the executions seen; where the venue counts more filled than those (a resting
   * order that traded later), the market's unattributed trades since the order was created make
   * up the rest, priced with the published fee schedule.
   */
  private async fillsOf(record: PmusOrderRecord, order: PmusOrder): Promise<VenueFill[]> {
    const fills = this.fillsFromExecutions(record, order.id);
    let missing = (order.cumQuantity ?? 0) - fills.reduce((s, f) => s + f.qty, 0);
    if (missing <= 0) return fills;
    const claimed = this.store.claimedTradeIds();
    const since = order.createTime ?? record.sentAtMs - 30_000;
    for (const t of await listTrades(this.http, record.slug)) {
      if (missing <= 0) break;
      if (claimed.has(t.tradeId) || (t.ts ?? since) < since) continue;
      const qty = Math.min(missing, t.qty);
      fills.push(fillOfTrade(t, record.leg, qty as typeof t.qty));
      missing -= qty;
    }
    return fills;
  }
}
