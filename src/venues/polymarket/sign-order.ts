/**
 * Polymarket CTF Exchange order signing, CLOB V2 era (venues.md §3.5). The domain separator of
 * each (version, chain, exchange) is hashed once; signing an order then hashes only the struct,
 * builds the EIP-712 digest and signs it. Every step uses viem's primitives.
 */
import {
  type Address,
  concat,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hashTypedData,
  keccak256,
  recoverAddress,
  toHex,
} from 'viem';
import { sign } from 'viem/accounts';
import { PolymarketAuthError } from './errors.js';

export type OrderSide = 'BUY' | 'SELL';
export const SIGNATURE_TYPES = { EOA: 0, POLY_PROXY: 1, POLY_GNOSIS_SAFE: 2, POLY_1271: 3 } as const;
export type SignatureTypeName = keyof typeof SIGNATURE_TYPES;
/** The exchange domain version: "2" for CTF markets (Gamma v1), "3" for protocol-V2 markets (Gamma v2). */
export type OrderDomainVersion = '2' | '3';
export type PolymarketChainId = 137 | 80002;
export type OrderType = 'GTC' | 'GTD' | 'FOK' | 'FAK';

/** Exchange addresses from clob-client-v2 src/config.ts (venues.md §3.5). */
export const POLYMARKET_EXCHANGES: Readonly<
  Record<PolymarketChainId, { exchangeV2: Address; negRiskExchangeV2: Address; exchangeV3: Address }>
> = {
  137: {
    exchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B',
    negRiskExchangeV2: '0xe2222d279d744050d28e00520010520000310F59',
    exchangeV3: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa',
  },
  80002: {
    exchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B',
    negRiskExchangeV2: '0xe2222d279d744050d28e00520010520000310F59',
    exchangeV3: '0x9fE6e61422AdB6F610d8597F9684b16912D50C3D',
  },
};

/** V2 orders go to the (neg-risk) V2 exchange; V3 has one exchange for all markets. */
export function exchangeFor(opts: {
  readonly version: OrderDomainVersion;
  readonly chainId: PolymarketChainId;
  readonly negRisk: boolean;
}): Address {
  const c = POLYMARKET_EXCHANGES[opts.chainId];
  if (opts.version === '3') return c.exchangeV3;
  return opts.negRisk ? c.negRiskExchangeV2 : c.exchangeV2;
}

export const ORDER_V2_TYPE =
  'Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,bytes32 builder)';
export const ORDER_V2_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'signer', type: 'address' },
    { name: 'tokenId', type: 'uint256' },
    { name: 'makerAmount', type: 'uint256' },
    { name: 'takerAmount', type: 'uint256' },
    { name: 'side', type: 'uint8' },
    { name: 'signatureType', type: 'uint8' },
    { name: 'timestamp', type: 'uint256' },
    { name: 'metadata', type: 'bytes32' },
    { name: 'builder', type: 'bytes32' },
  ],
} as const;
const ORDER_V2_TYPE_HASH = keccak256(toHex(ORDER_V2_TYPE));
const DOMAIN_TYPE_HASH = keccak256(
  toHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
);
const EXCHANGE_NAME = 'Polymarket CTF Exchange';
const STRUCT_PARAMS = [
  { type: 'bytes32' },
  { type: 'uint256' },
  { type: 'address' },
  { type: 'address' },
  { type: 'uint256' },
  { type: 'uint256' },
  { type: 'uint256' },
  { type: 'uint8' },
  { type: 'uint8' },
  { type: 'uint256' },
  { type: 'bytes32' },
  { type: 'bytes32' },
] as const;
const DOMAIN_PARAMS = [
  { type: 'bytes32' },
  { type: 'bytes32' },
  { type: 'bytes32' },
  { type: 'uint256' },
  { type: 'address' },
] as const;
export const ZERO_BYTES32: Hex = `0x${'0'.repeat(64)}`;

/** The signed part of a V2/V3 order. `expiration` is in the JSON body only. */
export interface OrderV2 {
  readonly salt: bigint;
  readonly maker: Address;
  readonly signer: Address;
  readonly tokenId: bigint;
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
  readonly side: OrderSide;
  readonly signatureType: number;
  /** Milliseconds; replaces V1's nonce for uniqueness. */
  readonly timestamp: bigint;
  readonly metadata: Hex;
  readonly builder: Hex;
}

export interface OrderDomain {
  readonly name: typeof EXCHANGE_NAME;
  readonly version: OrderDomainVersion;
  readonly chainId: number;
  readonly verifyingContract: Address;
  /** keccak256 of the encoded domain, computed once. */
  readonly separator: Hex;
}

export function orderDomain(opts: {
  readonly version: OrderDomainVersion;
  readonly chainId: number;
  readonly verifyingContract: Address;
}): OrderDomain {
  const verifyingContract = getAddress(opts.verifyingContract);
  const separator = keccak256(
    encodeAbiParameters(DOMAIN_PARAMS, [
      DOMAIN_TYPE_HASH,
      keccak256(toHex(EXCHANGE_NAME)),
      keccak256(toHex(opts.version)),
      BigInt(opts.chainId),
      verifyingContract,
    ]),
  );
  return { name: EXCHANGE_NAME, version: opts.version, chainId: opts.chainId, verifyingContract, separator };
}

