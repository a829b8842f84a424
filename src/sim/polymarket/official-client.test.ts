/**
 * Acceptance: the official @polymarket/clob-client-v2, with its own L1/L2 auth and V2 order
 * signing (chain 137, the SDK's own contract config), against the simulator. Every call runs
 * with throwOnError, so a refusal by the simulator fails the test.
 */
import { Chain, ClobClient, OrderType, orderToJsonV2, Side } from '@polymarket/clob-client-v2';
import { createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { polygon } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimTestClient } from './test-client.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from './testing.js';

let fx: PolySimFixture;
beforeAll(async () => {
  fx = await startPolySimFixture();
});
afterAll(() => fx.close());

function wallet() {
  // The transport is never used: a local account signs typed data in process.
  return createWalletClient({
    account: privateKeyToAccount(fx.traderKey),
    chain: polygon,
    transport: http('http://127.0.0.1:9'),
  });
}

describe('clob-client-v2 against the simulator', () => {
  it('derives an API key, posts a V2 order and cancels it', async () => {
    const l1 = new ClobClient({
      host: fx.baseUrl,
      chain: Chain.POLYGON,
      signer: wallet(),
      throwOnError: true,
    });
    const creds = await l1.createOrDeriveApiKey();
    expect(creds.key).toMatch(/^[0-9a-f-]{36}$/);
    const derived = await l1.deriveApiKey();
    expect(derived).toEqual(creds);

    const client = new ClobClient({
      host: fx.baseUrl,
      chain: Chain.POLYGON,
      signer: wallet(),
      creds,
      throwOnError: true,
    });
    const [token0] = SIM_MARKET.tokenIds;
    const posted = await client.createAndPostOrder(
      { tokenID: token0, price: 0.3, size: 10, side: Side.BUY },
      { tickSize: '0.01', negRisk: false },
      OrderType.GTC,
    );
    expect(posted.success).toBe(true);
    expect(posted.status).toBe('live');
    expect(posted.orderID).toMatch(/^0x[0-9a-f]{64}$/);

    const open = await client.getOpenOrders({ asset_id: token0 });
    expect(open.map((o) => o.id)).toContain(posted.orderID);
    const order = await client.getOrder(posted.orderID);
    expect(order.price).toBe('0.3');
    expect(order.original_size).toBe('10');

    const cancelled = (await client.cancelOrder({ orderID: posted.orderID })) as { canceled: string[] };
    expect(cancelled.canceled).toEqual([posted.orderID]);
    expect(await client.getOpenOrders({ asset_id: token0 })).toEqual([]);
    expect(fx.sim.stats.ordersAccepted).toBe(1);
    expect(fx.sim.stats.ordersRefused).toBe(0);
  });

  it('reads the book, tick size, neg-risk and market info the SDK asks for', async () => {
    const client = new ClobClient({ host: fx.baseUrl, chain: Chain.POLYGON, throwOnError: true });
    const [token0] = SIM_MARKET.tokenIds;
    const book = await client.getOrderBook(token0);
    expect(book.bids.at(-1)).toEqual({ price: '0.42', size: '50' });
    expect(book.asks.at(-1)).toEqual({ price: '0.45', size: '50' });
    const givenHash = book.hash;
    expect(await client.getOrderBookHash(book)).toBe(givenHash);
    expect(await client.getTickSize(token0)).toBe('0.01');
    expect(await client.getNegRisk(token0)).toBe(false);
    const info = await client.getClobMarketInfo(SIM_MARKET.conditionId);
    expect(info.fd).toEqual({ r: 0.03, e: 1, to: true });
    expect(typeof (await client.getServerTime())).toBe('number');
  });

  it('takes liquidity with a marketable order and sees the trade', async () => {
    const l1 = new ClobClient({
      host: fx.baseUrl,
      chain: Chain.POLYGON,
      signer: wallet(),
      throwOnError: true,
    });
    // The key for nonce 0 exists now: creating it again is refused, deriving returns it.
    await expect(l1.createApiKey()).rejects.toThrow(/Could not create api key/);
    const creds = await l1.deriveApiKey();
    const client = new ClobClient({
      host: fx.baseUrl,
      chain: Chain.POLYGON,
      signer: wallet(),
      creds,
      throwOnError: true,
    });
    const [, token1] = SIM_MARKET.tokenIds;
    // Buying the Rams for $11.60 at up to 0.58 crosses the maker's Giants bid at 0.42 (a mint of the pair).
    const posted = await client.createAndPostMarketOrder(
      { tokenID: token1, amount: 11.6, price: 0.58, side: Side.BUY },
      { tickSize: '0.01', negRisk: false },
      OrderType.FOK,
    );
    expect(posted.success).toBe(true);
    expect(posted.status).toBe('matched');
    expect(posted.takingAmount).toBe('20');
    expect(posted.makingAmount).toBe('11.6');
    const trades = await client.getTrades({ asset_id: token1 });
    expect(trades).toHaveLength(1);
    expect(trades[0]?.trader_side).toBe('TAKER');
    expect(trades[0]?.price).toBe('0.58');
  });

  it('posts a POLY_1271 deposit-wallet order (ERC-7739 wrapped signature) for a registered wallet', async () => {
    const depositWallet = '0x00000000000000000000000000000000dec0de01';
    await fetch(`${fx.baseUrl}/sim/wallets`, {
      method: 'POST',
      body: JSON.stringify({ wallet: depositWallet, owner: fx.traderAddress, signatureType: 3 }),
    });
    await fetch(`${fx.baseUrl}/sim/deposit`, {
      method: 'POST',
      body: JSON.stringify({ account: depositWallet, amount: 100_000_000 }),
    });
    const l1 = new ClobClient({
      host: fx.baseUrl,
      chain: Chain.POLYGON,
      signer: wallet(),
      throwOnError: true,
    });
    const creds = await l1.deriveApiKey();
    const client = new ClobClient({
      host: fx.baseUrl,
      chain: Chain.POLYGON,
      signer: wallet(),
      creds,
      signatureType: 3,
      funderAddress: depositWallet,
      throwOnError: true,
    });
    const [token0] = SIM_MARKET.tokenIds;
    const posted = await client.createAndPostOrder(
      { tokenID: token0, price: 0.2, size: 10, side: Side.BUY },
      { tickSize: '0.01', negRisk: false },
      OrderType.GTC,
    );
    expect(posted.success).toBe(true);
    const order = await client.getOrder(posted.orderID);
    expect(order.maker_address.toLowerCase()).toBe(depositWallet.toLowerCase());
    await client.cancelAll();

    // The same kind of order with its amount changed after signing is refused.
    const signed = await client.createOrder(
      { tokenID: token0, price: 0.2, size: 10, side: Side.BUY },
      { tickSize: '0.01', negRisk: false },
    );
    const body = orderToJsonV2(
      { ...signed, makerAmount: '2100000' } as Parameters<typeof orderToJsonV2>[0],
      creds.key,
      OrderType.GTC,
    );
    const raw = new SimTestClient(fx.baseUrl, fx.traderKey);
    raw.creds = creds;
    expect(await raw.l2('POST', '/order', { body })).toEqual({
      status: 400,
      body: { error: 'invalid signature' },
    });
  });
});
