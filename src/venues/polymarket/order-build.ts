/**
 * An OrderIntent to a signed CLOB V2 order body. The order is fixed before it is sent: the salt
 * is derived from the client order id and the timestamp from the intent, and the order hash
 * (Polymarket's order id) is computed locally, so an order whose answer is lost can be looked up
 * by that hash without sending it again.
 */
import { createHash } from 'node:crypto';
import type { Address, Hex } from 'viem';
import type { OrderIntent, TimeInForce } from '../../core/events.js';
import type { ClientOrderId } from '../../core/ids.js';
import { limitOrderAmounts, ROUNDING_CONFIG } from './amounts.js';
import { PolymarketAmountError } from './errors.js';
import type { PolymarketMarketInfo } from './markets.js';
import {
  exchangeFor,
  type OrderSide,
  type OrderSigner,
  type OrderType,
  type PolymarketChainId,
  type PostOrderBody,
  postOrderBody,
  ZERO_BYTES32,
} from './sign-order.js';

/** IOC keeps what fills and kills the rest: Polymarket's FAK. */
export const ORDER_TYPE_OF: Readonly<Record<TimeInForce, OrderType>> = { IOC: 'FAK', FOK: 'FOK', GTC: 'GTC' };

/** 48 bits of sha256(client order id): a JSON-safe integer, the same every time for one id. */
export function saltFor(clientOrderId: ClientOrderId): bigint {
  return BigInt(`0x${createHash('sha256').update(clientOrderId).digest('hex').slice(0, 12)}`);
}

export interface BuiltOrder {
  readonly orderHash: Hex;
  /** The token actually traded: the intent's token for YES, its complement for NO. */
  readonly tokenId: string;
  readonly side: OrderSide;
  readonly body: PostOrderBody;
}

export interface OrderIdentity {
  readonly signer: OrderSigner;
  readonly chainId: PolymarketChainId;
  /** The signing EOA. */
  readonly signerAddress: Address;
  /** The wallet that holds the funds (the signer for EOA). */
  readonly maker: Address;
  readonly signatureType: number;
  /** The API key: the order body's `owner`. */
  readonly owner: string;
}

/**
 * Throws PolymarketAmountError for a price or size the venue would refuse (off tick, out of
 * range); the caller reports that as a rejection, since nothing was sent.
 */
export async function buildOrder(opts: {
  readonly intent: OrderIntent;
  readonly tokenId: string;
  readonly market: PolymarketMarketInfo;
  readonly identity: OrderIdentity;
  /** Epoch ms used when the intent has no time of its own. */
  readonly nowMs: number;
}): Promise<BuiltOrder> {
  const { intent, market, identity } = opts;
  const [a, b] = market.tokenIds;
  const tokenId = intent.side === 'yes' ? opts.tokenId : opts.tokenId === a ? b : a;
  const side: OrderSide = intent.action === 'buy' ? 'BUY' : 'SELL';
  // The SDK rounds an off-tick price to the nearest tick, which could pay above the limit.
  if (intent.limitPrice % ROUNDING_CONFIG[market.tickSize].tickMicros !== 0)
    throw new PolymarketAmountError(
      `limit price ${intent.limitPrice / 1e6} is not a multiple of tick ${market.tickSize}`,
    );
  // Limit amounts for every type: the intent is a size in contracts at a worst price.
  const amounts = limitOrderAmounts({
    side,
    price: intent.limitPrice,
    size: intent.qty,
    tickSize: market.tickSize,
  });
  const order = {
    salt: saltFor(intent.clientOrderId),
    maker: identity.maker,
    signer: identity.signerAddress,
    tokenId: BigInt(tokenId),
    makerAmount: amounts.makerAmount,
    takerAmount: amounts.takerAmount,
    side,
    signatureType: identity.signatureType,
    timestamp: BigInt(intent.ts > 0 ? intent.ts : opts.nowMs),
    metadata: ZERO_BYTES32,
    builder: ZERO_BYTES32,
  };
  const domain = identity.signer.domainFor({
    version: market.domainVersion,
    chainId: identity.chainId,
    verifyingContract: exchangeFor({
      version: market.domainVersion,
      chainId: identity.chainId,
      negRisk: market.negRisk,
    }),
  });
  const { hash, signature } = await identity.signer.sign(domain, order);
  return {
    orderHash: hash,
    tokenId,
    side,
    body: postOrderBody({ order, signature, owner: identity.owner, orderType: ORDER_TYPE_OF[intent.tif] }),
  };
}
