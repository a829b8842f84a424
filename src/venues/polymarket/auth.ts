/**
 * Polymarket CLOB authentication (venues.md §3.4).
 * - L1: an EIP-712 `ClobAuth` signature by the wallet key, for creating or deriving API keys.
 * - L2: HMAC-SHA256 over `timestamp + METHOD + requestPath + body` with the API secret, for
 *   every trading request.
 * Both have verifiers, for the simulator that will check what clients send.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getAddress, type Hex, isAddress, recoverTypedDataAddress } from 'viem';
import { privateKeyToAccount, signTypedData } from 'viem/accounts';
import { PolymarketAuthError } from './errors.js';

export const CLOB_AUTH_MESSAGE = 'This message attests that I control the given wallet';

/** The L1 typed data: no verifyingContract in the domain, timestamp is a string field. */
export const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: 'address', type: 'address' },
    { name: 'timestamp', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'message', type: 'string' },
  ],
} as const;

export function clobAuthDomain(chainId: number) {
  return { name: 'ClobAuthDomain', version: '1', chainId } as const;
}

export interface L1Headers {
  readonly POLY_ADDRESS: string;
  readonly POLY_SIGNATURE: string;
  readonly POLY_TIMESTAMP: string;
  readonly POLY_NONCE: string;
}

export interface L1Request {
  readonly privateKey: Hex;
  readonly chainId: number;
  /** Unix seconds. */
  readonly timestampSeconds: number;
  readonly nonce?: number;
}

function checkSeconds(ts: number): string {
  if (!Number.isSafeInteger(ts) || ts < 0)
    throw new PolymarketAuthError(`timestamp must be whole unix seconds, got ${ts}`);
  return String(ts);
}

/** The L1 headers for `POST /auth/api-key` or `GET /auth/derive-api-key`. */
export async function l1Headers(req: L1Request): Promise<L1Headers> {
  const account = privateKeyToAccount(req.privateKey);
  const timestamp = checkSeconds(req.timestampSeconds);
  const nonce = req.nonce ?? 0;
  const signature = await signTypedData({
    privateKey: req.privateKey,
    domain: clobAuthDomain(req.chainId),
    types: CLOB_AUTH_TYPES,
    primaryType: 'ClobAuth',
    message: { address: account.address, timestamp, nonce: BigInt(nonce), message: CLOB_AUTH_MESSAGE },
  });
  return {
    POLY_ADDRESS: account.address,
    POLY_SIGNATURE: signature,
    POLY_TIMESTAMP: timestamp,
    POLY_NONCE: String(nonce),
  };
}

/**
 * The address that signed a set of L1 headers, or null when the headers cannot be read or
 * the signature recovers to an address other than POLY_ADDRESS.
 */
export async function verifyL1Headers(opts: {
  readonly headers: Partial<L1Headers>;
  readonly chainId: number;
}): Promise<Hex | null> {
  const { POLY_ADDRESS, POLY_SIGNATURE, POLY_TIMESTAMP, POLY_NONCE } = opts.headers;
  if (!POLY_ADDRESS || !isAddress(POLY_ADDRESS) || !POLY_SIGNATURE || !POLY_TIMESTAMP) return null;
  if (!/^0x[0-9a-fA-F]{130}$/.test(POLY_SIGNATURE) || !/^\d+$/.test(POLY_NONCE ?? '0')) return null;
  try {
    const signer = await recoverTypedDataAddress({
      domain: clobAuthDomain(opts.chainId),
      types: CLOB_AUTH_TYPES,
      primaryType: 'ClobAuth',
      message: {
        address: getAddress(POLY_ADDRESS),
        timestamp: POLY_TIMESTAMP,
        nonce: BigInt(POLY_NONCE ?? '0'),
        message: CLOB_AUTH_MESSAGE,
      },
      signature: POLY_SIGNATURE as Hex,
    });
    return signer.toLowerCase() === POLY_ADDRESS.toLowerCase() ? signer : null;
  } catch {
    return null;
  }
}

/** API credentials as the SDK holds them (the server's JSON calls the key `apiKey`). */
export interface ApiCredentials {
  readonly key: string;
  /** Base64 or base64url. */
  readonly secret: string;
  readonly passphrase: string;
}

export interface L2Request {
  readonly timestampSeconds: number;
  readonly method: string;
  /** Endpoint path only, e.g. "/order": the query string is not signed. */
  readonly requestPath: string;
  /** The exact body text sent; the server signs the raw bytes it receives. */
  readonly body?: string | null;
}

export interface L2Headers {
  readonly POLY_ADDRESS: string;
  readonly POLY_SIGNATURE: string;
  readonly POLY_TIMESTAMP: string;
  readonly POLY_API_KEY: string;
  readonly POLY_PASSPHRASE: string;
}

/** The secret's bytes: base64url mapped to base64, and stray characters dropped, as the TS SDK does. */
export function decodeApiSecret(secret: string): Buffer {
  const b64 = secret
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/[^A-Za-z0-9+/=]/g, '');
  const key = Buffer.from(b64, 'base64');
  if (key.length === 0) throw new PolymarketAuthError('API secret decodes to no bytes');
  return key;
}

/** The exact string the HMAC covers. */
export function l2SigningMessage(req: L2Request): string {
  return `${checkSeconds(req.timestampSeconds)}${req.method}${req.requestPath}${req.body ?? ''}`;
}

/** URL-safe base64 of HMAC-SHA256, '=' padding kept (the venue compares the text as is). */
export function l2Signature(opts: { readonly secret: string | Buffer; readonly request: L2Request }): string {
  const key = typeof opts.secret === 'string' ? decodeApiSecret(opts.secret) : opts.secret;
  return createHmac('sha256', key)
    .update(l2SigningMessage(opts.request), 'utf8')
    .digest('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export function l2Headers(opts: {
  readonly address: string;
  readonly credentials: ApiCredentials;
  readonly request: L2Request;
}): L2Headers {
  return {
    POLY_ADDRESS: opts.address,
    POLY_SIGNATURE: l2Signature({ secret: opts.credentials.secret, request: opts.request }),
    POLY_TIMESTAMP: String(opts.request.timestampSeconds),
    POLY_API_KEY: opts.credentials.key,
    POLY_PASSPHRASE: opts.credentials.passphrase,
  };
}

/** Recomputes an L2 signature over what the server received and compares in constant time. */
export function verifyL2Signature(opts: {
  readonly secret: string;
  readonly request: L2Request;
  readonly signature: string;
}): boolean {
  const expected = Buffer.from(l2Signature({ secret: opts.secret, request: opts.request }), 'utf8');
  const given = Buffer.from(opts.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
