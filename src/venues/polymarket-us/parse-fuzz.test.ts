/**
 * Malformed REST answers give typed errors naming the field, never a throw: every parser of the
 * adapter over arbitrary JSON, and over the real shapes with one field broken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePmusParseError } from './errors.js';
import {
  parseCreateOrderResponse,
  parseGetOrderResponse,
  parseOpenOrders,
  parsePositionsPage,
  parseTradesPage,
  parseUsdBalance,
} from './parse.js';
import { parsePmusMarket } from './parse-market.js';

const PARSERS = {
  parseCreateOrderResponse,
  parseGetOrderResponse,
  parseOpenOrders,
  parsePositionsPage,
  parseTradesPage,
  parseUsdBalance,
  parsePmusMarket,
};

const ORDER = {
  id: 'ord-1',
  marketSlug: 'aec-nfl-nyg-lar-2026-09-21',
  intent: 'ORDER_INTENT_BUY_LONG',
  state: 'ORDER_STATE_FILLED',
  price: { value: '0.45', currency: 'USD' },
  quantity: 3,
  cumQuantity: 3,
  createTime: '2026-09-21T20:00:00Z',
};

describe('Polymarket US REST parsers under malformed input', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`${name} never throws and always answers ok or a named error`, () => {
      fc.assert(
        fc.property(fc.jsonValue(), (value) => {
          const r = parse(value);
          if (!r.ok) expect(describePmusParseError(r.error)).toMatch(/\S/);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('names the broken field and what was there', () => {
    const bad = (order: object) => parseGetOrderResponse({ order });
    const price = bad({ ...ORDER, price: { value: '0.4.5', currency: 'USD' } });
    expect(!price.ok && describePmusParseError(price.error)).toBe(
      'order order.price: expected a dollar amount ({value:"0.55"} or "0.55") (got object{value,currency})',
    );
    const state = bad({ ...ORDER, state: 'ORDER_STATE_SOMETHING' });
    expect(!state.ok && state.error.field).toBe('order.state');
    const qty = bad({ ...ORDER, quantity: 1.234 });
    expect(!qty.ok && qty.error.field).toBe('order.quantity');
    const balances = parseUsdBalance({ balances: [{ currentBalance: 10, currency: 'EUR' }] });
    expect(!balances.ok && balances.error.reason).toBe('no USD balance');
    expect(parseGetOrderResponse({ order: ORDER })).toMatchObject({
      ok: true,
      value: { order: { price: 450_000, quantity: 300 } },
    });
  });
});
