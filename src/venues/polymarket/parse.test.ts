import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import { realBook } from './fixtures/load.js';
import {
  type PolymarketParseContext,
  parseClobMarket,
  parseGammaEvent,
  parseGammaMarket,
  parsePolymarketBook,
  parsePolymarketOrder,
  parsePolymarketTrade,
  parsePolymarketWsText,
  parsePostOrderResponse,
  polymarketBookSnapshot,
  polymarketTrade,
  readGammaTime,
  readPrice,
  readSize,
} from './parse.js';

const ctx = (): PolymarketParseContext => {
  const ids = new EventIdSequence('pm');
  return { clock: new SimulatedClock(1_000), nextId: () => ids.next() };
};
const TOKEN = '14940935985254400645996902276818598247231942791302218826999289776538227075176';

describe('decimal fields', () => {
  it('reads prices and sizes straight to integers', () => {
    expect(readPrice('0.48')).toBe(480_000);
    expect(readPrice('.48')).toBe(480_000);
    expect(readPrice('0.0056')).toBe(5_600);
    expect(readPrice('1.5')).toMatch(/between 0 and 1/);
    expect(readSize('219.217767')).toBe(219_217_767);
    expect(readSize('1187335.29')).toBe(1_187_335_290_000);
    expect(readSize('0.1234567')).toMatch(/6 decimals/);
    expect(readSize('-1')).toMatch(/decimal/);
    expect(readSize('1e3')).toMatch(/decimal/);
  });
});

