/** The simulator's REST over real HTTP: L1/L2 auth, order signature checks, reads, faults. */
import { readFileSync } from 'node:fs';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Micros } from '../../core/money.js';
import { l1Headers } from '../../venues/polymarket/auth.js';
import {
  parseClobMarket,
  parseGammaEvent,
  parseGammaMarket,
  parsePolymarketBook,
} from '../../venues/polymarket/parse.js';
import { SimTestClient } from './test-client.js';
import { type PolySimFixture, SIM_MARKET, startPolySimFixture } from './testing.js';

let fx: PolySimFixture;
let client: SimTestClient;
const [TOKEN0, TOKEN1] = SIM_MARKET.tokenIds;
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A signature with its first character changed (always to a different one). */
const flipFirst = (sig: string) => `${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`;

beforeAll(async () => {
  fx = await startPolySimFixture();
  client = new SimTestClient(fx.baseUrl, fx.traderKey);
  expect((await client.deriveKey()).status).toBe(200);
});
afterAll(() => fx.close());

describe('L1 auth', () => {
  it('derives the same credentials for the same wallet and nonce, others for another nonce', async () => {
    const again = new SimTestClient(fx.baseUrl, fx.traderKey);
    await again.deriveKey();
    expect(again.creds).toEqual(client.creds);
    const other = new SimTestClient(fx.baseUrl, fx.traderKey);
    await other.deriveKey({ nonce: 7 });
    expect(other.creds?.key).not.toBe(client.creds?.key);
  });

  it('refuses a signature by another key, a stale timestamp and missing headers', async () => {
    const headers = await l1Headers({
      privateKey: generatePrivateKey(),
      chainId: 137,
      timestampSeconds: nowSeconds(),
    });
    const forged = await client.raw('GET', '/auth/derive-api-key', {
      headers: { ...headers, POLY_ADDRESS: fx.traderAddress },
    });
    expect(forged).toEqual({ status: 401, body: { error: 'Invalid L1 Request headers' } });
    const stale = await client.deriveKey({ timestampSeconds: nowSeconds() - 3600 });
    expect(stale.status).toBe(401);
    expect((await client.raw('POST', '/auth/api-key')).status).toBe(401);
    const wrongChain = await l1Headers({
      privateKey: fx.traderKey,
      chainId: 80002,
      timestampSeconds: nowSeconds(),
    });
    expect((await client.raw('GET', '/auth/derive-api-key', { headers: { ...wrongChain } })).status).toBe(
      401,
    );
  });
});

describe('L2 auth', () => {
  it('accepts a correct HMAC and refuses a bad one, a stale timestamp, a wrong passphrase or address', async () => {
    const path = '/balance-allowance';
    const query = 'asset_type=COLLATERAL';
    expect(await client.l2('GET', path, { query })).toMatchObject({
      status: 200,
      body: { balance: '1000000000' },
    });
    const unauthorized = { status: 401, body: { error: 'Unauthorized/Invalid api key' } };
    expect(
      await client.l2('GET', path, {
        query,
        tamper: (h) => ({ ...h, POLY_SIGNATURE: flipFirst(h.POLY_SIGNATURE ?? '') }),
      }),
    ).toEqual(unauthorized);
    expect(await client.l2('GET', path, { query, timestampSeconds: nowSeconds() - 3600 })).toEqual(
      unauthorized,
    );
    expect(
      await client.l2('GET', path, { query, tamper: (h) => ({ ...h, POLY_PASSPHRASE: 'nope' }) }),
    ).toEqual(unauthorized);
    const stranger = privateKeyToAccount(generatePrivateKey()).address;
    expect(
      await client.l2('GET', path, { query, tamper: (h) => ({ ...h, POLY_ADDRESS: stranger }) }),
    ).toEqual(unauthorized);
    expect((await client.raw('GET', '/data/orders')).status).toBe(401);
  });

  it('signs the exact raw body: a body changed after signing is refused', async () => {
    const { body } = await client.orderBody({
      tokenId: TOKEN0,
      side: 'BUY',
      makerAmount: 2_000_000n,
      takerAmount: 10_000_000n,
    });
    const signedText = JSON.stringify(body);
    // Capture the headers signed for the body as sent, and send them with the body unsent.
    let headers: Record<string, string> = {};
    await client.l2('POST', '/order', {
      body,
      tamper: (h) => {
        headers = h;
        return { ...h, POLY_API_KEY: 'not-sent' };
      },
    });
    // The same JSON with a space added: same meaning, different bytes.
    const reply = await client.raw('POST', '/order', { headers, bodyText: signedText.replace('{', '{ ') });
    expect(reply.status).toBe(401);
  });
});

