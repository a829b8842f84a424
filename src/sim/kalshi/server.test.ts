/** The simulator's wire formats read back by our own parsers, its auth window, and bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { asEventId } from '../../core/ids.js';
import { kalshiAuthHeaders } from '../../venues/kalshi/auth.js';
import {
  parseKalshiBalance,
  parseKalshiMarketResponse,
  parseKalshiMarketsPage,
  parseKalshiOrderbook,
  parseKalshiPositionsPage,
  parseKalshiSeriesResponse,
} from '../../venues/kalshi/parse.js';
import { KalshiSimServer } from './server.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from './testing.js';

let fx: SimFixture;
beforeAll(async () => {
  fx = await startSimFixture();
});
afterAll(() => fx.close());

async function call(path: string, opts: { method?: string; body?: string; timestampMs?: number } = {}) {
  const method = opts.method ?? 'GET';
  const url = `${fx.baseUrl}${path}`;
  const headers = kalshiAuthHeaders(
    { keyId: fx.keyId, privateKey: fx.privateKey },
    { timestampMs: opts.timestampMs ?? Date.now(), method, path: new URL(url).pathname },
  );
  const res = await fetch(url, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(opts.body === undefined ? {} : { body: opts.body }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const ctx = { clock: new SimulatedClock(0), nextId: () => asEventId('e'), useYesPrice: false };

describe('Kalshi simulator wire formats', () => {
  it('serves markets, the order book, series, balance and positions our parsers read', async () => {
    const market = parseKalshiMarketResponse((await call(`/markets/${SIM_TICKER}`)).body);
    expect(market.ok && market.value).toMatchObject({ ticker: SIM_TICKER, yesBid: 420_000, yesAsk: 450_000 });
    const page = parseKalshiMarketsPage((await call('/markets?series_ticker=KXNFLGAME&status=open')).body);
    expect(page.ok && page.value.items.map((m) => m.ticker)).toEqual([SIM_TICKER]);
    const none = parseKalshiMarketsPage((await call('/markets?series_ticker=KXNBAGAME')).body);
    expect(none.ok && none.value.items).toEqual([]);

    const raw = (await call(`/markets/${SIM_TICKER}/orderbook`)).body as {
      orderbook_fp: { yes_dollars: string[][]; no_dollars: string[][] };
    };
    expect(raw.orderbook_fp.yes_dollars).toEqual([
      ['0.4000', '10.00'],
      ['0.4200', '5.00'],
    ]);
    expect(raw.orderbook_fp.no_dollars).toEqual([
      ['0.5300', '10.00'],
      ['0.5500', '5.00'],
    ]);
    const book = parseKalshiOrderbook({ payload: raw, ticker: SIM_TICKER }, ctx);
    expect(book.ok && book.value.asks[0]).toEqual({ price: 450_000, qty: 500 });

    const series = parseKalshiSeriesResponse((await call('/series/KXNFLGAME')).body);
    expect(series.ok && series.value).toMatchObject({ feeType: 'quadratic', feeMultiplier: 1_000_000 });
    const balance = parseKalshiBalance((await call('/portfolio/balance')).body);
    expect(balance.ok && balance.value.balance).toBe(1_000_000_000);
    const positions = parseKalshiPositionsPage((await call('/portfolio/positions')).body);
    expect(positions.ok).toBe(true);
  });

  it('refuses a timestamp outside the window with 401', async () => {
    const stale = await call('/portfolio/balance', { timestampMs: Date.now() - 120_000 });
    expect(stale).toMatchObject({ status: 401, body: { code: 'authentication_error' } });
  });

  it('answers malformed requests with 400 in Kalshi error shape, counts them, and keeps serving', async () => {
    const before = fx.sim.stats.badRequests;
    const notJson = await call('/portfolio/events/orders', { method: 'POST', body: '{"ticker":' });
    expect(notJson).toMatchObject({ status: 400, body: { code: 'bad_request', service: 'trade-api' } });
    const badFields = await call('/portfolio/events/orders', {
      method: 'POST',
      body: JSON.stringify({ ticker: SIM_TICKER, side: 'buy', count: 'ten', price: '0.45' }),
    });
    expect(badFields.status).toBe(400);
    expect(String((badFields.body as { message: string }).message)).toMatch(/side/);
    expect(fx.sim.stats.badRequests).toBe(before + 2);
    expect((await call(`/markets/${SIM_TICKER}`)).status).toBe(200);
  });

  it('seeds a book over the admin API', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${new URL(fx.baseUrl).origin}${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/sim/accounts', { account_id: 'mm2', balance_dollars: '1000.00' })).status).toBe(201);
    const res = await post('/sim/quotes', {
      account_id: 'mm2',
      ticker: SIM_TICKER,
      yes_bids: [['0.4300', '7.00']],
      yes_asks: [['0.4400', '2.00']],
    });
    expect(res.status).toBe(201);
    const market = parseKalshiMarketResponse((await call(`/markets/${SIM_TICKER}`)).body);
    expect(market.ok && market.value).toMatchObject({ yesBid: 430_000, yesAsk: 440_000, yesAskSize: 200 });
    const crossing = await post('/sim/quotes', {
      account_id: 'mm2',
      ticker: SIM_TICKER,
      yes_bids: [['0.4500', '1']],
    });
    expect(crossing.status).toBe(400);
  });
});

describe('Kalshi simulator onRequest', () => {
  it('is told of each request, its method and path without the query, before it is answered', async () => {
    const seen: { method: string; path: string }[] = [];
    const sim = new KalshiSimServer({ onRequest: (r) => void seen.push({ ...r }) });
    try {
      const { baseUrl } = await sim.listen(0);
      const res = await fetch(`${baseUrl}/markets?limit=1`);
      expect(res.status).toBe(200);
      const unsigned = await fetch(`${baseUrl}/portfolio/events/orders`, { method: 'POST', body: '{}' });
      expect(unsigned.status).toBe(401);
      expect(seen).toEqual([
        { method: 'GET', path: '/trade-api/v2/markets' },
        { method: 'POST', path: '/trade-api/v2/portfolio/events/orders' },
      ]);
    } finally {
      await sim.close();
    }
  });
});
