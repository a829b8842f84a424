/**
 * The market WebSocket channel (venues.md §3.6): `book`, `price_change`, `last_trade_price`,
 * `tick_size_change`, and the `PONG` reply to a text `PING`. Frames may hold one object or an
 * array of them (the subscription ack is `[]`). Other event types (`best_bid_ask`, `new_market`,
 * `market_resolved`) are passed on as `ignored`, not as errors.
 * Pure: no Node API; never throws.
 */
import type { Trade } from '../../core/events.js';
import type { Micros } from '../../core/money.js';
import type { PolymarketResult } from './errors.js';
import { type PolymarketBook, parsePolymarketBook } from './parse-book.js';
import {
  FieldReader,
  fieldError,
  type MicroShares,
  type PolymarketParseContext,
  polymarketInstrumentId,
  readEpochText,
  sharesToCentis,
} from './parse-fields.js';

export interface PriceChange {
  readonly tokenId: string;
  readonly price: Micros;
  /** The new total size at this price; 0 removes the level. */
  readonly size: MicroShares;
  /** BUY is the bid side. */
  readonly side: 'BUY' | 'SELL';
  readonly hash: string | null;
  readonly bestBid: Micros | null;
  readonly bestAsk: Micros | null;
}

export type PolymarketWsMessage =
  | { readonly type: 'book'; readonly book: PolymarketBook }
  | {
      readonly type: 'price_change';
      readonly market: string;
      readonly timestampMs: number;
      readonly changes: readonly PriceChange[];
    }
  | {
      readonly type: 'last_trade_price';
      readonly tokenId: string;
      readonly market: string;
      readonly price: Micros;
      readonly size: MicroShares;
      readonly side: 'BUY' | 'SELL';
      readonly feeRateBps: number | null;
      readonly timestampMs: number;
    }
  | {
      readonly type: 'tick_size_change';
      readonly tokenId: string;
      readonly market: string;
      readonly oldTickSize: Micros;
      readonly newTickSize: Micros;
      readonly timestampMs: number;
    }
  | { readonly type: 'pong' }
  | { readonly type: 'ignored'; readonly eventType: string };

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(rec: Rec, key: string, payload: string, prefix: string): PolymarketResult<string> {
  const v = rec[key];
  return typeof v === 'string'
    ? { ok: true, value: v }
    : fieldError(payload, `${prefix}${key}`, v, 'expected a string');
}

function tokenOf(rec: Rec, payload: string, prefix = ''): PolymarketResult<string> {
  const v = rec.asset_id;
  return typeof v === 'string' && /^\d{1,78}$/.test(v)
    ? { ok: true, value: v }
    : fieldError(payload, `${prefix}asset_id`, v, 'not a decimal token id');
}

function epochOf(rec: Rec, payload: string): PolymarketResult<number> {
  const v = rec.timestamp;
  const ts = typeof v === 'string' ? readEpochText(v) : 'expected a string';
  return typeof ts === 'string' ? fieldError(payload, 'timestamp', v, ts) : { ok: true, value: ts };
}

function sideOf(v: unknown, payload: string, field: string): PolymarketResult<'BUY' | 'SELL'> {
  return v === 'BUY' || v === 'SELL'
    ? { ok: true, value: v }
    : fieldError(payload, field, v, 'expected BUY or SELL');
}

function optionalPrice(v: unknown, reader: FieldReader, field: string): Micros | null {
  return v === undefined || v === null || v === '' ? null : reader.price(v, field);
}

function parsePriceChange(rec: Rec): PolymarketResult<PolymarketWsMessage> {
  const payload = 'ws:price_change';
  const market = str(rec, 'market', payload, '');
  if (!market.ok) return market;
  const ts = epochOf(rec, payload);
  if (!ts.ok) return ts;
  const list = rec.price_changes;
  if (!Array.isArray(list)) return fieldError(payload, 'price_changes', list, 'expected an array');
  const reader = new FieldReader(payload);
  const changes: PriceChange[] = [];
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    const at = `price_changes[${i}].`;
    if (!isRecord(item)) return fieldError(payload, `price_changes[${i}]`, item, 'expected an object');
    const token = tokenOf(item, payload, at);
    if (!token.ok) return token;
    const side = sideOf(item.side, payload, `${at}side`);
    if (!side.ok) return side;
    changes.push({
      tokenId: token.value,
      price: reader.price(item.price, `${at}price`),
      size: reader.size(item.size, `${at}size`),
      side: side.value,
      hash: typeof item.hash === 'string' ? item.hash : null,
      bestBid: optionalPrice(item.best_bid, reader, `${at}best_bid`),
      bestAsk: optionalPrice(item.best_ask, reader, `${at}best_ask`),
    });
  }
  if (reader.error) return { ok: false, error: reader.error };
  return { ok: true, value: { type: 'price_change', market: market.value, timestampMs: ts.value, changes } };
}