describe('POST /order', () => {
  it('recovers the signer and refuses a tampered order', async () => {
    const { body } = await client.orderBody({
      tokenId: TOKEN0,
      side: 'BUY',
      makerAmount: 3_000_000n,
      takerAmount: 10_000_000n,
    });
    const tampered = { ...body, order: { ...body.order, makerAmount: '3100000' } };
    expect(await client.l2('POST', '/order', { body: tampered })).toEqual({
      status: 400,
      body: { error: 'invalid signature' },
    });
    const ok = await client.l2('POST', '/order', { body });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ success: true, status: 'live', makingAmount: '0', takingAmount: '0' });
    await client.l2('DELETE', '/cancel-all');
  });

  it('answers order_version_mismatch for an order signed on the other exchange domain', async () => {
    const { body } = await client.orderBody({
      tokenId: TOKEN0,
      side: 'BUY',
      makerAmount: 3_000_000n,
      takerAmount: 10_000_000n,
      version: '3',
    });
    const reply = await client.l2('POST', '/order', { body });
    expect(reply.status).toBe(400);
    expect((reply.body as { error: string }).error).toMatch(/order_version_mismatch/);
  });

  it('refuses an order whose owner is not the API key, or whose signer is not the key wallet', async () => {
    const { body } = await client.orderBody({
      tokenId: TOKEN0,
      side: 'BUY',
      makerAmount: 3_000_000n,
      takerAmount: 10_000_000n,
    });
    const notOwner = await client.l2('POST', '/order', { body: { ...body, owner: 'someone-else' } });
    expect(notOwner.status).toBe(400);
    const other = new SimTestClient(fx.baseUrl, generatePrivateKey());
    await other.deriveKey();
    const reply = await other.l2('POST', '/order', { body: { ...body, owner: other.creds?.key } });
    expect(reply).toEqual({
      status: 400,
      body: { error: 'the order signer address has to be the address of the API KEY' },
    });
  });

  it('accepts a proxy-wallet order only when the wallet is registered to the signer', async () => {
    const proxy = '0x000000000000000000000000000000000000bEEF';
    fx.sim.exchange.deposit(proxy, 50_000_000 as Micros);
    const make = () =>
      client.orderBody({
        tokenId: TOKEN0,
        side: 'BUY',
        makerAmount: 3_000_000n,
        takerAmount: 10_000_000n,
        maker: proxy,
        signatureType: 1,
      });
    expect((await client.l2('POST', '/order', { body: (await make()).body })).status).toBe(400);
    await client.raw('POST', '/sim/wallets', {
      bodyText: JSON.stringify({ wallet: proxy, owner: fx.traderAddress, signatureType: 1 }),
    });
    const reply = await client.l2('POST', '/order', { body: (await make()).body });
    expect(reply.status).toBe(200);
    const balance = await client.l2('GET', '/balance-allowance', {
      query: 'asset_type=COLLATERAL&signature_type=1',
    });
    // $3 at the limit plus the fee headroom (10 shares × 0.03 × 0.3 × 0.7 = $0.063) is held, not spent.
    expect(balance.body).toMatchObject({ balance: '50000000' });
    await client.l2('DELETE', '/cancel-all');
  });

  it('refuses off-tick prices, small sizes, post-only crossing, unfillable FOK and missing funds', async () => {
    const err = async (p: Parameters<SimTestClient['post']>[0]) =>
      ((await client.post(p)).body as { error: string }).error;
    expect(await err({ tokenId: TOKEN0, side: 'BUY', price: 305_000, shares: 10_000_000 })).toMatch(
      /breaks minimum tick size/,
    );
    expect(await err({ tokenId: TOKEN0, side: 'BUY', price: 300_000, shares: 2_000_000 })).toMatch(
      /lower than the minimum/,
    );
    expect(
      await err({ tokenId: TOKEN0, side: 'BUY', price: 460_000, shares: 10_000_000, postOnly: true }),
    ).toMatch(/crosses book/);
    expect(
      await err({ tokenId: TOKEN0, side: 'BUY', price: 450_000, shares: 60_000_000, orderType: 'FOK' }),
    ).toMatch(/FOK/);
    expect(await err({ tokenId: TOKEN1, side: 'SELL', price: 500_000, shares: 10_000_000 })).toBe(
      'not enough balance / allowance',
    );
    expect(await err({ tokenId: TOKEN0, side: 'BUY', price: 300_000, shares: 5_000_000_000 })).toBe(
      'not enough balance / allowance',
    );
    expect(
      await err({
        tokenId: TOKEN0,
        side: 'BUY',
        price: 300_000,
        shares: 10_000_000,
        orderType: 'GTD',
        expirationSeconds: nowSeconds() + 30,
      }),
    ).toMatch(/expir/);
  });
});

