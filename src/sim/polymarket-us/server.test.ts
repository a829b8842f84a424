/** The Polymarket US simulator's settlement and admin API, read back through the adapter. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Micros } from '../../core/money.js';
import { pmusSigningKey } from '../../venues/polymarket-us/auth.js';
import { PolymarketUsVenueClient } from '../../venues/polymarket-us/client.js';
import { PmusHttp } from '../../venues/polymarket-us/http.js';
import { pmusInstrumentId } from '../../venues/polymarket-us/ids.js';
import { SIM_PMUS_MARKET, SIM_PMUS_TRADER, type SimPmusFixture, startPmusSimFixture } from './testing.js';

let fx: SimPmusFixture;
beforeEach(async () => {
  fx = await startPmusSimFixture();
});
afterEach(() => fx.close());

const admin = async (path: string, body: unknown) => {
  const res = await fetch(`${fx.baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('Polymarket US simulator: settlement and admin', () => {
  it('settles a market: longs paid the payout, shorts the rest, the settlement readable', async () => {
    const client = new PolymarketUsVenueClient({
      http: new PmusHttp({ apiBaseUrl: fx.baseUrl, key: pmusSigningKey(fx.keyId, fx.secret) }),
    });
    const id = pmusInstrumentId(SIM_PMUS_MARKET.slug);
    // Buy 4 NO (YES at 0.42 bid → NO at 0.58): a short of 4.
    fx.sim.exchange.submit(
      SIM_PMUS_TRADER,
      {
        slug: SIM_PMUS_MARKET.slug,
        intent: 'ORDER_INTENT_BUY_SHORT',
        price: 420_000 as Micros,
        qty: 400,
        tif: 'TIME_IN_FORCE_IMMEDIATE_OR_CANCEL',
        postOnly: false,
      },
      Date.now(),
    );
    expect(await client.account.positions()).toEqual([{ instrumentId: id, side: 'no', qty: 400 }]);
    expect(await client.account.settledInstruments?.([id])).toEqual([]);
    const before = await client.account.balance();
    expect(await admin('/sim/settle', { slug: SIM_PMUS_MARKET.slug, payout: '0' })).toEqual({
      status: 200,
      body: { slug: SIM_PMUS_MARKET.slug, settlement: 0 },
    });
    // YES pays nothing, so each NO pays $1.
    expect((await client.account.balance()) - before).toBe(4_000_000);
    expect(await client.account.positions()).toEqual([]);
    expect(await client.account.settledInstruments?.([id])).toEqual([id]);
    const settlement = await fetch(`${fx.baseUrl}/v1/markets/${SIM_PMUS_MARKET.slug}/settlement`);
    expect(await settlement.json()).toEqual({ slug: SIM_PMUS_MARKET.slug, settlement: 0 });
  });

  it('admin: deposits, queues a fault, and names a bad request', async () => {
    expect(await admin('/sim/deposit', { account: 'x', dollars: '12.50' })).toEqual({
      status: 200,
      body: { account: 'x', cash: 12.5 },
    });
    expect(
      (
        await admin('/sim/scenario', {
          method: 'GET',
          pathPrefix: '/v1/account',
          effect: { kind: 'rate_limit' },
        })
      ).status,
    ).toBe(200);
    const http = new PmusHttp({
      apiBaseUrl: fx.baseUrl,
      key: pmusSigningKey(fx.keyId, fx.secret),
      getAttempts: 1,
    });
    expect(await http.request({ method: 'GET', path: '/v1/account/balances' })).toEqual({
      kind: 'rate_limited',
      retryAfterMs: null,
    });
    expect(await admin('/sim/settle', { slug: 'nope', payout: '1' })).toMatchObject({
      status: 400,
      body: { message: 'unknown market "nope"' },
    });
    expect(await admin('/sim/scenario', { effect: { kind: 'explode' } })).toMatchObject({ status: 400 });
  });

  it('holds back buying power for open orders and refuses an order beyond it', async () => {
    fx.sim.exchange.deposit('small', 10_000_000 as Micros);
    const order = (qty: number) =>
      fx.sim.exchange.submit(
        'small',
        {
          slug: SIM_PMUS_MARKET.slug,
          intent: 'ORDER_INTENT_BUY_LONG',
          price: 400_000 as Micros,
          qty,
          tif: 'TIME_IN_FORCE_GOOD_TILL_CANCEL',
          postOnly: false,
        },
        Date.now(),
      );
    // 10 at 0.40 holds $4.00 and the taker fee on it, 0.0695 × 10 × 0.24 = $0.1668 → $0.17.
    expect(order(1_000)).toMatchObject({ kind: 'created', order: { state: 'ORDER_STATE_NEW' } });
    expect(fx.sim.exchange.buyingPower('small')).toBe(5_830_000);
    const refused = order(1_500);
    expect(refused.kind === 'created' && refused.executions.map((e) => [e.type, e.text])).toEqual([
      ['EXECUTION_TYPE_REJECTED', 'insufficient buying power'],
    ]);
    expect(fx.sim.exchange.account('small').cash).toBe(10_000_000);
  });
});
