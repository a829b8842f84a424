import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KALSHI_SPORTS_FEES } from '../../core/fees.js';
import type { Centis, Micros } from '../../core/money.js';
import { KalshiMatchingBook } from './engine.js';
import { KalshiSimExchange } from './exchange.js';

const T = 'KXTEST-1';

function exchange(accounts: string[]) {
  const ex = new KalshiSimExchange();
  ex.addMarket({
    ticker: T,
    eventTicker: 'KXTEST',
    seriesTicker: 'KX',
    closeTimeMs: 1,
    fees: KALSHI_SPORTS_FEES,
  });
  for (const a of accounts) ex.deposit(a, 50_000_000 as Micros);
  return ex;
}

const orderArb = fc.record({
  account: fc.constantFrom('a', 'b', 'c'),
  side: fc.constantFrom('bid' as const, 'ask' as const),
  cents: fc.integer({ min: 1, max: 99 }),
  contracts: fc.integer({ min: 1, max: 40 }),
  tif: fc.constantFrom(
    'fill_or_kill' as const,
    'good_till_canceled' as const,
    'immediate_or_cancel' as const,
  ),
  stp: fc.constantFrom('taker_at_cross' as const, 'maker' as const),
  postOnly: fc.boolean(),
});

describe('Kalshi simulator matching', () => {
  it('never leaves the book crossed, conserves counts and money', () => {
    fc.assert(
      fc.property(
        fc.array(orderArb, { maxLength: 60 }),
        fc.constantFrom<'yes' | 'no'>('yes', 'no'),
        (orders, result) => {
          const ex = exchange(['a', 'b', 'c']);
          const book = ex.markets.get(T)?.book as KalshiMatchingBook;
          orders.forEach((o, i) => {
            const r = ex.createOrder(
              {
                accountId: o.account,
                ticker: T,
                clientOrderId: `c${i}`,
                side: o.side,
                price: (o.cents * 10_000) as Micros,
                count: (o.contracts * 100) as Centis,
                timeInForce: o.tif,
                selfTradePrevention: o.stp,
                postOnly: o.postOnly,
                expirationTime: null,
              },
              i,
            );
            const bid = book.bestBid();
            const ask = book.bestAsk();
            if (bid !== null && ask !== null) expect(bid).toBeLessThan(ask);
            if (r.ok) {
              const filled = ex.fills
                .filter((f) => f.orderId === r.order.orderId)
                .reduce((s, f) => s + f.count, 0);
              expect(r.order.fillCount).toBe(filled);
              const resting = book.resting().find((x) => x.orderId === r.order.orderId)?.remaining ?? 0;
              // filled + resting + canceled = original
              const canceled = r.order.status === 'canceled' ? r.order.initialCount - filled - resting : 0;
              expect(filled + resting + canceled).toBe(r.order.initialCount);
              if (r.order.status === 'resting') expect(r.order.remainingCount).toBe(resting);
            }
            expect(ex.totalHeld()).toBe(ex.deposits);
            for (const a of ex.accounts.values()) expect(a.balance).toBeGreaterThanOrEqual(0);
          });
          expect(ex.settle(T, result, orders.length)).toBeNull();
          expect(ex.totalHeld()).toBe(ex.deposits);
          for (const a of ex.accounts.values()) expect(a.reserved).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps price-time priority and prints at the resting price', () => {
    const book = new KalshiMatchingBook();
    const base = {
      timeInForce: 'good_till_canceled' as const,
      postOnly: false,
      selfTradePrevention: 'maker' as const,
    };
    book.submit({
      ...base,
      orderId: 'm1',
      accountId: 'x',
      side: 'ask',
      price: 500_000 as Micros,
      qty: 100 as Centis,
    });
    book.submit({
      ...base,
      orderId: 'm2',
      accountId: 'y',
      side: 'ask',
      price: 500_000 as Micros,
      qty: 100 as Centis,
    });
    book.submit({
      ...base,
      orderId: 'm0',
      accountId: 'z',
      side: 'ask',
      price: 490_000 as Micros,
      qty: 100 as Centis,
    });
    const r = book.submit({
      ...base,
      timeInForce: 'immediate_or_cancel',
      orderId: 't',
      accountId: 't',
      side: 'bid',
      price: 550_000 as Micros,
      qty: 250 as Centis,
    });
    expect(r.kind === 'matched' && r.matches.map((m) => [m.makerOrderId, m.price, m.qty])).toEqual([
      ['m0', 490_000, 100],
      ['m1', 500_000, 100],
      ['m2', 500_000, 50],
    ]);
  });

  it('refuses a post-only order that would cross, and applies self-trade prevention', () => {
    const book = new KalshiMatchingBook();
    const base = {
      timeInForce: 'good_till_canceled' as const,
      postOnly: false,
      selfTradePrevention: 'maker' as const,
    };
    book.submit({
      ...base,
      orderId: 'own',
      accountId: 'me',
      side: 'ask',
      price: 500_000 as Micros,
      qty: 100 as Centis,
    });
    expect(
      book.submit({
        ...base,
        postOnly: true,
        orderId: 'p',
        accountId: 'o',
        side: 'bid',
        price: 500_000 as Micros,
        qty: 1 as Centis,
      }),
    ).toEqual({ kind: 'refused', reason: 'post_only_would_cross' });
    const stop = book.submit({
      ...base,
      selfTradePrevention: 'taker_at_cross',
      orderId: 't1',
      accountId: 'me',
      side: 'bid',
      price: 500_000 as Micros,
      qty: 100 as Centis,
    });
    expect(stop).toMatchObject({ kind: 'matched', matches: [], stoppedBySelfTrade: true, rests: false });
    const cancelMaker = book.submit({
      ...base,
      orderId: 't2',
      accountId: 'me',
      side: 'bid',
      price: 500_000 as Micros,
      qty: 100 as Centis,
    });
    expect(cancelMaker).toMatchObject({ kind: 'matched', rests: true });
    expect(cancelMaker.kind === 'matched' && cancelMaker.selfTradeCanceled.map((o) => o.orderId)).toEqual([
      'own',
    ]);
  });

  it('expires a good-till-canceled order at its expiration time', () => {
    const ex = exchange(['a']);
    const r = ex.createOrder(
      {
        accountId: 'a',
        ticker: T,
        clientOrderId: 'e',
        side: 'bid',
        price: 300_000 as Micros,
        count: 100 as Centis,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'maker',
        postOnly: false,
        expirationTime: 10,
      },
      1_000,
    );
    expect(r.ok && r.order.status).toBe('resting');
    ex.expire(10_000);
    expect(r.ok && r.order.status).toBe('canceled');
    expect(ex.accounts.get('a')?.reserved).toBe(0);
  });

  it('expires a later order at its own time after an earlier one in the same market', () => {
    const ex = exchange(['a']);
    const gtd = (clientOrderId: string, expirationTime: number) =>
      ex.createOrder(
        {
          accountId: 'a',
          ticker: T,
          clientOrderId,
          side: 'bid',
          price: 300_000 as Micros,
          count: 100 as Centis,
          timeInForce: 'good_till_canceled',
          selfTradePrevention: 'maker',
          postOnly: false,
          expirationTime,
        },
        1_000,
      );
    const early = gtd('early', 10);
    const late = gtd('late', 20);
    ex.expire(15_000);
    expect(early.ok && early.order.status).toBe('canceled');
    expect(late.ok && late.order.status).toBe('resting');
    ex.expire(20_000);
    expect(late.ok && late.order.status).toBe('canceled');
  });
});
