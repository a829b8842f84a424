import { describe, expect, it } from 'vitest';
import {
  DEFAULT_KALSHI_EXCHANGE_INDEX,
  KALSHI_BASE_URLS,
  kalshiExchangeIndex,
  loadKalshiConfig,
  parseKalshiConfig,
} from './config.js';
import { KalshiConfigError } from './errors.js';

const KEY_ID = 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c';
const minimal = { keyId: KEY_ID, privateKeyPath: '/secrets/kalshi.key' };
const issuesOf = (input: unknown) => {
  const r = parseKalshiConfig(input);
  return r.ok ? [] : r.issues;
};

describe('Kalshi adapter settings', () => {
  it('defaults to demo, the recommended hosts, YES-leg book prices and the league shards', () => {
    expect(loadKalshiConfig(minimal)).toEqual({
      environment: 'demo',
      keyId: KEY_ID,
      privateKeyPath: '/secrets/kalshi.key',
      restBaseUrl: 'https://external-api.demo.kalshi.co/trade-api/v2',
      wsUrl: 'wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2',
      useYesPrice: true,
      exchangeIndexByLeague: DEFAULT_KALSHI_EXCHANGE_INDEX,
    });
    expect(DEFAULT_KALSHI_EXCHANGE_INDEX.mlb).toBe(3);
    expect(DEFAULT_KALSHI_EXCHANGE_INDEX.tennis).toBe(3);
    expect(DEFAULT_KALSHI_EXCHANGE_INDEX.nfl).toBe(0);
  });

  it('picks the production and alternate hosts of the reference', () => {
    const prod = loadKalshiConfig({ ...minimal, environment: 'prod' });
    expect([prod.restBaseUrl, prod.wsUrl]).toEqual([
      'https://external-api.kalshi.com/trade-api/v2',
      'wss://external-api-ws.kalshi.com/trade-api/ws/v2',
    ]);
    const alt = loadKalshiConfig({ ...minimal, environment: 'prod', host: 'alternate' });
    expect(alt.restBaseUrl).toBe(KALSHI_BASE_URLS.prod.alternate.rest);
    expect(alt.wsUrl).toBe('wss://api.elections.kalshi.com/trade-api/ws/v2');
    expect(loadKalshiConfig({ ...minimal, host: 'alternate' }).restBaseUrl).toBe(
      'https://demo-api.kalshi.co/trade-api/v2',
    );
  });

  it('points at a simulator on loopback, plain http allowed there only', () => {
    const sim = loadKalshiConfig({
      ...minimal,
      restBaseUrl: 'http://127.0.0.1:8123/trade-api/v2/',
      wsUrl: 'ws://localhost:8124/trade-api/ws/v2',
    });
    expect(sim.restBaseUrl).toBe('http://127.0.0.1:8123/trade-api/v2');
    expect(sim.wsUrl).toBe('ws://localhost:8124/trade-api/ws/v2');
    expect(issuesOf({ ...minimal, restBaseUrl: 'http://sim.example.com/trade-api/v2' })).toEqual([
      {
        field: 'restBaseUrl',
        message:
          'must use https:// (http:// only on loopback, for a simulator), got "http://sim.example.com/trade-api/v2"',
      },
    ]);
  });

  it('refuses a base URL without the signed /trade-api path', () => {
    expect(issuesOf({ ...minimal, restBaseUrl: 'http://127.0.0.1:8123/' })[0]).toMatchObject({
      field: 'restBaseUrl',
      message: expect.stringContaining('must end in /trade-api/v2'),
    });
    expect(issuesOf({ ...minimal, wsUrl: 'ws://127.0.0.1:1/trade-api/v2' })[0]?.message).toContain(
      '/trade-api/ws/v2',
    );
    expect(issuesOf({ ...minimal, restBaseUrl: 'not a url' })[0]?.message).toContain('absolute URL');
  });

  it('refuses a real host of the other environment', () => {
    expect(
      issuesOf({ ...minimal, environment: 'demo', restBaseUrl: KALSHI_BASE_URLS.prod.recommended.rest }),
    ).toEqual([{ field: 'restBaseUrl', message: 'is a Kalshi prod host but environment is "demo"' }]);
  });

  it('overrides one league shard and keeps the other defaults', () => {
    const c = loadKalshiConfig({ ...minimal, exchangeIndexByLeague: { nhl: 2 } });
    expect(c.exchangeIndexByLeague).toEqual({ ...DEFAULT_KALSHI_EXCHANGE_INDEX, nhl: 2 });
    expect(kalshiExchangeIndex({ marketExchangeIndex: null, league: 'mlb', config: c })).toBe(3);
    // The market's own exchange_index wins: it is authoritative.
    expect(kalshiExchangeIndex({ marketExchangeIndex: 0, league: 'mlb', config: c })).toBe(0);
  });

  it('reports every problem at once, each naming its setting', () => {
    const issues = issuesOf({
      environment: 'staging',
      keyId: 'not-a-uuid',
      useYesPrice: 'yes',
      exchangeIndexByLeague: { cricket: 1, mlb: -1 },
      restBaseUrl: 'ftp://x/trade-api/v2',
      keyPath: '/typo',
    });
    const fields = issues.map((i) => i.field).sort();
    expect(fields).toEqual(
      [
        '',
        'environment',
        'exchangeIndexByLeague',
        'exchangeIndexByLeague.mlb',
        'keyId',
        'privateKeyPath',
        'restBaseUrl',
        'useYesPrice',
      ].sort(),
    );
    expect(issues.find((i) => i.field === '')?.message).toBe('unknown setting(s): keyPath');
    expect(issues.find((i) => i.field === 'privateKeyPath')?.message).toBe(
      'is required: the path of the PEM private key file',
    );
    expect(issues.find((i) => i.field === 'keyId')?.message).toBe('must be the API key id, a UUID');
    expect(issues.find((i) => i.field === 'exchangeIndexByLeague')?.message).toMatch(
      /^unknown league\(s\) cricket;/,
    );
    expect(issues.find((i) => i.field === 'exchangeIndexByLeague.mlb')?.message).toBe(
      'must be a shard number from 0 to 63',
    );
  });

  it('throws a KalshiConfigError listing them for callers that stop on bad settings', () => {
    expect(() => loadKalshiConfig({})).toThrow(KalshiConfigError);
    try {
      loadKalshiConfig({ keyId: KEY_ID });
    } catch (error) {
      expect((error as KalshiConfigError).issues.map((i) => i.field)).toEqual(['privateKeyPath']);
      expect((error as Error).message).toContain('privateKeyPath: is required');
    }
  });
});