describe('public and Gamma reads', () => {
  it('serves books, market info and Gamma objects our parsers read', async () => {
    const book = await client.raw('GET', `/book?token_id=${TOKEN1}`);
    const parsed = parsePolymarketBook(book.body);
    expect(parsed.ok).toBe(true);
    // Token 1's book mirrors token 0's: the 0.42 bid for the Giants is a 0.58 ask for the Rams.
    expect((book.body as { asks: unknown[] }).asks.at(-1)).toEqual({ price: '0.58', size: '50' });
    expect(
      parseClobMarket((await client.raw('GET', `/clob-markets/${SIM_MARKET.conditionId}`)).body).ok,
    ).toBe(true);
    const markets = (await client.raw('GET', '/gamma/markets?closed=false')).body as unknown[];
    const market = parseGammaMarket(markets[0]);
    expect(market.ok && market.value.outcomes.map((o) => o.tokenId)).toEqual([...SIM_MARKET.tokenIds]);
    const events = (await client.raw('GET', '/gamma/events?slug=nfl-nyg-lar-2026-09-21')).body as unknown[];
    expect(events).toHaveLength(1);
    expect(parseGammaEvent(events[0]).ok).toBe(true);
    expect(await client.raw('GET', '/book?token_id=abc')).toEqual({
      status: 400,
      body: { error: 'Invalid token id' },
    });
  });
});

describe('faults', () => {
  it('injects 429, 5xx and a request that executes but never answers in time', async () => {
    const add = (s: object) => client.raw('POST', '/sim/scenarios', { bodyText: JSON.stringify(s) });
    await add({ method: 'GET', pathPrefix: '/book', effect: { kind: 'rate_limit' }, times: 1 });
    expect(await client.raw('GET', `/book?token_id=${TOKEN0}`)).toEqual({
      status: 429,
      body: { error: 'Too Many Requests' },
    });
    await add({ pathPrefix: '/book', effect: { kind: 'server_error', status: 503 }, times: 1 });
    expect((await client.raw('GET', `/book?token_id=${TOKEN0}`)).status).toBe(503);
    expect((await client.raw('GET', `/book?token_id=${TOKEN0}`)).status).toBe(200);
    await add({ pathPrefix: '/gamma/events', effect: { kind: 'rate_limit' }, times: 1 });
    expect((await client.raw('GET', '/gamma/events')).status).toBe(429);
    expect((await client.raw('GET', '/gamma/events')).status).toBe(200);

    await add({
      method: 'POST',
      pathPrefix: '/order',
      effect: { kind: 'execute_then_hang', answerAfterMs: null },
      times: 1,
    });
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 300);
    const { body } = await client.orderBody({
      tokenId: TOKEN0,
      side: 'BUY',
      makerAmount: 3_000_000n,
      takerAmount: 10_000_000n,
    });
    const hung = client.l2('POST', '/order', { body });
    await expect(
      Promise.race([
        hung,
        new Promise((_, reject) =>
          abort.signal.addEventListener('abort', () => reject(new Error('timeout'))),
        ),
      ]),
    ).rejects.toThrow('timeout');
    clearTimeout(timer);
    hung.catch(() => {});
    const open = await client.l2('GET', '/data/orders');
    expect((open.body as { data: unknown[] }).data).toHaveLength(1);
    await client.l2('DELETE', '/cancel-all');
  });
});

