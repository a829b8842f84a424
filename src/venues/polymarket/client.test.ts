/** The venue client over real HTTP against the Polymarket simulator. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderIntent, TimeInForce } from '../../core/events.js';
import {
  asClientOrderId,
  asEventId,
  asGameId,
  asInstrumentId,
  asSignalId,
  type InstrumentId,
} from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { complementCanonicaliser, positionKey, reconcile } from '../../portfolio/reconcile.js';
import { placePolyMakerQuotes } from '../../sim/polymarket/maker.js';
import {
  type PolySimFixture,
  SIM_MAKER_WALLET,
  SIM_MARKET,
  startPolySimFixture,
} from '../../sim/polymarket/testing.js';
import type { PolymarketVenueClient } from './client.js';
import { PolymarketHeartbeat } from './heartbeat.js';
import type { PolymarketHttp } from './http.js';
import { simVenueClient } from './testing.js';

const [TOKEN0, TOKEN1] = SIM_MARKET.tokenIds;
let fx: PolySimFixture;
let client: PolymarketVenueClient;
let http: PolymarketHttp;
let n = 0;

const intent = (o: {
  qty: number;
  cents: number;
  tif?: TimeInForce;
  side?: 'yes' | 'no';
  action?: 'buy' | 'sell';
}): OrderIntent => {
  n += 1;
  return {
    type: 'OrderIntent',
    id: asEventId(`t:${n}`),
    ts: 0,
    clientOrderId: asClientOrderId(`poly-${n}.L1`),
    signalId: asSignalId(`poly-${n}`),
    leg: 1,
    gameId: asGameId('g'),
    instrumentId: asInstrumentId(`polymarket:${TOKEN0}`),
    venue: 'polymarket',
    side: o.side ?? 'yes',
    action: o.action ?? 'buy',
    qty: (o.qty * 100) as Centis,
    limitPrice: (o.cents * 10_000) as Micros,
    tif: o.tif ?? 'IOC',
    legCount: 1,
    purpose: 'entry',
  };
};

beforeEach(async () => {
  fx = await startPolySimFixture();
  ({ http, client } = await simVenueClient(fx, { http: { timeoutMs: 1_000 } }));
});
afterEach(() => fx.close());

describe('PolymarketVenueClient against the simulator', () => {
  it('fills an IOC buy, reports fills with fees, and finds the order by client order id', async () => {
    const order = intent({ qty: 3, cents: 45 });
    const out = await client.submit(order);
    if (out.kind !== 'accepted') throw new Error(JSON.stringify(out));
    expect(out.report).toMatchObject({ status: 'filled', qty: 300, filledQty: 300 });
    expect(out.report.fills.map((f) => [f.price, f.qty, f.liquidity])).toEqual([[450_000, 300, 'taker']]);
    // 3 x 0.03 x 0.45 x 0.55 = $0.022275
    expect(out.report.fills[0]?.fee).toBe(22_270);
    expect(await client.getOrder(order.clientOrderId)).toEqual(out.report);
    expect(await client.account.fillIds()).toEqual(out.report.fills.map((f) => f.fillId));
    expect(await client.account.positions()).toEqual([
      { instrumentId: `polymarket:${TOKEN0}`, side: 'yes', qty: 300 },
    ]);
  });

  it('the same intent sent twice is signed the same, and the second reads as unresolved', async () => {
    // The intent's own time signs the order (without one, the time of sending would).
    const order = { ...intent({ qty: 3, cents: 45 }), ts: Date.now() };
    expect((await client.submit(order)).kind).toBe('accepted');
    expect(await client.submit(order)).toMatchObject({
      kind: 'unresolved',
      reason: expect.stringContaining('already exists'),
    });
    expect(client.resendSafe).toBe(true);
    const maker = SIM_MAKER_WALLET.toLowerCase();
    expect([...fx.sim.exchange.orders.values()].filter((o) => o.accountId !== maker)).toHaveLength(1);
  });

  it('buys NO as the other token at one minus the best bid', async () => {
    const out = await client.submit(intent({ qty: 2, cents: 60, side: 'no' }));
    if (out.kind !== 'accepted') throw new Error(JSON.stringify(out));
    expect(out.report.fills.map((f) => [f.price, f.qty])).toEqual([[580_000, 200]]);
    // Held as the other token, reported as the ledger books it: NO of the instrument traded.
    expect(await client.account.positions()).toEqual([
      { instrumentId: `polymarket:${TOKEN0}`, side: 'no', qty: 200 },
    ]);
  });

  it('names the other token as NO of a token, so a restarted process reconciles its NO positions', async () => {
    const out = await client.submit(intent({ qty: 2, cents: 60, side: 'no' }));
    if (out.kind !== 'accepted') throw new Error(JSON.stringify(out));
    // A new process has no record of the order: the venue's holding reads as YES of the other token.
    const { client: restarted } = await simVenueClient(fx);
    await restarted.markets.resolve(TOKEN0 ?? '');
    const held = await restarted.account.positions();
    expect(held).toEqual([{ instrumentId: `polymarket:${TOKEN1}`, side: 'yes', qty: 200 }]);
    const canonicalKey = complementCanonicaliser((id) => restarted.account.complementOf(id as InstrumentId));
    const result = reconcile({
      venue: 'polymarket',
      ledger: { cash: 0, positions: new Map([[`polymarket:${TOKEN0}|no`, 200]]) },
      reported: {
        cash: 0,
        positions: new Map(held.map((p) => [positionKey(p.instrumentId, p.side), p.qty])),
      },
      canonicalKey,
    });
    expect(result).toMatchObject({ verdict: 'ok', discrepancies: [] });
    expect(await restarted.account.settledInstruments()).toEqual([]);
    restarted.markets.markResolved(SIM_MARKET.conditionId);
    expect((await restarted.account.settledInstruments()).sort()).toEqual(
      [`polymarket:${TOKEN0}`, `polymarket:${TOKEN1}`].sort(),
    );
  });

  it('shows a held market the CLOB has decided as settled before its payout is booked', async () => {
    const held = [`polymarket:${TOKEN0}` as InstrumentId];
    await client.markets.resolve(TOKEN0 ?? '');
    expect(await client.account.settledInstruments(held)).toEqual([]);
    fx.sim.exchange.resolve(SIM_MARKET.conditionId, 0, Date.now());
    expect((await client.account.settledInstruments(held)).sort()).toEqual(
      [`polymarket:${TOKEN0}`, `polymarket:${TOKEN1}`].sort(),
    );
    // Only held markets are asked about.
    expect(await client.account.settledInstruments([])).toEqual([]);
  });

  it("stops asking about a settled market's tokens once they read empty", async () => {
    const out = await client.submit(intent({ qty: 3, cents: 45 }));
    expect(out.kind).toBe('accepted');
    fx.sim.exchange.resolve(SIM_MARKET.conditionId, 0, Date.now());
    client.account.marketSettled(asInstrumentId(`polymarket:${TOKEN0}`));
    const asked = async () => {
      const before = fx.sim.stats.requests;
      expect(await client.account.positions()).toEqual([]);
      return fx.sim.stats.requests - before;
    };
    // Paid out: both tokens read empty once, and are not asked about again.
    expect(await asked()).toBe(2);
    expect(await asked()).toBe(0);
  });

  it('keeps asking about a settled market while a token still reads held', async () => {
    const out = await client.submit(intent({ qty: 3, cents: 45 }));
    expect(out.kind).toBe('accepted');
    client.account.marketSettled(asInstrumentId(`polymarket:${TOKEN0}`));
    const held = [{ instrumentId: `polymarket:${TOKEN0}`, side: 'yes', qty: 300 }];
    expect(await client.account.positions()).toEqual(held);
    expect(await client.account.positions()).toEqual(held);
  });

  it('rests a GTC order, lists it as open, and cancels it', async () => {
    const order = intent({ qty: 10, cents: 41, tif: 'GTC' });
    const out = await client.submit(order);
    expect(out).toMatchObject({ kind: 'accepted', report: { status: 'resting', filledQty: 0 } });
    expect(await client.account.openOrders()).toEqual([order.clientOrderId]);
    expect(await client.cancel(order.clientOrderId)).toMatchObject({ status: 'canceled', filledQty: 0 });
    expect(await client.account.openOrders()).toEqual([]);
    expect(await client.cancel(asClientOrderId('never-sent.L1'))).toBeNull();
  });

  it('an order whose answer never comes is unresolved, then found by client order id without resending', async () => {
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/order',
      effect: { kind: 'execute_then_hang', answerAfterMs: null },
      times: 1,
    });
    const order = intent({ qty: 3, cents: 45 });
    const out = await client.submit(order);
    expect(out.kind).toBe('unresolved');
    const accepted = fx.sim.stats.ordersAccepted;
    const report = await client.getOrder(order.clientOrderId);
    expect(report).toMatchObject({ status: 'filled', filledQty: 300 });
    expect(fx.sim.stats.ordersAccepted).toBe(accepted);
  });

  it('after a restart, finds an unresolved order from its intent alone', async () => {
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/order',
      effect: { kind: 'execute_then_hang', answerAfterMs: null },
      times: 1,
    });
    const order = { ...intent({ qty: 3, cents: 45 }), ts: 1_790_000_000_000 };
    expect((await client.submit(order)).kind).toBe('unresolved');
    // A new process: an empty order store, the intent from the order manager's records.
    const { client: restarted } = await simVenueClient(fx, {
      client: { intentOf: async (id) => (id === order.clientOrderId ? order : null) },
    });
    expect(await restarted.getOrder(order.clientOrderId)).toMatchObject({ status: 'filled', filledQty: 300 });
    expect(await restarted.getOrder(asClientOrderId('other.L1'))).toBeNull();
    // The venue's fills are the account's, whichever process sent the orders.
    const { client: fresh } = await simVenueClient(fx);
    const report = await restarted.getOrder(order.clientOrderId);
    expect(await fresh.account.fillIds()).toEqual(report?.fills.map((f) => f.fillId));
  });

  it('a 429 is rate_limited and a 503 unresolved; neither order exists at the venue', async () => {
    fx.sim.scenarios.add({ method: 'POST', pathPrefix: '/order', effect: { kind: 'rate_limit' }, times: 1 });
    const limited = intent({ qty: 1, cents: 45 });
    expect(await client.submit(limited)).toEqual({ kind: 'rate_limited', retryAfterMs: null });
    expect(http.rateLimitedCount).toBe(1);
    expect(await client.getOrder(limited.clientOrderId)).toBeNull();
    fx.sim.scenarios.add({
      method: 'POST',
      pathPrefix: '/order',
      effect: { kind: 'server_error', status: 503 },
      times: 1,
    });
    const failed = intent({ qty: 1, cents: 45 });
    expect((await client.submit(failed)).kind).toBe('unresolved');
    expect(await client.getOrder(failed.clientOrderId)).toBeNull();
  });

  it('reports a FOK the venue kills as canceled with no fill, and remembers it', async () => {
    const order = intent({ qty: 500, cents: 45, tif: 'FOK' });
    const out = await client.submit(order);
    expect(out).toMatchObject({
      kind: 'accepted',
      report: { status: 'canceled', qty: 50_000, filledQty: 0 },
    });
    expect(await client.getOrder(order.clientOrderId)).toMatchObject({ status: 'canceled', fills: [] });
  });

  it('a refused connection is transport: nothing was sent', async () => {
    const { PolymarketHttp } = await import('./http.js');
    const { PolymarketVenueClient } = await import('./client.js');
    // A port that was just free: nothing listens there.
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const down = new PolymarketHttp({
      baseUrl: `http://127.0.0.1:${port}`,
      address: fx.traderAddress,
      credentials: { key: 'k', secret: 'AAAA', passphrase: 'p' },
    });
    const market = await client.markets.resolve(TOKEN0 ?? '');
    const offline = new PolymarketVenueClient({ http: down, privateKey: fx.traderKey, markets: [market] });
    expect(await offline.submit(intent({ qty: 1, cents: 45 }))).toMatchObject({ kind: 'transport' });
  });

  it('signs again for the other exchange domain when the venue says order_version_mismatch', async () => {
    // A protocol-V2 market (Gamma v2, ExchangeV3 domain "3") while /version says 2.
    const v2 = {
      ...SIM_MARKET,
      conditionId: `0x${'5b'.repeat(32)}`,
      tokenIds: ['1001', '1002'] as const,
      version: 'v2' as const,
    };
    fx.sim.exchange.addMarket({ ...v2, tokenIds: [...v2.tokenIds] }, fx.sim.now());
    const refusals = placePolyMakerQuotes(
      fx.sim.exchange,
      {
        account: SIM_MAKER_WALLET,
        conditionId: v2.conditionId,
        bids: [],
        asks: [[450_000 as Micros, 10_000_000]],
      },
      fx.sim.now(),
    );
    expect(refusals).toEqual([]);
    const order = { ...intent({ qty: 2, cents: 45 }), instrumentId: asInstrumentId('polymarket:1001') };
    const out = await client.submit(order);
    expect(out).toMatchObject({ kind: 'accepted', report: { status: 'filled', filledQty: 200 } });
    expect(client.markets.known('1001')?.domainVersion).toBe('3');
    expect(await client.getOrder(order.clientOrderId)).toEqual(out.kind === 'accepted' ? out.report : null);
  });

  it('a taker order delayed by a live-sports market is working, then filled after the delay', async () => {
    const live = {
      ...SIM_MARKET,
      conditionId: `0x${'6c'.repeat(32)}`,
      tokenIds: ['2001', '2002'] as const,
      takerDelaySeconds: 1,
    };
    fx.sim.exchange.addMarket(live, fx.sim.now());
    placePolyMakerQuotes(
      fx.sim.exchange,
      {
        account: SIM_MAKER_WALLET,
        conditionId: live.conditionId,
        bids: [],
        asks: [[450_000 as Micros, 10_000_000]],
      },
      fx.sim.now(),
    );
    const order = { ...intent({ qty: 2, cents: 45 }), instrumentId: asInstrumentId('polymarket:2001') };
    const out = await client.submit(order);
    expect(out).toMatchObject({ kind: 'accepted', report: { status: 'resting', filledQty: 0 } });
    const deadline = Date.now() + 10_000;
    let report = await client.getOrder(order.clientOrderId);
    while (report?.status === 'resting' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      report = await client.getOrder(order.clientOrderId);
    }
    expect(report).toMatchObject({ status: 'filled', filledQty: 200, fills: [{ price: 450_000, qty: 200 }] });
  });

  it('rejects what the venue refuses, and an off-tick price before sending', async () => {
    const tooBig = await client.submit(intent({ qty: 100_000, cents: 45, tif: 'GTC' }));
    expect(tooBig).toMatchObject({ kind: 'rejected', reason: expect.stringMatching(/^400 /) });
    const offTick = await client.submit({ ...intent({ qty: 1, cents: 45 }), limitPrice: 455_000 as Micros });
    expect(offTick).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('tick') });
  });

  it('reads the pUSD balance, which a fill reduces by cost plus fee', async () => {
    const before = await client.account.balance();
    expect(before).toBe(1_000_000_000);
    const out = await client.submit(intent({ qty: 3, cents: 45 }));
    if (out.kind !== 'accepted') throw new Error(JSON.stringify(out));
    const after = await client.account.balance();
    expect(before - after).toBeGreaterThanOrEqual(1_350_000);
    expect(before - after).toBeLessThan(1_350_000 + 30_000);
  });

  it('sends heartbeats the venue records for the key', async () => {
    const hb = new PolymarketHeartbeat({ http });
    await hb.beat();
    await hb.beat();
    expect(hb.counters).toEqual({ sent: 2, failed: 0 });
    expect(fx.sim.heartbeats.byKey.get(http.apiKey ?? '')).toMatchObject({ id: 'hb-2' });
  });
});
