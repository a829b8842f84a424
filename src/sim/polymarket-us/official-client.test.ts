/**
 * Acceptance: the official `polymarket-us` SDK (0.1.1, pinned), with its own Ed25519 signing
 * (@noble/ed25519), against the simulator: it authenticates, lists markets, reads a book,
 * subscribes to market data, places an order and cancels it. Its errors are typed per status,
 * so any refusal by the simulator fails the test. The book is wrapped in `marketData` as the
 * real venue sends it, not flat as the SDK's 0.1.1 types declare (polymarket-us.md §5): the
 * test unwraps it as a real client must.
 */
import { AuthenticationError, PolymarketUS } from 'polymarket-us';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIM_PMUS_MARKET, type SimPmusFixture, startPmusSimFixture } from './testing.js';

let fx: SimPmusFixture;
beforeAll(async () => {
  fx = await startPmusSimFixture();
});
afterAll(() => fx.close());

const sdk = (secretKey = fx.secret) =>
  new PolymarketUS({
    keyId: fx.keyId,
    secretKey,
    gatewayBaseUrl: fx.baseUrl,
    apiBaseUrl: fx.baseUrl,
    timeout: 10_000,
  });

describe('the polymarket-us SDK against the simulator', () => {
  it('authenticates, and is refused with a wrong key', async () => {
    const { balances } = await sdk().account.balances();
    expect(balances[0]).toMatchObject({ currency: 'USD', currentBalance: 1000 });
    await expect(sdk(Buffer.alloc(32, 9).toString('base64')).account.balances()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('lists markets and reads a book (wrapped in marketData, as the venue sends it)', async () => {
    const client = sdk();
    const { markets } = await client.markets.list({ active: true, limit: 10 });
    expect(markets.map((m) => m.slug)).toEqual([SIM_PMUS_MARKET.slug]);
    expect(markets[0]).toMatchObject({
      orderPriceMinTickSize: 0.01,
      sportsMarketType: 'football_team_full_game_winner',
    });
    const answer = (await client.markets.book(SIM_PMUS_MARKET.slug)) as unknown as { marketData: unknown };
    expect(answer.marketData).toMatchObject({
      marketSlug: SIM_PMUS_MARKET.slug,
      bids: [{ px: { value: '0.42', currency: 'USD' }, qty: '50' }, { px: { value: '0.4' } }],
      offers: [{ px: { value: '0.45' } }, { px: { value: '0.47' } }],
      state: 'MARKET_STATE_OPEN',
    });
  });

  it('subscribes to market data over the signed WebSocket and hears the full book', async () => {
    const ws = sdk().ws.markets();
    const books: unknown[] = [];
    ws.on('marketData', (m) => books.push(m));
    await ws.connect();
    ws.subscribeMarketData('md-1', [SIM_PMUS_MARKET.slug]);
    await vi.waitFor(() => expect(books.length).toBe(1));
    expect(books[0]).toMatchObject({ requestId: 'md-1', marketData: { marketSlug: SIM_PMUS_MARKET.slug } });
    ws.close();
  });

  it('places an order, finds it open, and cancels it', async () => {
    const client = sdk();
    const { id } = await client.orders.create({
      marketSlug: SIM_PMUS_MARKET.slug,
      intent: 'ORDER_INTENT_BUY_LONG',
      type: 'ORDER_TYPE_LIMIT',
      price: { value: '0.41', currency: 'USD' },
      quantity: 3,
      tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
    });
    const { orders } = await client.orders.list({ slugs: [SIM_PMUS_MARKET.slug] });
    expect(orders.map((o) => [o.id, o.state, o.quantity])).toEqual([[id, 'ORDER_STATE_NEW', 3]]);
    await client.orders.cancel(id, { marketSlug: SIM_PMUS_MARKET.slug });
    const { order } = await client.orders.retrieve(id);
    expect(order.state).toBe('ORDER_STATE_CANCELED');
    expect((await client.orders.list()).orders).toEqual([]);
  });
});
