/** The Polymarket US client against its simulator over real HTTP: refusals, faults, recovery, cancel. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderIntent, TimeInForce } from '../../core/events.js';
import { asClientOrderId, asEventId, asGameId, asSignalId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import {
  SIM_PMUS_MARKET,
  type SimPmusFixture,
  startPmusSimFixture,
} from '../../sim/polymarket-us/testing.js';
import { pmusSigningKey } from './auth.js';
import { PolymarketUsVenueClient } from './client.js';
import { PmusLookupError } from './errors.js';
import { PmusHttp } from './http.js';
import { pmusInstrumentId } from './ids.js';
import { PMUS_ORDER_SUBSCRIPTION, PMUS_PRIVATE_PATH, PmusMarketWs } from './ws.js';

let fx: SimPmusFixture;
let n = 0;
beforeEach(async () => {
  fx = await startPmusSimFixture();
});
afterEach(() => fx.close());

const client = (opts: { timeoutMs?: number; secret?: string } = {}) =>
  new PolymarketUsVenueClient({
    http: new PmusHttp({
      apiBaseUrl: fx.baseUrl,
      key: pmusSigningKey(fx.keyId, opts.secret ?? fx.secret),
      timeoutMs: opts.timeoutMs ?? 5_000,
      backoffMs: 1,
    }),
  });

const intent = (o: { cents: number; qty?: number; tif?: TimeInForce; side?: 'yes' | 'no' }): OrderIntent => {
  n += 1;
  return {
    type: 'OrderIntent',
    id: asEventId(`t:${n}`),
    ts: 0,
    clientOrderId: asClientOrderId(`pmus-${n}.L1`),
    signalId: asSignalId(`pmus-${n}`),
    leg: 1,
    gameId: asGameId('g'),
    instrumentId: pmusInstrumentId(SIM_PMUS_MARKET.slug),
    venue: 'polymarket-us',
    side: o.side ?? 'yes',
    action: 'buy',
    qty: ((o.qty ?? 1) * 100) as Centis,
    limitPrice: Math.round(o.cents * 10_000) as Micros,
    tif: o.tif ?? 'IOC',
    legCount: 1,
    purpose: 'entry',
  };
};

describe('PolymarketUsVenueClient against the simulator', () => {
  it('is rejected, naming why, for a price off the tick and for a partial contract', async () => {
    const c = client();
    const offTick = await c.submit(intent({ cents: 45.5 }));
    expect(offTick).toMatchObject({ kind: 'rejected' });
    expect(offTick.kind === 'rejected' && offTick.reason).toMatch(/INVALID_PRICE_INCREMENT/);
    const partial = await c.submit({ ...intent({ cents: 45 }), qty: 150 as Centis });
    expect(partial).toMatchObject({ kind: 'rejected' });
    expect(fx.sim.stats.ordersCreated).toBe(1);
  });

  it('is rate_limited on a 429, and the request was not executed', async () => {
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/v1/orders',
      effect: { kind: 'rate_limit' },
      times: 1,
    });
    expect(await client().submit(intent({ cents: 45 }))).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 1_000,
    });
    expect(fx.sim.exchange.orders.size).toBe(4); // the maker's four quotes only
  });

  it('is unresolved on a 5xx, and the order is then looked up, never resent', async () => {
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/v1/orders',
      effect: { kind: 'server_error', status: 503 },
      times: 1,
    });
    const c = client();
    const order = intent({ cents: 45 });
    expect(await c.submit(order)).toMatchObject({ kind: 'unresolved' });
    // Not executed, nothing open, no trade since: it never arrived.
    expect(await c.getOrder(order.clientOrderId)).toBeNull();
    expect(fx.sim.stats.ordersCreated).toBe(0);
  });

  it('finds an order whose answer was lost (timeout) among the open orders, without resending', async () => {
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/v1/orders',
      effect: { kind: 'execute_then_hang', answerAfterMs: null },
      times: 1,
    });
    const c = client({ timeoutMs: 300 });
    const order = intent({ cents: 30, qty: 2, tif: 'GTC' });
    expect(await c.submit(order)).toMatchObject({ kind: 'unresolved' });
    const found = await c.getOrder(order.clientOrderId);
    expect(found).toMatchObject({ status: 'resting', qty: 200, filledQty: 0 });
    expect(fx.sim.stats.ordersCreated).toBe(1);
    expect(await c.account.openOrders()).toEqual([order.clientOrderId]);
    // And it cancels.
    expect(await c.cancel(order.clientOrderId)).toMatchObject({ status: 'canceled' });
    expect(await c.account.openOrders()).toEqual([]);
  });

  it('will not call a lost order absent when the market traded for us since it was sent', async () => {
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/v1/orders',
      effect: { kind: 'execute_then_hang', answerAfterMs: null },
      times: 1,
    });
    const c = client({ timeoutMs: 300 });
    const order = intent({ cents: 45, qty: 2 });
    expect(await c.submit(order)).toMatchObject({ kind: 'unresolved' });
    await expect(c.getOrder(order.clientOrderId)).rejects.toBeInstanceOf(PmusLookupError);
  });

  it('reports a wrong key as a rejection naming the status, and counts it at the venue', async () => {
    const wrong = Buffer.alloc(32, 2).toString('base64');
    const out = await client({ secret: wrong }).submit(intent({ cents: 45 }));
    expect(out).toMatchObject({ kind: 'rejected' });
    expect(out.kind === 'rejected' && out.reason).toMatch(/^401/);
    expect(fx.sim.stats.authFailures).toBe(1);
  });

  it('rests a GTC order and its later fill is reported with the trade id the account lists', async () => {
    const c = client();
    const order = intent({ cents: 43, qty: 3, tif: 'GTC' });
    const out = await c.submit(order);
    expect(out).toMatchObject({ kind: 'accepted', report: { status: 'resting', filledQty: 0 } });
    // Another participant sells into it.
    fx.sim.exchange.submit(
      'maker',
      {
        slug: SIM_PMUS_MARKET.slug,
        intent: 'ORDER_INTENT_SELL_LONG',
        price: 430_000 as Micros,
        qty: 300,
        tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
        postOnly: false,
      },
      Date.now(),
    );
    const report = await c.getOrder(order.clientOrderId);
    expect(report).toMatchObject({ status: 'filled', filledQty: 300 });
    expect(report?.fills.map((f) => [f.price, f.qty, f.liquidity])).toEqual([[430_000, 300, 'maker']]);
    // A maker is paid the rebate: 0.0125 × 3 × 0.43 × 0.57 = 0.0092 → 1 cent.
    expect(report?.fills[0]?.fee).toBe(-10_000);
    expect(await c.account.fillIds()).toEqual(report?.fills.map((f) => f.fillId));
  });
});

describe('PolymarketUsVenueClient with the private order channel', () => {
  it('learns the later fill and fee of a resting order from the channel, without the activity feed', async () => {
    const c = client();
    const ws = new PmusMarketWs({
      origin: fx.wsUrl,
      key: pmusSigningKey(fx.keyId, fx.secret),
      slugs: [],
      path: PMUS_PRIVATE_PATH,
      subscriptions: [PMUS_ORDER_SUBSCRIPTION],
      onText: (t) => {
        if (c.onPrivateText(t)) heard += 1;
      },
    });
    let heard = 0;
    try {
      await vi.waitFor(() => expect(ws.counters.subscriptionsSent).toBe(1));
      const order = intent({ cents: 43, qty: 3, tif: 'GTC' });
      expect(await c.submit(order)).toMatchObject({ kind: 'accepted', report: { status: 'resting' } });
      fx.sim.exchange.submit(
        'maker',
        {
          slug: SIM_PMUS_MARKET.slug,
          intent: 'ORDER_INTENT_SELL_LONG',
          price: 430_000 as Micros,
          qty: 300,
          tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
          postOnly: false,
        },
        Date.now(),
      );
      await vi.waitFor(() => expect(heard).toBeGreaterThanOrEqual(2)); // NEW, then the fill
      // The activity feed now fails: the fill must come from the channel.
      fx.sim.scenarios.add({
        method: 'GET',
        pathPrefix: '/v1/portfolio/activities',
        effect: { kind: 'server_error', status: 500 },
        times: 10,
      });
      const report = await c.getOrder(order.clientOrderId);
      expect(report).toMatchObject({ status: 'filled', filledQty: 300 });
      expect(report?.fills.map((f) => [f.price, f.qty, f.liquidity, f.fee])).toEqual([
        [430_000, 300, 'maker', -10_000],
      ]);
      expect(fx.sim.stats.scenariosApplied).toBe(0);
    } finally {
      ws.close();
    }
  });
});

describe('PolymarketUsVenueClient with a venue answering junk', () => {
  it('makes an unreadable answer a typed outcome naming the field, and counts it', async () => {
    const server = createServer((req, res) => {
      const body =
        req.url === '/v1/orders'
          ? { id: 42, executions: [] }
          : { balances: [{ currentBalance: 'lots', currency: 'USD' }] };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const http = new PmusHttp({
        apiBaseUrl: `http://127.0.0.1:${port}`,
        key: pmusSigningKey('k', fx.secret),
      });
      const c = new PolymarketUsVenueClient({ http });
      const out = await c.submit(intent({ cents: 45 }));
      expect(out).toEqual({
        kind: 'unresolved',
        reason:
          'unreadable create response: create order id: Invalid input: expected string, received number (got 42)',
      });
      await expect(c.account.balance()).rejects.toThrow(
        /balances balances\[0\]\.currentBalance: expected a dollar amount/,
      );
      expect(http.unreadable.count).toBe(2);
    } finally {
      server.close();
    }
  });
});
