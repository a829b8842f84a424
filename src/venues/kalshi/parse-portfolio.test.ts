/**
 * No real portfolio payloads exist in shared/data (they need an account), so these fixtures are
 * written from the field lists of venues.md §2.4-2.5.
 */
import { describe, expect, it } from 'vitest';
import {
  bookSideOf,
  parseKalshiBalance,
  parseKalshiFill,
  parseKalshiFillsPage,
  parseKalshiOrderCreated,
  parseKalshiOrderResponse,
  parseKalshiOrdersPage,
  parseKalshiPositionsPage,
} from './parse.js';

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};
const errorOf = (r: { ok: boolean; error?: { field: string } }) => (r.ok ? null : r.error?.field);

describe('V2 order create response', () => {
  const filled = {
    order_id: 'ord-1',
    client_order_id: 'S1.L1',
    fill_count: '10.00',
    remaining_count: '0.00',
    average_fill_price: '0.5600',
    average_fee_paid: '0.0175',
    ts_ms: 1_790_000_000_123,
  };
  it('reads counts, the average price and fee per contract', () => {
    expect(unwrap(parseKalshiOrderCreated(filled))).toEqual({
      orderId: 'ord-1',
      clientOrderId: 'S1.L1',
      fillCount: 1000,
      remainingCount: 0,
      averageFillPrice: 560_000,
      averageFeePaid: 17_500,
      venueTs: 1_790_000_000_123,
    });
  });
  it('has no average when nothing filled (IOC canceled)', () => {
    const { average_fill_price: _, average_fee_paid: __, ...unfilled } = filled;
    const r = unwrap(parseKalshiOrderCreated({ ...unfilled, fill_count: '0.00', remaining_count: '0.00' }));
    expect(r.averageFillPrice).toBeNull();
    expect(r.averageFeePaid).toBeNull();
  });
  it('rounds an average with more than six decimals from its digits', () => {
    const r = unwrap(parseKalshiOrderCreated({ ...filled, average_fill_price: '0.56333349' }));
    expect(r.averageFillPrice).toBe(563_333);
    const up = unwrap(parseKalshiOrderCreated({ ...filled, average_fill_price: '0.5633335' }));
    expect(up.averageFillPrice).toBe(563_334);
  });
  it('names what is wrong', () => {
    expect(errorOf(parseKalshiOrderCreated({ ...filled, fill_count: 10 }))).toBe('fill_count');
    expect(errorOf(parseKalshiOrderCreated({ ...filled, average_fill_price: '1.5' }))).toBe(
      'average_fill_price',
    );
    expect(errorOf(parseKalshiOrderCreated({ ...filled, order_id: undefined }))).toBe('order_id');
  });
});

describe('order object', () => {
  const order = {
    order_id: 'ord-1',
    user_id: 'u',
    client_order_id: 'S1.L1',
    ticker: 'KXNFLGAME-26OCT08TBDAL-DAL',
    outcome_side: 'no',
    book_side: 'ask',
    type: 'limit',
    status: 'executed',
    yes_price_dollars: '0.6000',
    no_price_dollars: '0.4000',
    fill_count_fp: '10.00',
    remaining_count_fp: '0.00',
    initial_count_fp: '10.00',
    taker_fill_cost_dollars: '4.0000',
    maker_fill_cost_dollars: '0.0000',
    taker_fees_dollars: '0.1700',
    maker_fees_dollars: '0.0000',
    created_time: '2026-10-08T23:00:00.123456Z',
    exchange_index: 0,
    subaccount_number: 0,
  };
  it('reads the order with its single-book direction', () => {
    expect(unwrap(parseKalshiOrderResponse({ order }))).toMatchObject({
      orderId: 'ord-1',
      status: 'executed',
      outcomeSide: 'no',
      bookSide: 'ask',
      yesPrice: 600_000,
      noPrice: 400_000,
      fillCount: 1000,
      remainingCount: 0,
      takerFillCost: 4_000_000,
      takerFees: 170_000,
      createdTs: Date.parse('2026-10-08T23:00:00.123Z'),
    });
  });
  it('derives the direction from the legacy side and action (order_direction.md)', () => {
    expect(bookSideOf('buy', 'yes')).toBe('bid');
    expect(bookSideOf('sell', 'no')).toBe('bid');
    expect(bookSideOf('buy', 'no')).toBe('ask');
    expect(bookSideOf('sell', 'yes')).toBe('ask');
    const { outcome_side: _, book_side: __, no_price_dollars: ___, ...legacy } = order;
    const o = unwrap(parseKalshiOrderResponse({ order: { ...legacy, side: 'no', action: 'buy' } }));
    expect(o).toMatchObject({
      outcomeSide: 'no',
      bookSide: 'ask',
      side: 'no',
      action: 'buy',
      noPrice: 400_000,
    });
  });
  it('refuses an unknown status and a negative cost, naming them', () => {
    expect(errorOf(parseKalshiOrderResponse({ order: { ...order, status: 'pending' } }))).toBe(
      'order.status',
    );
    expect(errorOf(parseKalshiOrderResponse({ order: { ...order, taker_fees_dollars: '-0.01' } }))).toBe(
      'order.taker_fees_dollars',
    );
  });
  it('parses a list page', () => {
    const page = unwrap(parseKalshiOrdersPage({ orders: [order, { ...order, ticker: 5 }], cursor: '' }));
    expect(page.items).toHaveLength(1);
    expect(page.errors.map((e) => e.field)).toEqual(['orders[1].ticker']);
  });
});

