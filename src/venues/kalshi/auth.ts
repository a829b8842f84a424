/**
 * Kalshi request signing (venues.md §2.2): the signature is RSA-PSS over
 * `timestamp_ms + METHOD + path`, SHA-256 with MGF1(SHA-256) and a salt as long as the digest,
 * sent base64 (with padding) beside the key id and the timestamp. The path runs from the API
 * root, so it includes `/trade-api/v2`, and it never includes the host or the query string.
 * PSS is randomised: two signatures of one message differ, and only verification can check them.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign as rsaSign,
  verify as rsaVerify,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { KalshiAuthError } from './errors.js';

export const KALSHI_WS_PATH = '/trade-api/ws/v2';
const API_ROOT_PREFIX = '/trade-api/';

export interface KalshiAuthHeaders {
  readonly 'KALSHI-ACCESS-KEY': string;
  readonly 'KALSHI-ACCESS-TIMESTAMP': string;
  readonly 'KALSHI-ACCESS-SIGNATURE': string;
}

const PSS = {
  padding: constants.RSA_PKCS1_PSS_PADDING,
  saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
} as const;

/**
 * The path as it is signed: host and scheme dropped if a full URL is given, then the query
 * string and fragment, then trailing slashes; percent escapes upper-cased (`%2f` -> `%2F`).
 * The last two follow the kalshi-python-sdk cases in shared/data/vectors/kalshi_rsa_pss.json;
 * the server signs what it receives, so a client that never sends such paths is unaffected.
 */
export function canonicalKalshiPath(pathOrUrl: string): string {
  let path = pathOrUrl;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length) || '/';
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  if (!path.startsWith(API_ROOT_PREFIX)) {
    // The classic bug: signing the path relative to the base URL (`/portfolio/balance`).
    throw new KalshiAuthError(
      `a signed path runs from the API root and starts with ${API_ROOT_PREFIX}, got ${JSON.stringify(pathOrUrl)}`,
    );
  }
  path = path.replace(/\/+$/, '');
  return path.replace(/%[0-9a-f]{2}/gi, (hexEscape) => hexEscape.toUpperCase());
}

export interface KalshiRequestToSign {
  readonly timestampMs: number;
  /** HTTP method, any case. */
  readonly method: string;
  /** Path from the API root (or a full URL); the query string is dropped. */
  readonly path: string;
}

/** The exact string that is signed: `1703123456789GET/trade-api/v2/portfolio/balance`. */
export function kalshiSigningMessage(req: KalshiRequestToSign): string {
  if (!Number.isSafeInteger(req.timestampMs) || req.timestampMs < 0) {
    throw new KalshiAuthError(`timestamp must be whole epoch milliseconds, got ${req.timestampMs}`);
  }
  const method = req.method.trim().toUpperCase();
  if (!/^[A-Z]+$/.test(method))
    throw new KalshiAuthError(`not an HTTP method: ${JSON.stringify(req.method)}`);
  return `${req.timestampMs}${method}${canonicalKalshiPath(req.path)}`;
}

/** A private key from PEM text: PKCS#1 ("RSA PRIVATE KEY", as Kalshi issues it) or PKCS#8 ("PRIVATE KEY"). */
export function loadKalshiPrivateKey(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new KalshiAuthError(
      `cannot read the Kalshi private key (expected an unencrypted PEM "RSA PRIVATE KEY" or "PRIVATE KEY"): ${why}`,
    );
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new KalshiAuthError(
      `the Kalshi private key must be RSA, got ${key.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  return key;
}

/** Reads and loads the PEM file the key was downloaded as (`.key` or `.txt`). */
export async function loadKalshiPrivateKeyFile(path: string): Promise<KeyObject> {
  let pem: Buffer;
  try {
    pem = await readFile(path);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new KalshiAuthError(`cannot read the Kalshi private key file ${path}: ${why}`);
  }
  return loadKalshiPrivateKey(pem);
}

/** Base64 RSA-PSS signature of a message already built by kalshiSigningMessage. */
export function signKalshiMessage(privateKey: KeyObject, message: string): string {
  return rsaSign('sha256', Buffer.from(message, 'utf8'), { key: privateKey, ...PSS }).toString('base64');
}

export interface KalshiSigningKey {
  /** The API key id (a UUID) sent as KALSHI-ACCESS-KEY. */
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/** The three headers of an authenticated REST request. */
export function kalshiAuthHeaders(key: KalshiSigningKey, req: KalshiRequestToSign): KalshiAuthHeaders {
  const message = kalshiSigningMessage(req);
  return {
    'KALSHI-ACCESS-KEY': key.keyId,
    'KALSHI-ACCESS-TIMESTAMP': String(req.timestampMs),
    'KALSHI-ACCESS-SIGNATURE': signKalshiMessage(key.privateKey, message),
  };
}

/** The headers of the WebSocket handshake, which signs `timestamp + GET + /trade-api/ws/v2`. */
export function kalshiWebSocketAuthHeaders(
  key: KalshiSigningKey,
  opts: { readonly timestampMs: number },
): KalshiAuthHeaders {
  return kalshiAuthHeaders(key, { timestampMs: opts.timestampMs, method: 'GET', path: KALSHI_WS_PATH });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface KalshiSignatureToVerify extends KalshiRequestToSign {
  /** The registered public key: a KeyObject, or PEM (a private key PEM also works). */
  readonly publicKey: KeyObject | string;
  /** KALSHI-ACCESS-SIGNATURE as received. */
  readonly signature: string;
}

/**
 * Whether a signature is valid for the request, as the venue (or our simulator) checks it:
 * same message rules, same PSS parameters. Returns false for anything malformed, never throws
 * on the signature; a path outside the API root is refused like any other bad request.
 */
export function verifyKalshiSignature(input: KalshiSignatureToVerify): boolean {
  if (!BASE64.test(input.signature)) return false;
  let message: string;
  try {
    message = kalshiSigningMessage(input);
  } catch {
    return false;
  }
  const publicKey = typeof input.publicKey === 'string' ? loadPublicKey(input.publicKey) : input.publicKey;
  try {
    return rsaVerify(
      'sha256',
      Buffer.from(message, 'utf8'),
      { key: publicKey, ...PSS },
      Buffer.from(input.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

function loadPublicKey(pem: string): KeyObject {
  try {
    return createPublicKey(pem);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new KalshiAuthError(`cannot read the Kalshi public key: ${why}`);
  }
}
