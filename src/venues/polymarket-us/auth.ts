/**
 * Polymarket US request signing (polymarket-us.md §2): Ed25519 over the UTF-8 string
 * `timestamp + METHOD + pathname` (no query, no host, no body), base64 in `X-PM-Signature`, the
 * key id in `X-PM-Access-Key`, Unix milliseconds in `X-PM-Timestamp`. The WebSocket handshake
 * signs `GET` and its path the same way. node:crypto only; the verifier serves the simulator.
 */
import {
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
} from 'node:crypto';
import { PmusAuthError } from './errors.js';

// DER headers that wrap a raw 32-byte Ed25519 seed (PKCS#8) or public key (SPKI).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const PMUS_HEADERS = {
  key: 'x-pm-access-key',
  timestamp: 'x-pm-timestamp',
  signature: 'x-pm-signature',
} as const;

export interface PmusSigningKey {
  /** The Key ID (a UUID) from polymarket.us/developer. */
  readonly keyId: string;
  readonly privateKey: KeyObject;
}

/**
 * The secret as the venue shows it: base64 of either the 32-byte seed or 64 bytes seed‖public
 * key (the SDK takes the first 32), so both forms sign identically.
 */
export function pmusPrivateKeyFromSecret(secretBase64: string): KeyObject {
  const trimmed = secretBase64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed))
    throw new PmusAuthError(
      'secret key is not base64 (expected the Secret Key shown once at polymarket.us/developer)',
    );
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length !== 32 && bytes.length !== 64)
    throw new PmusAuthError(`secret key must decode to 32 or 64 bytes, got ${bytes.length}`);
  return createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, bytes.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
}

export function pmusSigningKey(keyId: string, secretBase64: string): PmusSigningKey {
  if (keyId.trim() === '') throw new PmusAuthError('key id is empty');
  return { keyId, privateKey: pmusPrivateKeyFromSecret(secretBase64) };
}

/** The public key of a private key, as the raw 32 bytes in base64 (what the simulator registers). */
export function pmusPublicKeyBase64(privateKey: KeyObject): string {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(SPKI_ED25519_PREFIX.length)).toString('base64');
}

export function pmusPublicKeyFromBase64(publicBase64: string): KeyObject {
  const raw = Buffer.from(publicBase64, 'base64');
  if (raw.length !== 32) throw new PmusAuthError(`public key must be 32 bytes, got ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The exact signed string. */
export function pmusSignedMessage(timestampMs: number, method: string, path: string): string {
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0)
    throw new PmusAuthError(`timestamp must be whole Unix milliseconds, got ${timestampMs}`);
  if (!path.startsWith('/') || path.includes('?'))
    throw new PmusAuthError(`signed path must be a pathname without query, got ${JSON.stringify(path)}`);
  return `${timestampMs}${method.toUpperCase()}${path}`;
}

export function pmusSign(privateKey: KeyObject, message: string): string {
  return cryptoSign(null, Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

export function pmusAuthHeaders(
  key: PmusSigningKey,
  req: { timestampMs: number; method: string; path: string },
): Record<string, string> {
  return {
    [PMUS_HEADERS.key]: key.keyId,
    [PMUS_HEADERS.timestamp]: String(req.timestampMs),
    [PMUS_HEADERS.signature]: pmusSign(
      key.privateKey,
      pmusSignedMessage(req.timestampMs, req.method, req.path),
    ),
  };
}

export type PmusVerifyFailure =
  | 'missing_headers'
  | 'unknown_key'
  | 'bad_timestamp'
  | 'stale_timestamp'
  | 'bad_signature';

/** What the venue checks: headers present, key known, timestamp within the window, signature. */
export function verifyPmusRequest(opts: {
  headers: { key: string | null; timestamp: string | null; signature: string | null };
  method: string;
  path: string;
  nowMs: number;
  toleranceMs: number;
  publicKeyOf: (keyId: string) => KeyObject | null;
}): { ok: true; keyId: string } | { ok: false; failure: PmusVerifyFailure } {
  const { key, timestamp, signature } = opts.headers;
  if (key === null || timestamp === null || signature === null)
    return { ok: false, failure: 'missing_headers' };
  const publicKey = opts.publicKeyOf(key);
  if (!publicKey) return { ok: false, failure: 'unknown_key' };
  if (!/^\d{1,16}$/.test(timestamp)) return { ok: false, failure: 'bad_timestamp' };
  const ts = Number(timestamp);
  if (Math.abs(opts.nowMs - ts) > opts.toleranceMs) return { ok: false, failure: 'stale_timestamp' };
  const sig = Buffer.from(signature, 'base64');
  if (sig.length !== 64) return { ok: false, failure: 'bad_signature' };
  const message = Buffer.from(`${timestamp}${opts.method.toUpperCase()}${opts.path}`, 'utf8');
  return cryptoVerify(null, message, publicKey, sig)
    ? { ok: true, keyId: key }
    : { ok: false, failure: 'bad_signature' };
}