const sideCode = (side: OrderSide) => (side === 'BUY' ? 0 : 1);

export function hashOrderStruct(order: OrderV2): Hex {
  return keccak256(
    encodeAbiParameters(STRUCT_PARAMS, [
      ORDER_V2_TYPE_HASH,
      order.salt,
      order.maker,
      order.signer,
      order.tokenId,
      order.makerAmount,
      order.takerAmount,
      sideCode(order.side),
      order.signatureType,
      order.timestamp,
      order.metadata,
      order.builder,
    ]),
  );
}

/** The EIP-712 digest the clients call the order hash: keccak256(0x1901 ‖ domain ‖ struct). */
export function orderDigest(domain: OrderDomain, order: OrderV2): Hex {
  return keccak256(concat(['0x1901', domain.separator, hashOrderStruct(order)]));
}

/** The same digest through viem's generic typed-data path: the reference the fast path is tested against. */
export function orderDigestReference(domain: OrderDomain, order: OrderV2): Hex {
  const { separator: _separator, ...plainDomain } = domain;
  return hashTypedData({
    domain: plainDomain,
    types: ORDER_V2_TYPES,
    primaryType: 'Order',
    message: { ...order, side: sideCode(order.side) },
  });
}

/**
 * Signs orders with one key, caching each domain's separator in the instance. EOA-style
 * signatures (types 0-2); POLY_1271's ERC-7739 wrapper is not built here.
 */
export class OrderSigner {
  private readonly domains = new Map<string, OrderDomain>();
  constructor(private readonly privateKey: Hex) {}

  domainFor(opts: {
    readonly version: OrderDomainVersion;
    readonly chainId: number;
    readonly verifyingContract: Address;
  }): OrderDomain {
    const key = `${opts.version}:${opts.chainId}:${opts.verifyingContract.toLowerCase()}`;
    let domain = this.domains.get(key);
    if (!domain) {
      domain = orderDomain(opts);
      this.domains.set(key, domain);
    }
    return domain;
  }

  async sign(domain: OrderDomain, order: OrderV2): Promise<{ hash: Hex; signature: Hex }> {
    if (order.signatureType === SIGNATURE_TYPES.POLY_1271)
      throw new PolymarketAuthError('POLY_1271 orders need the ERC-7739 wrapper, which is not implemented');
    const hash = orderDigest(domain, order);
    const signature = await sign({ hash, privateKey: this.privateKey, to: 'hex' });
    return { hash, signature };
  }
}

/** The address that signed an order (for the simulator), or null for an unreadable signature. */
export async function recoverOrderSigner(opts: {
  readonly domain: OrderDomain;
  readonly order: OrderV2;
  readonly signature: Hex;
}): Promise<Address | null> {
  try {
    return await recoverAddress({ hash: orderDigest(opts.domain, opts.order), signature: opts.signature });
  } catch {
    return null;
  }
}

/** The `POST /order` body (clob-client-v2 `orderToJsonV2`); key order matters, since the body is HMAC'd as sent. */
export interface PostOrderBody {
  readonly deferExec: boolean;
  readonly postOnly: boolean;
  readonly order: {
    readonly salt: number;
    readonly maker: Address;
    readonly signer: Address;
    readonly tokenId: string;
    readonly makerAmount: string;
    readonly takerAmount: string;
    readonly side: OrderSide;
    readonly signatureType: number;
    readonly timestamp: string;
    readonly expiration: string;
    readonly metadata: Hex;
    readonly builder: Hex;
    readonly signature: Hex;
  };
  readonly owner: string;
  readonly orderType: OrderType;
}

export function postOrderBody(opts: {
  readonly order: OrderV2;
  readonly signature: Hex;
  /** Unix seconds; 0 for none. Sent, not signed. */
  readonly expirationSeconds?: number;
  /** The API key (not the wallet address). */
  readonly owner: string;
  readonly orderType: OrderType;
  readonly postOnly?: boolean;
  readonly deferExec?: boolean;
}): PostOrderBody {
  const { order } = opts;
  const salt = Number(order.salt);
  // The salt travels as a JSON number, so it must survive the trip through a double.
  if (!Number.isSafeInteger(salt)) throw new PolymarketAuthError(`salt ${order.salt} is not a safe integer`);
  const postOnly = opts.postOnly ?? false;
  if (postOnly && (opts.orderType === 'FOK' || opts.orderType === 'FAK'))
    throw new PolymarketAuthError('postOnly is only allowed with GTC or GTD orders');
  return {
    deferExec: opts.deferExec ?? false,
    postOnly,
    order: {
      salt,
      maker: order.maker,
      signer: order.signer,
      tokenId: order.tokenId.toString(),
      makerAmount: order.makerAmount.toString(),
      takerAmount: order.takerAmount.toString(),
      side: order.side,
      signatureType: order.signatureType,
      timestamp: order.timestamp.toString(),
      expiration: String(opts.expirationSeconds ?? 0),
      metadata: order.metadata,
      builder: order.builder,
      signature: opts.signature,
    },
    owner: opts.owner,
    orderType: opts.orderType,
  };
}
