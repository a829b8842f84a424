import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { asInstrumentId, EventIdSequence } from '../../core/ids.js';
import type { Micros } from '../../core/money.js';
import { REAL_TICKER, realMarket, realOrderbook, realTrades } from './fixtures/load.js';
import {
  isOnKalshiTick,
  KALSHI_PRICE_STRUCTURES,
  type KalshiParseContext,
  kalshiTickAt,
  parseKalshiMarket,
  parseKalshiMarketResponse,
  parseKalshiMarketsPage,
  parseKalshiOrderbook,
  parseKalshiSeriesResponse,
  parseKalshiTradesPage,
} from './parse.js';

const RECEIVED = 1_790_000_000_000;
function context(over: Partial<KalshiParseContext> = {}): KalshiParseContext {
  const ids = new EventIdSequence('kalshi');
  return { clock: new SimulatedClock(RECEIVED), nextId: () => ids.next(), useYesPrice: false, ...over };
}
const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};
const clone = <T>(x: T): T => structuredClone(x);
const marketObject = () => clone((realMarket() as { market: Record<string, unknown> }).market);

describe('GET /markets/{ticker} (real 2026-10 payload)', () => {
  it('reads every price and count straight to integers', () => {
    const m = unwrap(parseKalshiMarketResponse(realMarket()));
    expect(m).toMatchObject({
      ticker: REAL_TICKER,
      eventTicker: 'KXNFLGAME-26OCT08TBDAL',
      marketType: 'binary',
      status: 'active',
      yesBid: 800_000,
      yesBidSize: 1_652_955, // "16529.55"
      yesAsk: 810_000,
      yesAskSize: 37_586_443, // "375864.43"
      noBid: 190_000,
      noAsk: 200_000,
      lastPrice: 810_000,
      volume: 27_192_668,
      openInterest: 24_231_093,
      result: null, // "" until settled
      canCloseEarly: true,
      exchangeIndex: 0,
      fractionalTradingEnabled: null, // not in this capture
      priceLevelStructure: 'linear_cent',
      tickSize: 10_000,
      yesSubTitle: 'Dallas',
    });
    expect(m.closeTime).toBe(Date.parse('2026-10-11T00:15:00Z'));
    expect(m.openTime).toBe(Date.parse('2026-09-29T04:05:00Z'));
    expect(m.occurrenceTime).toBe(Date.parse('2026-10-09T03:15:00Z'));
    expect(m.priceRanges).toEqual([{ start: 0, end: 1_000_000, step: 10_000 }]);
  });

  it('derives ticks from price_level_structure when price_ranges is absent', () => {
    const raw = marketObject();
    delete raw.price_ranges;
    raw.price_level_structure = 'tapered_deci_cent';
    const m = unwrap(parseKalshiMarket(raw));
    expect(m.priceRanges).toEqual(KALSHI_PRICE_STRUCTURES.tapered_deci_cent);
    expect(m.tickSize).toBe(10_000); // a cent is valid everywhere on a tapered market
    expect(kalshiTickAt(m.priceRanges, 50_000 as Micros)).toBe(1_000);
    expect(kalshiTickAt(m.priceRanges, 500_000 as Micros)).toBe(10_000);
    expect(kalshiTickAt(m.priceRanges, 950_000 as Micros)).toBe(1_000);
    expect(kalshiTickAt(m.priceRanges, 1_000_000 as Micros)).toBe(1_000);
    expect(isOnKalshiTick(m.priceRanges, 55_000 as Micros)).toBe(true);
    expect(isOnKalshiTick(m.priceRanges, 555_000 as Micros)).toBe(false);
    raw.price_level_structure = 'mystery';
    const bad = parseKalshiMarket(raw);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.field).toBe('price_level_structure');
  });

  it('reads fractional trading, results and spreads when present', () => {
    const raw = { ...marketObject(), fractional_trading_enabled: true, result: 'yes', floor_strike: 7.5 };
    expect(unwrap(parseKalshiMarket(raw))).toMatchObject({
      fractionalTradingEnabled: true,
      result: 'yes',
      floorStrike: 7.5,
    });
  });

  it('names the field and the value of a malformed market', () => {
    const cases: [string, unknown, string][] = [
      ['yes_bid_dollars', '0.5.6', 'market.yes_bid_dollars'],
      ['yes_bid_dollars', 0.8, 'market.yes_bid_dollars'], // a float is refused, never rounded
      ['yes_ask_dollars', '1.0100', 'market.yes_ask_dollars'], // above $1
      ['yes_bid_size_fp', '1.001', 'market.yes_bid_size_fp'],
      ['close_time', 'tomorrow', 'market.close_time'],
      ['status', 'halted', 'market.status'],
      ['exchange_index', -1, 'market.exchange_index'],
      ['ticker', '', 'market.ticker'],
    ];
    for (const [key, value, field] of cases) {
      const raw = { market: { ...marketObject(), [key]: value } };
      const r = parseKalshiMarketResponse(raw);
      expect(r.ok, `${key}=${String(value)}`).toBe(false);
      if (!r.ok) {
        expect(r.error.field).toBe(field);
        expect(r.error.value).toBe(typeof value === 'string' ? JSON.stringify(value) : String(value));
      }
    }
    const missing = parseKalshiMarketResponse({ market: { ...marketObject(), event_ticker: undefined } });
    expect(missing.ok ? null : missing.error).toMatchObject({
      field: 'market.event_ticker',
      value: 'undefined',
    });
    const notWrapped = parseKalshiMarketResponse(marketObject());
    expect(notWrapped.ok ? null : notWrapped.error.field).toBe('market');
  });

  it('parses a page market by market, keeping the good ones', () => {
    const good = marketObject();
    const bad = { ...marketObject(), yes_bid_dollars: 'abc' };
    const page = unwrap(parseKalshiMarketsPage({ markets: [good, bad, good], cursor: 'next' }));
    expect(page.items).toHaveLength(2);
    expect(page.errors.map((e) => e.field)).toEqual(['markets[1].yes_bid_dollars']);
    expect(page.cursor).toBe('next');
    expect(unwrap(parseKalshiMarketsPage({ markets: [], cursor: '' })).cursor).toBeNull();
  });
});

