/**
 * The money side of the simulated Polymarket: what an order must hold, the order rules checked
 * before matching, and one fill's transfers (pUSD, shares, taker fee) with the trade record it
 * leaves. Pure. Cash legs round in the exchange's favour: buyers pay the ceiling, sellers get
 * the floor, and the difference is returned as `dustPico` (1e-12 dollars) so the books balance.
 */
import type { Micros } from '../../core/money.js';
import {
  mulCeil,
  mulFloor,
  type SimPolyMarket,
  type SimPolyResolution,
  takerFee,
  tickMicros,
} from './market.js';
import type { NewPolyOrder, PolySide, SimPolyAccount, SimPolyOrder, SimPolyTrade } from './records.js';

export const toFrame = (tokenIndex: 0 | 1, price: Micros) =>
  tokenIndex === 0 ? price : ((1_000_000 - price) as Micros);

/**
 * What an order holds: shares for a SELL; for a BUY its cash at the limit plus the largest
 * taker fee it could pay at any fill price up to the limit (p(1−p) peaks at 0.5).
 */
export function orderReserve(
  market: SimPolyMarket,
  side: PolySide,
  price: Micros,
  remaining: number,
): number {
  if (remaining <= 0) return 0;
  if (side === 'SELL') return remaining;
  const worstFeePrice = Math.min(price, 500_000) as Micros;
  return mulCeil(remaining, price) + takerFee(market.spec.fee, worstFeePrice, remaining);
}

/** The first rule an order breaks, in the venue's words where known, or null. */
export function orderRuleBroken(market: SimPolyMarket, req: NewPolyOrder, nowMs: number): string | null {
  if (market.status !== 'open') return 'market is closed: orders are not accepted';
  const tick = tickMicros(market.tickSize);
  if (req.price % tick !== 0)
    return `order ${req.orderId} is invalid. Price (${req.price / 1e6}) breaks minimum tick size rule: ${market.tickSize}`;
  if (req.price < tick || req.price > 1_000_000 - tick)
    return `invalid price (${req.price / 1e6}), min: ${tick / 1e6} - max: ${1 - tick / 1e6}`;
  const resting = req.orderType === 'GTC' || req.orderType === 'GTD';
  if (resting && req.size < market.spec.minOrderSize)
    return `Size (${req.size / 1e6}) lower than the minimum: ${market.spec.minOrderSize / 1e6}`;
  if (req.postOnly && !resting) return 'invalid post-only order: only GTC and GTD orders can be post-only';
  if (req.orderType === 'GTD' && req.expirationSeconds * 1000 <= nowMs + 60_000)
    return 'invalid expiration: a GTD order must expire at least one minute from now';
  if (req.orderType !== 'GTD' && req.expirationSeconds !== 0)
    return 'invalid expiration: only GTD orders can expire';
  return null;
}

/** Moves the money and shares of one fill and returns the trade it makes. */
export function settleFill(opts: {
  readonly market: SimPolyMarket;
  readonly taker: SimPolyOrder;
  readonly maker: SimPolyOrder;
  readonly framePrice: Micros;
  readonly size: number;
  readonly nowMs: number;
  readonly tradeSeq: number;
  readonly account: (id: string) => SimPolyAccount;
}): { trade: SimPolyTrade; dustPico: bigint } {
  const { market, taker, maker, framePrice, size, nowMs, tradeSeq } = opts;
  let dustPico = 0n;
  for (const o of [taker, maker]) {
    const price = toFrame(o.tokenIndex, framePrice);
    const a = opts.account(o.accountId);
    const shares = a.shares.get(o.tokenId) ?? 0;
    const exact = BigInt(size) * BigInt(price);
    if (o.side === 'BUY') {
      const cost = mulCeil(size, price);
      dustPico += BigInt(cost) * 1_000_000n - exact;
      a.collateral = (a.collateral - cost) as Micros;
      a.shares.set(o.tokenId, shares + size);
    } else {
      const proceeds = mulFloor(size, price);
      dustPico += exact - BigInt(proceeds) * 1_000_000n;
      a.collateral = (a.collateral + proceeds) as Micros;
      a.shares.set(o.tokenId, shares - size);
    }
    o.sizeMatched += size;
  }
  const takerPrice = toFrame(taker.tokenIndex, framePrice);
  const fee = takerFee(market.spec.fee, takerPrice, size);
  const takerAccount = opts.account(taker.accountId);
  takerAccount.collateral = (takerAccount.collateral - fee) as Micros;
  takerAccount.feesPaid = (takerAccount.feesPaid + fee) as Micros;
  maker.reserve = orderReserve(market, maker.side, maker.price, maker.originalSize - maker.sizeMatched);
  if (maker.sizeMatched >= maker.originalSize) {
    maker.status = 'MATCHED';
    maker.reserve = 0;
  }
  market.lastTradePrice = framePrice;
  const id = tradeUuid(tradeSeq);
  taker.associateTrades.push(id);
  maker.associateTrades.push(id);
  const trade: SimPolyTrade = {
    id,
    conditionId: market.spec.conditionId,
    takerOrderId: taker.orderId,
    takerAccountId: taker.accountId,
    takerOwner: taker.owner,
    takerAddress: taker.makerAddress,
    tokenId: taker.tokenId,
    outcome: market.spec.outcomes[taker.tokenIndex],
    side: taker.side,
    price: takerPrice,
    size,
    takerFee: fee,
    feeRateBps: Math.round(market.spec.fee.ratePpm / 100),
    maker: {
      orderId: maker.orderId,
      owner: maker.owner,
      makerAddress: maker.makerAddress,
      accountId: maker.accountId,
      tokenId: maker.tokenId,
      outcome: market.spec.outcomes[maker.tokenIndex],
      side: maker.side,
      price: toFrame(maker.tokenIndex, framePrice),
      size,
    },
    status: 'MATCHED',
    matchMs: nowMs,
    lastUpdateMs: nowMs,
    transactionHash: `0x${tradeSeq.toString(16).padStart(64, '0')}`,
  };
  return { trade, dustPico };
}

/**
 * Pays every holder of a resolved market's tokens and takes the tokens back: $1 per share of
 * the winning token, or $0.50 per share of either when it resolves 50-50. A holder of an odd
 * number of micro-shares in a 50-50 gets the floor; the half micro-dollar left is returned as
 * dust (1e-12 dollars), so the books still balance.
 */
export function payResolution(
  accounts: Iterable<SimPolyAccount>,
  tokenIds: readonly [string, string],
  resolution: SimPolyResolution,
): bigint {
  let dustPico = 0n;
  for (const a of accounts) {
    const held = tokenIds.map((t) => a.shares.get(t) ?? 0);
    if (resolution.kind === 'winner') {
      a.collateral = (a.collateral + (held[resolution.index] ?? 0)) as Micros;
    } else {
      const both = (held[0] ?? 0) + (held[1] ?? 0);
      a.collateral = (a.collateral + Math.floor(both / 2)) as Micros;
      dustPico += BigInt(both % 2) * 500_000n;
    }
    for (const t of tokenIds) a.shares.delete(t);
  }
  return dustPico;
}

/** Trade ids look like the venue's UUIDs; a counter keeps them deterministic. */
function tradeUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