describe('heartbeats', () => {
  it("cancels the key's orders when heartbeats were started and then stopped for 10 s", async () => {
    let now = Date.now();
    const hb = await startPolySimFixture({ server: { now: () => now, tickIntervalMs: 0 } });
    try {
      const c = new SimTestClient(hb.baseUrl, hb.traderKey);
      await c.deriveKey();
      const first = await c.l2('POST', '/v1/heartbeats', { body: { heartbeat_id: '' } });
      expect(first.body).toMatchObject({ heartbeat_id: expect.any(String) });
      const placed = await c.post({ tokenId: TOKEN0, side: 'BUY', price: 300_000, shares: 10_000_000 });
      now += 9_000;
      await c.l2('POST', '/v1/heartbeats', { body: first.body });
      hb.sim.tick();
      expect(hb.sim.exchange.orders.get(placed.hash)?.status).toBe('LIVE');
      now += 10_500;
      hb.sim.tick();
      expect(hb.sim.exchange.orders.get(placed.hash)?.status).toBe('CANCELED');
      expect(hb.sim.stats.heartbeatCancels).toBe(1);
    } finally {
      await hb.close();
    }
  });
});

describe('exchange domains per market', () => {
  it('wants the neg-risk V2 exchange for neg-risk markets and ExchangeV3 (domain "3") for Gamma v2 markets', async () => {
    const add = (spec: object) => client.raw('POST', '/sim/markets', { bodyText: JSON.stringify(spec) });
    const negRisk = {
      ...SIM_MARKET,
      conditionId: `0x${'01'.repeat(32)}`,
      tokenIds: ['11', '12'],
      negRisk: true,
      slug: 'nr',
    };
    const v2 = {
      ...SIM_MARKET,
      conditionId: `0x${'02'.repeat(32)}`,
      tokenIds: ['21', '22'],
      version: 'v2',
      slug: 'v2',
    };
    expect((await add(negRisk)).status).toBe(200);
    expect((await add(v2)).status).toBe(200);
    const order = (tokenId: string, opts: { version?: '2' | '3'; negRisk?: boolean }) =>
      client.orderBody({ tokenId, side: 'BUY', makerAmount: 1_500_000n, takerAmount: 5_000_000n, ...opts });
    const post = async (tokenId: string, opts: { version?: '2' | '3'; negRisk?: boolean }) =>
      client.l2('POST', '/order', { body: (await order(tokenId, opts)).body });

    expect((await post('11', { negRisk: false })).body).toEqual({ error: 'invalid signature' });
    expect((await post('11', { negRisk: true })).status).toBe(200);
    expect(((await post('21', { version: '2' })).body as { error: string }).error).toMatch(
      /order_version_mismatch/,
    );
    expect((await post('21', { version: '3' })).status).toBe(200);
    const gamma = (await client.raw('GET', `/gamma/markets?slug=v2`)).body as {
      positionIds?: string[];
      clobTokenIds?: string;
    }[];
    expect(gamma[0]?.positionIds).toEqual(['21', '22']);
    expect(gamma[0]?.clobTokenIds).toBeUndefined();
    await client.l2('DELETE', '/cancel-all');
  });
});

describe('scripted maker', () => {
  it('re-quotes around a belief, replacing its earlier orders', async () => {
    const reply = await client.raw('POST', '/sim/maker', {
      bodyText: JSON.stringify({ conditionId: SIM_MARKET.conditionId, belief: 0.7, seed: 3 }),
    });
    expect(reply.body).toMatchObject({ refusals: [] });
    const book = (await client.raw('GET', `/book?token_id=${TOKEN0}`)).body as {
      bids: { price: string }[];
      asks: { price: string }[];
    };
    const bestBid = Number(book.bids.at(-1)?.price);
    const bestAsk = Number(book.asks.at(-1)?.price);
    expect(bestBid).toBeGreaterThan(0.6);
    expect(bestAsk).toBeLessThan(0.8);
    expect(bestBid).toBeLessThan(bestAsk);
    // The 0.40/0.42 bids and 0.45/0.47 asks it started with are gone.
    expect(book.bids.map((l) => l.price)).not.toContain('0.42');
    expect(book.asks.map((l) => l.price)).not.toContain('0.45');
  });
});

