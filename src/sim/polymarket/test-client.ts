/**
 * A minimal signed HTTP client for the simulator's tests, built on the adapter core's own
 * auth and order signing (venues/polymarket): L1 key derivation, L2-signed requests, and
 * signed V2 orders. Not a venue adapter: no retries, no parsing beyond JSON.
 */
import type { Address, Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type ApiCredentials, l1Headers, l2Headers } from '../../venues/polymarket/auth.js';
import {
  exchangeFor,
  type OrderDomainVersion,
  OrderSigner,
  type OrderType,
  type OrderV2,
  postOrderBody,
  ZERO_BYTES32,
} from '../../venues/polymarket/sign-order.js';

export interface SimReply {
  readonly status: number;
  readonly body: unknown;
}

export class SimTestClient {
  readonly address: Address;
  creds: ApiCredentials | null = null;
  private readonly signer: OrderSigner;
  private salt = 1000;

  constructor(
    readonly baseUrl: string,
    readonly privateKey: Hex,
    readonly chainId: 137 | 80002 = 137,
  ) {
    this.address = privateKeyToAccount(privateKey).address;
    this.signer = new OrderSigner(privateKey);
  }

  async deriveKey(opts: { nonce?: number; timestampSeconds?: number } = {}): Promise<SimReply> {
    const headers = await l1Headers({
      privateKey: this.privateKey,
      chainId: this.chainId,
      timestampSeconds: opts.timestampSeconds ?? Math.floor(Date.now() / 1000),
      nonce: opts.nonce ?? 0,
    });
    const reply = await this.raw('GET', '/auth/derive-api-key', { headers: { ...headers } });
    const b = reply.body as { apiKey?: string; secret?: string; passphrase?: string };
    if (reply.status === 200 && b.apiKey && b.secret && b.passphrase)
      this.creds = { key: b.apiKey, secret: b.secret, passphrase: b.passphrase };
    return reply;
  }

  /** An L2-signed request; `tamper` lets a test change what is sent after signing. */
  async l2(
    method: string,
    path: string,
    opts: {
      body?: unknown;
      query?: string;
      timestampSeconds?: number;
      tamper?: (h: Record<string, string>) => Record<string, string>;
    } = {},
  ): Promise<SimReply> {
    if (!this.creds) throw new Error('derive a key first');
    const bodyText = opts.body === undefined ? '' : JSON.stringify(opts.body);
    const headers: Record<string, string> = {
      ...l2Headers({
        address: this.address,
        credentials: this.creds,
        request: {
          timestampSeconds: opts.timestampSeconds ?? Math.floor(Date.now() / 1000),
          method,
          requestPath: path,
          body: bodyText,
        },
      }),
    };
    return this.raw(method, `${path}${opts.query ? `?${opts.query}` : ''}`, {
      headers: opts.tamper ? opts.tamper(headers) : headers,
      bodyText,
    });
  }

  async raw(
    method: string,
    path: string,
    opts: { headers?: Record<string, string>; bodyText?: string } = {},
  ): Promise<SimReply> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...opts.headers },
      ...(opts.bodyText ? { body: opts.bodyText } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** A signed V2 order body for `POST /order`. */
  async orderBody(opts: {
    tokenId: string;
    side: 'BUY' | 'SELL';
    makerAmount: bigint;
    takerAmount: bigint;
    orderType?: OrderType;
    postOnly?: boolean;
    expirationSeconds?: number;
    version?: OrderDomainVersion;
    negRisk?: boolean;
    maker?: Address;
    signatureType?: number;
  }) {
    if (!this.creds) throw new Error('derive a key first');
    const version = opts.version ?? '2';
    const domain = this.signer.domainFor({
      version,
      chainId: this.chainId,
      verifyingContract: exchangeFor({ version, chainId: this.chainId, negRisk: opts.negRisk ?? false }),
    });
    this.salt += 1;
    const order: OrderV2 = {
      salt: BigInt(this.salt),
      maker: opts.maker ?? this.address,
      signer: this.address,
      tokenId: BigInt(opts.tokenId),
      makerAmount: opts.makerAmount,
      takerAmount: opts.takerAmount,
      side: opts.side,
      signatureType: opts.signatureType ?? 0,
      timestamp: BigInt(Date.now()),
      metadata: ZERO_BYTES32,
      builder: ZERO_BYTES32,
    };
    const { hash, signature } = await this.signer.sign(domain, order);
    const body = postOrderBody({
      order,
      signature,
      owner: this.creds.key,
      orderType: opts.orderType ?? 'GTC',
      ...(opts.postOnly !== undefined ? { postOnly: opts.postOnly } : {}),
      ...(opts.expirationSeconds !== undefined ? { expirationSeconds: opts.expirationSeconds } : {}),
    });
    return { hash, body };
  }

  /** Signs and posts a limit order: `price` micro-dollars, `shares` micro-shares (whole cents of a share). */
  async post(opts: {
    tokenId: string;
    side: 'BUY' | 'SELL';
    price: number;
    shares: number;
    orderType?: OrderType;
    postOnly?: boolean;
    expirationSeconds?: number;
    /** Sign for the neg-risk exchange (soccer's three-way markets). */
    negRisk?: boolean;
    version?: OrderDomainVersion;
  }): Promise<SimReply & { hash: Hex }> {
    const cash = (BigInt(opts.shares) * BigInt(opts.price)) / 1_000_000n;
    const shares = BigInt(opts.shares);
    const { hash, body } = await this.orderBody({
      ...opts,
      makerAmount: opts.side === 'BUY' ? cash : shares,
      takerAmount: opts.side === 'BUY' ? shares : cash,
    });
    return { ...(await this.l2('POST', '/order', { body })), hash };
  }
}
