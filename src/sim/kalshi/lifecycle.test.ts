/**
 * The market lifecycle on the exchange itself: unopened before open_time, trading while active,
 * orders refused and resting orders canceled on close, the result and its settlement timer, and
 * positions paid at finalization — $1 per winning contract, $0.50 to both sides on a tie.
 */
import { describe, expect, it } from 'vitest';
import type { Centis, Micros } from '../../core/money.js';
import { KalshiSimExchange } from './exchange.js';
import type { NewOrder } from './exchange-types.js';
import { buildKalshiGameListing } from './listing.js';
import type { KalshiGameSpec } from './listing-types.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-10-09T00:15:00Z');
const OPEN = START - 24 * HOUR;
const team = (code: string, name: string) => ({ code, name, eventName: `${code} ${name}` });
const NFL: KalshiGameSpec = {
  league: 'nfl',
  startMs: START,
  listedMs: OPEN - HOUR,
  openMs: OPEN,
  away: team('TB', 'Tampa Bay'),
  home: team('DAL', 'Dallas'),
};
const EVENT = 'KXNFLGAME-26OCT08TBDAL';
const DAL = `${EVENT}-DAL`;
const TB = `${EVENT}-TB`;
const dollars = (d: number) => Math.round(d * 1_000_000) as Micros;

function world(spec: KalshiGameSpec = NFL) {
  const ex = new KalshiSimExchange();
  expect(ex.lifecycle.listGame(buildKalshiGameListing(spec), spec.listedMs)).toBeNull();
  ex.deposit('alice', dollars(100));
  ex.deposit('bob', dollars(100));
  const order = (o: Partial<NewOrder> & Pick<NewOrder, 'accountId' | 'side' | 'price'>, nowMs: number) =>
    ex.createOrder(
      {
        ticker: DAL,
        clientOrderId: '',
        count: 1_000 as Centis,
        timeInForce: 'good_till_canceled',
        selfTradePrevention: 'taker_at_cross',
        postOnly: false,
        expirationTime: null,
        ...o,
      },
      nowMs,
    );
  const balance = (id: string) => ex.accounts.get(id)?.balance;
  return { ex, order, balance };
}