describe('venue fidelity', () => {
  it('answers /book with the keys of a captured venue response, in its order', async () => {
    const captured = JSON.parse(
      readFileSync(
        new URL('../../../../shared/data/markets/polymarket_clob__book.json', import.meta.url),
        'utf8',
      ),
    ) as object;
    const ours = (await client.raw('GET', `/book?token_id=${TOKEN0}`)).body as object;
    expect(Object.keys(ours)).toEqual(Object.keys(captured));
  });

  it('can refuse every maker but a deposit wallet, as the venue does for new users', async () => {
    const strict = await startPolySimFixture({ server: { depositWalletsOnly: true } });
    try {
      const c = new SimTestClient(strict.baseUrl, strict.traderKey);
      await c.deriveKey();
      const reply = await c.post({ tokenId: TOKEN0, side: 'BUY', price: 300_000, shares: 10_000_000 });
      expect(reply).toMatchObject({
        status: 400,
        body: { error: 'maker address not allowed, please use the deposit wallet flow' },
      });
    } finally {
      await strict.close();
    }
  });
});

describe('batches and cancel variants', () => {
  it('posts a batch, cancels by id list and by market, and reports what it could not cancel', async () => {
    const bodies = [];
    for (const price of [310_000n, 320_000n, 330_000n])
      bodies.push(
        (
          await client.orderBody({
            tokenId: TOKEN0,
            side: 'BUY',
            makerAmount: price * 10n,
            takerAmount: 10_000_000n,
          })
        ).body,
      );
    const batch = await client.l2('POST', '/orders', { body: bodies });
    const results = batch.body as { success: boolean; orderID: string }[];
    expect(results.map((r) => r.success)).toEqual([true, true, true]);
    const [a, b, c] = results.map((r) => r.orderID);
    const some = await client.l2('DELETE', '/orders', { body: [a, b, '0xmissing'] });
    expect(some.body).toEqual({
      canceled: [a, b],
      not_canceled: { '0xmissing': "the order doesn't exist or isn't yours" },
    });
    const again = await client.l2('DELETE', '/order', { body: { orderID: a } });
    expect((again.body as { not_canceled: Record<string, string> }).not_canceled[a as string]).toMatch(
      /already/,
    );
    const byMarket = await client.l2('DELETE', '/cancel-market-orders', {
      body: { market: SIM_MARKET.conditionId },
    });
    expect(byMarket.body).toEqual({ canceled: [c], not_canceled: {} });
    const order = await client.l2('GET', `/data/order/${c}`);
    expect(order.body).toMatchObject({ id: c, status: 'CANCELED', price: '0.33', original_size: '10' });
  });
});

describe('allowances', () => {
  it('refuses orders from a wallet whose allowance was withdrawn, and shows it as 0', async () => {
    const set = (approved: boolean) =>
      client.raw('POST', '/sim/allowance', {
        bodyText: JSON.stringify({ account: fx.traderAddress, approved }),
      });
    await set(false);
    const refused = await client.post({ tokenId: TOKEN0, side: 'BUY', price: 300_000, shares: 10_000_000 });
    expect(refused.body).toEqual({ error: 'not enough balance / allowance' });
    const balance = await client.l2('GET', '/balance-allowance', { query: 'asset_type=COLLATERAL' });
    expect(Object.values((balance.body as { allowances: Record<string, string> }).allowances)).toEqual([
      '0',
      '0',
      '0',
    ]);
    await set(true);
    expect(
      (await client.post({ tokenId: TOKEN0, side: 'BUY', price: 300_000, shares: 10_000_000 })).status,
    ).toBe(200);
    await client.l2('DELETE', '/cancel-all');
  });
});
