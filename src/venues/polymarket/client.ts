/**
 * The Polymarket CLOB V2 venue client behind VenueClient. Each outcome token is a YES
 * instrument (`polymarket:<token>`); buying its NO side buys the complement token. Outcomes of
 * submit:
 * - a price or size the venue would refuse, or a 4xx refusal, is `rejected`; 429 is `rate_limited`;
 * - a refused connection (nothing sent) is `transport`;
 * - a timeout, a 5xx, a broken connection or an unreadable answer is `unresolved`: the order
 *   hash was recorded before sending, so getOrder asks the venue for exactly that order.
 * The POST is never retried here.
 */
import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { OrderIntent } from '../../core/events.js';
import { tradeFee } from '../../core/fees.js';
import { asFillId, asVenueOrderId, type ClientOrderId } from '../../core/ids.js';
import { type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { SubmitOutcome, VenueClient, VenueFill, VenueOrderReport } from '../port.js';
import { PolymarketAccount } from './account.js';
import { describePolymarketParseError, PolymarketAmountError } from './errors.js';
import { describeOutcome, type PolymarketHttp, type PolymarketHttpOutcome } from './http.js';
import { type PolymarketMarketInfo, PolymarketMarkets } from './markets.js';
import { type BuiltOrder, buildOrder } from './order-build.js';
import {
  InMemoryOrderStore,
  listTrades,
  PolymarketLookupError,
  type PolymarketOrderRecord,
  type PolymarketOrderStore,
} from './order-store.js';
import { isKill, isVersionMismatch, killedReport, statusOf, submitFailure } from './submit-outcome.js';

export { InMemoryOrderStore, PolymarketLookupError, type PolymarketOrderRecord, type PolymarketOrderStore };

import { type PolymarketOrder, type PolymarketTrade, parsePolymarketOrder } from './parse.js';
import { type MicroShares, sharesToCentis } from './parse-fields.js';
import {
  OrderSigner,
  type PolymarketChainId,
  SIGNATURE_TYPES,
  type SignatureTypeName,
} from './sign-order.js';

export interface PolymarketVenueClientOptions {
  readonly http: PolymarketHttp;
  readonly privateKey: Hex;
  readonly chainId?: PolymarketChainId;
  readonly signatureType?: SignatureTypeName;
  /** The funding wallet; required unless the signature type is EOA. */
  readonly funderAddress?: Address;
  /** Markets known from discovery; others are resolved over REST. */
  readonly markets?: readonly PolymarketMarketInfo[];
  readonly store?: PolymarketOrderStore;
  /**
   * The intent behind a client order id, from wherever the caller keeps them (the order
   * manager's store). With it, an order sent by an earlier process is found after a restart:
   * the order is rebuilt from its intent, which gives the same hash (salt from the client order
   * id, timestamp from the intent's time).
   */
  readonly intentOf?: (clientOrderId: ClientOrderId) => Promise<OrderIntent | null>;
  readonly now?: () => number;
  readonly live?: boolean;
}

const tokenOfInstrument = (id: string): string | null =>
  id.startsWith('polymarket:') && /^\d{1,78}$/.test(id.slice(11)) ? id.slice(11) : null;

export class PolymarketVenueClient implements VenueClient {
  readonly venue = 'polymarket' as const;
  /**
   * Sent again, an order is signed identically (salt and time from its intent), so it has the
   * same hash: the exchange contract fills an order hash at most once in full.
   */
  readonly resendSafe = true;
  readonly live: boolean;
  readonly markets: PolymarketMarkets;
  readonly account: PolymarketAccount;
  private readonly http: PolymarketHttp;
  private readonly signer: OrderSigner;
  private readonly signerAddress: Address;
  private readonly maker: Address;
  private readonly signatureType: number;
  private readonly chainId: PolymarketChainId;
  private readonly store: PolymarketOrderStore;
  private readonly now: () => number;
  private readonly intentOf: PolymarketVenueClientOptions['intentOf'];

  constructor(options: PolymarketVenueClientOptions) {
    this.http = options.http;
    this.live = options.live ?? false;
    this.signer = new OrderSigner(options.privateKey);
    this.signerAddress = privateKeyToAccount(options.privateKey).address;
    const typeName = options.signatureType ?? 'EOA';
    if (typeName !== 'EOA' && !options.funderAddress)
      throw new Error(`Polymarket signature type ${typeName} needs a funder address`);
    this.signatureType = SIGNATURE_TYPES[typeName];
    this.maker = options.funderAddress ?? this.signerAddress;
    this.chainId = options.chainId ?? 137;
    this.store = options.store ?? new InMemoryOrderStore();
    this.now = options.now ?? Date.now;
    this.intentOf = options.intentOf;
    this.markets = new PolymarketMarkets(options.http);
    for (const m of options.markets ?? []) this.markets.add(m);
    this.account = new PolymarketAccount({
      http: options.http,
      signatureType: this.signatureType,
      store: this.store,
      markets: this.markets,
      fillIdsOf: (t) => this.fillsOfTrade(t).map((f) => f.fillId),
    });
  }

  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    if (intent.venue !== 'polymarket')
      return { kind: 'rejected', reason: `order for ${intent.venue} sent to polymarket` };
    const token = tokenOfInstrument(intent.instrumentId);
    if (token === null) return { kind: 'rejected', reason: `no Polymarket token in ${intent.instrumentId}` };
    const apiKey = this.http.apiKey;
    if (apiKey === null) return { kind: 'transport', reason: 'no API credentials: derive them first' };
    let market: PolymarketMarketInfo;
    try {
      market = await this.markets.resolve(token);
    } catch (error) {
      return { kind: 'transport', reason: `market of ${token} unknown, nothing sent: ${String(error)}` };
    }
    let sent = await this.signAndPost(intent, token, market, apiKey);
    if ('refused' in sent) return sent.refused;
    if (isVersionMismatch(sent.outcome)) {
      // Provably refused, so signing again for the other exchange domain cannot duplicate it
      // (the SDK re-reads /version on this error; the market's own version is what counts).
      market = { ...market, domainVersion: market.domainVersion === '2' ? '3' : '2' };
      this.markets.add(market);
      sent = await this.signAndPost(intent, token, market, apiKey);
      if ('refused' in sent) return sent.refused;
    }
    const { built, outcome } = sent;
    if (isKill(outcome, intent.tif)) {
      const record = this.store.get(intent.clientOrderId);
      if (record) this.store.set(intent.clientOrderId, { ...record, killed: true });
      return { kind: 'accepted', report: killedReport(intent.clientOrderId, built.orderHash, intent.qty) };
    }
    const refused = submitFailure(outcome);
    if (refused) return refused;
    if (outcome.kind !== 'ok') return { kind: 'unresolved', reason: describeOutcome(outcome) };
    const body = outcome.body as { success?: unknown; errorMsg?: unknown; orderID?: unknown } | null;
    if (body && body.success === false)
      return { kind: 'rejected', reason: `order refused: ${String(body.errorMsg ?? 'no reason given')}` };
    if (typeof body?.orderID === 'string' && body.orderID.toLowerCase() !== built.orderHash.toLowerCase())
      return {
        kind: 'unresolved',
        reason: `venue answered order id ${body.orderID}, not the hash ${built.orderHash} signed`,
      };
    try {
      const report = await this.getOrder(intent.clientOrderId);
      if (report) return { kind: 'accepted', report };
    } catch (error) {
      return { kind: 'unresolved', reason: `accepted, but not readable yet: ${String(error)}` };
    }
    return { kind: 'unresolved', reason: 'accepted, but the venue does not know the order yet' };
  }

  /** The record of an order this process did not send, rebuilt from its intent; null without one. */
  private async rebuildRecord(clientOrderId: ClientOrderId): Promise<PolymarketOrderRecord | null> {
    const intent = await this.intentOf?.(clientOrderId);
    // Without the intent's own time the hash cannot be reproduced.
    if (!intent || intent.ts <= 0) return null;
    const token = tokenOfInstrument(intent.instrumentId);
    if (token === null) return null;
    const market = await this.markets.resolve(token);
    const built = await buildOrder({
      intent,
      tokenId: token,
      market,
      identity: {
        signer: this.signer,
        chainId: this.chainId,
        signerAddress: this.signerAddress,
        maker: this.maker,
        signatureType: this.signatureType,
        owner: this.http.apiKey ?? '',
      },
      nowMs: intent.ts,
    });
    const record: PolymarketOrderRecord = {
      orderHash: built.orderHash,
      instrumentToken: token,
      tradedToken: built.tokenId,
      leg: intent.side,
      conditionId: market.conditionId,
      qty: intent.qty,
    };
    this.store.set(clientOrderId, record);
    return record;
  }

  /** Builds and signs the order, records its hash, then posts it once. */
  private async signAndPost(
    intent: OrderIntent,
    token: string,
    market: PolymarketMarketInfo,
    apiKey: string,
  ): Promise<{ built: BuiltOrder; outcome: PolymarketHttpOutcome } | { refused: SubmitOutcome }> {
    let built: BuiltOrder;
    try {
      built = await buildOrder({
        intent,
        tokenId: token,
        market,
        identity: {
          signer: this.signer,
          chainId: this.chainId,
          signerAddress: this.signerAddress,
          maker: this.maker,
          signatureType: this.signatureType,
          owner: apiKey,
        },
        nowMs: this.now(),
      });
    } catch (error) {
      if (error instanceof PolymarketAmountError)
        return { refused: { kind: 'rejected', reason: error.message } };
      throw error;
    }
    // Recorded before sending: whatever happens to the answer, the order can be looked up.
    this.store.set(intent.clientOrderId, {
      orderHash: built.orderHash,
      instrumentToken: token,
      tradedToken: built.tokenId,
      leg: intent.side,
      conditionId: market.conditionId,
      qty: intent.qty,
    });
    const outcome = await this.http.request({
      method: 'POST',
      path: '/order',
      body: built.body,
      auth: 'l2',
      limit: 'postOrder',
    });
    return { built, outcome };
  }

  async getOrder(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const record = this.store.get(clientOrderId) ?? (await this.rebuildRecord(clientOrderId));
    if (!record) return null;
    const order = await this.fetchOrder(record.orderHash);
    if (!order) return record.killed ? killedReport(clientOrderId, record.orderHash, record.qty) : null;
    const trades = await this.tradesOf(record, order);
    const market = this.markets.known(record.instrumentToken);
    const fills = trades.flatMap((t) => this.fillsOfTrade(t, record.orderHash, market));
    return {
      clientOrderId,
      venueOrderId: asVenueOrderId(order.orderId),
      status: statusOf(order),
      qty: sharesToCentis(order.originalSize),
      filledQty: sharesToCentis(order.sizeMatched),
      fills,
    };
  }

  async cancel(clientOrderId: ClientOrderId): Promise<VenueOrderReport | null> {
    const record = this.store.get(clientOrderId) ?? (await this.rebuildRecord(clientOrderId));
    if (!record) return null;
    const order = await this.fetchOrder(record.orderHash);
    if (!order) return null;
    if (statusOf(order) === 'resting') {
      const outcome = await this.http.request({
        method: 'DELETE',
        path: '/order',
        body: { orderID: record.orderHash },
        auth: 'l2',
        limit: 'deleteOrder',
      });
      // A 4xx means it no longer rests (filled or canceled meanwhile): the lookup tells.
      if (outcome.kind !== 'ok' && !(outcome.kind === 'http_error' && outcome.status < 500))
        throw new PolymarketLookupError(
          `cancel of ${clientOrderId} not confirmed: ${describeOutcome(outcome)}`,
        );
    }
    return this.getOrder(clientOrderId);
  }

  /**
   * Our fills in a trade (from `/data/trades` or the user channel), each with the client order
   * id it belongs to. The same trade comes again as its status moves: dedupe by fill id.
   */
  fillsOf(trade: PolymarketTrade): { clientOrderId: ClientOrderId; fill: VenueFill }[] {
    const hashes = new Set([trade.takerOrderId ?? '', ...trade.makerOrders.map((m) => m.orderId)]);
    const out: { clientOrderId: ClientOrderId; fill: VenueFill }[] = [];
    for (const hash of hashes) {
      const clientOrderId = hash ? this.store.clientOrderIdOf(hash) : undefined;
      if (clientOrderId === undefined) continue;
      const record = this.store.get(clientOrderId);
      const market = record ? this.markets.known(record.instrumentToken) : null;
      for (const fill of this.fillsOfTrade(trade, hash, market)) out.push({ clientOrderId, fill });
    }
    return out;
  }

  /** The order by hash; null when the venue does not know it. */
  private async fetchOrder(orderHash: string): Promise<PolymarketOrder | null> {
    const outcome = await this.http.request({
      method: 'GET',
      path: `/data/order/${encodeURIComponent(orderHash)}`,
      auth: 'l2',
    });
    if (outcome.kind === 'http_error' && outcome.status === 404) return null;
    if (outcome.kind !== 'ok') throw new PolymarketLookupError(`get order: ${describeOutcome(outcome)}`);
    const body = outcome.body;
    // The venue answers an unknown id with an empty body or null.
    if (body === null || body === '' || (typeof body === 'object' && Object.keys(body).length === 0))
      return null;
    const parsed = parsePolymarketOrder(body);
    if (!parsed.ok) throw new PolymarketLookupError(describePolymarketParseError(parsed.error));
    return parsed.value;
  }

  /** The account's trades on the order's token that involve the order. */
  private async tradesOf(record: PolymarketOrderRecord, order: PolymarketOrder): Promise<PolymarketTrade[]> {
    if (order.sizeMatched === 0) return [];
    const all = await listTrades(this.http, { asset_id: record.tradedToken });
    const hash = record.orderHash.toLowerCase();
    return all.filter(
      (t) =>
        t.takerOrderId?.toLowerCase() === hash || t.makerOrders.some((m) => m.orderId.toLowerCase() === hash),
    );
  }

  /**
   * Fills of a trade for one of our orders (or every order we know, without `orderHash`):
   * a taker fill per maker order it met, at that maker's price on our token; a maker fill per
   * entry of ours. Fill ids are `<trade id>:<maker order id>`, unique per match.
   */
  private fillsOfTrade(
    trade: PolymarketTrade,
    orderHash?: string,
    market?: PolymarketMarketInfo | null,
  ): VenueFill[] {
    // Without an order in mind, every fill of the account's: the taker side when the trade
    // says we took, and the maker orders our API key placed (or this process knows).
    const apiKey = this.http.apiKey;
    const ours = (hash: string | null, owner?: string | null) =>
      hash !== null &&
      (orderHash === undefined
        ? this.store.clientOrderIdOf(hash) !== undefined ||
          (owner === undefined ? trade.traderSide === 'TAKER' : owner !== null && owner === apiKey)
        : hash.toLowerCase() === orderHash.toLowerCase());
    const fees = (market ?? this.markets.known(trade.tokenId))?.fees ?? { kind: 'none' as const };
    const ts =
      trade.matchTime === null ? 0 : trade.matchTime < 1e12 ? trade.matchTime * 1000 : trade.matchTime;
    const fills: VenueFill[] = [];
    if (ours(trade.takerOrderId)) {
      const legs =
        trade.makerOrders.length > 0
          ? trade.makerOrders.map((m) => ({
              id: m.orderId,
              qty: m.matchedAmount,
              price: (m.tokenId === trade.tokenId ? m.price : ONE_DOLLAR - m.price) as Micros,
            }))
          : [{ id: trade.takerOrderId ?? '', qty: trade.size, price: trade.price }];
      for (const l of legs) {
        const qty = sharesToCentis(l.qty as MicroShares);
        fills.push({
          fillId: asFillId(`${trade.tradeId}:${l.id}`),
          price: l.price,
          qty,
          fee: tradeFee({ schedule: fees, price: l.price, qty, liquidity: 'taker' }),
          liquidity: 'taker',
          ts,
        });
      }
    }
    for (const m of trade.makerOrders) {
      if (!ours(m.orderId, m.owner)) continue;
      fills.push({
        fillId: asFillId(`${trade.tradeId}:${m.orderId}`),
        price: m.price,
        qty: sharesToCentis(m.matchedAmount),
        fee: 0 as Micros,
        liquidity: 'maker',
        ts,
      });
    }
    return fills;
  }
}
