/** PmusHttp against the simulator: the 20/s bucket, 429 waits, GET retries, POST never resent. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SimPmusFixture, startPmusSimFixture } from '../../sim/polymarket-us/testing.js';
import { pmusSigningKey } from './auth.js';
import { PmusHttp } from './http.js';

let fx: SimPmusFixture;
beforeEach(async () => {
  fx = await startPmusSimFixture();
});
afterEach(() => fx.close());

/** A clock that only moves when the client waits, and the waits it asked for. */
function fakeTime() {
  let t = Date.now();
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
  };
}

describe('PmusHttp', () => {
  it('spends 20 requests at once, then waits 50 ms a request (20 per second per key)', async () => {
    const time = fakeTime();
    const http = new PmusHttp({ apiBaseUrl: fx.baseUrl, key: pmusSigningKey(fx.keyId, fx.secret), ...time });
    for (let i = 0; i < 23; i++)
      expect((await http.request({ method: 'GET', path: '/v1/account/balances' })).kind).toBe('ok');
    expect(time.waits).toEqual([50, 50, 50]);
  });

  it('retries a GET after a 429 no sooner than 1 s, then doubling backoff on 5xx; never resends a POST', async () => {
    const time = fakeTime();
    const http = new PmusHttp({
      apiBaseUrl: fx.baseUrl,
      key: pmusSigningKey(fx.keyId, fx.secret),
      backoffMs: 100,
      ...time,
    });
    fx.sim.scenarios.add({
      method: 'GET',
      pathPrefix: '/v1/account',
      effect: { kind: 'rate_limit' },
      times: 1,
    });
    fx.sim.scenarios.add({
      method: 'GET',
      pathPrefix: '/v1/account',
      effect: { kind: 'server_error', status: 503 },
      times: 1,
    });
    expect((await http.request({ method: 'GET', path: '/v1/account/balances' })).kind).toBe('ok');
    expect(time.waits).toEqual([1_000, 200]);
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/v1/orders',
      effect: { kind: 'server_error', status: 503 },
      times: 1,
    });
    const post = await http.request({ method: 'POST', path: '/v1/orders', body: {} });
    expect(post).toMatchObject({ kind: 'http_error', status: 503 });
    expect(fx.sim.stats.scenariosApplied).toBe(3);
    expect(time.waits).toEqual([1_000, 200]);
  });

  it('sends public calls unsigned to the gateway, and refuses to sign without a key', async () => {
    const http = new PmusHttp({ apiBaseUrl: 'http://127.0.0.1:9', gatewayBaseUrl: fx.baseUrl, key: null });
    expect(await http.request({ method: 'GET', path: '/v1/markets', public: true })).toMatchObject({
      kind: 'ok',
    });
    expect(await http.request({ method: 'GET', path: '/v1/account/balances' })).toEqual({
      kind: 'network',
      reason: 'no API key to sign GET /v1/account/balances',
    });
    expect(fx.sim.stats.authFailures).toBe(0);
  });
});
