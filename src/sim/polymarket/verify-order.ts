/**
 * Reads and checks a V2 `POST /order` body (venues.md §3.5) the way the venue would before
 * matching: shape, the owner against the API key, the EIP-712 signature recovered with the
 * market's exchange domain (version "2" on the (neg-risk) V2 exchange for Gamma v1 markets,
 * "3" on ExchangeV3 for v2 markets), the signer/maker/signatureType rules, and the amounts as
 * a price on the tick grid and a size. Balances, tick size and order-type rules are the
 * exchange's.
 *
 * Signature types: EOA (0) — maker = signer = the API key's wallet. POLY_PROXY (1) and
 * POLY_GNOSIS_SAFE (2) — signer is the key's wallet, maker a proxy/Safe registered to it.
 * POLY_1271 (3) — signer = maker = a registered deposit wallet; the ERC-7739 `TypedDataSign`
 * wrapper's inner signature must recover to the wallet's owner (what its isValidSignature
 * would check on chain).
 */
import {
  type Address,
  getAddress,
  type Hex,
  size as hexSize,
  isAddress,
  recoverTypedDataAddress,
} from 'viem';
import type { Micros } from '../../core/money.js';
import {
  exchangeFor,
  ORDER_V2_TYPES,
  type OrderDomainVersion,
  type OrderV2,
  orderDigest,
  orderDomain,
  recoverOrderSigner,
  SIGNATURE_TYPES,
  ZERO_BYTES32,
} from '../../venues/polymarket/sign-order.js';
import type { TimeInForce } from './engine.js';
import { marketDomainVersion, type SimPolyMarket, tickMicros } from './market.js';
import type { PolySide } from './records.js';

export interface SimWallet {
  /** The EOA that controls it, lower case. */
  readonly owner: string;
  readonly signatureType: 1 | 2 | 3;
}

export interface VerifiedOrder {
  readonly orderId: Hex;
  readonly tokenId: string;
  readonly makerAddress: Address;
  readonly side: PolySide;
  readonly price: Micros;
  readonly size: number;
  readonly orderType: TimeInForce;
  readonly postOnly: boolean;
  readonly expirationSeconds: number;
}

export type VerifyResult =
  | { readonly ok: true; readonly order: VerifiedOrder }
  | { readonly ok: false; readonly status: 400 | 401 | 404; readonly error: string };

const bad = (error: string, status: 400 | 401 | 404 = 400): VerifyResult => ({ ok: false, status, error });
/**
 * The CLOB's answer to an order signed for another exchange version, body and all:
 * `400 {"error":"order_version_mismatch"}` (as reported against the live CLOB since 2026-04-28,
 * e.g. Polymarket/polymarket-cli#69; clob-client-v2 matches the text to re-read `/version`).
 */
export const ORDER_VERSION_MISMATCH = 'order_version_mismatch';
/** Fields only a V1 order carries (clob-client `orderToJsonV1`). */
const V1_ONLY_FIELDS = ['nonce', 'feeRateBps', 'taker'] as const;
const ORDER_TYPES = new Set(['GTC', 'GTD', 'FOK', 'FAK']);
const UINT = /^\d{1,78}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

function field(o: Record<string, unknown>, name: string): unknown {
  return o[name];
}