describe('GET /book (the real payload)', () => {
  it('parses to integers, best first, and a core BookSnapshot', () => {
    const r = parsePolymarketBook(realBook());
    if (!r.ok) throw new Error(r.error.reason);
    const b = r.value;
    expect(b.tokenId).toBe(TOKEN);
    expect(b.hash).toBe('0b354fa1e982ead2a0670397dd9f37be0b57cb31');
    expect(b.timestampMs).toBe(1791268820194);
    expect(b.bids[0]).toEqual({ price: 3_000, size: 46_806_590_000 });
    expect(b.asks[0]).toEqual({ price: 997_000, size: 388_978_330_000 });
    expect(b.tickSize).toBe(1_000);
    expect(b.minOrderSize).toBe(5_000_000);
    expect(b.negRisk).toBe(true);
    expect(b.lastTradePrice).toBe(22_000);
    const snap = polymarketBookSnapshot(b, ctx());
    expect(snap.instrumentId).toBe(`polymarket:${TOKEN}`);
    expect(snap.bids.map((l) => l.price)).toEqual([3_000, 2_000, 1_000]);
    expect(snap.asks[0]).toEqual({ price: 997_000, qty: 38_897_833 });
    expect(snap.venueTs).toBe(1791268820194);
  });

  it('names the bad field', () => {
    const bad = realBook();
    bad.asks[1].size = 'lots';
    const r = parsePolymarketBook(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('asks[1].size');
    const r2 = parsePolymarketBook({ ...realBook(), asset_id: 12 });
    if (!r2.ok) expect(r2.error.field).toBe('asset_id');
    else throw new Error('accepted a numeric token id');
  });
});

describe('market WebSocket channel', () => {
  it('parses the reference messages, arrays, PONG and unknown events', () => {
    const text = JSON.stringify([
      {
        event_type: 'book',
        asset_id: '6581',
        market: '0xbd31',
        bids: [{ price: '.48', size: '30' }],
        asks: [{ price: '.52', size: '25' }],
        timestamp: '123456789000',
        hash: '0xabc',
      },
      {
        event_type: 'price_change',
        market: '0x5f65',
        timestamp: '1757908892351',
        price_changes: [
          {
            asset_id: '7132',
            price: '0.5',
            size: '200',
            side: 'BUY',
            hash: '5662',
            best_bid: '0.5',
            best_ask: '1',
          },
        ],
      },
      {
        event_type: 'last_trade_price',
        asset_id: '7132',
        market: '0x6a67',
        price: '0.456',
        side: 'SELL',
        size: '219.217767',
        fee_rate_bps: '0',
        timestamp: '1750428146322',
      },
      {
        event_type: 'tick_size_change',
        asset_id: '7132',
        market: '0x6a67',
        old_tick_size: '0.01',
        new_tick_size: '0.001',
        timestamp: '100000000',
      },
      { event_type: 'best_bid_ask', asset_id: '7132' },
    ]);
    const r = parsePolymarketWsText(text);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.map((m) => m.type)).toEqual([
      'book',
      'price_change',
      'last_trade_price',
      'tick_size_change',
      'ignored',
    ]);
    const pc = r.value[1];
    if (pc?.type !== 'price_change') throw new Error('order');
    expect(pc.changes[0]).toMatchObject({
      tokenId: '7132',
      price: 500_000,
      size: 200_000_000,
      side: 'BUY',
      bestAsk: 1_000_000,
    });
    const lt = r.value[2];
    if (lt?.type !== 'last_trade_price') throw new Error('order');
    const trade = polymarketTrade(lt, ctx());
    expect(trade).toMatchObject({ price: 456_000, qty: 21_921, takerSide: 'no', venueTs: 1750428146322 });
    const tick = r.value[3];
    if (tick?.type !== 'tick_size_change') throw new Error('order');
    expect(tick.newTickSize).toBe(1_000);
    expect(parsePolymarketWsText('PONG')).toEqual({ ok: true, value: [{ type: 'pong' }] });
    expect(parsePolymarketWsText('[]')).toEqual({ ok: true, value: [] });
  });

  it('names the field of a bad element inside an array frame', () => {
    const r = parsePolymarketWsText(
      JSON.stringify([
        {
          event_type: 'price_change',
          market: 'm',
          timestamp: '1',
          price_changes: [{ asset_id: '1', price: 'x', size: '1', side: 'BUY' }],
        },
      ]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('[0].price_changes[0].price');
    const r2 = parsePolymarketWsText(
      '{"event_type":"last_trade_price","asset_id":"1","market":"m","price":"0.5","side":"HOLD","size":"1","timestamp":"1"}',
    );
    if (!r2.ok) expect(r2.error.field).toBe('side');
    else throw new Error('accepted side HOLD');
    expect(parsePolymarketWsText('not json').ok).toBe(false);
  });
});

describe('/clob-markets compact fields', () => {
  it('reads tick, neg risk, fees, delays and game start', () => {
    const r = parseClobMarket({
      c: `0x${'ab'.repeat(32)}`,
      t: [
        { t: '1', o: 'Yes' },
        { t: '2', o: 'No' },
      ],
      mts: 0.01,
      nr: false,
      fd: { r: 0.03, e: 1 },
      ao: true,
      mos: 5,
      sd: 3,
      gst: '2026-08-07 00:00:00+00',
      cbos: true,
      itode: true,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({
      tokenIds: ['1', '2'],
      minTickSize: 10_000,
      negRisk: false,
      fees: { ratePpm: 30_000, exponent: 1 },
      minOrderSize: 5_000_000,
      takerDelaySeconds: 3,
      clearBookOnStart: true,
      takerOrderDelayEnabled: true,
    });
    const bad = parseClobMarket({ mts: '0.01', nr: 'no' });
    if (!bad.ok) expect(bad.error.field).toBe('nr');
    else throw new Error('accepted nr "no"');
  });
});

const gammaMarket = {
  id: '123',
  question: 'Knicks vs. Spurs',
  conditionId: `0x${'cd'.repeat(32)}`,
  slug: 'nba-nyk-sas-2026-06-03',
  active: true,
  closed: false,
  acceptingOrders: true,
  outcomes: '["Knicks","Spurs"]',
  outcomePrices: '["0.55","0.45"]',
  clobTokenIds: '["111","222"]',
  version: 'v1',
  negRisk: false,
  orderPriceMinTickSize: 0.01,
  orderMinSize: 5,
  feeSchedule: { rate: 0.03, exponent: 1 },
  sportsMarketType: 'moneyline',
  gameStartTime: '2026-08-07 00:00:00+00',
};

describe('Gamma markets and events', () => {
  it('decodes the JSON-encoded strings and picks token ids by version', () => {
    const r = parseGammaMarket(gammaMarket);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.outcomes).toEqual([
      { name: 'Knicks', tokenId: '111', price: 550_000 },
      { name: 'Spurs', tokenId: '222', price: 450_000 },
    ]);
    expect(r.value.gameStartTime).toBe(Date.UTC(2026, 7, 7));
    expect(r.value.fees).toEqual({ ratePpm: 30_000, exponent: 1 });
    const v2 = parseGammaMarket({ ...gammaMarket, version: 'v2', positionIds: ['333', '444'] });
    if (!v2.ok) throw new Error(JSON.stringify(v2.error));
    expect(v2.value.outcomes.map((o) => o.tokenId)).toEqual(['333', '444']);
    const missing = parseGammaMarket({ ...gammaMarket, version: 'v2' });
    if (!missing.ok) expect(missing.error.field).toBe('positionIds');
    else throw new Error('v2 market without positionIds');
    const badJson = parseGammaMarket({ ...gammaMarket, outcomes: '["Knicks",' });
    if (!badJson.ok) expect(badJson.error.field).toBe('outcomes');
    else throw new Error('accepted broken JSON');
  });

  it('reads an event with teams and nested markets', () => {
    const r = parseGammaEvent({
      id: '9',
      slug: 'nba-nyk-sas-2026-06-03',
      title: 'Knicks vs. Spurs',
      teams: [
        { abbreviation: 'NYK', ordering: 'away' },
        { abbreviation: 'SAS', ordering: 'home' },
      ],
      markets: [gammaMarket, { ...gammaMarket, clobTokenIds: '["1"]' }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.field).toBe('markets[1].clobTokenIds');
    const ok = parseGammaEvent({
      id: '9',
      slug: 's',
      teams: [
        { abbreviation: 'NYK', ordering: 'away' },
        { abbreviation: 'SAS', ordering: 'home' },
      ],
      markets: [gammaMarket],
    });
    if (!ok.ok) throw new Error(JSON.stringify(ok.error));
    expect([ok.value.homeTeam, ok.value.awayTeam, ok.value.markets.length]).toEqual(['SAS', 'NYK', 1]);
    expect(readGammaTime('2026-08-07T00:00:00Z')).toBe(Date.UTC(2026, 7, 7));
  });
});

describe('orders and trades', () => {
  it('reads the post-order response', () => {
    const r = parsePostOrderResponse({
      success: true,
      errorMsg: '',
      orderID: '0xabc',
      tradeIDs: ['t1'],
      status: 'matched',
      takingAmount: '100',
      makingAmount: '56',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({
      orderId: '0xabc',
      status: 'matched',
      takingAmount: 100_000_000,
      makingAmount: 56_000_000,
      errorMsg: null,
    });
    const rejected = parsePostOrderResponse({
      success: false,
      errorMsg: 'order_version_mismatch',
      orderID: '',
      status: '',
    });
    if (!rejected.ok) throw new Error('rejected');
    expect(rejected.value).toMatchObject({
      success: false,
      errorMsg: 'order_version_mismatch',
      orderId: null,
    });
  });

  it('reads order and trade objects as the user channel sends them', () => {
    const o = parsePolymarketOrder({
      event_type: 'order',
      type: 'PLACEMENT',
      id: '0xff35',
      asset_id: '7132',
      market: '0x1',
      outcome: 'YES',
      price: '0.57',
      side: 'SELL',
      original_size: '10',
      size_matched: '0',
      status: 'LIVE',
      associate_trades: null,
      timestamp: '1672290687',
    });
    if (!o.ok) throw new Error(JSON.stringify(o.error));
    expect(o.value).toMatchObject({
      price: 570_000,
      originalSize: 10_000_000,
      status: 'LIVE',
      eventKind: 'PLACEMENT',
      time: 1672290687,
    });
    const over = parsePolymarketOrder({
      id: '1',
      asset_id: '1',
      market: 'm',
      price: '0.5',
      side: 'BUY',
      original_size: '1',
      size_matched: '2',
      status: 'live',
    });
    if (!over.ok) expect(over.error.field).toBe('size_matched');
    else throw new Error('accepted overfill');
    const t = parsePolymarketTrade({
      event_type: 'trade',
      type: 'TRADE',
      id: '28c4',
      asset_id: '7132',
      market: '0xbd31',
      outcome: 'YES',
      price: '0.57',
      side: 'BUY',
      size: '10',
      status: 'MATCHED',
      taker_order_id: '0x06bc',
      maker_orders: [
        {
          asset_id: '7132',
          matched_amount: '10',
          order_id: '0xff35',
          outcome: 'YES',
          owner: 'x',
          price: '0.57',
        },
      ],
      match_time: '1672290701',
    });
    if (!t.ok) throw new Error(JSON.stringify(t.error));
    expect(t.value).toMatchObject({
      size: 10_000_000,
      price: 570_000,
      matchTime: 1672290701,
      makerOrders: [{ orderId: '0xff35', matchedAmount: 10_000_000 }],
    });
  });
});
