/**
 * API credentials the simulator hands out on L1 auth (venues.md §3.4). Deriving is
 * deterministic per (address, nonce), as the venue's is: the same wallet and nonce always get
 * the same key, secret and passphrase. "Create" refuses a pair that already has a key, which
 * is what makes the SDK's createOrDeriveApiKey fall back to derive.
 */
import { createHmac } from 'node:crypto';
import type { ApiCredentials } from '../../venues/polymarket/auth.js';

export interface ApiKeyRecord extends ApiCredentials {
  /** The wallet (L1 signer) the key belongs to, lower case. */
  readonly address: string;
  readonly nonce: string;
}

export class ApiKeyRegistry {
  private readonly byKey = new Map<string, ApiKeyRecord>();

  constructor(private readonly seed: string) {}

  /** The credentials for (address, nonce), registering them if new. */
  derive(address: string, nonce: string): ApiKeyRecord {
    const record = this.compute(address.toLowerCase(), nonce);
    this.byKey.set(record.key, record);
    return record;
  }

  /** New credentials, or null when (address, nonce) already has a key. */
  create(address: string, nonce: string): ApiKeyRecord | null {
    const record = this.compute(address.toLowerCase(), nonce);
    if (this.byKey.has(record.key)) return null;
    this.byKey.set(record.key, record);
    return record;
  }

  lookup(key: string): ApiKeyRecord | null {
    return this.byKey.get(key) ?? null;
  }

  revoke(key: string): boolean {
    return this.byKey.delete(key);
  }

  private compute(address: string, nonce: string): ApiKeyRecord {
    const mac = (label: string) =>
      createHmac('sha256', this.seed).update(`${label}|${address}|${nonce}`).digest();
    const k = mac('key').toString('hex');
    // UUID layout with the version-4 and variant bits set, like the venue's keys.
    const key = `${k.slice(0, 8)}-${k.slice(8, 12)}-4${k.slice(13, 16)}-8${k.slice(17, 20)}-${k.slice(20, 32)}`;
    // base64url with '=' padding kept, the form the venue's secrets take.
    const secret = mac('secret').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    const passphrase = mac('passphrase').toString('hex');
    return { key, secret, passphrase, address, nonce };
  }
}
