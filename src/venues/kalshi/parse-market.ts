/**
 * Market data over REST: `GET /markets/{ticker}`, `GET /markets` pages, `GET /series/{ticker}`,
 * and `GET /markets/trades` (venues.md §2.3, §2.4); order books are in parse-orderbook.ts. Prices
 * become micro-dollars and counts centi-contracts straight from the `*_dollars` / `*_fp` strings.
 */
import { z } from 'zod';
import type { Trade } from '../../core/events.js';
import { type Centis, MICROS_PER_DOLLAR, type Micros, type Ppm } from '../../core/money.js';
import type { KalshiResult } from './errors.js';
import {
  countField,
  isoTimeField,
  type KalshiParseContext,
  kalshiInstrumentId,
  ppmField,
  priceField,
  runSchema,
  sideField,
  tickerField,
  wholeField,
  withFieldPrefix,
} from './parse-fields.js';
import { type KalshiPage, parseItems } from './parse-page.js';

/** Lifecycle statuses of a market object, plus the filter names older responses used. */
export const KALSHI_MARKET_STATUSES = [
  'initialized',
  'inactive',
  'active',
  'closed',
  'determined',
  'disputed',
  'amended',
  'finalized',
  'unopened',
  'open',
  'paused',
  'settled',
] as const;
export type KalshiMarketStatus = (typeof KALSHI_MARKET_STATUSES)[number];

export interface KalshiPriceRange {
  readonly start: Micros;
  readonly end: Micros;
  readonly step: Micros;
}

const CENT = 10_000 as Micros;
const DECI_CENT = 1_000 as Micros;
const range = (start: number, end: number, step: Micros): KalshiPriceRange => ({
  start: start as Micros,
  end: end as Micros,
  step,
});

/** Tick ranges implied by each `price_level_structure` (venues.md §2.3), used when `price_ranges` is absent. */
export const KALSHI_PRICE_STRUCTURES: Readonly<Record<string, readonly KalshiPriceRange[]>> = {
  linear_cent: [range(0, MICROS_PER_DOLLAR, CENT)],
  deci_cent: [range(0, MICROS_PER_DOLLAR, DECI_CENT)],
  tapered_deci_cent: [
    range(0, 100_000, DECI_CENT),
    range(100_000, 900_000, CENT),
    range(900_000, MICROS_PER_DOLLAR, DECI_CENT),
  ],
};

export interface KalshiMarket {
  readonly ticker: string;
  readonly eventTicker: string;
  readonly marketType: 'binary' | 'scalar' | null;
  readonly title: string | null;
  readonly yesSubTitle: string | null;
  readonly noSubTitle: string | null;
  readonly status: KalshiMarketStatus;
  readonly yesBid: Micros | null;
  readonly yesBidSize: Centis | null;
  readonly yesAsk: Micros | null;
  readonly yesAskSize: Centis | null;
  readonly noBid: Micros | null;
  readonly noAsk: Micros | null;
  readonly lastPrice: Micros | null;
  readonly volume: Centis | null;
  readonly openInterest: Centis | null;
  /** Settlement result; null until there is one (Kalshi sends ""). */
  readonly result: 'yes' | 'no' | 'scalar' | null;
  readonly canCloseEarly: boolean | null;
  /** Epoch ms. */
  readonly openTime: number | null;
  readonly closeTime: number;
  readonly expectedExpirationTime: number | null;
  readonly occurrenceTime: number | null;
  readonly priceLevelStructure: string | null;
  readonly priceRanges: readonly KalshiPriceRange[];
  /** A tick valid at every price of the market: the coarsest step of its ranges. */
  readonly tickSize: Micros;
  /** null when the payload does not say (captured 2026-10 markets omit it). */
  readonly fractionalTradingEnabled: boolean | null;
  /** The exchange shard (venues.md §2.9); authoritative when present. */
  readonly exchangeIndex: number | null;
  /** Strike of spread and total markets. */
  readonly floorStrike: number | null;
  /** The settlement rules: "If Dallas wins the … game …, then the market resolves to Yes." */
  readonly rulesPrimary: string | null;
  /** Ties, postponement, cancellation; and disclaimers. */
  readonly rulesSecondary: string | null;
  /** `structured` for game markets, whose `customStrike` names the team. */
  readonly strikeType: string | null;
  /** Structured target ids by kind, e.g. `{ football_team: "62b97b7c-…" }`; string values only. */
  readonly customStrike: Readonly<Record<string, string>> | null;
  /** Latest time the market can expire (for NFL game markets: the 48 h postponement window), epoch ms. */
  readonly latestExpirationTime: number | null;
}

