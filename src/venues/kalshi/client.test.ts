/** Our Kalshi client against the simulator over real HTTP on 127.0.0.1. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderIntent, TimeInForce } from '../../core/events.js';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asSignalId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../../sim/kalshi/testing.js';
import { KalshiVenueClient } from './client.js';
import { KalshiHttp } from './http.js';

let fx: SimFixture;
let client: KalshiVenueClient;

async function setUp(traderBalance?: Micros, timeoutMs = 2_000) {
  fx = await startSimFixture(traderBalance === undefined ? {} : { traderBalance });
  const http = new KalshiHttp({
    baseUrl: fx.baseUrl,
    key: { keyId: fx.keyId, privateKey: fx.privateKey },
    timeoutMs,
    backoffMs: 1,
  });
  client = new KalshiVenueClient({ http });
}
beforeEach(() => setUp());
afterEach(() => fx.close());

let n = 0;
function intent(o: {
  side?: 'yes' | 'no';
  action?: 'buy' | 'sell';
  qty: number;
  price: number;
  tif?: TimeInForce;
}): OrderIntent {
  n += 1;
  return {
    type: 'OrderIntent',
    id: asEventId(`test:${n}`),
    ts: 0,
    clientOrderId: asClientOrderId(`sig-${n}.L1`),
    signalId: asSignalId(`sig-${n}`),
    leg: 1,
    gameId: asGameId('2026_03_NYG_LAR'),
    instrumentId: asInstrumentId(`kalshi:${SIM_TICKER}`),
    venue: 'kalshi',
    side: o.side ?? 'yes',
    action: o.action ?? 'buy',
    qty: (o.qty * 100) as Centis,
    limitPrice: o.price as Micros,
    tif: o.tif ?? 'IOC',
    legCount: 1,
    purpose: 'entry',
  };
}

describe('KalshiVenueClient through the simulator', () => {
  it('fills a marketable order with the venue fee', async () => {
    const out = await client.submit(intent({ qty: 5, price: 450_000 }));
    expect(out.kind).toBe('accepted');
    if (out.kind !== 'accepted') return;
    expect(out.report.status).toBe('filled');
    expect(out.report.filledQty).toBe(500);
    expect(out.report.fills).toHaveLength(1);
    // 0.07 x 5 x 0.45 x 0.55 = 0.086625 -> $0.09
    expect(out.report.fills[0]).toMatchObject({ price: 450_000, qty: 500, fee: 90_000, liquidity: 'taker' });
  });

  it('walks levels for a partial fill and cancels the IOC remainder', async () => {
    const out = await client.submit(intent({ qty: 20, price: 470_000 }));
    if (out.kind !== 'accepted') throw new Error(out.kind);
    expect(out.report.status).toBe('canceled');
    expect(out.report.filledQty).toBe(1_500);
    expect(out.report.fills.map((f) => [f.price, f.qty])).toEqual([
      [450_000, 500],
      [470_000, 1_000],
    ]);
    expect(fx.sim.exchange.markets.get(SIM_TICKER)?.book.bestAsk()).toBeNull();
  });

  it('prices a NO purchase on the NO leg (an ask at the YES complement)', async () => {
    const out = await client.submit(intent({ side: 'no', qty: 2, price: 600_000 }));
    if (out.kind !== 'accepted') throw new Error(out.kind);
    expect(out.report.filledQty).toBe(200);
    expect(out.report.fills[0]?.price).toBe(580_000); // against the 0.42 YES bid
  });

  it('kills a fill-or-kill order that cannot fill whole, trading nothing', async () => {
    const out = await client.submit(intent({ qty: 20, price: 450_000, tif: 'FOK' }));
    if (out.kind !== 'accepted') throw new Error(out.kind);
    expect(out.report).toMatchObject({ status: 'canceled', filledQty: 0, fills: [] });
    expect(fx.sim.exchange.markets.get(SIM_TICKER)?.book.bestAsk()).toBe(450_000);
  });

  it('rests a GTC order and cancels it', async () => {
    const order = intent({ qty: 3, price: 300_000, tif: 'GTC' });
    const out = await client.submit(order);
    if (out.kind !== 'accepted') throw new Error(out.kind);
    expect(out.report.status).toBe('resting');
    const canceled = await client.cancel(order.clientOrderId);
    expect(canceled?.status).toBe('canceled');
  });

  it('reports insufficient balance as rejected', async () => {
    await fx.close();
    await setUp(1_000_000 as Micros);
    const out = await client.submit(intent({ qty: 10, price: 450_000 }));
    expect(out).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('insufficient_balance') });
  });

  it('a repeated client order id places nothing and reads as unresolved (the order is there)', async () => {
    const order = intent({ qty: 1, price: 450_000 });
    expect((await client.submit(order)).kind).toBe('accepted');
    const again = await client.submit(order);
    expect(again).toMatchObject({
      kind: 'unresolved',
      reason: expect.stringContaining('duplicate_client_order_id'),
    });
    expect(fx.sim.exchange.fills.filter((f) => f.isTaker)).toHaveLength(1);
  });

  it('maps a 429 to rate_limited, with no Retry-After', async () => {
    fx.sim.scenarios.add({ method: 'POST', effect: { kind: 'rate_limit' }, times: 1 });
    expect(await client.submit(intent({ qty: 1, price: 450_000 }))).toEqual({
      kind: 'rate_limited',
      retryAfterMs: null,
    });
    expect(fx.sim.exchange.fills).toHaveLength(0);
  });

  it('maps a 5xx on create to unresolved', async () => {
    fx.sim.scenarios.add({ method: 'POST', effect: { kind: 'server_error', status: 503 }, times: 1 });
    expect((await client.submit(intent({ qty: 1, price: 450_000 }))).kind).toBe('unresolved');
  });

  it('retries an idempotent GET through a 5xx', async () => {
    const order = intent({ qty: 1, price: 450_000 });
    await client.submit(order);
    fx.sim.scenarios.add({ method: 'GET', effect: { kind: 'server_error', status: 500 }, times: 1 });
    expect((await client.getOrder(order.clientOrderId))?.filledQty).toBe(100);
  });

  it('reports a timed-out create as unresolved; getOrder then finds the one order it made', async () => {
    await fx.close();
    await setUp(undefined, 300);
    fx.sim.scenarios.add({
      method: 'POST',
      effect: { kind: 'execute_then_hang', answerAfterMs: null },
      times: 1,
    });
    const order = intent({ qty: 4, price: 450_000 });
    const out = await client.submit(order);
    expect(out.kind).toBe('unresolved');
    const found = await client.getOrder(order.clientOrderId);
    expect(found).toMatchObject({ status: 'filled', filledQty: 400 });
    expect(
      [...fx.sim.exchange.orders.values()].filter((o) => o.clientOrderId === order.clientOrderId),
    ).toHaveLength(1);
  });

  it('returns null for an order that never arrived', async () => {
    expect(await client.getOrder(asClientOrderId('never-sent'))).toBeNull();
  });

  it('pays out on settlement', async () => {
    await client.submit(intent({ qty: 5, price: 450_000 }));
    const trader = fx.sim.exchange.accounts.get(fx.traderId);
    const before = trader?.balance ?? 0;
    expect(fx.sim.exchange.settle(SIM_TICKER, 'yes', Date.now())).toBeNull();
    expect((trader?.balance ?? 0) - before).toBe(5_000_000); // 5 winning contracts at $1
    expect(trader?.positions.get(SIM_TICKER)?.position).toBe(0);
  });
});