describe('fills', () => {
  const restFill = {
    fill_id: 'f-1',
    trade_id: 't-1',
    order_id: 'ord-1',
    ticker: 'KXNFLGAME-26OCT08TBDAL-DAL',
    market_ticker: 'KXNFLGAME-26OCT08TBDAL-DAL',
    side: 'yes',
    action: 'buy',
    outcome_side: 'yes',
    book_side: 'bid',
    count_fp: '14.18',
    yes_price_dollars: '0.8100',
    no_price_dollars: '0.1900',
    is_taker: true,
    created_time: '2026-10-06T06:38:16.55614Z',
    fee_cost: '0.1600',
    subaccount_number: 0,
    ts: 1_791_268_696,
    exchange_index: 0,
  };
  it('reads a REST fill, preferring the seconds `ts` over created_time', () => {
    expect(unwrap(parseKalshiFill(restFill))).toMatchObject({
      fillId: 'f-1',
      tradeId: 't-1',
      orderId: 'ord-1',
      yesPrice: 810_000,
      noPrice: 190_000,
      count: 1418,
      liquidity: 'taker',
      fee: 160_000,
      venueTs: 1_791_268_696_000,
      outcomeSide: 'yes',
      bookSide: 'bid',
    });
  });
  it('falls back to trade_id, the other leg price and created_time', () => {
    const { fill_id: _, no_price_dollars: __, ts: ___, ...rest } = restFill;
    const f = unwrap(parseKalshiFill({ ...rest, is_taker: false }));
    expect(f).toMatchObject({ fillId: 't-1', noPrice: 190_000, liquidity: 'maker' });
    expect(f.venueTs).toBe(Date.parse('2026-10-06T06:38:16.556Z'));
  });
  it('needs an id, a ticker, a price and a time, and says which is missing', () => {
    const { fill_id: _, trade_id: __, ...noId } = restFill;
    expect(errorOf(parseKalshiFill(noId))).toBe('fill_id');
    const { yes_price_dollars: _y, no_price_dollars: _n, ...noPrice } = restFill;
    expect(errorOf(parseKalshiFill(noPrice))).toBe('yes_price_dollars');
    expect(errorOf(parseKalshiFill({ ...restFill, is_taker: 'yes' }))).toBe('is_taker');
  });
  it('parses a page', () => {
    const page = unwrap(parseKalshiFillsPage({ fills: [restFill], cursor: 'c' }));
    expect(page.items.map((f) => f.fillId)).toEqual(['f-1']);
  });
});

describe('positions and balance', () => {
  it('reads signed positions and dollar amounts', () => {
    const page = unwrap(
      parseKalshiPositionsPage({
        market_positions: [
          {
            ticker: 'A',
            position_fp: '-25.50',
            market_exposure_dollars: '10.2000',
            realized_pnl_dollars: '-1.2500',
            fees_paid_dollars: '0.3400',
            total_traded_dollars: '30.0000',
            last_updated_ts: '2026-10-08T23:00:00Z',
          },
        ],
        event_positions: [],
        cursor: '',
      }),
    );
    expect(page.items[0]).toEqual({
      ticker: 'A',
      position: -2550,
      marketExposure: 10_200_000,
      positionCost: null,
      realizedPnl: -1_250_000,
      feesPaid: 340_000,
      positionFeeCost: null,
      totalTraded: 30_000_000,
      volume: null,
      lastUpdatedTs: Date.parse('2026-10-08T23:00:00Z'),
    });
  });
  it('reads the balance in cents or dollars, with the per-shard breakdown', () => {
    const b = unwrap(
      parseKalshiBalance({
        balance: 123_456,
        portfolio_value: 2_000,
        updated_ts: 1_790_000_000,
        balance_breakdown: [
          { exchange_index: 0, balance: 100_000 },
          { exchange_index: 3, balance: 23_456 },
        ],
      }),
    );
    expect(b).toEqual({
      balance: 1_234_560_000,
      portfolioValue: 20_000_000,
      updatedTs: 1_790_000_000_000,
      byExchange: [
        { exchangeIndex: 0, balance: 1_000_000_000 },
        { exchangeIndex: 3, balance: 234_560_000 },
      ],
    });
    expect(unwrap(parseKalshiBalance({ balance: 1, balance_dollars: '0.0123' })).balance).toBe(12_300);
    expect(errorOf(parseKalshiBalance({ balance: 12.5 }))).toBe('balance');
    expect(errorOf(parseKalshiBalance({ balance: 1e300 }))).toBe('balance');
  });
});
