/** The simulator's records as Polymarket US JSON (orders schema, market data, portfolio). */
import type { Micros } from '../../core/money.js';
import { microsToAmount, microsToDecimal } from '../../venues/polymarket-us/amounts.js';
import type { SimPmusExchange } from './exchange.js';
import type { SimPmusExecution, SimPmusMarket, SimPmusOrder, SimPmusOrderView } from './types.js';

const iso = (ms: number) => new Date(ms).toISOString();
const qtyText = (centis: number) => microsToDecimal(centis * 10_000);

export function wireOrder(o: SimPmusOrder, view: SimPmusOrderView = o, market?: SimPmusMarket) {
  const buy = o.intent === 'ORDER_INTENT_BUY_LONG' || o.intent === 'ORDER_INTENT_BUY_SHORT';
  return {
    id: o.id,
    marketSlug: o.slug,
    side: buy ? 'ORDER_SIDE_BUY' : 'ORDER_SIDE_SELL',
    type: 'ORDER_TYPE_LIMIT',
    price: microsToAmount(o.price),
    quantity: o.qty / 100,
    cumQuantity: view.cum / 100,
    leavesQuantity: isOpen(view.state) ? (o.qty - view.cum) / 100 : 0,
    tif: o.tif,
    intent: o.intent,
    state: view.state,
    avgPx: microsToAmount(view.cum > 0 ? Math.round((view.notional * 100) / view.cum) : 0),
    createTime: iso(o.createTimeMs),
    insertTime: iso(o.createTimeMs),
    commissionNotionalTotalCollected: microsToAmount(view.commission),
    commissionsBasisPoints: '695',
    makerCommissionsBasisPoints: '-125',
    marketMetadata: { slug: o.slug, eventSlug: market?.eventSlug ?? '', title: market?.question ?? '' },
  };
}

function isOpen(state: SimPmusOrderView['state']): boolean {
  return (
    state === 'ORDER_STATE_NEW' ||
    state === 'ORDER_STATE_PARTIALLY_FILLED' ||
    state === 'ORDER_STATE_PENDING_NEW'
  );
}

export function wireExecution(e: SimPmusExecution, exchange: SimPmusExchange) {
  const order = exchange.orders.get(e.orderId) as SimPmusOrder;
  return {
    id: e.id,
    order: wireOrder(order, e.orderAfter, exchange.markets.get(order.slug)),
    lastShares: qtyText(e.lastShares),
    lastPx: microsToAmount(e.lastPx ?? 0),
    type: e.type,
    transactTime: iso(e.transactTimeMs),
    ...(e.tradeId ? { tradeId: e.tradeId } : {}),
    ...(e.aggressor === null ? {} : { aggressor: e.aggressor }),
    commissionNotionalCollected: microsToAmount(e.commission),
    ...(e.rejectReason ? { orderRejectReason: e.rejectReason } : {}),
    ...(e.text ? { text: e.text } : {}),
  };
}

const level = ([price, qty]: readonly [Micros, number]) => ({ px: microsToAmount(price), qty: qtyText(qty) });

/** The full book as both the REST `/book` and the `MARKET_DATA` channel send it. */
export function wireMarketData(m: SimPmusMarket, nowMs: number) {
  const { bids, asks } = m.book.levels();
  return {
    marketSlug: m.slug,
    bids: bids.map(level),
    offers: asks.map(level),
    state: m.state,
    stats: {
      ...(m.lastTradePx === null ? {} : { lastTradePx: microsToAmount(m.lastTradePx) }),
    },
    transactTime: iso(nowMs),
  };
}

export function wireBbo(m: SimPmusMarket) {
  const { bids, asks } = m.book.levels();
  return {
    marketSlug: m.slug,
    ...(bids[0] ? { bestBid: microsToAmount(bids[0][0]) } : {}),
    ...(asks[0] ? { bestAsk: microsToAmount(asks[0][0]) } : {}),
    ...(m.lastTradePx === null ? {} : { lastTradePx: microsToAmount(m.lastTradePx) }),
    bidDepth: bids.length,
    askDepth: asks.length,
  };
}

export function wireMarket(m: SimPmusMarket) {
  const bbo = wireBbo(m);
  return {
    id: m.id,
    slug: m.slug,
    question: m.question,
    outcome: m.outcome,
    active: m.state === 'MARKET_STATE_OPEN',
    closed: m.settlement !== null,
    orderPriceMinTickSize: m.tick / 1_000_000,
    minimumTradeQty: 1,
    ...(bbo.bestBid ? { bestBid: Number(bbo.bestBid.value) } : {}),
    ...(bbo.bestAsk ? { bestAsk: Number(bbo.bestAsk.value) } : {}),
    sportsMarketType: m.sportsMarketType,
    sportsMarketTypeV2: 'MONEYLINE',
    eventSlug: m.eventSlug,
    gameStartTime: iso(m.gameStartTimeMs),
    marketSides: [
      {
        identifier: `${m.league}-${m.longTeam.abbreviation.toLowerCase()}`,
        long: true,
        description: m.longTeam.name,
      },
      {
        identifier: `${m.league}-${m.shortTeam.abbreviation.toLowerCase()}`,
        long: false,
        description: m.shortTeam.name,
      },
    ],
    team: { name: m.longTeam.name, abbreviation: m.longTeam.abbreviation.toLowerCase(), league: m.league },
  };
}

export function wirePositions(exchange: SimPmusExchange, accountId: string) {
  const positions: Record<string, unknown> = {};
  for (const [slug, net] of exchange.account(accountId).positions) {
    if (net === 0) continue;
    positions[slug] = {
      netPosition: String(Math.round(net / 100)),
      netPositionDecimal: qtyText(net),
      expired: exchange.markets.get(slug)?.settlement != null,
      marketMetadata: { slug, eventSlug: exchange.markets.get(slug)?.eventSlug ?? '' },
    };
  }
  return { positions, eof: true };
}

export function wireTradeActivities(exchange: SimPmusExchange, accountId: string, slug: string | null) {
  return exchange
    .account(accountId)
    .trades.filter((t) => slug === null || t.slug === slug)
    .map((t) => ({
      type: 'ACTIVITY_TYPE_TRADE',
      trade: {
        id: t.tradeId,
        marketSlug: t.slug,
        state: 'TRADE_STATE_CLEARED',
        price: microsToAmount(t.price),
        qty: String(Math.round(t.qty / 100)),
        qtyDecimal: qtyText(t.qty),
        isAggressor: t.aggressor,
        createTime: iso(t.timeMs),
        updateTime: iso(t.timeMs),
      },
    }));
}
