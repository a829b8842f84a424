/**
 * Polymarket US settings, live guard and `arbees doctor` checks, against the simulator: all
 * three endpoints elsewhere or none, the credentials live trading requires, and the checks
 * passing with the test key and failing, with the fix named, without it or with a wrong one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointError, resolveEndpoints } from '../../config/endpoints.js';
import { loadConfig } from '../../config/load.js';
import { missingLiveCredentials } from '../../services/venue-access.js';
import { type SimPmusFixture, startPmusSimFixture } from '../../sim/polymarket-us/testing.js';
import { polymarketUsChecks } from './polymarket-us-checks.js';

let fx: SimPmusFixture;
beforeAll(async () => {
  fx = await startPmusSimFixture();
});
afterAll(() => fx.close());

const settings = () => ({
  ARBEES_MODE: 'paper',
  ARBEES_VENUES: 'kalshi,polymarket-us',
  ARBEES_POLYMARKET_US_URL: fx.baseUrl,
  ARBEES_POLYMARKET_US_GATEWAY_URL: fx.baseUrl,
  ARBEES_POLYMARKET_US_WS_URL: fx.wsUrl,
  POLYMARKET_US_KEY_ID: fx.keyId,
});

async function runChecks(env: Record<string, string | undefined>) {
  const config = loadConfig({ env, envFile: null });
  const ctx = { config, mode: 'paper' as const, endpoints: resolveEndpoints(config), env, timeoutMs: 3_000 };
  const out: Record<string, string> = {};
  for (const check of polymarketUsChecks(ctx)) {
    const r = await check.run();
    out[check.name] = `${r.status}: ${r.detail}${r.fix ? ` | ${r.fix}` : ''}`;
  }
  return out;
}

describe('Polymarket US settings and doctor', () => {
  it('defaults to its own hosts, and refuses a mix of its hosts and others', () => {
    const real = resolveEndpoints(
      loadConfig({ env: { ARBEES_VENUES: 'kalshi,polymarket-us' }, envFile: null }),
    );
    expect(real.polymarketUs).toEqual({
      api: 'https://api.polymarket.us',
      gateway: 'https://gateway.polymarket.us',
      ws: 'wss://api.polymarket.us',
      real: true,
    });
    const mixed = loadConfig({
      env: { ARBEES_VENUES: 'polymarket-us', ARBEES_POLYMARKET_US_URL: 'http://127.0.0.1:9' },
      envFile: null,
    });
    expect(() => resolveEndpoints(mixed)).toThrow(EndpointError);
    expect(() => resolveEndpoints(mixed)).toThrow(
      /ARBEES_POLYMARKET_US_GATEWAY_URL, ARBEES_POLYMARKET_US_WS_URL must be set/,
    );
    expect(() =>
      loadConfig({ env: { ARBEES_POLYMARKET_US_WS_URL: 'ws://h/v1/ws/markets' }, envFile: null }),
    ).toThrow(/ARBEES_POLYMARKET_US_WS_URL/);
  });

  it('live trading requires its key id and secret when it is enabled', () => {
    const config = loadConfig({ env: { ARBEES_VENUES: 'polymarket-us' }, envFile: null });
    const endpoints = resolveEndpoints(config);
    expect(missingLiveCredentials(config, endpoints, {})).toEqual([
      'POLYMARKET_US_KEY_ID',
      'POLYMARKET_US_SECRET_KEY',
    ]);
    const withKey = loadConfig({
      env: { ARBEES_VENUES: 'polymarket-us', POLYMARKET_US_KEY_ID: 'k' },
      envFile: null,
    });
    expect(missingLiveCredentials(withKey, endpoints, { POLYMARKET_US_SECRET_KEY: 's' })).toEqual([]);
  });

  it('passes every check against the simulator with the test key', async () => {
    const out = await runChecks({ ...settings(), POLYMARKET_US_SECRET_KEY: fx.secret });
    expect(Object.keys(out)).toEqual([
      'polymarket-us.gateway',
      'polymarket-us.credentials',
      'polymarket-us.websocket',
    ]);
    for (const line of Object.values(out)) expect(line).toMatch(/^ok: /);
    expect(out['polymarket-us.credentials']).toMatch(/accepted \(\$1,?000\.00 USD\)/);
  });

  it('fails the signed checks, naming the fix, without the secret or with a wrong one', async () => {
    const none = await runChecks(settings());
    expect(none['polymarket-us.gateway']).toMatch(/^ok/);
    expect(none['polymarket-us.credentials']).toMatch(
      /^fail: POLYMARKET_US_SECRET_KEY not set \| set POLYMARKET_US_KEY_ID/,
    );
    const wrong = await runChecks({
      ...settings(),
      POLYMARKET_US_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(wrong['polymarket-us.credentials']).toMatch(/^fail: GET \/v1\/account\/balances: 401/);
    expect(wrong['polymarket-us.websocket']).toMatch(/^fail: .*handshake answered 401/);
  });
});
