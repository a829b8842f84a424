import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import { referenceWsMessages } from './fixtures/load.js';
import {
  type KalshiParseContext,
  type KalshiWsMessage,
  parseKalshiWsMessage,
  parseKalshiWsText,
} from './parse.js';

const RECEIVED = 1_790_000_000_000;
function context(over: Partial<KalshiParseContext> = {}): KalshiParseContext {
  const ids = new EventIdSequence('kws');
  return { clock: new SimulatedClock(RECEIVED), nextId: () => ids.next(), useYesPrice: false, ...over };
}
const reference = referenceWsMessages();
const raw = (name: string) => {
  const m = reference.find((r) => r.name === name);
  if (!m) throw new Error(`no reference message ${name}`);
  return structuredClone(m.raw);
};
function parsed(input: unknown, ctx = context()): KalshiWsMessage {
  const r = parseKalshiWsMessage(input, ctx);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

describe('the reference examples of venues.md §2.6', () => {
  it.each(reference.map((m) => [m.name, m.raw] as const))('%s parses to its own type', (name, message) => {
    expect(parsed(message).type).toBe(name);
  });

  it('orderbook_snapshot: a YES book with NO bids at 1 - price (default pricing)', () => {
    const m = parsed(raw('orderbook_snapshot'));
    if (m.type !== 'orderbook_snapshot') throw new Error(m.type);
    expect(m).toMatchObject({ sid: 2, seq: 2, marketTicker: 'FED-23DEC-T3.00', marketId: '9b0f6b43-…' });
    expect(m.event.bids).toEqual([
      { price: 220_000, qty: 33_300 },
      { price: 80_000, qty: 30_000 },
    ]);
    expect(m.event.asks).toEqual([
      { price: 440_000, qty: 14_600 },
      { price: 460_000, qty: 2_000 },
    ]);
    expect(m.event).toMatchObject({
      type: 'BookSnapshot',
      venue: 'kalshi',
      instrumentId: 'kalshi:FED-23DEC-T3.00',
      ts: RECEIVED,
      venueTs: RECEIVED,
      id: 'kws:1',
    });
  });

  it('orderbook_snapshot with use_yes_price: NO levels are already YES-leg prices', () => {
    const input = raw('orderbook_snapshot');
    (input.msg as Record<string, unknown>).no_dollars_fp = [
      ['0.4600', '20.00'],
      ['0.4400', '146.00'],
    ];
    const m = parsed(input, context({ useYesPrice: true }));
    if (m.type !== 'orderbook_snapshot') throw new Error(m.type);
    expect(m.event.asks).toEqual([
      { price: 440_000, qty: 14_600 },
      { price: 460_000, qty: 2_000 },
    ]);
  });

  it('orderbook_snapshot: an empty side is omitted by Kalshi', () => {
    const input = raw('orderbook_snapshot');
    delete (input.msg as Record<string, unknown>).no_dollars_fp;
    const m = parsed(input);
    if (m.type !== 'orderbook_snapshot') throw new Error(m.type);
    expect(m.event.asks).toEqual([]);
    expect(m.event.bids).toHaveLength(2);
  });

  it('orderbook_delta: signed change on a YES bid, with the venue time', () => {
    const m = parsed(raw('orderbook_delta'));
    if (m.type !== 'orderbook_delta') throw new Error(m.type);
    expect(m).toMatchObject({ sid: 2, seq: 3, marketTicker: 'FED-23DEC-T3.00', clientOrderId: null });
    expect(m.event).toMatchObject({
      type: 'BookDelta',
      side: 'bid',
      price: 960_000,
      delta: -5_400,
      venueTs: 1_669_149_841_000,
      ts: RECEIVED,
    });
  });

  it('orderbook_delta on the NO side is a YES ask, at 1 - price unless use_yes_price', () => {
    const input = raw('orderbook_delta');
    const msg = input.msg as Record<string, unknown>;
    msg.side = 'no';
    msg.price_dollars = '0.5400';
    msg.client_order_id = 'S1.L1';
    msg.subaccount = 0;
    delete msg.ts_ms;
    const plain = parsed(input);
    if (plain.type !== 'orderbook_delta') throw new Error(plain.type);
    expect(plain.event).toMatchObject({ side: 'ask', price: 460_000, delta: -5_400 });
    expect(plain.event.venueTs).toBe(Date.parse('2022-11-22T20:44:01Z')); // the deprecated ISO `ts`
    expect(plain).toMatchObject({ clientOrderId: 'S1.L1', subaccount: 0 });
    const yesPriced = parsed(input, context({ useYesPrice: true }));
    if (yesPriced.type !== 'orderbook_delta') throw new Error(yesPriced.type);
    expect(yesPriced.event).toMatchObject({ side: 'ask', price: 540_000 });
  });

  it('ticker: prices, sizes and time', () => {
    const m = parsed(raw('ticker'));
    if (m.type !== 'ticker') throw new Error(m.type);
    expect(m).toMatchObject({ sid: 11, seq: null });
    expect(m.ticker).toEqual({
      marketTicker: '…',
      marketId: '…',
      lastPrice: 480_000,
      yesBid: 450_000,
      yesAsk: 530_000,
      yesBidSize: 30_000,
      yesAskSize: 15_000,
      volume: 3_389_600,
      openInterest: 2_042_200,
      lastTradeSize: 2_500,
      venueTs: 1_669_149_841_000,
    });
  });

  it('trade: a Trade event at the YES price, taker side no', () => {
    const m = parsed(raw('trade'));
    if (m.type !== 'trade') throw new Error(m.type);
    expect(m.trade.event).toMatchObject({
      type: 'Trade',
      price: 360_000,
      qty: 13_600,
      takerSide: 'no',
      venueTs: 1_669_149_841_000,
    });
    expect(m.trade.isBlockTrade).toBe(false);
  });

  it('fill: the trade id stands for the fill id, with the shard and the position after', () => {
    const m = parsed(raw('fill'));
    if (m.type !== 'fill') throw new Error(m.type);
    expect(m.fill).toMatchObject({
      fillId: '…',
      orderId: '…',
      ticker: '…',
      yesPrice: 750_000,
      noPrice: 250_000,
      count: 27_800,
      liquidity: 'taker',
      fee: null,
      bookSide: 'bid',
      outcomeSide: 'yes',
      exchangeIndex: 2,
      postPosition: 50_000,
      subaccount: 3,
      venueTs: 1_671_899_397_000,
    });
  });

  it('fill: fee_cost in dollars when sent (since Jan 2026)', () => {
    const input = raw('fill');
    (input.msg as Record<string, unknown>).fee_cost = '0.0175';
    const m = parsed(input);
    if (m.type !== 'fill') throw new Error(m.type);
    expect(m.fill.fee).toBe(17_500);
  });

  it('user_order: counts and costs, direction unknown without action or book_side', () => {
    const m = parsed(raw('user_order'));
    if (m.type !== 'user_order') throw new Error(m.type);
    expect(m.order).toMatchObject({
      status: 'resting',
      clientOrderId: 'my-order-1',
      yesPrice: 350_000,
      noPrice: 650_000,
      fillCount: 0,
      remainingCount: 1_000,
      initialCount: 1_000,
      takerFillCost: 0,
      createdTs: 1_733_047_200_000,
      side: 'yes',
      bookSide: null,
    });
  });

  it('market_position: signed position and dollar amounts', () => {
    const m = parsed(raw('market_position'));
    if (m.type !== 'market_position') throw new Error(m.type);
    expect(m.position).toMatchObject({
      ticker: '…',
      position: 10_000,
      positionCost: 50_000_000,
      realizedPnl: 10_000_000,
      feesPaid: 1_000_000,
      positionFeeCost: 500_000,
      volume: 1_500,
    });
  });

  it('control messages: subscribed, ok, unsubscribed, error', () => {
    expect(parsed(raw('subscribed'))).toEqual({
      type: 'subscribed',
      id: 1,
      sid: 1,
      channel: 'orderbook_delta',
    });
    expect(parsed(raw('ok'))).toEqual({
      type: 'ok',
      id: 123,
      sid: 456,
      seq: 222,
      marketTickers: ['FED-23DEC-T3.00'],
    });
    expect(parsed(raw('unsubscribed'))).toEqual({ type: 'unsubscribed', id: 102, sid: 2, seq: 7 });
    expect(parsed(raw('error'))).toEqual({ type: 'error', id: 123, code: 2, message: 'Params required' });
  });
});

describe('anything else', () => {
  it('a channel this adapter does not read is unhandled, not an error', () => {
    expect(parsed({ type: 'market_lifecycle_v2', sid: 9, msg: {} })).toEqual({
      type: 'unhandled',
      messageType: 'market_lifecycle_v2',
      sid: 9,
      seq: null,
    });
  });

  it('malformed messages are typed errors naming the field and the value', () => {
    const delta = raw('orderbook_delta');
    const cases: [unknown, string, string][] = [
      [{ ...delta, seq: '3' }, 'seq', '"3"'],
      [{ ...delta, sid: -1 }, 'sid', '-1'],
      [
        { ...delta, msg: { ...(delta.msg as object), price_dollars: '0.5.6' } },
        'msg.price_dollars',
        '"0.5.6"',
      ],
      [{ ...delta, msg: { ...(delta.msg as object), delta_fp: -54 } }, 'msg.delta_fp', '-54'],
      [{ ...delta, msg: { ...(delta.msg as object), side: 'maybe' } }, 'msg.side', '"maybe"'],
      [{ ...delta, msg: null }, 'msg', 'null'],
      [{ sid: 1 }, 'type', 'undefined'],
      [[1, 2], '', 'array(2)'],
    ];
    for (const [input, field, value] of cases) {
      const r = parseKalshiWsMessage(input, context());
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect([r.error.field, r.error.value, r.error.kind]).toEqual([field, value, 'kalshi_parse_error']);
    }
    const r = parseKalshiWsMessage({ ...delta, seq: 1e300 }, context());
    expect(r.ok ? null : r.error.payload).toBe('ws:orderbook_delta');
  });

  it('reads the deprecated ISO ts of a delta only when ts_ms is missing', () => {
    const delta = raw('orderbook_delta');
    const msg = delta.msg as Record<string, unknown>;
    msg.ts = 'yesterday';
    expect(parseKalshiWsMessage(delta, context()).ok).toBe(true); // ts_ms is there and wins
    delete msg.ts_ms;
    const r = parseKalshiWsMessage(delta, context());
    expect(r.ok ? null : [r.error.field, r.error.value]).toEqual(['msg.ts', '"yesterday"']);
    delete msg.ts; // no time at all: stamped on receipt
    const stamped = parseKalshiWsMessage(delta, context());
    expect(stamped.ok && stamped.value.type === 'orderbook_delta' && stamped.value.event.venueTs).toBe(
      RECEIVED,
    );
  });

  it('a trade without a taker side, or with a bad level in a snapshot, names the field', () => {
    const trade = raw('trade');
    delete (trade.msg as Record<string, unknown>).taker_side;
    const r = parseKalshiWsMessage(trade, context());
    expect(r.ok ? null : r.error.field).toBe('msg.taker_side');
    const snap = raw('orderbook_snapshot');
    ((snap.msg as Record<string, unknown[][]>).no_dollars_fp![1] as unknown[])[0] = '1.5600';
    const s = parseKalshiWsMessage(snap, context());
    expect(s.ok ? null : [s.error.field, s.error.reason]).toEqual([
      'msg.no_dollars_fp[1][0]',
      'price must be between 0 and 1 dollar',
    ]);
  });

  it('parses text frames, and bad JSON is an error, not an exception', () => {
    const m = parseKalshiWsText(JSON.stringify(raw('trade')), context());
    expect(m.ok && m.value.type).toBe('trade');
    const bad = parseKalshiWsText('{"type":"trade",', context());
    expect(bad.ok ? null : bad.error).toMatchObject({ payload: 'ws', field: '' });
    expect(bad.ok ? '' : bad.error.reason).toMatch(/^not JSON/);
  });
});
