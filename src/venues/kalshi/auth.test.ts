import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalKalshiPath,
  KALSHI_WS_PATH,
  kalshiAuthHeaders,
  kalshiSigningMessage,
  kalshiWebSocketAuthHeaders,
  loadKalshiPrivateKey,
  loadKalshiPrivateKeyFile,
  signKalshiMessage,
  verifyKalshiSignature,
} from './auth.js';
import { KalshiAuthError } from './errors.js';
import { rsaPssVectors } from './fixtures/load.js';

const vectors = rsaPssVectors();
const generated = vectors.self_generated_verification_vectors;
const KEY_ID = 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c';

describe('the signed message', () => {
  it('is timestamp_ms + METHOD + path, as in the docs example', () => {
    expect(
      kalshiSigningMessage({
        timestampMs: 1703123456789,
        method: 'GET',
        path: '/trade-api/v2/portfolio/balance',
      }),
    ).toBe(vectors.upstream_docs_example.message);
  });

  it.each(vectors.canonicalization_cases_from_TexasCoding_kalshi_python_sdk.cases)(
    '$method $path -> $signed_message',
    (c) => {
      expect(kalshiSigningMessage({ timestampMs: c.timestamp_ms, method: c.method, path: c.path })).toBe(
        c.signed_message,
      );
    },
  );

  it('drops the host and the query string of a full URL', () => {
    expect(canonicalKalshiPath('https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5')).toBe(
      '/trade-api/v2/portfolio/orders',
    );
    expect(canonicalKalshiPath('http://127.0.0.1:8080/trade-api/v2/markets#x')).toBe('/trade-api/v2/markets');
  });

  it('refuses a path relative to the base URL, the commonest signing bug', () => {
    expect(() => canonicalKalshiPath('/portfolio/balance')).toThrow(KalshiAuthError);
    expect(() => kalshiSigningMessage({ timestampMs: 1, method: 'GET', path: 'markets' })).toThrow(
      /API root/,
    );
  });

  it('refuses timestamps that are not whole milliseconds, and bad methods', () => {
    expect(() => kalshiSigningMessage({ timestampMs: 1.5, method: 'GET', path: '/trade-api/v2/x' })).toThrow(
      /milliseconds/,
    );
    expect(() => kalshiSigningMessage({ timestampMs: 1, method: 'G T', path: '/trade-api/v2/x' })).toThrow(
      /HTTP method/,
    );
  });
});

describe('keys', () => {
  it('loads PKCS#8 ("PRIVATE KEY") and PKCS#1 ("RSA PRIVATE KEY") PEM', () => {
    const pkcs8 = loadKalshiPrivateKey(generated.privateKeyPem_pkcs8);
    const pkcs1Pem = pkcs8.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(pkcs1Pem).toContain('BEGIN RSA PRIVATE KEY');
    const pkcs1 = loadKalshiPrivateKey(pkcs1Pem);
    const message = '1000GET/trade-api/v2/markets';
    // Either form signs what the vector's public key verifies.
    for (const key of [pkcs8, pkcs1]) {
      const signature = signKalshiMessage(key, message);
      expect(
        verifyKalshiSignature({
          publicKey: generated.publicKeyPem_spki,
          timestampMs: 1000,
          method: 'GET',
          path: '/trade-api/v2/markets',
          signature,
        }),
      ).toBe(true);
    }
  });

  it('refuses what is not an RSA private key, saying why', () => {
    expect(() => loadKalshiPrivateKey('not a key')).toThrow(KalshiAuthError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => loadKalshiPrivateKey(ec)).toThrow(/must be RSA, got ec/);
  });

  it('reads a key file, and names the file it cannot read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalshi-key-'));
    const file = join(dir, 'kalshi.key');
    writeFileSync(file, generated.privateKeyPem_pkcs8);
    expect((await loadKalshiPrivateKeyFile(file)).asymmetricKeyType).toBe('rsa');
    await expect(loadKalshiPrivateKeyFile(join(dir, 'missing.key'))).rejects.toThrow(/missing\.key/);
  });
});

describe('the generated-key vectors', () => {
  it.each(generated.cases)('verifies the stored signature of $message, and not a tampered message', (c) => {
    const match = /^(\d+)([A-Z]+)(\/.*)$/.exec(c.message);
    expect(match).not.toBeNull();
    const [, ts, method, path] = match as unknown as [string, string, string, string];
    const request = { publicKey: generated.publicKeyPem_spki, method, path, signature: c.signatureBase64 };
    expect(verifyKalshiSignature({ ...request, timestampMs: Number(ts) })).toBe(c.verifies);
    expect(verifyKalshiSignature({ ...request, timestampMs: Number(ts) + 1 })).toBe(
      c.verifiesAgainstTamperedMessage,
    );
  });
});