export async function verifyPostOrder(opts: {
  readonly body: unknown;
  readonly apiKey: string;
  /** The API key's wallet, lower case. */
  readonly keyAddress: string;
  readonly chainId: 137 | 80002;
  readonly market: (tokenId: string) => SimPolyMarket | null;
  readonly wallet: (address: string) => SimWallet | null;
  /** Refuse EOA, proxy and Safe makers as the venue now does for new users (deposit wallets only). */
  readonly depositWalletsOnly?: boolean;
}): Promise<VerifyResult> {
  const body = opts.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad('Invalid order payload');
  const b = body as Record<string, unknown>;
  const o = field(b, 'order');
  if (typeof o !== 'object' || o === null) return bad('Invalid order payload: "order" is missing');
  const order = o as Record<string, unknown>;
  // A V1 order (signed with nonce, feeRateBps and taker) is for the exchange retired on
  // 2026-04-28: the CLOB answers exactly this, and the SDKs re-read /version on it.
  if (V1_ONLY_FIELDS.some((name) => name in order)) return bad(ORDER_VERSION_MISMATCH);
  const orderType = field(b, 'orderType') ?? 'GTC';
  if (typeof orderType !== 'string' || !ORDER_TYPES.has(orderType))
    return bad(`Invalid order payload: orderType ${JSON.stringify(orderType)} is not GTC, GTD, FOK or FAK`);
  const postOnly = field(b, 'postOnly') ?? false;
  if (typeof postOnly !== 'boolean') return bad('Invalid order payload: postOnly is not a boolean');
  if (field(b, 'owner') !== opts.apiKey)
    return bad('the order owner has to be the owner of the API KEY', 400);

  const salt = field(order, 'salt');
  const strings: Record<string, string> = {};
  for (const name of ['tokenId', 'makerAmount', 'takerAmount', 'timestamp', 'expiration']) {
    const v = field(order, name);
    if (typeof v !== 'string' || !UINT.test(v))
      return bad(`Invalid order payload: order.${name} ${JSON.stringify(v)} is not a decimal integer string`);
    strings[name] = v;
  }
  if (typeof salt !== 'number' || !Number.isSafeInteger(salt) || salt < 0)
    return bad(`Invalid order payload: order.salt ${JSON.stringify(salt)} is not a whole number`);
  const maker = field(order, 'maker');
  const signer = field(order, 'signer');
  if (typeof maker !== 'string' || !isAddress(maker))
    return bad('Invalid order payload: order.maker is not an address');
  if (typeof signer !== 'string' || !isAddress(signer))
    return bad('Invalid order payload: order.signer is not an address');
  const side = field(order, 'side');
  if (side !== 'BUY' && side !== 'SELL') return bad('Invalid order payload: order.side is not BUY or SELL');
  const signatureType = field(order, 'signatureType');
  if (typeof signatureType !== 'number' || ![0, 1, 2, 3].includes(signatureType))
    return bad(`Invalid order payload: order.signatureType ${JSON.stringify(signatureType)} is not 0-3`);
  const metadata = field(order, 'metadata') ?? ZERO_BYTES32;
  const builder = field(order, 'builder') ?? ZERO_BYTES32;
  if (typeof metadata !== 'string' || !BYTES32.test(metadata))
    return bad('Invalid order payload: order.metadata is not bytes32');
  if (typeof builder !== 'string' || !BYTES32.test(builder))
    return bad('Invalid order payload: order.builder is not bytes32');
  const signature = field(order, 'signature');
  if (typeof signature !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(signature))
    return bad('Invalid order payload: order.signature is not hex');

  const tokenId = strings.tokenId as string;
  const market = opts.market(tokenId);
  if (!market) return bad(`market not found for token id ${tokenId}`, 404);

  const signed: OrderV2 = {
    salt: BigInt(salt),
    maker: getAddress(maker),
    signer: getAddress(signer),
    tokenId: BigInt(tokenId),
    makerAmount: BigInt(strings.makerAmount as string),
    takerAmount: BigInt(strings.takerAmount as string),
    side,
    signatureType,
    timestamp: BigInt(strings.timestamp as string),
    metadata: metadata as Hex,
    builder: builder as Hex,
  };
  const keyAddress = opts.keyAddress.toLowerCase();
  const signerLower = signed.signer.toLowerCase();
  const makerLower = signed.maker.toLowerCase();

  if (opts.depositWalletsOnly && signatureType !== SIGNATURE_TYPES.POLY_1271)
    return bad('maker address not allowed, please use the deposit wallet flow');
  // Who must have signed, by signature type.
  let expectedSigner: string;
  if (signatureType === SIGNATURE_TYPES.EOA) {
    if (makerLower !== signerLower) return bad('invalid order: an EOA order needs maker = signer');
    if (signerLower !== keyAddress)
      return bad('the order signer address has to be the address of the API KEY');
    expectedSigner = signerLower;
  } else if (signatureType === SIGNATURE_TYPES.POLY_1271) {
    if (makerLower !== signerLower)
      return bad('invalid order: a POLY_1271 order needs maker = signer (the deposit wallet)');
    const wallet = opts.wallet(makerLower);
    if (wallet?.signatureType !== 3)
      return bad('maker address not allowed, please use the deposit wallet flow');
    if (wallet.owner !== keyAddress && makerLower !== keyAddress)
      return bad('the order signer address has to be the address of the API KEY');
    expectedSigner = wallet.owner;
  } else {
    if (signerLower !== keyAddress)
      return bad('the order signer address has to be the address of the API KEY');
    const wallet = opts.wallet(makerLower);
    if (!wallet || wallet.signatureType !== signatureType || wallet.owner !== signerLower)
      return bad(
        `maker ${signed.maker} is not a ${signatureType === 1 ? 'proxy' : 'Safe'} wallet of signer ${signed.signer}`,
      );
    expectedSigner = signerLower;
  }

  const version = marketDomainVersion(market.spec);
  const recover = (v: OrderDomainVersion) =>
    recoverFor({
      version: v,
      chainId: opts.chainId,
      negRisk: market.spec.negRisk,
      order: signed,
      signature: signature as Hex,
    });
  const recovered = await recover(version);
  if (recovered !== expectedSigner) {
    // Signed for the other exchange version: the SDK re-reads /version on this error.
    const other = await recover(version === '2' ? '3' : '2');
    if (other === expectedSigner) return bad(ORDER_VERSION_MISMATCH);
    return bad('invalid signature');
  }

  const domain = orderDomain({
    version,
    chainId: opts.chainId,
    verifyingContract: exchangeFor({ version, chainId: opts.chainId, negRisk: market.spec.negRisk }),
  });
  const amounts = priceAndSize(side, signed.makerAmount, signed.takerAmount, tickMicros(market.tickSize));
  if (typeof amounts === 'string') return bad(amounts);
  return {
    ok: true,
    order: {
      orderId: orderDigest(domain, signed),
      tokenId,
      makerAddress: signed.maker,
      side,
      price: amounts.price,
      size: amounts.size,
      orderType: orderType as TimeInForce,
      postOnly,
      expirationSeconds: Number(strings.expiration),
    },
  };

  async function recoverFor(args: {
    version: OrderDomainVersion;
    chainId: number;
    negRisk: boolean;
    order: OrderV2;
    signature: Hex;
  }): Promise<string | null> {
    const d = orderDomain({
      version: args.version,
      chainId: args.chainId,
      verifyingContract: exchangeFor({ version: args.version, chainId: opts.chainId, negRisk: args.negRisk }),
    });
    if (args.order.signatureType !== SIGNATURE_TYPES.POLY_1271) {
      if (hexSize(args.signature) !== 65) return null;
      return (
        (
          await recoverOrderSigner({ domain: d, order: args.order, signature: args.signature })
        )?.toLowerCase() ?? null
      );
    }
    return recover1271(d, args.order, args.signature);
  }
}

