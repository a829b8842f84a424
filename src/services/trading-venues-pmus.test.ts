/** Paper and live runs with Polymarket US enabled: its paper account, and its credentials required live. */
import { describe, expect, it, vi } from 'vitest';
import { resolveEndpoints } from '../config/endpoints.js';
import { loadConfig } from '../config/load.js';
import { LiveClock, SimulatedClock } from '../core/clock.js';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asRunId, asSignalId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import { Timeline } from '../feeds/replay/timeline.js';
import { SIM_PMUS_MARKET, startPmusSimFixture } from '../sim/polymarket-us/testing.js';
import { openStore } from '../store/open.js';
import { pmusSigningKey } from '../venues/polymarket-us/auth.js';
import { createLogger } from './logger.js';
import { openTradingVenues, paperOpeningCash, type TradingVenuesOptions } from './trading-venues.js';
import { loadPmusKey, VenueAccessError } from './venue-access.js';

const env = { ARBEES_VENUES: 'kalshi,polymarket-us', ARBEES_BANKROLL: '1000' };

describe('trading venues with polymarket-us enabled', () => {
  it('paper: a paper account at Polymarket US with its share of the bankroll', async () => {
    const config = loadConfig({ env, envFile: null });
    expect(paperOpeningCash(config, resolveEndpoints(config))).toEqual([
      { venue: 'kalshi', startingBalance: 500_000_000 },
      { venue: 'polymarket-us', startingBalance: 500_000_000 },
    ]);
    const store = await openStore({ pglite: 'memory' });
    const clock = new SimulatedClock(0);
    try {
      const venues = await openTradingVenues({
        mode: 'paper',
        config,
        endpoints: resolveEndpoints(config),
        env: {},
        clock,
        scheduler: new Timeline(clock),
        store,
        runId: asRunId('paper-pmus'),
        kalshiKey: null,
        log: createLogger({ level: 'error', write: () => {} }),
      });
      expect([...venues.clients.keys()]).toEqual(['kalshi', 'polymarket-us']);
      expect(venues.cash.get('polymarket-us')).toBe(500_000_000);
      await venues.close();
    } finally {
      await store.close();
    }
  });

  it('live: refused without its API key, naming both settings, before any request', async () => {
    const config = loadConfig({ env: { ...env, ARBEES_VENUES: 'polymarket-us' }, envFile: null });
    const opts = {
      mode: 'live',
      config,
      endpoints: resolveEndpoints(config),
      pmusKey: null,
    } as unknown as TradingVenuesOptions;
    await expect(openTradingVenues(opts)).rejects.toThrow(
      /Polymarket US: POLYMARKET_US_KEY_ID and POLYMARKET_US_SECRET_KEY are needed to trade/,
    );
  });

  it('live: the adapter over the endpoints trades against the venue, with its private order channel open', async () => {
    const fx = await startPmusSimFixture();
    try {
      const config = loadConfig({ env: { ARBEES_VENUES: 'polymarket-us' }, envFile: null });
      const clock = new LiveClock();
      const venues = await openTradingVenues({
        mode: 'live',
        config,
        endpoints: {
          espn: { url: 'http://127.0.0.1:1', real: false },
          kalshi: null,
          polymarket: null,
          polymarketUs: { api: fx.baseUrl, gateway: fx.baseUrl, ws: fx.wsUrl, real: false },
        },
        env: {},
        clock,
        scheduler: new Timeline(new SimulatedClock(0)),
        store: null as never,
        runId: asRunId('live-pmus'),
        kalshiKey: null,
        pmusKey: pmusSigningKey(fx.keyId, fx.secret),
        log: createLogger({ level: 'error', write: () => {} }),
      });
      try {
        expect(venues.cash.get('polymarket-us')).toBe(1_000_000_000);
        // The private order channel connects with the trader's key.
        await vi.waitFor(() => expect(fx.sim.webSocketClients).toBe(1));
        const client = venues.clients.get('polymarket-us')!;
        const outcome = await client.submit({
          type: 'OrderIntent',
          id: asEventId('intent-1'),
          ts: clock.now(),
          clientOrderId: asClientOrderId('co-1'),
          signalId: asSignalId('sig-1'),
          leg: 0,
          gameId: asGameId('espn:nfl:1'),
          instrumentId: asInstrumentId(`polymarket-us:${SIM_PMUS_MARKET.slug}`),
          venue: 'polymarket-us',
          side: 'yes',
          action: 'buy',
          qty: 1_000 as Centis,
          limitPrice: 450_000 as Micros,
          tif: 'IOC',
          legCount: 1,
          purpose: 'entry',
        });
        expect(outcome).toMatchObject({ kind: 'accepted' });
        const report = await client.getOrder(asClientOrderId('co-1'));
        // 10 contracts at 0.45: 0.0695 × 10 × 0.45 × 0.55 = $0.172 → $0.17.
        expect(report?.fills.map((f) => [f.price, f.qty, f.fee])).toEqual([[450_000, 1_000, 170_000]]);
      } finally {
        await venues.close();
      }
      await vi.waitFor(() => expect(fx.sim.webSocketClients).toBe(0));
    } finally {
      await fx.close();
    }
  });

  it('reads its key from the settings and the environment, naming what is missing or wrong', () => {
    const config = loadConfig({ env: { POLYMARKET_US_KEY_ID: 'k-1' }, envFile: null });
    expect(loadPmusKey(loadConfig({ env: {}, envFile: null }), {})).toBeNull();
    expect(() => loadPmusKey(config, {})).toThrow(
      /POLYMARKET_US_SECRET_KEY is not set while POLYMARKET_US_KEY_ID is/,
    );
    expect(() => loadPmusKey(config, { POLYMARKET_US_SECRET_KEY: 'not base64!' })).toThrow(VenueAccessError);
    const key = loadPmusKey(config, { POLYMARKET_US_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') });
    expect(key?.keyId).toBe('k-1');
  });
});