describe('GET /series/{ticker}', () => {
  it('reads fee_type and fee_multiplier (string or number) to ppm', () => {
    const s = unwrap(
      parseKalshiSeriesResponse({
        series: { ticker: 'KXNFLGAME', fee_type: 'quadratic', fee_multiplier: 1 },
      }),
    );
    expect(s).toEqual({
      ticker: 'KXNFLGAME',
      feeType: 'quadratic',
      feeMultiplier: 1_000_000,
      exchangeIndex: null,
    });
    const half = parseKalshiSeriesResponse({
      series: {
        ticker: 'X',
        fee_type: 'quadratic_with_maker_fees',
        fee_multiplier: '0.5',
        exchange_index: 3,
      },
    });
    expect(unwrap(half)).toMatchObject({ feeMultiplier: 500_000, exchangeIndex: 3 });
    for (const bad of ['0.5.6', -1, 1e-7, 'x']) {
      const r = parseKalshiSeriesResponse({ series: { ticker: 'X', fee_type: 'flat', fee_multiplier: bad } });
      expect(r.ok ? null : r.error.field).toBe('series.fee_multiplier');
    }
    const unknownType = parseKalshiSeriesResponse({
      series: { ticker: 'X', fee_type: 'cubic', fee_multiplier: 1 },
    });
    expect(unknownType.ok ? null : unknownType.error.field).toBe('series.fee_type');
  });
});

