/** KalshiAccount against the simulator over real HTTP: resting orders, shards, and failures. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../core/events.js';
import { KALSHI_SPORTS_FEES, tradeFee } from '../../core/fees.js';
import { asClientOrderId, asEventId, asGameId, asInstrumentId, asSignalId } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { SIM_TICKER, type SimFixture, startSimFixture } from '../../sim/kalshi/testing.js';
import { KalshiAccount } from './account.js';
import { KalshiVenueClient } from './client.js';
import { KalshiLookupError } from './errors.js';
import { KalshiHttp } from './http.js';

/** A YES buy on the fixture's market. */
function buyIntent(o: { n: number; qty: number; limitPrice: number; tif: 'GTC' | 'IOC' }): OrderIntent {
  return {
    type: 'OrderIntent',
    id: asEventId(`acct:${o.n}`),
    ts: 0,
    clientOrderId: asClientOrderId(`acct-${o.n}.L1`),
    signalId: asSignalId(`acct-${o.n}`),
    leg: 1,
    gameId: asGameId('2026_03_NYG_LAR'),
    instrumentId: asInstrumentId(`kalshi:${SIM_TICKER}`),
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    qty: o.qty as Centis,
    limitPrice: o.limitPrice as Micros,
    tif: o.tif,
    legCount: 1,
    purpose: 'entry',
  };
}

let fx: SimFixture;
let http: KalshiHttp;
beforeEach(async () => {
  fx = await startSimFixture();
  http = new KalshiHttp({
    baseUrl: fx.baseUrl,
    key: { keyId: fx.keyId, privateKey: fx.privateKey },
    backoffMs: 1,
    getAttempts: 1,
  });
});
afterEach(() => fx.close());

describe('KalshiAccount', () => {
  it('lists a resting GTC order and counts its collateral back into the balance', async () => {
    const client = new KalshiVenueClient({ http });
    const account = new KalshiAccount({ http });
    const before = await account.balance();
    const out = await client.submit(buyIntent({ n: 1, qty: 1_000, limitPrice: 300_000, tif: 'GTC' }));
    expect(out.kind === 'accepted' && out.report.status).toBe('resting');
    expect(await account.openOrders()).toEqual(['acct-1.L1']);
    expect(await account.positions()).toEqual([]);
    // The simulator also holds a fee margin (the taker fee at $0.50) that Kalshi may not; the
    // adapter adds back the cost at the limit only, so it reads at most that margin low.
    const margin = tradeFee({
      schedule: KALSHI_SPORTS_FEES,
      price: 500_000 as Micros,
      qty: 1_000 as Centis,
      liquidity: 'taker',
    });
    const shortBy = before - (await account.balance());
    expect(shortBy).toBeGreaterThanOrEqual(0);
    expect(shortBy).toBeLessThanOrEqual(margin);
  });

  it('reads fills from just before the newest one seen, and still answers every fill', async () => {
    const client = new KalshiVenueClient({ http });
    const queries: (Readonly<Record<string, string | undefined>> | undefined)[] = [];
    const watched = Object.create(http) as KalshiHttp;
    watched.request = (req) => {
      if (req.path === '/portfolio/fills') queries.push(req.query);
      return http.request(req);
    };
    const account = new KalshiAccount({ http: watched });
    const buy = (n: number) =>
      client.submit(buyIntent({ n: 100 + n, qty: 100, limitPrice: 450_000, tif: 'IOC' }));
    await buy(1);
    const first = await account.fillIds();
    expect(first).toHaveLength(1);
    await buy(2);
    const second = await account.fillIds();
    expect(second).toHaveLength(2);
    expect(second).toEqual(expect.arrayContaining(first));
    expect(queries[0]?.min_ts).toBeUndefined();
    const fills = fx.sim.exchange.fillsOf(fx.traderId);
    const newestSec = Math.floor(fills[0]!.tsMs / 1000);
    expect(Number(queries[1]?.min_ts)).toBeLessThan(newestSec);
    expect(Number(queries[1]?.min_ts)).toBeGreaterThan(newestSec - 120);
  });

  it('reports the per-shard breakdown', async () => {
    const report = await new KalshiAccount({ http }).balanceReport();
    expect(report.byExchange).toEqual([{ exchangeIndex: 0, balance: report.balance }]);
  });

  it('throws, never answers empty, when the venue cannot be asked', async () => {
    const account = new KalshiAccount({ http });
    await fx.close();
    await expect(account.fillIds()).rejects.toBeInstanceOf(KalshiLookupError);
    // afterEach closes again; the simulator's close is idempotent.
  });
});
