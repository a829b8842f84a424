/**
 * A scripted market maker: rests GTC orders for a wallet of its own, straight on the exchange
 * (no signature: it stands for the venue's other participants), so a book has depth before
 * anyone trades. Pure. Quotes are on token 0 of the market: bids BUY it, asks SELL it, and the
 * maker is given the shares it sells by splitting pUSD (as a real maker would).
 */
import type { Micros } from '../../core/money.js';
import type { Quote } from '../market-maker.js';
import type { PolySimExchange } from './exchange.js';
import type { PolyRefusal } from './records.js';

export interface PolyMakerQuotes {
  /** The maker's wallet (its account id). */
  readonly account: string;
  readonly conditionId: string;
  /** Token-0 bids and asks as [price micro-dollars, size micro-shares]. */
  readonly bids: readonly (readonly [Micros, number])[];
  readonly asks: readonly (readonly [Micros, number])[];
}

export const SIM_MAKER_OWNER = 'sim-maker';

/** Places each level as one resting post-only order; returns the refusals, if any. */
export function placePolyMakerQuotes(
  exchange: PolySimExchange,
  quotes: PolyMakerQuotes,
  nowMs: number,
): PolyRefusal[] {
  const market = exchange.markets.get(quotes.conditionId);
  if (!market) return [{ status: 404, error: `no market ${quotes.conditionId}` }];
  const [token0] = market.spec.tokenIds;
  const account = exchange.account(quotes.account);
  const askShares = quotes.asks.reduce((sum, [, size]) => sum + size, 0);
  const have = exchange.availableShares(account, token0);
  if (askShares > have) exchange.split(quotes.account, quotes.conditionId, askShares - have);
  const refusals: PolyRefusal[] = [];
  const levels = [
    ...quotes.bids.map(([price, size]) => ({ side: 'BUY' as const, price, size })),
    ...quotes.asks.map(([price, size]) => ({ side: 'SELL' as const, price, size })),
  ];
  for (const level of levels) {
    const result = exchange.place(
      {
        orderId: exchange.nextLocalOrderId(),
        accountId: account.accountId,
        makerAddress: quotes.account,
        owner: SIM_MAKER_OWNER,
        tokenId: token0,
        side: level.side,
        price: level.price,
        size: level.size,
        orderType: 'GTC',
        postOnly: true,
        expirationSeconds: 0,
      },
      nowMs,
    );
    if (!result.ok) refusals.push(result.refusal);
  }
  return refusals;
}

/** Micro-shares per centi-contract: one share is one contract. */
const MICRO_SHARES_PER_CENTI = 10_000;

/**
 * Replaces the maker's orders in a market with a quote from the shared simulated maker
 * (`src/sim/market-maker.ts`, probabilities of token 0): cancel everything, then rest the
 * new levels. Returns the refusals, if any.
 */
export function requotePolyMaker(
  exchange: PolySimExchange,
  opts: { readonly account: string; readonly conditionId: string; readonly quote: Quote },
  nowMs: number,
): PolyRefusal[] {
  exchange.cancelWhere(opts.account, (o) => o.conditionId === opts.conditionId, nowMs);
  const level = (l: Quote['bids'][number]) => [l.price, l.qty * MICRO_SHARES_PER_CENTI] as const;
  return placePolyMakerQuotes(
    exchange,
    {
      account: opts.account,
      conditionId: opts.conditionId,
      bids: opts.quote.bids.map(level),
      asks: opts.quote.asks.map(level),
    },
    nowMs,
  );
}
