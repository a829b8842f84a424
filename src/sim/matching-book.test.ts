import { describe, expect, it } from 'vitest';
import type { Micros } from '../core/money.js';
import { type IncomingBookOrder, PriceTimeBook } from './matching-book.js';

const order = (
  o: Partial<IncomingBookOrder> & Pick<IncomingBookOrder, 'orderId' | 'side' | 'price' | 'qty'>,
) => ({ accountId: 'a', timeInForce: 'rest', postOnly: false, ...o }) as IncomingBookOrder;
const px = (cents: number) => (cents * 10_000) as Micros;

describe('PriceTimeBook (shared by the Kalshi, Polymarket and Polymarket US simulators)', () => {
  it('matches by price then time, at the resting price, and shows levels best first', () => {
    const book = new PriceTimeBook();
    book.submit(order({ orderId: 'a1', accountId: 'm', side: 'ask', price: px(46), qty: 5 }));
    book.submit(order({ orderId: 'a2', accountId: 'n', side: 'ask', price: px(45), qty: 5 }));
    book.submit(order({ orderId: 'a3', accountId: 'o', side: 'ask', price: px(45), qty: 5 }));
    book.submit(order({ orderId: 'b1', accountId: 'm', side: 'bid', price: px(40), qty: 3 }));
    expect(book.levels()).toEqual({
      bids: [[px(40), 3]],
      asks: [
        [px(45), 10],
        [px(46), 5],
      ],
    });
    const r = book.submit(order({ orderId: 't', side: 'bid', price: px(46), qty: 12, timeInForce: 'ioc' }));
    expect(r.kind === 'matched' && r.fills.map((f) => [f.makerOrderId, f.price, f.qty])).toEqual([
      ['a2', px(45), 5],
      ['a3', px(45), 5],
      ['a1', px(46), 2],
    ]);
    expect(book.levels().asks).toEqual([[px(46), 3]]);
  });

  it('refuses fill-or-kill it cannot fill, and post-only that crosses, touching nothing', () => {
    const book = new PriceTimeBook();
    book.submit(order({ orderId: 'a1', accountId: 'm', side: 'ask', price: px(45), qty: 5 }));
    expect(
      book.submit(order({ orderId: 'f', side: 'bid', price: px(45), qty: 6, timeInForce: 'fok' })),
    ).toEqual({
      kind: 'refused',
      reason: 'fill_or_kill_unfillable',
    });
    expect(book.submit(order({ orderId: 'p', side: 'bid', price: px(45), qty: 1, postOnly: true }))).toEqual({
      kind: 'refused',
      reason: 'post_only_would_cross',
    });
    expect(book.levels().asks).toEqual([[px(45), 5]]);
  });

  it('self-trade: cancels the resting order by default, or stops the incoming one there', () => {
    const book = new PriceTimeBook();
    book.submit(order({ orderId: 'own', side: 'ask', price: px(45), qty: 5 }));
    book.submit(order({ orderId: 'other', accountId: 'm', side: 'ask', price: px(46), qty: 5 }));
    const stopped = book.submit(
      order({ orderId: 's', side: 'bid', price: px(46), qty: 2, selfTrade: 'stop_incoming' }),
    );
    expect(stopped).toMatchObject({ kind: 'matched', fills: [], rests: false, stoppedBySelfTrade: true });
    const cancel = book.submit(
      order({ orderId: 'c', side: 'bid', price: px(46), qty: 2, timeInForce: 'ioc' }),
    );
    expect(cancel).toMatchObject({ kind: 'matched', remaining: 0, selfTradeCanceled: [{ orderId: 'own' }] });
    expect(cancel.kind === 'matched' && cancel.fills.map((f) => f.makerOrderId)).toEqual(['other']);
  });
});
