/** Endpoints: the real hosts by default in paper and live, all-or-nothing elsewhere. */
import { describe, expect, it } from 'vitest';
import { EndpointError, resolveEndpoints } from './endpoints.js';
import { loadConfig } from './load.js';

const config = (env: Record<string, string>) =>
  loadConfig({ env: { ARBEES_MODE: 'paper', ...env }, envFile: null });

describe('resolveEndpoints', () => {
  it('defaults to the real hosts: ESPN, Kalshi production, Polymarket', () => {
    const e = resolveEndpoints(config({}));
    expect(e.espn).toEqual({ url: 'https://site.api.espn.com/apis/site/v2/sports', real: true });
    expect(e.kalshi).toEqual({
      environment: 'prod',
      rest: 'https://external-api.kalshi.com/trade-api/v2',
      ws: 'wss://external-api-ws.kalshi.com/trade-api/ws/v2',
      real: true,
    });
    expect(e.polymarket).toMatchObject({
      clob: 'https://clob.polymarket.com',
      gamma: 'https://gamma-api.polymarket.com',
      wsMarket: 'wss://ws-subscriptions-clob.polymarket.com/ws/market',
      wsUser: 'wss://ws-subscriptions-clob.polymarket.com/ws/user',
      geoblock: 'https://polymarket.com/api/geoblock',
      real: true,
    });
  });

  it("takes Kalshi's demo exchange with one word", () => {
    const e = resolveEndpoints(config({ KALSHI_ENV: 'demo' }));
    expect(e.kalshi?.rest).toBe('https://external-api.demo.kalshi.co/trade-api/v2');
    expect(e.kalshi?.ws).toBe('wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2');
  });

  it('points every endpoint at a simulated world', () => {
    const e = resolveEndpoints(
      config({
        ARBEES_ESPN_URL: 'http://127.0.0.1:9000/apis/site/v2/sports',
        ARBEES_KALSHI_URL: 'http://127.0.0.1:9001/trade-api/v2',
        ARBEES_KALSHI_WS_URL: 'ws://127.0.0.1:9001/trade-api/ws/v2',
        ARBEES_POLYMARKET_URL: 'http://127.0.0.1:9002',
        ARBEES_GAMMA_URL: 'http://127.0.0.1:9002/gamma',
        ARBEES_POLYMARKET_WS_URL: 'ws://127.0.0.1:9002/ws',
        ARBEES_GEOBLOCK_URL: 'http://127.0.0.1:9002/api/geoblock',
      }),
    );
    expect(e.espn.real).toBe(false);
    expect(e.kalshi?.real).toBe(false);
    expect(e.polymarket).toMatchObject({ wsMarket: 'ws://127.0.0.1:9002/ws/market', real: false });
  });

  it('refuses a venue pointed away from its hosts with an endpoint left to default, naming each', () => {
    let error: unknown;
    try {
      resolveEndpoints(
        config({
          ARBEES_KALSHI_URL: 'http://127.0.0.1:9001/trade-api/v2',
          ARBEES_POLYMARKET_URL: 'http://127.0.0.1:9002',
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EndpointError);
    const text = (error as EndpointError).problems.join('\n');
    expect(text).toMatch(/ARBEES_KALSHI_WS_URL must be set/);
    expect(text).toMatch(/ARBEES_GAMMA_URL, ARBEES_POLYMARKET_WS_URL, ARBEES_GEOBLOCK_URL must be set too/);
  });

  it("refuses the demo exchange's URL under KALSHI_ENV=prod", () => {
    expect(() =>
      resolveEndpoints(config({ ARBEES_KALSHI_URL: 'https://external-api.demo.kalshi.co/trade-api/v2' })),
    ).toThrow(/demo exchange, but KALSHI_ENV=prod/);
  });

  it('leaves out a venue that is not enabled', () => {
    const e = resolveEndpoints(config({ ARBEES_VENUES: 'kalshi' }));
    expect(e.polymarket).toBeNull();
    expect(() => config({ ARBEES_VENUES: 'kalshi,bitmex' })).toThrow(/ARBEES_VENUES: .*unknown: bitmex/);
  });

  it('reads the leagues and the clock settings', () => {
    const c = config({ ARBEES_LEAGUES: 'nfl, nba', ARBEES_CLOCK: 'scaled:60@1765000000000' });
    expect(c.ARBEES_LEAGUES).toEqual(['nfl', 'nba']);
    expect(c.ARBEES_CLOCK).toEqual({ kind: 'scaled', speed: 60, anchorMs: 1765000000000 });
    expect(() => config({ ARBEES_LEAGUES: 'nfl,xfl' })).toThrow(/ARBEES_LEAGUES: .*unknown: xfl/);
    expect(() => config({ ARBEES_CLOCK: 'fast' })).toThrow(/ARBEES_CLOCK: must be wall, event or scaled/);
  });
});