describe('GET /markets/{ticker}/orderbook (real payload)', () => {
  it('makes a YES book: bids from yes_dollars, asks at 1 - each NO bid, best first', () => {
    const book = unwrap(parseKalshiOrderbook({ payload: realOrderbook(), ticker: REAL_TICKER }, context()));
    expect(book.bids).toEqual([
      { price: 800_000, qty: 1_652_955 },
      { price: 790_000, qty: 3_332_887 },
      { price: 780_000, qty: 4_593_868 },
    ]);
    expect(book.asks).toEqual([
      { price: 810_000, qty: 37_586_443 },
      { price: 820_000, qty: 263_040_287 },
      { price: 830_000, qty: 289_729_868 },
    ]);
    expect(book).toMatchObject({
      type: 'BookSnapshot',
      venue: 'kalshi',
      instrumentId: `kalshi:${REAL_TICKER}`,
      id: 'kalshi:1',
      ts: RECEIVED,
      venueTs: RECEIVED,
    });
  });

  it('agrees with the top of book the market endpoint reports', () => {
    const book = unwrap(parseKalshiOrderbook({ payload: realOrderbook(), ticker: REAL_TICKER }, context()));
    const market = unwrap(parseKalshiMarketResponse(realMarket()));
    expect(book.bids[0]).toEqual({ price: market.yesBid, qty: market.yesBidSize });
    expect(book.asks[0]).toEqual({ price: market.yesAsk, qty: market.yesAskSize });
  });

  it('accepts empty or missing sides, sorts, merges duplicates and drops empty levels', () => {
    const payload = {
      orderbook_fp: {
        yes_dollars: [
          ['0.5000', '1.00'],
          ['0.4000', '2.00'],
          ['0.5000', '3.00'],
          ['0.3000', '0.00'],
        ],
        no_dollars: null,
      },
    };
    const book = unwrap(
      parseKalshiOrderbook(
        { payload, ticker: 'T' },
        context({ instrumentIdOf: (t) => asInstrumentId(`x/${t}`) }),
      ),
    );
    expect(book.bids).toEqual([
      { price: 500_000, qty: 400 },
      { price: 400_000, qty: 200 },
    ]);
    expect(book.asks).toEqual([]);
    expect(book.instrumentId).toBe('x/T');
  });

  it('names the level that is malformed', () => {
    const payload = clone(realOrderbook()) as { orderbook_fp: { no_dollars: unknown[][] } };
    (payload.orderbook_fp.no_dollars[1] as unknown[])[1] = '-5.00';
    const r = parseKalshiOrderbook({ payload, ticker: REAL_TICKER }, context());
    expect(r.ok ? null : r.error).toMatchObject({ field: 'orderbook_fp.no_dollars[1][1]', value: '"-5.00"' });
  });
});

describe('GET /markets/trades (real payload)', () => {
  it('makes Trade events at the YES price with the taker outcome side and venue time', () => {
    const page = unwrap(parseKalshiTradesPage(realTrades(), context()));
    expect(page.errors).toEqual([]);
    expect(page.cursor).toBe('EhIKEAclMNlRaY98c-dmYWN_a3caDAinrpLWBhCIk7mFAg');
    expect(page.items.map((t) => [t.yesPrice, t.count, t.takerSide])).toEqual([
      [810_000, 100, 'yes'],
      [800_000, 1418, 'no'],
      [800_000, 2436, 'no'],
    ]);
    const first = page.items[0]!;
    expect(first.tradeId).toBe('072530ae-96b9-bdeb-8290-3cb9a111be45');
    expect(first.event).toMatchObject({
      type: 'Trade',
      venue: 'kalshi',
      instrumentId: `kalshi:${REAL_TICKER}`,
      price: 810_000,
      qty: 100,
      takerSide: 'yes',
      venueTs: Date.parse('2026-10-06T06:38:16.556Z'),
      ts: RECEIVED,
    });
  });

  it('keeps the good trades of a page with a bad one', () => {
    const raw = clone(realTrades()) as { trades: Record<string, unknown>[] };
    raw.trades[2]!.count_fp = 24.36;
    const page = unwrap(parseKalshiTradesPage(raw, context()));
    expect(page.items).toHaveLength(2);
    expect(page.errors[0]).toMatchObject({ field: 'trades[2].count_fp', value: '24.36' });
  });
});
