import { describe, expect, it } from 'vitest';
import {
  pmusAuthHeaders,
  pmusPrivateKeyFromSecret,
  pmusPublicKeyBase64,
  pmusPublicKeyFromBase64,
  pmusSign,
  pmusSignedMessage,
  pmusSigningKey,
  verifyPmusRequest,
} from './auth.js';

// The reference's vector (polymarket-us.md §2): seed 32 × 0x01.
const SECRET = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=';
const PUBLIC = 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=';
const SIGNATURE = 'UkzrjY9gnuMcNzHZ28Lz1g/Q7DBJKwdxbPH55O0O6wWAk5KvrOVsJew1lq0FT0FUjT2WnAT+SkMSLPfZ1NmSBw==';

describe('Polymarket US Ed25519 signing', () => {
  it('signs the reference vector exactly', () => {
    const key = pmusPrivateKeyFromSecret(SECRET);
    expect(pmusPublicKeyBase64(key)).toBe(PUBLIC);
    expect(pmusSignedMessage(1_700_000_000_000, 'get', '/v1/portfolio/positions')).toBe(
      '1700000000000GET/v1/portfolio/positions',
    );
    expect(pmusSign(key, '1700000000000GET/v1/portfolio/positions')).toBe(SIGNATURE);
  });

  it('signs identically from the 64-byte seed‖public form', () => {
    const long = Buffer.concat([Buffer.from(SECRET, 'base64'), Buffer.from(PUBLIC, 'base64')]).toString(
      'base64',
    );
    expect(pmusSign(pmusPrivateKeyFromSecret(long), '1700000000000GET/v1/portfolio/positions')).toBe(
      SIGNATURE,
    );
  });

  it('builds the three headers and the verifier accepts them, within the window only', () => {
    const key = pmusSigningKey('key-1', SECRET);
    const headers = pmusAuthHeaders(key, {
      timestampMs: 1_700_000_000_000,
      method: 'GET',
      path: '/v1/portfolio/positions',
    });
    expect(headers).toEqual({
      'x-pm-access-key': 'key-1',
      'x-pm-timestamp': '1700000000000',
      'x-pm-signature': SIGNATURE,
    });
    const pub = pmusPublicKeyFromBase64(PUBLIC);
    const check = (nowMs: number, path = '/v1/portfolio/positions') =>
      verifyPmusRequest({
        headers: {
          key: headers['x-pm-access-key'] ?? null,
          timestamp: headers['x-pm-timestamp'] ?? null,
          signature: headers['x-pm-signature'] ?? null,
        },
        method: 'GET',
        path,
        nowMs,
        toleranceMs: 30_000,
        publicKeyOf: (id) => (id === 'key-1' ? pub : null),
      });
    expect(check(1_700_000_029_000)).toEqual({ ok: true, keyId: 'key-1' });
    expect(check(1_700_000_031_000)).toEqual({ ok: false, failure: 'stale_timestamp' });
    expect(check(1_700_000_000_000, '/v1/account/balances')).toEqual({ ok: false, failure: 'bad_signature' });
  });

  it('refuses a secret that is not 32 or 64 bytes of base64, and a path with a query', () => {
    expect(() => pmusPrivateKeyFromSecret('AQID')).toThrow(/32 or 64 bytes, got 3/);
    expect(() => pmusPrivateKeyFromSecret('not base64!')).toThrow(/not base64/);
    expect(() => pmusSignedMessage(1, 'GET', '/v1/orders/open?slugs=a')).toThrow(/without query/);
  });
});