describe('sign then verify with a freshly generated key', () => {
  let privateKey: KeyObject;
  let publicKey: KeyObject;
  beforeAll(() => {
    ({ privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  });
  const request = { timestampMs: 1703123456789, method: 'GET', path: '/trade-api/v2/portfolio/balance' };

  it('sends the three headers, and the signature verifies', () => {
    const headers = kalshiAuthHeaders({ keyId: KEY_ID, privateKey }, request);
    expect(Object.keys(headers).sort()).toEqual([...vectors.upstream_docs_example.headers].sort());
    expect(headers['KALSHI-ACCESS-KEY']).toBe(KEY_ID);
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1703123456789');
    // 2048-bit key: 256 bytes, standard base64 with padding.
    expect(Buffer.from(headers['KALSHI-ACCESS-SIGNATURE'], 'base64')).toHaveLength(256);
    expect(headers['KALSHI-ACCESS-SIGNATURE']).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(
      verifyKalshiSignature({ ...request, publicKey, signature: headers['KALSHI-ACCESS-SIGNATURE'] }),
    ).toBe(true);
  });

  it('makes a different signature each time (PSS is randomised), both valid', () => {
    const a = kalshiAuthHeaders({ keyId: KEY_ID, privateKey }, request)['KALSHI-ACCESS-SIGNATURE'];
    const b = kalshiAuthHeaders({ keyId: KEY_ID, privateKey }, request)['KALSHI-ACCESS-SIGNATURE'];
    expect(a).not.toBe(b);
    expect(verifyKalshiSignature({ ...request, publicKey, signature: a })).toBe(true);
    expect(verifyKalshiSignature({ ...request, publicKey, signature: b })).toBe(true);
  });

  it('signs the path without the query: a request with a query verifies against the bare path', () => {
    const withQuery = { ...request, path: '/trade-api/v2/portfolio/orders?limit=5' };
    const signature = kalshiAuthHeaders({ keyId: KEY_ID, privateKey }, withQuery)['KALSHI-ACCESS-SIGNATURE'];
    expect(
      verifyKalshiSignature({ ...request, path: '/trade-api/v2/portfolio/orders', publicKey, signature }),
    ).toBe(true);
  });

  it('fails verification for a signature over the path WITH the query string', () => {
    const buggy = signKalshiMessage(privateKey, '1703123456789GET/trade-api/v2/portfolio/orders?limit=5');
    expect(
      verifyKalshiSignature({
        ...request,
        path: '/trade-api/v2/portfolio/orders?limit=5',
        publicKey,
        signature: buggy,
      }),
    ).toBe(false);
  });

  it('fails for another method, path, timestamp or key, and for malformed signatures', () => {
    const signature = kalshiAuthHeaders({ keyId: KEY_ID, privateKey }, request)['KALSHI-ACCESS-SIGNATURE'];
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(verifyKalshiSignature({ ...request, method: 'POST', publicKey, signature })).toBe(false);
    expect(verifyKalshiSignature({ ...request, path: '/trade-api/v2/markets', publicKey, signature })).toBe(
      false,
    );
    expect(
      verifyKalshiSignature({ ...request, timestampMs: request.timestampMs + 1, publicKey, signature }),
    ).toBe(false);
    expect(verifyKalshiSignature({ ...request, publicKey: other, signature })).toBe(false);
    for (const bad of ['', 'not base64!', signature.slice(0, -4), `${signature}AAAA`]) {
      expect(verifyKalshiSignature({ ...request, publicKey, signature: bad })).toBe(false);
    }
  });

  it('signs the WebSocket handshake as GET /trade-api/ws/v2', () => {
    const headers = kalshiWebSocketAuthHeaders({ keyId: KEY_ID, privateKey }, { timestampMs: 1703123456789 });
    const signature = headers['KALSHI-ACCESS-SIGNATURE'];
    expect(KALSHI_WS_PATH).toBe('/trade-api/ws/v2');
    expect(
      verifyKalshiSignature({
        timestampMs: 1703123456789,
        method: 'GET',
        path: KALSHI_WS_PATH,
        publicKey,
        signature,
      }),
    ).toBe(true);
    expect(
      verifyKalshiSignature({
        timestampMs: 1703123456789,
        method: 'GET',
        path: '/trade-api/v2',
        publicKey,
        signature,
      }),
    ).toBe(false);
  });
});
