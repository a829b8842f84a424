/**
 * Order books: `GET /book?token_id=` and the WebSocket `book` message (venues.md §3.3, §3.6).
 * Each outcome token has its own book and is its own YES instrument; the venue lists bids
 * ascending and asks descending (best last), the platform wants best first.
 * Levels are read by hand, not by zod: a book can hold hundreds of them.
 */
import type { BookSnapshot, Level } from '../../core/events.js';
import type { Micros } from '../../core/money.js';
import type { PolymarketResult } from './errors.js';
import {
  FieldReader,
  fieldError,
  type MicroShares,
  type PolymarketParseContext,
  polymarketInstrumentId,
  readEpochText,
  readPrice,
  readSize,
  sharesToCentis,
} from './parse-fields.js';

export interface PolymarketLevel {
  readonly price: Micros;
  readonly size: MicroShares;
}

export interface PolymarketBook {
  readonly tokenId: string;
  /** Condition id of the market. */
  readonly market: string;
  /** Venue time, epoch ms. */
  readonly timestampMs: number;
  /** The server's book hash: the only integrity check, since there are no sequence numbers. */
  readonly hash: string;
  /** Best (highest) first. */
  readonly bids: readonly PolymarketLevel[];
  /** Best (lowest) first. */
  readonly asks: readonly PolymarketLevel[];
  /** REST only. */
  readonly tickSize: Micros | null;
  readonly minOrderSize: MicroShares | null;
  readonly negRisk: boolean | null;
  readonly lastTradePrice: Micros | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Levels to integers, sorted best first; zero sizes dropped. */
export function readBookLevels(
  value: unknown,
  opts: { readonly field: string; readonly descending: boolean; readonly reader: FieldReader },
): PolymarketLevel[] {
  const out: PolymarketLevel[] = [];
  if (!Array.isArray(value)) {
    opts.reader.price(value, opts.field); // records "expected a decimal string" against the field
    return out;
  }
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    const rec = isRecord(level) ? level : {};
    const price = opts.reader.price(rec.price, `${opts.field}[${i}].price`);
    const size = opts.reader.size(rec.size, `${opts.field}[${i}].size`);
    if (size > 0) out.push({ price, size });
  }
  out.sort((a, b) => (opts.descending ? b.price - a.price : a.price - b.price));
  return out;
}

function optionalDecimal<T>(
  rec: Record<string, unknown>,
  key: string,
  read: (s: string) => T | string,
  payload: string,
): PolymarketResult<T | null> {
  const v = rec[key];
  if (v === undefined || v === null || v === '') return { ok: true, value: null };
  const r = typeof v === 'string' ? read(v) : 'expected a decimal string';
  return typeof r === 'string' ? fieldError(payload, key, v, r) : { ok: true, value: r };
}

/** The REST `/book` payload or a WS `book` message (same fields, `event_type` aside). */
export function parsePolymarketBook(input: unknown, payload = 'book'): PolymarketResult<PolymarketBook> {
  if (!isRecord(input)) return fieldError(payload, '', input, 'expected an object');
  const tokenId = input.asset_id;
  if (typeof tokenId !== 'string' || !/^\d{1,78}$/.test(tokenId))
    return fieldError(payload, 'asset_id', tokenId, 'not a decimal token id');
  if (typeof input.market !== 'string')
    return fieldError(payload, 'market', input.market, 'expected a string');
  if (typeof input.hash !== 'string') return fieldError(payload, 'hash', input.hash, 'expected a string');
  const ts = typeof input.timestamp === 'string' ? readEpochText(input.timestamp) : 'expected a string';
  if (typeof ts === 'string') return fieldError(payload, 'timestamp', input.timestamp, ts);
  const reader = new FieldReader(payload);
  const bids = readBookLevels(input.bids, { field: 'bids', descending: true, reader });
  const asks = readBookLevels(input.asks, { field: 'asks', descending: false, reader });
  if (reader.error) return { ok: false, error: reader.error };
  const tick = optionalDecimal(input, 'tick_size', readPrice, payload);
  if (!tick.ok) return tick;
  const minSize = optionalDecimal(input, 'min_order_size', readSize, payload);
  if (!minSize.ok) return minSize;
  const last = optionalDecimal(input, 'last_trade_price', readPrice, payload);
  if (!last.ok) return last;
  const negRisk = input.neg_risk;
  if (negRisk !== undefined && typeof negRisk !== 'boolean')
    return fieldError(payload, 'neg_risk', negRisk, 'expected a boolean');
  return {
    ok: true,
    value: {
      tokenId,
      market: input.market,
      timestampMs: ts,
      hash: input.hash,
      bids,
      asks,
      tickSize: tick.value,
      minOrderSize: minSize.value,
      negRisk: negRisk ?? null,
      lastTradePrice: last.value,
    },
  };
}

function toLevels(levels: readonly PolymarketLevel[]): Level[] {
  const out: Level[] = [];
  for (const l of levels) {
    const qty = sharesToCentis(l.size);
    if (qty > 0) out.push({ price: l.price, qty });
  }
  return out;
}

/** A parsed book as the core's BookSnapshot of the token's instrument. */
export function polymarketBookSnapshot(book: PolymarketBook, ctx: PolymarketParseContext): BookSnapshot {
  return {
    type: 'BookSnapshot',
    id: ctx.nextId(),
    ts: ctx.clock.now(),
    instrumentId: (ctx.instrumentIdOf ?? polymarketInstrumentId)(book.tokenId),
    venue: 'polymarket',
    bids: toLevels(book.bids),
    asks: toLevels(book.asks),
    venueTs: book.timestampMs,
  };
}
