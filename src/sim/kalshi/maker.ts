/**
 * A scripted market maker: rests good-till-canceled orders for an account of its own, so a
 * book has depth before anyone trades. Pure; it places orders through the exchange like anyone.
 */
import type { Centis, Micros } from '../../core/money.js';
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