function parseLastTrade(rec: Rec): PolymarketResult<PolymarketWsMessage> {
  const payload = 'ws:last_trade_price';
  const token = tokenOf(rec, payload);
  if (!token.ok) return token;
  const market = str(rec, 'market', payload, '');
  if (!market.ok) return market;
  const ts = epochOf(rec, payload);
  if (!ts.ok) return ts;
  const side = sideOf(rec.side, payload, 'side');
  if (!side.ok) return side;
  const reader = new FieldReader(payload);
  const price = reader.price(rec.price, 'price');
  const size = reader.size(rec.size, 'size');
  if (reader.error) return { ok: false, error: reader.error };
  const fee = rec.fee_rate_bps;
  const feeRateBps = typeof fee === 'string' && /^\d+$/.test(fee) ? Number(fee) : null;
  return {
    ok: true,
    value: {
      type: 'last_trade_price',
      tokenId: token.value,
      market: market.value,
      price,
      size,
      side: side.value,
      feeRateBps,
      timestampMs: ts.value,
    },
  };
}

function parseTickSizeChange(rec: Rec): PolymarketResult<PolymarketWsMessage> {
  const payload = 'ws:tick_size_change';
  const token = tokenOf(rec, payload);
  if (!token.ok) return token;
  const market = str(rec, 'market', payload, '');
  if (!market.ok) return market;
  const ts = epochOf(rec, payload);
  if (!ts.ok) return ts;
  const reader = new FieldReader(payload);
  const oldTickSize = reader.price(rec.old_tick_size, 'old_tick_size');
  const newTickSize = reader.price(rec.new_tick_size, 'new_tick_size');
  if (reader.error) return { ok: false, error: reader.error };
  if (newTickSize <= 0)
    return fieldError(payload, 'new_tick_size', rec.new_tick_size, 'tick size must be positive');
  return {
    ok: true,
    value: {
      type: 'tick_size_change',
      tokenId: token.value,
      market: market.value,
      oldTickSize,
      newTickSize,
      timestampMs: ts.value,
    },
  };
}

/** One decoded message object. */
export function parsePolymarketWsMessage(input: unknown): PolymarketResult<PolymarketWsMessage> {
  if (!isRecord(input)) return fieldError('ws', '', input, 'expected an object');
  const eventType = input.event_type;
  switch (eventType) {
    case 'book': {
      const book = parsePolymarketBook(input, 'ws:book');
      return book.ok ? { ok: true, value: { type: 'book', book: book.value } } : book;
    }
    case 'price_change':
      return parsePriceChange(input);
    case 'last_trade_price':
      return parseLastTrade(input);
    case 'tick_size_change':
      return parseTickSizeChange(input);
    default:
      return typeof eventType === 'string'
        ? { ok: true, value: { type: 'ignored', eventType } }
        : fieldError('ws', 'event_type', eventType, 'expected a string');
  }
}

/** One WebSocket text frame: `PONG`, one message, or an array of them. */
export function parsePolymarketWsText(text: string): PolymarketResult<PolymarketWsMessage[]> {
  if (text === 'PONG') return { ok: true, value: [{ type: 'pong' }] };
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return fieldError('ws', '', text, 'not JSON');
  }
  const items = Array.isArray(decoded) ? decoded : [decoded];
  const out: PolymarketWsMessage[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = parsePolymarketWsMessage(items[i]);
    if (!r.ok) {
      if (!Array.isArray(decoded)) return r;
      const field = r.error.field === '' ? `[${i}]` : `[${i}].${r.error.field}`;
      return { ok: false, error: { ...r.error, field } };
    }
    out.push(r.value);
  }
  return { ok: true, value: out };
}

/** A `last_trade_price` as the core's Trade; a taker SELL of the token counts as buying its NO side. */
export function polymarketTrade(
  msg: Extract<PolymarketWsMessage, { type: 'last_trade_price' }>,
  ctx: PolymarketParseContext,
): Trade {
  return {
    type: 'Trade',
    id: ctx.nextId(),
    ts: ctx.clock.now(),
    instrumentId: (ctx.instrumentIdOf ?? polymarketInstrumentId)(msg.tokenId),
    venue: 'polymarket',
    price: msg.price,
    qty: sharesToCentis(msg.size),
    takerSide: msg.side === 'BUY' ? 'yes' : 'no',
    venueTs: msg.timestampMs,
  };
}
