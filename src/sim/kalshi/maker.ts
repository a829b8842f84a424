/**
 * A scripted market maker: rests good-till-canceled orders for an account of its own, so a
 * book has depth before anyone trades. Pure; it places orders through the exchange like anyone.
 */
import type { Centis, Micros } from '../../core/money.js';
import type { Quote } from '../market-maker.js';
import type { KalshiSimExchange } from './exchange.js';
import type { SimRefusal } from './exchange-types.js';

export interface MakerQuotes {
  readonly accountId: string;
  readonly ticker: string;
  /** YES bids and YES asks as [price, count] in micro-dollars and centi-contracts. */
  readonly bids: readonly (readonly [Micros, Centis])[];
  readonly asks: readonly (readonly [Micros, Centis])[];
}

/** Places each level as one resting order; returns the refusals, if any. */
export function placeMakerQuotes(
  exchange: KalshiSimExchange,
  quotes: MakerQuotes,
  nowMs: number,
): SimRefusal[] {
  const refusals: SimRefusal[] = [];
  const levels = [
    ...quotes.bids.map(([price, count]) => ({ side: 'bid' as const, price, count })),
    ...quotes.asks.map(([price, count]) => ({ side: 'ask' as const, price, count })),
  ];
  for (const level of levels) {
    const result = exchange.createOrder(
      {
        accountId: quotes.accountId,
        ticker: quotes.ticker,
        clientOrderId: '',
        side: level.side,
        price: level.price,
        count: level.count,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
        postOnly: true,
        expirationTime: null,
      },
      nowMs,
    );
    if (!result.ok) refusals.push(result.refusal);
  }
  return refusals;
}

/**
 * Replaces an account's resting orders in a market with a simulated maker's quote
 * (`src/sim/market-maker.ts`, YES prices) in one batch, so the WebSocket feed sends the net
 * change and never a book half-way between the cancels and the new levels. Forgets the
 * account's finished orders after (a maker requotes all day). Returns the refusals, if any.
 */
export function requoteKalshiMaker(
  exchange: KalshiSimExchange,
  opts: { readonly accountId: string; readonly ticker: string; readonly quote: Quote },
  nowMs: number,
): SimRefusal[] {
  const { accountId, ticker, quote } = opts;
  const refusals = exchange.batch(() => {
    for (const order of exchange.markets.get(ticker)?.book.resting() ?? [])
      if (order.accountId === accountId) exchange.cancelOrder(accountId, order.orderId, nowMs);
    return placeMakerQuotes(
      exchange,
      {
        accountId,
        ticker,
        bids: quote.bids.map((l) => [l.price, l.qty] as const),
        asks: quote.asks.map((l) => [l.price, l.qty] as const),
      },
      nowMs,
    );
  });
  exchange.forgetFinishedOrders(accountId);
  return refusals;
}
