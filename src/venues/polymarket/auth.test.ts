import { describe, expect, it } from 'vitest';
import {
  decodeApiSecret,
  l1Headers,
  l2Headers,
  l2Signature,
  l2SigningMessage,
  verifyL1Headers,
  verifyL2Signature,
} from './auth.js';
import { clobAuthVectors, l2HmacVectors, orderV2Vectors } from './fixtures/load.js';

const l1 = clobAuthVectors();
const l2 = l2HmacVectors();

describe('L1 ClobAuth headers', () => {
  for (const c of l1.cases) {
    it(`signs ${c.name} byte for byte`, async () => {
      const h = await l1Headers({
        privateKey: l1.privateKey,
        chainId: c.chainId,
        timestampSeconds: Number(c.timestamp),
        nonce: c.nonce,
      });
      expect(h.POLY_SIGNATURE).toBe(c.expected.signature);
      expect(h.POLY_ADDRESS).toBe(l1.address);
      expect(h.POLY_TIMESTAMP).toBe(c.timestamp);
      expect(h.POLY_NONCE).toBe(String(c.nonce));
    });
  }

  it('recovers the signer, and refuses a tampered nonce, chain or address', async () => {
    const c = l1.cases[0];
    const headers = await l1Headers({
      privateKey: l1.privateKey,
      chainId: c.chainId,
      timestampSeconds: 10000000,
      nonce: 23,
    });
    expect(await verifyL1Headers({ headers, chainId: c.chainId })).toBe(l1.address);
    expect(
      await verifyL1Headers({ headers: { ...headers, POLY_NONCE: '24' }, chainId: c.chainId }),
    ).toBeNull();
    expect(await verifyL1Headers({ headers, chainId: 137 })).toBeNull();
    expect(
      await verifyL1Headers({
        headers: { ...headers, POLY_ADDRESS: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' },
        chainId: c.chainId,
      }),
    ).toBeNull();
    expect(
      await verifyL1Headers({ headers: { ...headers, POLY_SIGNATURE: '0x12' }, chainId: c.chainId }),
    ).toBeNull();
  });

  it('refuses a timestamp that is not whole seconds', async () => {
    await expect(
      l1Headers({ privateKey: l1.privateKey, chainId: 137, timestampSeconds: 1.5 }),
    ).rejects.toThrow(/whole unix seconds/);
  });
});

describe('L2 HMAC', () => {
  for (const c of l2.cases.filter((x: { expected?: string; secret?: string }) => x.expected)) {
    it(`matches ${c.name}`, () => {
      const request = {
        timestampSeconds: Number(c.timestamp),
        method: c.method,
        requestPath: c.path,
        body: c.body,
      };
      if (c.message) expect(l2SigningMessage(request)).toBe(c.message);
      expect(l2Signature({ secret: c.secret ?? l2.secret, request })).toBe(c.expected);
    });
  }

  it('reads base64url and base64 secrets as the same key', () => {
    const c = l2.cases.find((x: { name: string }) => x.name === 'secret_base64_vs_base64url_equivalence');
    const [b64, b64url] = c.secrets;
    expect(decodeApiSecret(b64url).equals(decodeApiSecret(b64))).toBe(true);
    const request = { timestampSeconds: 1000000, method: c.method, requestPath: c.path, body: c.body };
    expect(l2Signature({ secret: b64url, request })).toBe(c.expected_value_derived_here);
    expect(l2Signature({ secret: b64, request })).toBe(c.expected_value_derived_here);
  });

  it('matches the vector over a full V2 POST /order body, and builds the five headers', () => {
    const v = orderV2Vectors().l2_hmac_over_post_order;
    const request = {
      timestampSeconds: Number(v.timestamp),
      method: v.method,
      requestPath: v.path,
      body: v.body,
    };
    const headers = l2Headers({
      address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      credentials: { key: 'k', secret: v.secret, passphrase: 'p' },
      request,
    });
    expect(headers.POLY_SIGNATURE).toBe(v.POLY_SIGNATURE);
    expect(headers).toMatchObject({ POLY_TIMESTAMP: v.timestamp, POLY_API_KEY: 'k', POLY_PASSPHRASE: 'p' });
  });

  it('verifies the exact body, and refuses one changed by a space', () => {
    const request = { timestampSeconds: 1000000, method: 'POST', requestPath: '/order', body: '{"a":1}' };
    const signature = l2Signature({ secret: l2.secret, request });
    expect(verifyL2Signature({ secret: l2.secret, request, signature })).toBe(true);
    expect(
      verifyL2Signature({ secret: l2.secret, request: { ...request, body: '{"a": 1}' }, signature }),
    ).toBe(false);
    expect(verifyL2Signature({ secret: l2.secret, request, signature: signature.slice(1) })).toBe(false);
  });
});
