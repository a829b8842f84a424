/**
 * Kalshi WebSocket messages (venues.md §2.6) to typed records, with the normalised core event
 * (BookSnapshot, BookDelta, Trade) where there is one. Book messages arrive as Kalshi sends them
 * (YES bids, NO bids) and leave as a YES book: a NO bid at q is a YES ask at 1 - q, or at q
 * itself when the subscription set `use_yes_price` (the context says which).
 */
import { z } from 'zod';
import type { BookDelta, BookSnapshot } from '../../core/events.js';
import { type Centis, MICROS_PER_DOLLAR, type Micros } from '../../core/money.js';
import { type KalshiResult, parseError } from './errors.js';
import {
  countField,
  epochField,
  isoTimeField,
  type KalshiParseContext,
  kalshiInstrumentId,
  levelField,
  priceField,
  runSchema,
  sideField,
  signedCountField,
  tickerField,
  wholeField,
} from './parse-fields.js';
import { type KalshiTrade, kalshiTrade } from './parse-market.js';
import { toYesBook } from './parse-orderbook.js';
import {
  fillObjectSchema,
  type KalshiFill,
  type KalshiMarketPosition,
  type KalshiOrder,
  marketPositionSchema,
  orderObjectSchema,
} from './parse-portfolio.js';

export interface KalshiTicker {
  readonly marketTicker: string;
  readonly marketId: string | null;
  readonly lastPrice: Micros | null;
  readonly yesBid: Micros | null;
  readonly yesAsk: Micros | null;
  readonly yesBidSize: Centis | null;
  readonly yesAskSize: Centis | null;
  readonly volume: Centis | null;
  readonly openInterest: Centis | null;
  readonly lastTradeSize: Centis | null;
  readonly venueTs: number;
}

interface Envelope {
  readonly sid: number;
  readonly seq: number | null;
}

export type KalshiWsMessage =
  | {
      readonly type: 'orderbook_snapshot';
      readonly sid: number;
      readonly seq: number;
      readonly marketTicker: string;
      readonly marketId: string | null;
      readonly event: BookSnapshot;
    }
  | {
      readonly type: 'orderbook_delta';
      readonly sid: number;
      readonly seq: number;
      readonly marketTicker: string;
      readonly marketId: string | null;
      /** Present only when our own order caused the change. */
      readonly clientOrderId: string | null;
      readonly subaccount: number | null;
      readonly event: BookDelta;
    }
  | ({ readonly type: 'ticker'; readonly ticker: KalshiTicker } & Envelope)
  | ({ readonly type: 'trade'; readonly trade: KalshiTrade } & Envelope)
  | ({ readonly type: 'fill'; readonly fill: KalshiFill } & Envelope)
  | ({ readonly type: 'user_order'; readonly order: KalshiOrder } & Envelope)
  | ({ readonly type: 'market_position'; readonly position: KalshiMarketPosition } & Envelope)
  | {
      readonly type: 'subscribed';
      readonly id: number | null;
      readonly sid: number;
      readonly channel: string;
    }
  | {
      readonly type: 'unsubscribed';
      readonly id: number | null;
      readonly sid: number;
      readonly seq: number | null;
    }
  | {
      readonly type: 'ok';
      readonly id: number | null;
      readonly sid: number | null;
      readonly seq: number | null;
      readonly marketTickers: readonly string[] | null;
    }
  | { readonly type: 'error'; readonly id: number | null; readonly code: number; readonly message: string }
  /** A well-formed message of a channel this adapter does not read (market_lifecycle_v2, …). */
  | {
      readonly type: 'unhandled';
      readonly messageType: string;
      readonly sid: number | null;
      readonly seq: number | null;
    };

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);
const optionalPrice = nullable(priceField);
const optionalCount = nullable(countField);
const envelope = { sid: wholeField, seq: nullable(wholeField) };

const snapshotSchema = z.object({
  sid: wholeField,
  seq: wholeField,
  msg: z.object({
    market_ticker: tickerField,
    market_id: nullable(z.string()),
    yes_dollars_fp: nullable(z.array(levelField)),
    no_dollars_fp: nullable(z.array(levelField)),
  }),
});

const deltaSchema = z.object({
  sid: wholeField,
  seq: wholeField,
  msg: z.object({
    market_ticker: tickerField,
    market_id: nullable(z.string()),
    price_dollars: priceField,
    delta_fp: signedCountField,
    side: sideField,
    ts_ms: nullable(epochField),
    ts: nullable(isoTimeField), // deprecated ISO form of the same time
    client_order_id: nullable(z.string()),
    subaccount: nullable(wholeField),
  }),
});