const optionalPrice = priceField.nullish().transform((v) => v ?? null);
const optionalCount = countField.nullish().transform((v) => v ?? null);
const optionalTime = z
  .union([z.literal(''), isoTimeField])
  .nullish()
  .transform((v) => (v === '' || v === undefined ? null : v));
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const priceRangeSchema = z
  .object({ start: priceField, end: priceField, step: priceField })
  .refine((r) => r.step > 0 && r.start < r.end, {
    message: 'a price range needs start < end and a step > 0',
  });

const marketObjectSchema = z
  .object({
    ticker: tickerField,
    event_ticker: tickerField,
    market_type: z.enum(['binary', 'scalar']).nullish(),
    title: optionalText,
    yes_sub_title: optionalText,
    no_sub_title: optionalText,
    status: z.enum(KALSHI_MARKET_STATUSES),
    yes_bid_dollars: optionalPrice,
    yes_bid_size_fp: optionalCount,
    yes_ask_dollars: optionalPrice,
    yes_ask_size_fp: optionalCount,
    no_bid_dollars: optionalPrice,
    no_ask_dollars: optionalPrice,
    last_price_dollars: optionalPrice,
    volume_fp: optionalCount,
    open_interest_fp: optionalCount,
    result: z.enum(['yes', 'no', 'scalar', '']).nullish(),
    can_close_early: z.boolean().nullish(),
    open_time: optionalTime,
    close_time: isoTimeField,
    expected_expiration_time: optionalTime,
    occurrence_datetime: optionalTime,
    price_level_structure: z.string().nullish(),
    price_ranges: z.array(priceRangeSchema).min(1).nullish(),
    fractional_trading_enabled: z.boolean().nullish(),
    exchange_index: wholeField.nullish(),
    floor_strike: z.number().finite().nullish(),
    rules_primary: optionalText,
    rules_secondary: optionalText,
    strike_type: optionalText,
    custom_strike: z.record(z.string(), z.unknown()).nullish(),
    latest_expiration_time: optionalTime,
  })
  .transform((m, ctx): KalshiMarket => {
    const ranges = m.price_ranges ?? KALSHI_PRICE_STRUCTURES[m.price_level_structure ?? ''];
    if (!ranges) {
      ctx.addIssue({
        code: 'custom',
        path: ['price_level_structure'],
        message: 'no price_ranges, and not a price_level_structure whose ticks are known',
      });
      return z.NEVER;
    }
    return {
      ticker: m.ticker,
      eventTicker: m.event_ticker,
      marketType: m.market_type ?? null,
      title: m.title,
      yesSubTitle: m.yes_sub_title,
      noSubTitle: m.no_sub_title,
      status: m.status,
      yesBid: m.yes_bid_dollars,
      yesBidSize: m.yes_bid_size_fp,
      yesAsk: m.yes_ask_dollars,
      yesAskSize: m.yes_ask_size_fp,
      noBid: m.no_bid_dollars,
      noAsk: m.no_ask_dollars,
      lastPrice: m.last_price_dollars,
      volume: m.volume_fp,
      openInterest: m.open_interest_fp,
      result: m.result ? m.result : null,
      canCloseEarly: m.can_close_early ?? null,
      openTime: m.open_time,
      closeTime: m.close_time,
      expectedExpirationTime: m.expected_expiration_time,
      occurrenceTime: m.occurrence_datetime,
      priceLevelStructure: m.price_level_structure ?? null,
      priceRanges: ranges,
      tickSize: Math.max(...ranges.map((r) => r.step)) as Micros,
      fractionalTradingEnabled: m.fractional_trading_enabled ?? null,
      exchangeIndex: m.exchange_index ?? null,
      floorStrike: m.floor_strike ?? null,
      rulesPrimary: m.rules_primary,
      rulesSecondary: m.rules_secondary,
      strikeType: m.strike_type,
      customStrike: m.custom_strike ? stringEntries(m.custom_strike) : null,
      latestExpirationTime: m.latest_expiration_time,
    };
  });

