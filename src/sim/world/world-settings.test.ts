import { describe, expect, it } from 'vitest';
import { withPublicHost } from './world-settings.js';

describe('withPublicHost', () => {
  it('moves every URL on the bound address to the public name and leaves the rest', () => {
    const out = withPublicHost(
      {
        ARBEES_ESPN_URL: 'http://0.0.0.0:8080/apis/site/v2/sports',
        ARBEES_KALSHI_WS_URL: 'ws://0.0.0.0:8081/trade-api/ws/v2',
        ARBEES_POLYMARKET_URL: 'http://0.0.0.0:8082',
        ARBEES_GEOBLOCK_URL: 'http://elsewhere:8082/api/geoblock',
        KALSHI_API_KEY_ID: '0.0.0.0',
      },
      '0.0.0.0',
      'sim-world',
    );
    expect(out).toEqual({
      ARBEES_ESPN_URL: 'http://sim-world:8080/apis/site/v2/sports',
      ARBEES_KALSHI_WS_URL: 'ws://sim-world:8081/trade-api/ws/v2',
      ARBEES_POLYMARKET_URL: 'http://sim-world:8082',
      ARBEES_GEOBLOCK_URL: 'http://elsewhere:8082/api/geoblock',
      KALSHI_API_KEY_ID: '0.0.0.0',
    });
  });
});