/**
 * The owner behind an ERC-7739 wrapped signature: innerSig(65) ‖ appDomainSep(32) ‖
 * contentsHash(32) ‖ contentsType ‖ uint16 length (clob-client-v2 exchangeOrderBuilderV2).
 */
async function recover1271(
  domain: ReturnType<typeof orderDomain>,
  order: OrderV2,
  signature: Hex,
): Promise<string | null> {
  const bytes = (signature.length - 2) / 2;
  if (bytes < 65 + 64 + 2) return null;
  if (signature.slice(132, 196).toLowerCase() !== domain.separator.slice(2).toLowerCase()) return null;
  const inner = signature.slice(0, 132) as Hex;
  try {
    const owner = await recoverTypedDataAddress({
      domain: {
        name: domain.name,
        version: domain.version,
        chainId: domain.chainId,
        verifyingContract: domain.verifyingContract,
      },
      types: {
        TypedDataSign: [
          { name: 'contents', type: 'Order' },
          { name: 'name', type: 'string' },
          { name: 'version', type: 'string' },
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
          { name: 'salt', type: 'bytes32' },
        ],
        Order: ORDER_V2_TYPES.Order,
      },
      primaryType: 'TypedDataSign',
      message: {
        contents: { ...order, side: order.side === 'BUY' ? 0 : 1 },
        name: 'DepositWallet',
        version: '1',
        chainId: BigInt(domain.chainId),
        verifyingContract: order.signer,
        salt: ZERO_BYTES32,
      },
      signature: inner,
    });
    return owner.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The limit price (this token's frame) and size in micro-shares from the signed amounts. BUY
 * gives cash for shares, SELL shares for cash. Market orders' amounts are rounded, so the
 * implied price may sit a hair off the grid: within 1% of a tick it is taken as that tick.
 */
export function priceAndSize(
  side: PolySide,
  makerAmount: bigint,
  takerAmount: bigint,
  tick: number,
): { price: Micros; size: number } | string {
  if (makerAmount <= 0n || takerAmount <= 0n)
    return 'invalid order amounts: makerAmount and takerAmount must be positive';
  const [cash, shares] = side === 'BUY' ? [makerAmount, takerAmount] : [takerAmount, makerAmount];
  if (shares > BigInt(Number.MAX_SAFE_INTEGER) || cash > BigInt(Number.MAX_SAFE_INTEGER))
    return 'invalid order amounts: too large';
  const exactPpm = (cash * 1_000_000_000n) / shares; // price in 1e-9 dollars
  const tickNano = BigInt(tick) * 1000n;
  const nearest = ((exactPpm + tickNano / 2n) / tickNano) * tickNano;
  const off = exactPpm > nearest ? exactPpm - nearest : nearest - exactPpm;
  if (off * 100n > tickNano)
    return `invalid order amounts: Price (${Number(exactPpm) / 1e9}) breaks minimum tick size rule: ${tick / 1e6}`;
  return { price: Number(nearest / 1000n) as Micros, size: Number(shares) };
}
