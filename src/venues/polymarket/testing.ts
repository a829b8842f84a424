/**
 * The Polymarket adapter wired to a simulator fixture: HTTP with derived API credentials and a
 * venue client for the fixture's trader. For tests and the conformance suite.
 */
import type { PolySimFixture } from '../../sim/polymarket/testing.js';
import type { ApiCredentials } from './auth.js';
import { PolymarketVenueClient, type PolymarketVenueClientOptions } from './client.js';
import { PolymarketHttp, type PolymarketHttpOptions } from './http.js';

export async function simVenueClient(
  fx: PolySimFixture,
  opts: {
    readonly http?: Partial<PolymarketHttpOptions>;
    readonly client?: Partial<PolymarketVenueClientOptions>;
  } = {},
): Promise<{ http: PolymarketHttp; client: PolymarketVenueClient; credentials: ApiCredentials }> {
  const http = new PolymarketHttp({ baseUrl: fx.baseUrl, address: fx.traderAddress, ...opts.http });
  const credentials = await http.deriveApiKey({ privateKey: fx.traderKey, chainId: fx.sim.chainId });
  const client = new PolymarketVenueClient({
    http,
    privateKey: fx.traderKey,
    chainId: fx.sim.chainId,
    ...opts.client,
  });
  return { http, client, credentials };
}