const tickerSchema = z.object({
  ...envelope,
  msg: z.object({
    market_ticker: tickerField,
    market_id: nullable(z.string()),
    price_dollars: optionalPrice,
    yes_bid_dollars: optionalPrice,
    yes_ask_dollars: optionalPrice,
    yes_bid_size_fp: optionalCount,
    yes_ask_size_fp: optionalCount,
    volume_fp: optionalCount,
    open_interest_fp: optionalCount,
    last_trade_size_fp: optionalCount,
    ts_ms: nullable(epochField),
    ts: nullable(epochField), // seconds
  }),
});

const tradeSchema = z.object({
  ...envelope,
  msg: z
    .object({
      trade_id: z.string().min(1),
      market_ticker: tickerField,
      yes_price_dollars: priceField,
      no_price_dollars: nullable(priceField),
      count_fp: countField,
      taker_outcome_side: nullable(sideField),
      taker_side: nullable(sideField),
      is_block_trade: nullable(z.boolean()),
      ts_ms: nullable(epochField),
      ts: nullable(epochField), // seconds
    })
    .refine((t) => t.taker_outcome_side !== null || t.taker_side !== null, {
      path: ['taker_side'],
      message: 'a trade needs taker_outcome_side or taker_side',
    }),
});

const subscribedSchema = z.object({
  id: nullable(wholeField),
  msg: z.object({ channel: z.string(), sid: wholeField }),
});
const unsubscribedSchema = z.object({ id: nullable(wholeField), sid: wholeField, seq: nullable(wholeField) });
const okSchema = z.object({
  id: nullable(wholeField),
  sid: nullable(wholeField),
  seq: nullable(wholeField),
  msg: z.unknown(),
});
const errorSchema = z.object({
  id: nullable(wholeField),
  msg: z.object({ code: wholeField, msg: z.string() }),
});
const unhandledSchema = z.object({ sid: nullable(wholeField), seq: nullable(wholeField) });

const privateSchema = <T>(inner: z.ZodType<T>) => z.object({ ...envelope, msg: inner });
const fillSchema = privateSchema(fillObjectSchema);
const userOrderSchema = privateSchema(orderObjectSchema);
const positionSchema = privateSchema(marketPositionSchema);

function instrumentOf(ctx: KalshiParseContext, ticker: string) {
  return (ctx.instrumentIdOf ?? kalshiInstrumentId)(ticker);
}

