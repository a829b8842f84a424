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
  DecimalReader,
  epochField,
  fieldError,
  type KalshiParseContext,
  kalshiInstrumentId,
  levelTextField,
  readIsoTime,
  readLevels,
  runSchema,
  sideField,
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
const envelope = { sid: wholeField, seq: nullable(wholeField) };

// The market-data messages come by the thousand a second: their schemas check shape and types
// only, with no transforms (about a microsecond each in zod), and the builders below read the
// decimal strings with readDecimal, naming the field of any that is malformed.
const optionalText = z.string().nullish();
const optionalWhole = wholeField.nullish();
const optionalEpoch = epochField.nullish();

const snapshotSchema = z.object({
  sid: wholeField,
  seq: wholeField,
  msg: z.object({
    market_ticker: tickerField,
    market_id: optionalText,
    yes_dollars_fp: z.array(levelTextField).nullish(),
    no_dollars_fp: z.array(levelTextField).nullish(),
  }),
});

const deltaSchema = z.object({
  sid: wholeField,
  seq: wholeField,
  msg: z.object({
    market_ticker: tickerField,
    market_id: optionalText,
    price_dollars: z.string(),
    delta_fp: z.string(),
    side: sideField,
    ts_ms: optionalEpoch,
    ts: optionalText, // deprecated ISO form of ts_ms, read only when ts_ms is missing
    client_order_id: optionalText,
    subaccount: optionalWhole,
  }),
});

const tickerSchema = z.object({
  sid: wholeField,
  seq: optionalWhole,
  msg: z.object({
    market_ticker: tickerField,
    market_id: optionalText,
    price_dollars: optionalText,
    yes_bid_dollars: optionalText,
    yes_ask_dollars: optionalText,
    yes_bid_size_fp: optionalText,
    yes_ask_size_fp: optionalText,
    volume_fp: optionalText,
    open_interest_fp: optionalText,
    last_trade_size_fp: optionalText,
    ts_ms: optionalEpoch,
    ts: optionalEpoch, // seconds
  }),
});

