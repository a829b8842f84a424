import { describe, expect, it } from 'vitest';
import { POLYMARKET_HOSTS, parsePolymarketConfig, readPrivateKey } from './config.js';
import { PolymarketConfigError } from './errors.js';

const FUNDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

function issuesOf(input: unknown): string[] {
  try {
    parsePolymarketConfig(input);
    return [];
  } catch (e) {
    if (!(e instanceof PolymarketConfigError)) throw e;
    return e.issues.map((i) => i.field);
  }
}

describe('Polymarket settings', () => {
  it('defaults to the real hosts, Polygon and the proxy flow', () => {
    const c = parsePolymarketConfig({ funderAddress: FUNDER });
    expect(c.clobUrl).toBe(POLYMARKET_HOSTS.clob);
    expect(c.wsMarketUrl).toBe(POLYMARKET_HOSTS.wsMarket);
    expect(c.chainId).toBe(137);
    expect(c.signatureType).toBe('POLY_PROXY');
  });

  it('allows plain http and ws on loopback only', () => {
    expect(
      parsePolymarketConfig({
        signatureType: 'EOA',
        clobUrl: 'http://127.0.0.1:8080',
        wsMarketUrl: 'ws://localhost:9000/ws/market',
      }).clobUrl,
    ).toBe('http://127.0.0.1:8080');
    expect(
      issuesOf({
        signatureType: 'EOA',
        clobUrl: 'http://clob.polymarket.com',
        wsUserUrl: 'ws://10.0.0.1/ws',
      }),
    ).toEqual(['clobUrl', 'wsUserUrl']);
  });

  it('reports every problem at once', () => {
    expect(
      issuesOf({
        chainId: 1,
        signatureType: 'WALLET',
        funderAddress: '0x12',
        privateKeyEnv: 'lower-case',
      }).sort(),
    ).toEqual(['chainId', 'funderAddress', 'privateKeyEnv', 'signatureType'].sort());
    expect(issuesOf({ signatureType: 'POLY_GNOSIS_SAFE' })).toEqual(['funderAddress']);
  });

  it('reads the key from the named variable, and never puts it in an error', () => {
    const c = parsePolymarketConfig({ signatureType: 'EOA', privateKeyEnv: 'PM_KEY' });
    const key = `0x${'ab'.repeat(32)}`;
    expect(readPrivateKey(c, { PM_KEY: key })).toBe(key);
    expect(() => readPrivateKey(c, {})).toThrow(/PM_KEY: is not set/);
    try {
      readPrivateKey(c, { PM_KEY: 'secret-not-a-key' });
      throw new Error('accepted');
    } catch (e) {
      expect(String(e)).toMatch(/PM_KEY/);
      expect(String(e)).not.toMatch(/secret-not-a-key/);
    }
  });
});