/** Parses one message already decoded from JSON. Never throws. */
export function parseKalshiWsMessage(input: unknown, ctx: KalshiParseContext): KalshiResult<KalshiWsMessage> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      error: parseError({ payload: 'ws', field: '', value: input, reason: 'not a JSON object' }),
    };
  }
  const type = (input as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return {
      ok: false,
      error: parseError({ payload: 'ws', field: 'type', value: type, reason: 'no message type' }),
    };
  }
  const payload = `ws:${type}`;
  switch (type) {
    case 'orderbook_snapshot': {
      const r = runSchema(snapshotSchema, input, payload);
      if (!r.ok) return r;
      const { sid, seq, msg } = r.value;
      const book = toYesBook({
        yesBids: msg.yes_dollars_fp ?? [],
        noBids: msg.no_dollars_fp ?? [],
        noAtYesPrices: ctx.useYesPrice,
      });
      const now = ctx.clock.now();
      const event: BookSnapshot = {
        type: 'BookSnapshot',
        id: ctx.nextId(),
        ts: now,
        instrumentId: instrumentOf(ctx, msg.market_ticker),
        venue: 'kalshi',
        bids: book.bids,
        asks: book.asks,
        venueTs: now, // snapshots carry no time of their own
      };
      return {
        ok: true,
        value: { type, sid, seq, marketTicker: msg.market_ticker, marketId: msg.market_id, event },
      };
    }
    case 'orderbook_delta': {
      const r = runSchema(deltaSchema, input, payload);
      if (!r.ok) return r;
      const { sid, seq, msg } = r.value;
      const now = ctx.clock.now();
      const isNo = msg.side === 'no';
      const price =
        isNo && !ctx.useYesPrice ? ((MICROS_PER_DOLLAR - msg.price_dollars) as Micros) : msg.price_dollars;
      const event: BookDelta = {
        type: 'BookDelta',
        id: ctx.nextId(),
        ts: now,
        instrumentId: instrumentOf(ctx, msg.market_ticker),
        venue: 'kalshi',
        side: isNo ? 'ask' : 'bid',
        price,
        delta: msg.delta_fp,
        venueTs: msg.ts_ms ?? msg.ts ?? now,
      };
      return {
        ok: true,
        value: {
          type,
          sid,
          seq,
          marketTicker: msg.market_ticker,
          marketId: msg.market_id,
          clientOrderId: msg.client_order_id,
          subaccount: msg.subaccount,
          event,
        },
      };
    }
    case 'ticker': {
      const r = runSchema(tickerSchema, input, payload);
      if (!r.ok) return r;
      const { sid, seq, msg: m } = r.value;
      const ticker: KalshiTicker = {
        marketTicker: m.market_ticker,
        marketId: m.market_id,
        lastPrice: m.price_dollars,
        yesBid: m.yes_bid_dollars,
        yesAsk: m.yes_ask_dollars,
        yesBidSize: m.yes_bid_size_fp,
        yesAskSize: m.yes_ask_size_fp,
        volume: m.volume_fp,
        openInterest: m.open_interest_fp,
        lastTradeSize: m.last_trade_size_fp,
        venueTs: m.ts_ms ?? (m.ts === null ? ctx.clock.now() : m.ts * 1000),
      };
      return { ok: true, value: { type, sid, seq, ticker } };
    }
    case 'trade': {
      const r = runSchema(tradeSchema, input, payload);
      if (!r.ok) return r;
      const { sid, seq, msg: t } = r.value;
      const trade = kalshiTrade(
        {
          tradeId: t.trade_id,
          ticker: t.market_ticker,
          yesPrice: t.yes_price_dollars,
          noPrice: t.no_price_dollars ?? ((MICROS_PER_DOLLAR - t.yes_price_dollars) as Micros),
          count: t.count_fp,
          takerSide: (t.taker_outcome_side ?? t.taker_side) as 'yes' | 'no',
          isBlockTrade: t.is_block_trade,
          venueTs: t.ts_ms ?? (t.ts === null ? ctx.clock.now() : t.ts * 1000),
        },
        ctx,
      );
      return { ok: true, value: { type, sid, seq, trade } };
    }
    case 'fill': {
      const r = runSchema(fillSchema, input, payload);
      return r.ok ? { ok: true, value: { type, sid: r.value.sid, seq: r.value.seq, fill: r.value.msg } } : r;
    }
    case 'user_order': {
      const r = runSchema(userOrderSchema, input, payload);
      return r.ok ? { ok: true, value: { type, sid: r.value.sid, seq: r.value.seq, order: r.value.msg } } : r;
    }
    case 'market_position': {
      const r = runSchema(positionSchema, input, payload);
      return r.ok
        ? { ok: true, value: { type, sid: r.value.sid, seq: r.value.seq, position: r.value.msg } }
        : r;
    }
    case 'subscribed': {
      const r = runSchema(subscribedSchema, input, payload);
      return r.ok
        ? { ok: true, value: { type, id: r.value.id, sid: r.value.msg.sid, channel: r.value.msg.channel } }
        : r;
    }
    case 'unsubscribed': {
      const r = runSchema(unsubscribedSchema, input, payload);
      return r.ok ? { ok: true, value: { type, ...r.value } } : r;
    }
    case 'ok': {
      const r = runSchema(okSchema, input, payload);
      if (!r.ok) return r;
      const tickers = (r.value.msg as { market_tickers?: unknown } | null)?.market_tickers;
      const marketTickers =
        Array.isArray(tickers) && tickers.every((t) => typeof t === 'string') ? (tickers as string[]) : null;
      return { ok: true, value: { type, id: r.value.id, sid: r.value.sid, seq: r.value.seq, marketTickers } };
    }
    case 'error': {
      const r = runSchema(errorSchema, input, payload);
      return r.ok
        ? { ok: true, value: { type, id: r.value.id, code: r.value.msg.code, message: r.value.msg.msg } }
        : r;
    }
    default: {
      const r = runSchema(unhandledSchema, input, payload);
      return r.ok ? { ok: true, value: { type: 'unhandled', messageType: type, ...r.value } } : r;
    }
  }
}

/** Parses one WebSocket text frame. Never throws: bad JSON is an error on the whole payload. */
export function parseKalshiWsText(text: string, ctx: KalshiParseContext): KalshiResult<KalshiWsMessage> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      error: parseError({
        payload: 'ws',
        field: '',
        value: text,
        reason: `not JSON: ${(error as Error).message}`,
      }),
    };
  }
  return parseKalshiWsMessage(input, ctx);
}