describe('the lifecycle of a listed game', () => {
  it('is unopened until open_time, refusing orders, then open', () => {
    const { ex, order } = world();
    expect(ex.markets.get(DAL)?.status).toBe('initialized');
    const early = order({ accountId: 'alice', side: 'bid', price: dollars(0.4) }, OPEN - 1);
    expect(early.ok || early.refusal).toMatchObject({ code: 'market_inactive' });
    ex.lifecycle.advance(OPEN);
    expect(ex.markets.get(DAL)?.status).toBe('active');
    expect(order({ accountId: 'alice', side: 'bid', price: dollars(0.4) }, OPEN).ok).toBe(true);
  });

  it('refuses orders and cancellations after close, with resting orders canceled and collateral back', () => {
    const { ex, order, balance } = world();
    ex.lifecycle.advance(OPEN);
    const resting = order({ accountId: 'alice', side: 'bid', price: dollars(0.4) }, OPEN);
    expect(resting.ok && resting.order.status).toBe('resting');
    expect(balance('alice')).toBeLessThan(dollars(100));
    const end = START + 3 * HOUR;
    expect(ex.lifecycle.eventTransition(EVENT, 'close', end)).toBeNull();
    const dal = ex.markets.get(DAL);
    expect(dal?.status).toBe('closed');
    // Closed early, a winner declared: close_time moves to the close; the latest expiration stays.
    expect(dal?.closeTimeMs).toBe(end);
    expect(dal?.listing?.closeMs).toBe(START + 48 * HOUR);
    expect(resting.ok && ex.orders.get(resting.order.orderId)?.status).toBe('canceled');
    expect(balance('alice')).toBe(dollars(100));
    expect(dal?.book.resting()).toEqual([]);
    const late = order({ accountId: 'bob', side: 'ask', price: dollars(0.4) }, end + 1);
    expect(late.ok || late.refusal).toMatchObject({ status: 400, code: 'market_inactive' });
    const cancel = resting.ok ? ex.cancelOrder('alice', resting.order.orderId, end + 1) : null;
    expect(cancel).toMatchObject({ code: 'market_inactive' });
    // A closed market cannot be reopened by the open transition.
    expect(ex.lifecycle.open(DAL, end + 2)).toMatchObject({ status: 409, code: 'invalid_status_transition' });
  });

  it('determines, waits out the settlement timer, then pays $1 per winning contract', () => {
    const { ex, order, balance } = world();
    ex.lifecycle.advance(OPEN);
    // Alice buys 10 YES DAL at 0.40 from Bob (Bob's ask: his NO at 0.60).
    expect(order({ accountId: 'bob', side: 'ask', price: dollars(0.4) }, OPEN).ok).toBe(true);
    const buy = order({ accountId: 'alice', side: 'bid', price: dollars(0.4) }, OPEN + 1);
    expect(buy.ok && buy.order.fillCount).toBe(1_000);
    const aliceBefore = balance('alice') as number;
    const bobBefore = balance('bob') as number;
    const end = START + 3 * HOUR;
    expect(ex.lifecycle.determineGame(EVENT, { kind: 'team', code: 'DAL' }, end)).toBeNull();
    expect(ex.markets.get(DAL)).toMatchObject({
      status: 'determined',
      result: 'yes',
      settlementValue: 1_000_000,
    });
    expect(ex.markets.get(TB)).toMatchObject({ status: 'determined', result: 'no', settlementValue: 0 });
    ex.lifecycle.advance(end + 59_999);
    expect(ex.markets.get(DAL)?.status).toBe('determined');
    expect(balance('alice')).toBe(aliceBefore);
    ex.lifecycle.advance(end + 60_000);
    expect(ex.markets.get(DAL)?.status).toBe('finalized');
    expect(ex.markets.get(DAL)?.settledMs).toBe(end + 60_000);
    expect(balance('alice')).toBe(aliceBefore + dollars(10));
    expect(balance('bob')).toBe(bobBefore);
    expect(ex.accounts.get('alice')?.positions.get(DAL)?.position).toBe(0);
    expect(ex.totalHeld()).toBe(ex.deposits);
  });

  it('pays $0.50 per contract to both sides when an NFL game ends in a tie', () => {
    const { ex, order, balance } = world();
    ex.lifecycle.advance(OPEN);
    expect(order({ accountId: 'bob', side: 'ask', price: dollars(0.3) }, OPEN).ok).toBe(true);
    expect(order({ accountId: 'alice', side: 'bid', price: dollars(0.3) }, OPEN + 1).ok).toBe(true);
    const aliceBefore = balance('alice') as number;
    const bobBefore = balance('bob') as number;
    expect(ex.lifecycle.determineGame(EVENT, { kind: 'tie' }, START + 4 * HOUR)).toBeNull();
    for (const ticker of [DAL, TB])
      expect(ex.markets.get(ticker)).toMatchObject({ result: 'scalar', settlementValue: 500_000 });
    ex.lifecycle.advance(START + 5 * HOUR);
    // Alice held 10 YES, Bob 10 NO: each side is paid 10 × $0.50.
    expect(balance('alice')).toBe(aliceBefore + dollars(5));
    expect(balance('bob')).toBe(bobBefore + dollars(5));
    expect(ex.totalHeld()).toBe(ex.deposits);
  });

  it('settles a soccer draw on the TIE market, the team markets at no', () => {
    const { ex } = world({
      ...NFL,
      league: 'soccer',
      seriesTicker: 'KXEPLGAME',
      away: team('ARS', 'Arsenal'),
      home: team('CHE', 'Chelsea'),
    });
    const event = 'KXEPLGAME-26OCT08ARSCHE';
    // Unopened markets are not determined: the game cannot have ended before trading opened.
    expect(ex.lifecycle.determineGame(event, { kind: 'tie' }, OPEN - 1)).toMatchObject({ status: 409 });
    ex.lifecycle.advance(OPEN);
    expect(ex.lifecycle.determineGame(event, { kind: 'team', code: 'XXX' }, START)).toMatchObject({
      status: 400,
      message: expect.stringMatching(/no market of this game is for team XXX/),
    });
    expect(ex.lifecycle.determineGame(event, { kind: 'tie' }, START + 2 * HOUR)).toBeNull();
    expect(ex.lifecycle.eventMarkets(event).map((m) => [m.ticker.slice(event.length + 1), m.result])).toEqual(
      [
        ['CHE', 'no'],
        ['ARS', 'no'],
        ['TIE', 'yes'],
      ],
    );
  });

  it('closes by itself at close_time when no result came (a postponed game), without moving it', () => {
    const { ex } = world();
    ex.lifecycle.advance(OPEN);
    ex.lifecycle.advance(START + 48 * HOUR - 1);
    expect(ex.markets.get(DAL)?.status).toBe('active');
    ex.lifecycle.advance(START + 48 * HOUR);
    expect(ex.markets.get(DAL)).toMatchObject({ status: 'closed', closeTimeMs: START + 48 * HOUR });
  });

  it('pauses and resumes: orders refused while paused, resting orders canceled on reactivation', () => {
    const { ex, order } = world();
    ex.lifecycle.advance(OPEN);
    const resting = order({ accountId: 'alice', side: 'bid', price: dollars(0.4) }, OPEN);
    expect(ex.lifecycle.pause(DAL, OPEN + 1)).toBeNull();
    expect(ex.markets.get(DAL)?.status).toBe('inactive');
    const paused = order({ accountId: 'bob', side: 'ask', price: dollars(0.5) }, OPEN + 2);
    expect(paused.ok || paused.refusal).toMatchObject({ code: 'market_inactive' });
    expect(resting.ok && ex.orders.get(resting.order.orderId)?.status).toBe('resting');
    expect(ex.lifecycle.resume(DAL, OPEN + 3)).toBeNull();
    expect(resting.ok && ex.orders.get(resting.order.orderId)?.status).toBe('canceled');
    expect(order({ accountId: 'bob', side: 'ask', price: dollars(0.5) }, OPEN + 4).ok).toBe(true);
  });

  it('settle() still resolves a market in one step, and refuses a second time', () => {
    const { ex } = world();
    ex.lifecycle.advance(OPEN);
    expect(ex.settle(DAL, { value: 500_000 as Micros }, OPEN + 1)).toBeNull();
    expect(ex.markets.get(DAL)).toMatchObject({
      status: 'finalized',
      result: 'scalar',
      settlementValue: 500_000,
    });
    expect(ex.settle(DAL, 'yes', OPEN + 2)).toMatchObject({ code: 'already_settled' });
  });
});