const tradeSchema = z.object({
  sid: wholeField,
  seq: optionalWhole,
  msg: z.object({
    trade_id: z.string().min(1),
    market_ticker: tickerField,
    yes_price_dollars: z.string(),
    no_price_dollars: optionalText,
    count_fp: z.string(),
    taker_outcome_side: sideField.nullish(),
    taker_side: sideField.nullish(),
    is_block_trade: z.boolean().nullish(),
    ts_ms: optionalEpoch,
    ts: optionalEpoch, // seconds
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
      const yesBids = readLevels(msg.yes_dollars_fp ?? [], { field: 'msg.yes_dollars_fp', payload });
      if (!yesBids.ok) return yesBids;
      const noBids = readLevels(msg.no_dollars_fp ?? [], { field: 'msg.no_dollars_fp', payload });
      if (!noBids.ok) return noBids;
      const book = toYesBook({
        yesBids: yesBids.value,
        noBids: noBids.value,
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
      const marketId = msg.market_id ?? null;
      return { ok: true, value: { type, sid, seq, marketTicker: msg.market_ticker, marketId, event } };
    }
    case 'orderbook_delta': {
      const r = runSchema(deltaSchema, input, payload);
      if (!r.ok) return r;
      const { sid, seq, msg } = r.value;
      const read = new DecimalReader(payload);
      const venuePrice = read.read<Micros>('price', msg.price_dollars, 'msg.price_dollars');
      const change = read.read<Centis>('signedCount', msg.delta_fp, 'msg.delta_fp');
      if (read.error) return { ok: false, error: read.error };
      const now = ctx.clock.now();
      let venueTs = msg.ts_ms ?? now;
      if (msg.ts_ms == null && msg.ts != null) {
        const iso = readIsoTime(msg.ts);
        if (typeof iso === 'string') return fieldError(payload, 'msg.ts', msg.ts, iso);
        venueTs = iso;
      }
      const isNo = msg.side === 'no';
      const event: BookDelta = {
        type: 'BookDelta',
        id: ctx.nextId(),
        ts: now,
        instrumentId: instrumentOf(ctx, msg.market_ticker),
        venue: 'kalshi',
        side: isNo ? 'ask' : 'bid',
        price: isNo && !ctx.useYesPrice ? ((MICROS_PER_DOLLAR - venuePrice) as Micros) : venuePrice,
        delta: change,
        venueTs,
      };
      return {
        ok: true,
        value: {
          type,
          sid,
          seq,
          marketTicker: msg.market_ticker,
          marketId: msg.market_id ?? null,
          clientOrderId: msg.client_order_id ?? null,
          subaccount: msg.subaccount ?? null,
          event,
        },
      };
    }
    case 'ticker': {
      const r = runSchema(tickerSchema, input, payload);
      if (!r.ok) return r;
      const { sid, msg: m } = r.value;
      const read = new DecimalReader(payload);
      const ticker: KalshiTicker = {
        marketTicker: m.market_ticker,
        marketId: m.market_id ?? null,
        lastPrice: read.optional<Micros>('price', m.price_dollars, 'msg.price_dollars'),
        yesBid: read.optional<Micros>('price', m.yes_bid_dollars, 'msg.yes_bid_dollars'),
        yesAsk: read.optional<Micros>('price', m.yes_ask_dollars, 'msg.yes_ask_dollars'),
        yesBidSize: read.optional<Centis>('count', m.yes_bid_size_fp, 'msg.yes_bid_size_fp'),
        yesAskSize: read.optional<Centis>('count', m.yes_ask_size_fp, 'msg.yes_ask_size_fp'),
        volume: read.optional<Centis>('count', m.volume_fp, 'msg.volume_fp'),
        openInterest: read.optional<Centis>('count', m.open_interest_fp, 'msg.open_interest_fp'),
        lastTradeSize: read.optional<Centis>('count', m.last_trade_size_fp, 'msg.last_trade_size_fp'),
        venueTs: m.ts_ms ?? (m.ts == null ? ctx.clock.now() : m.ts * 1000),
      };
      if (read.error) return { ok: false, error: read.error };
      return { ok: true, value: { type, sid, seq: r.value.seq ?? null, ticker } };
    }
    case 'trade': {
      const r = runSchema(tradeSchema, input, payload);
      if (!r.ok) return r;
      const { sid, msg: t } = r.value;
      const takerSide = t.taker_outcome_side ?? t.taker_side;
      if (!takerSide) {
        return fieldError(
          payload,
          'msg.taker_side',
          t.taker_side,
          'a trade needs taker_outcome_side or taker_side',
        );
      }
      const read = new DecimalReader(payload);
      const yesPrice = read.read<Micros>('price', t.yes_price_dollars, 'msg.yes_price_dollars');
      const noPrice = read.optional<Micros>('price', t.no_price_dollars, 'msg.no_price_dollars');
      const count = read.read<Centis>('count', t.count_fp, 'msg.count_fp');
      if (read.error) return { ok: false, error: read.error };
      const trade = kalshiTrade(
        {
          tradeId: t.trade_id,
          ticker: t.market_ticker,
          yesPrice,
          noPrice: noPrice ?? ((MICROS_PER_DOLLAR - yesPrice) as Micros),
          count,
          takerSide,
          isBlockTrade: t.is_block_trade ?? null,
          venueTs: t.ts_ms ?? (t.ts == null ? ctx.clock.now() : t.ts * 1000),
        },
        ctx,
      );
      return { ok: true, value: { type, sid, seq: r.value.seq ?? null, trade } };
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
      // The type is not echoed into errors: it could be anything, of any length.
      const r = runSchema(unhandledSchema, input, 'ws:unhandled');
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
