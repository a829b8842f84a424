import { describe, expect, it } from 'vitest';
import type { Level } from '../core/events.js';
import { asEventId, asInstrumentId } from '../core/ids.js';
import type { Action, ContractSide } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { BookClaims, type BookLegRef } from './book-claims.js';

const lv = (price: number, qty: number): Level => ({ price: price as Micros, qty: qty as Centis });
const leg = (
  side: ContractSide,
  action: Action,
  levels: Level[],
  bookId: string | null = 'kalshi-ws:7',
): BookLegRef => ({
  instrumentId: asInstrumentId('kalshi:G-HOME'),
  ...(bookId === null ? {} : { bookId: asEventId(bookId) }),
  side,
  action,
  levels,
});

describe('book claims', () => {
  it('takes an approved order from the front of the levels of its snapshot', () => {
    const claims = new BookClaims();
    const buyNo = leg('no', 'buy', [lv(50_000, 2_000), lv(60_000, 6_000)]);
    claims.claim(buyNo, 3_000 as Centis);
    expect(claims.untaken(buyNo)).toEqual([lv(60_000, 5_000)]);
    claims.claim(buyNo, 1_000 as Centis); // the next order takes from what is left
    expect(claims.untaken(buyNo)).toEqual([lv(60_000, 4_000)]);
  });

  it('counts in the YES book: a sale of YES and a buy of NO both hit the YES bids', () => {
    const claims = new BookClaims();
    // YES bids 0.95 and 0.94: selling YES gets 0.95 first; buying NO pays 0.05 first.
    claims.claim(leg('yes', 'sell', [lv(950_000, 1_000), lv(940_000, 4_000)]), 2_500 as Centis);
    expect(claims.untaken(leg('no', 'buy', [lv(50_000, 1_000), lv(60_000, 4_000)]))).toEqual([
      lv(60_000, 2_500),
    ]);
    // The asks are untouched: buying YES at 0.96 is another side of the book.
    expect(claims.untaken(leg('yes', 'buy', [lv(950_000, 1_000)]))).toEqual([lv(950_000, 1_000)]);
  });

  it('forgets a snapshot once a newer one is claimed, and never matches a leg without one', () => {
    const claims = new BookClaims();
    const levels = [lv(50_000, 2_000)];
    claims.claim(leg('no', 'buy', levels), 2_000 as Centis);
    expect(claims.untaken(leg('no', 'buy', levels))).toEqual([]);
    expect(claims.untaken(leg('no', 'buy', levels, 'kalshi-ws:8'))).toEqual(levels);
    expect(claims.untaken(leg('no', 'buy', levels, null))).toEqual(levels);
    claims.claim(leg('no', 'buy', levels, 'kalshi-ws:8'), 500 as Centis);
    expect(claims.untaken(leg('no', 'buy', levels))).toEqual(levels);
    expect(claims.untaken(leg('no', 'buy', levels, 'kalshi-ws:8'))).toEqual([lv(50_000, 1_500)]);
  });
});