/** The string-valued entries of an object (a structured target's id is a string; others are dropped). */
function stringEntries(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The tick at one price: the step of the range holding it (a range's end belongs to the next). */
export function kalshiTickAt(ranges: readonly KalshiPriceRange[], price: Micros): Micros | null {
  for (const r of ranges) if (price >= r.start && price < r.end) return r.step;
  const last = ranges[ranges.length - 1];
  return last && price === last.end ? last.step : null;
}

/** Whether a price is on the market's grid, so an order at it will not be refused for its tick. */
export function isOnKalshiTick(ranges: readonly KalshiPriceRange[], price: Micros): boolean {
  const tick = kalshiTickAt(ranges, price);
  return tick !== null && price % tick === 0;
}

/** A bare market object. */
export function parseKalshiMarket(input: unknown): KalshiResult<KalshiMarket> {
  return runSchema(marketObjectSchema, input, 'market');
}

/** `GET /markets/{ticker}`: `{ "market": { … } }`. */
export function parseKalshiMarketResponse(input: unknown): KalshiResult<KalshiMarket> {
  const envelope = runSchema(z.object({ market: z.record(z.string(), z.unknown()) }), input, 'market');
  if (!envelope.ok) return envelope;
  return withFieldPrefix(parseKalshiMarket(envelope.value.market), 'market');
}

/** `GET /markets`: `{ "markets": [ … ], "cursor": "…" }`, one error per bad market. */
export function parseKalshiMarketsPage(input: unknown): KalshiResult<KalshiPage<KalshiMarket>> {
  return parseItems({ input, key: 'markets', payload: 'markets', parseItem: parseKalshiMarket });
}

export const KALSHI_FEE_TYPES = [
  'quadratic',
  'quadratic_with_maker_fees',
  'quadratic_with_combo_maker_fees',
  'flat',
] as const;
export type KalshiFeeType = (typeof KALSHI_FEE_TYPES)[number];

export interface KalshiSeries {
  readonly ticker: string;
  readonly feeType: KalshiFeeType;
  readonly feeMultiplier: Ppm;
  readonly exchangeIndex: number | null;
}

const seriesSchema = z
  .object({
    ticker: tickerField,
    fee_type: z.enum(KALSHI_FEE_TYPES),
    fee_multiplier: ppmField,
    exchange_index: wholeField.nullish(),
  })
  .transform(
    (s): KalshiSeries => ({
      ticker: s.ticker,
      feeType: s.fee_type,
      feeMultiplier: s.fee_multiplier,
      exchangeIndex: s.exchange_index ?? null,
    }),
  );

/** `GET /series/{series_ticker}`: `{ "series": { … } }`. */
export function parseKalshiSeriesResponse(input: unknown): KalshiResult<KalshiSeries> {
  return runSchema(
    z.object({ series: seriesSchema }).transform((r) => r.series),
    input,
    'series',
  );
}

// ---- trades -------------------------------------------------------------------------------

export interface KalshiTrade {
  readonly tradeId: string;
  readonly ticker: string;
  readonly yesPrice: Micros;
  /** As sent, else 1 - yesPrice. */
  readonly noPrice: Micros;
  readonly count: Centis;
  /** The outcome side the taker took (`taker_outcome_side`, else the legacy `taker_side`). */
  readonly takerSide: 'yes' | 'no';
  readonly isBlockTrade: boolean | null;
  /** Epoch ms. */
  readonly venueTs: number;
  /** The normalised event; its price is the YES-leg price. */
  readonly event: Trade;
}

/** Builds the typed trade and its core event once the fields are known. */
export function kalshiTrade(fields: Omit<KalshiTrade, 'event'>, ctx: KalshiParseContext): KalshiTrade {
  return {
    ...fields,
    event: {
      type: 'Trade',
      id: ctx.nextId(),
      ts: ctx.clock.now(),
      instrumentId: (ctx.instrumentIdOf ?? kalshiInstrumentId)(fields.ticker),
      venue: 'kalshi',
      price: fields.yesPrice,
      qty: fields.count,
      takerSide: fields.takerSide,
      venueTs: fields.venueTs,
    },
  };
}

const restTradeSchema = z
  .object({
    trade_id: z.string().min(1),
    ticker: tickerField,
    yes_price_dollars: priceField,
    no_price_dollars: priceField.nullish(),
    count_fp: countField,
    taker_outcome_side: sideField.nullish(),
    taker_side: sideField.nullish(),
    is_block_trade: z.boolean().nullish(),
    created_time: isoTimeField,
  })
  .refine((t) => t.taker_outcome_side || t.taker_side, {
    path: ['taker_outcome_side'],
    message: 'a trade needs taker_outcome_side or taker_side',
  });

function parseRestTrade(input: unknown, ctx: KalshiParseContext): KalshiResult<KalshiTrade> {
  const r = runSchema(restTradeSchema, input, 'trade');
  if (!r.ok) return r;
  const t = r.value;
  return {
    ok: true,
    value: kalshiTrade(
      {
        tradeId: t.trade_id,
        ticker: t.ticker,
        yesPrice: t.yes_price_dollars,
        noPrice: t.no_price_dollars ?? ((MICROS_PER_DOLLAR - t.yes_price_dollars) as Micros),
        count: t.count_fp,
        takerSide: (t.taker_outcome_side ?? t.taker_side) as 'yes' | 'no',
        isBlockTrade: t.is_block_trade ?? null,
        venueTs: t.created_time,
      },
      ctx,
    ),
  };
}

/** `GET /markets/trades`: `{ "trades": [ … ], "cursor": "…" }`, one error per bad trade. */
export function parseKalshiTradesPage(
  input: unknown,
  ctx: KalshiParseContext,
): KalshiResult<KalshiPage<KalshiTrade>> {
  return parseItems({
    input,
    key: 'trades',
    payload: 'trades',
    parseItem: (item) => parseRestTrade(item, ctx),
  });
}
