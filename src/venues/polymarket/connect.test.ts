/** The adapter assembled from settings, against the simulator. */
import { afterEach, describe, expect, it } from 'vitest';
import { LiveClock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from '../../sim/polymarket/testing.js';
import { parsePolymarketConfig } from './config.js';
import { connectPolymarket, type PolymarketAdapter, readApiCredentials } from './connect.js';
import type { MarketFeedEvent } from './market-feed.js';

let fx: PolySimFixture | null = null;
let adapter: PolymarketAdapter | null = null;
afterEach(async () => {
  adapter?.close();
  await fx?.close();
  adapter = null;
  fx = null;
});

describe('connectPolymarket', () => {
  it('derives credentials, streams books and reads the account from settings alone', async () => {
    fx = await startPolySimFixture();
    const config = parsePolymarketConfig({
      clobUrl: fx.baseUrl,
      wsMarketUrl: `${fx.wsUrl}/market`,
      signatureType: 'EOA',
    });
    const events: MarketFeedEvent[] = [];
    const ids = new EventIdSequence('c');
    const a = await connectPolymarket({
      config,
      env: { POLYMARKET_PRIVATE_KEY: fx.traderKey },
      clock: new LiveClock(),
      nextId: () => ids.next(),
      sink: (e) => events.push(e),
      live: false,
    });
    adapter = a;
    expect(await a.client.account.balance()).toBe(1_000_000_000);
    a.marketWs.subscribe([...SIM_MARKET.tokenIds]);
    const start = Date.now();
    while (events.filter((e) => e.type === 'BookSnapshot').length < 2 && Date.now() - start < 10_000)
      await new Promise((r) => setTimeout(r, 10));
    expect(events.filter((e) => e.type === 'BookSnapshot')).toHaveLength(2);
  });

  it('takes credentials from the environment only when all three are set, naming the missing ones', () => {
    const config = parsePolymarketConfig({ signatureType: 'EOA' });
    expect(readApiCredentials(config, {})).toBeNull();
    expect(
      readApiCredentials(config, {
        POLYMARKET_API_KEY: 'k',
        POLYMARKET_API_SECRET: 's',
        POLYMARKET_API_PASSPHRASE: 'p',
      }),
    ).toEqual({ key: 'k', secret: 's', passphrase: 'p' });
    expect(() => readApiCredentials(config, { POLYMARKET_API_KEY: 'k' })).toThrow(
      /POLYMARKET_API_SECRET[\s\S]*POLYMARKET_API_PASSPHRASE/,
    );
  });
});
