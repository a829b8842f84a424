/**
 * Three things third-party clients found wrong with the simulator, each over real HTTP:
 * Gamma ignored `clob_token_ids`; a V1-signed order got another error than the 2026 CLOB's
 * `order_version_mismatch`; and a market added through the admin API with a field missing was
 * accepted, after which every Gamma `/markets` answered 500.
 */
import { Chain, ClobClient, OrderType, orderToJsonV1, Side } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimTestClient } from './test-client.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from './testing.js';

let fx: PolySimFixture;
let client: SimTestClient;
beforeAll(async () => {
  fx = await startPolySimFixture();
  client = new SimTestClient(fx.baseUrl, fx.traderKey);
  expect((await client.deriveKey()).status).toBe(200);
});
afterAll(() => fx.close());

const post = (path: string, body: unknown) => client.raw('POST', path, { bodyText: JSON.stringify(body) });
const OTHER = {
  ...SIM_MARKET,
  conditionId: `0x${'5c'.repeat(32)}`,
  tokenIds: ['5001', '5002'],
  slug: 'nfl-other-game',
};

describe('Gamma /markets?clob_token_ids', () => {
  it('answers only the markets holding one of the tokens', async () => {
    expect((await post('/sim/markets', OTHER)).status).toBe(200);
    const byToken = async (query: string) =>
      ((await client.raw('GET', `/gamma/markets?${query}`)).body as { conditionId: string }[]).map(
        (m) => m.conditionId,
      );
    expect(await byToken('clob_token_ids=5002')).toEqual([OTHER.conditionId]);
    expect(await byToken(`clob_token_ids=${SIM_MARKET.tokenIds[0]}`)).toEqual([SIM_MARKET.conditionId]);
    expect(await byToken(`clob_token_ids=5001&clob_token_ids=${SIM_MARKET.tokenIds[1]}`)).toEqual([
      SIM_MARKET.conditionId,
      OTHER.conditionId,
    ]);
    expect(await byToken('clob_token_ids=999')).toEqual([]);
  });
});

describe('an order signed for another exchange version', () => {
  const wallet = () =>
    createWalletClient({
      account: privateKeyToAccount(fx.traderKey),
      chain: polygon,
      // Never used: a local account signs typed data in process.
      transport: http('http://127.0.0.1:9'),
    });

  it('gets exactly 400 {"error":"order_version_mismatch"} when V1-signed, as the 2026 CLOB answers', async () => {
    const creds = await new ClobClient({
      host: fx.baseUrl,
      chain: Chain.POLYGON,
      signer: wallet(),
    }).deriveApiKey();
    const sdk = new ClobClient({ host: fx.baseUrl, chain: Chain.POLYGON, signer: wallet(), creds });
    // The official SDK still builds the retired V1 order (nonce, feeRateBps, taker; no timestamp).
    const v1 = await sdk.createOrder(
      { tokenID: SIM_MARKET.tokenIds[0], price: 0.3, size: 10, side: Side.BUY },
      { tickSize: '0.01', negRisk: false, version: 1 },
    );
    const body = orderToJsonV1(v1 as Parameters<typeof orderToJsonV1>[0], creds.key, OrderType.GTC);
    expect(body.order).toHaveProperty('nonce');
    expect(await client.l2('POST', '/order', { body })).toEqual({
      status: 400,
      body: { error: 'order_version_mismatch' },
    });
    // The SDK's own post sees the error it re-reads /version on.
    expect(await sdk.postOrder(v1)).toMatchObject({ error: 'order_version_mismatch', status: 400 });
  });

  it('gets the same answer when V2-signed for the other exchange domain', async () => {
    const { body } = await client.orderBody({
      tokenId: SIM_MARKET.tokenIds[0],
      side: 'BUY',
      makerAmount: 3_000_000n,
      takerAmount: 10_000_000n,
      version: '3',
    });
    expect(await client.l2('POST', '/order', { body })).toEqual({
      status: 400,
      body: { error: 'order_version_mismatch' },
    });
  });
});

describe('the admin API', () => {
  it('refuses a market missing a field with a 400 naming it, and Gamma keeps answering', async () => {
    const { fee: _fee, ...noFee } = {
      ...OTHER,
      conditionId: `0x${'5d'.repeat(32)}`,
      tokenIds: ['5101', '5102'],
    };
    const reply = await post('/sim/markets', noFee);
    expect(reply.status).toBe(400);
    expect((reply.body as { error: string }).error).toMatch(/\bfee\b/);
    const { teams: _teams, ...noTeams } = {
      id: '777',
      slug: 'x',
      title: 'x',
      seriesSlug: 'x',
      sport: 'nfl',
      startTimeMs: 1,
      negRisk: false,
      teams: [],
    };
    const event = await post('/sim/events', noTeams);
    expect(event.status).toBe(400);
    expect((event.body as { error: string }).error).toMatch(/\bteams\b/);
    const markets = await client.raw('GET', '/gamma/markets');
    expect(markets.status).toBe(200);
    expect((markets.body as { conditionId: string }[]).map((m) => m.conditionId)).toContain(
      SIM_MARKET.conditionId,
    );
    const events = await client.raw('GET', '/gamma/events');
    expect(events.status).toBe(200);
    expect((await client.raw('GET', `/markets/${SIM_MARKET.conditionId}`)).status).toBe(200);
  });

  it('names every bad field of a body at once and changes nothing', async () => {
    const before = fx.sim.exchange.markets.size;
    const reply = await post('/sim/markets', { ...OTHER, conditionId: 'nope', tickSize: '0.02', typo: 1 });
    expect(reply.status).toBe(400);
    const error = (reply.body as { error: string }).error;
    for (const field of ['conditionId', 'tickSize', 'typo']) expect(error).toContain(field);
    expect(fx.sim.exchange.markets.size).toBe(before);
    expect((await post('/sim/deposit', { account: fx.traderAddress, amount: -5 })).status).toBe(400);
    expect((await post('/sim/resolve', { conditionId: SIM_MARKET.conditionId, winner: 2 })).status).toBe(400);
    expect(fx.sim.exchange.markets.get(SIM_MARKET.conditionId)?.status).toBe('open');
  });
});
