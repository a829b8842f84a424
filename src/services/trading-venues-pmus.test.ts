/** Paper and live runs with Polymarket US enabled: its paper account, and its credentials required live. */
import { describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../config/endpoints.js';
import { loadConfig } from '../config/load.js';
import { SimulatedClock } from '../core/clock.js';
import { asRunId } from '../core/ids.js';
import { Timeline } from '../feeds/replay/timeline.js';
import { openStore } from '../store/open.js';
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
