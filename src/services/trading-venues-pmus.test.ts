/** A paper or live run with Polymarket US enabled stops at start, naming why, until it is wired. */
import { describe, expect, it } from 'vitest';
import { resolveEndpoints } from '../config/endpoints.js';
import { loadConfig } from '../config/load.js';
import { openTradingVenues, type TradingVenuesOptions } from './trading-venues.js';

describe('trading venues with polymarket-us enabled', () => {
  for (const mode of ['paper', 'live'] as const)
    it(`${mode}: refused by name, before any venue is opened`, async () => {
      const config = loadConfig({ env: { ARBEES_VENUES: 'kalshi,polymarket-us' }, envFile: null });
      // Only what the refusal reads: it comes before anything else is touched.
      const opts = { mode, config, endpoints: resolveEndpoints(config) } as unknown as TradingVenuesOptions;
      await expect(openTradingVenues(opts)).rejects.toThrow(
        /polymarket-us is not traded by paper or live runs yet .* leave it out of ARBEES_VENUES/,
      );
    });
});
