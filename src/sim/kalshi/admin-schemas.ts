/**
 * The admin API's request bodies, every field checked with zod before anything changes, so a bad
 * call is answered 400 naming the field and leaves nothing behind that a public endpoint could
 * fail to serve (a ticker it cannot route, a time `Date` cannot print). Unknown fields are
 * refused too: a misspelt option must not be silently ignored. Pure.
 */
import { z } from 'zod';
import { parseContracts, parseDollars } from '../../core/money.js';
import { KALSHI_GAME_SERIES } from '../../venues/kalshi/discovery.js';
import { money } from './route-helpers.js';

const GAME_LEAGUES = Object.keys(KALSHI_GAME_SERIES) as [keyof typeof KALSHI_GAME_SERIES];
/** Capitals, digits, dots and dashes, as real tickers (`KXNFLGAME-26OCT08TBDAL-DAL`, `FED-23DEC-T3.00`). */
const TICKER = /^[A-Z0-9][A-Z0-9.-]{0,99}$/;
const ticker = (what: string) =>
  z.string().regex(TICKER, `must be a ${what} ticker: capitals, digits, "." and "-"`);
/** 2000-01-01 to 2100-01-01: any instant Kalshi could list, and one Date can always print. */
const EARLIEST_MS = 946_684_800_000;
const LATEST_MS = 4_102_444_800_000;
const instantMs = z
  .number()
  .int()
  .min(EARLIEST_MS, 'must be after 2000')
  .max(LATEST_MS, 'must be before 2100');
/** An ISO 8601 instant with its offset ("2026-10-09T00:15:00Z"), to epoch ms. */
const isoInstant = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 instant with a zone, e.g. 2026-10-09T00:15:00Z' })
  .transform((text) => Date.parse(text))
  .pipe(instantMs);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

const team = z.strictObject({
  code: z.string().regex(/^[A-Z0-9]{1,8}$/, 'must be 1–8 capital letters or digits'),
  name: text(60),
  event_name: text(60),
  target_id: z
    .string()
    .regex(/^[0-9a-f-]{8,64}$/i, 'must be a structured-target id')
    .optional(),
});

export const adminSchemas = {
  account: z.object({
    account_id: z.string().min(1),
    balance_dollars: money(parseDollars),
    key_id: z.string().min(1).optional(),
    public_key_pem: z.string().min(1).optional(),
  }),
  /** A bare market, outside any listed game. */
  market: z
    .strictObject({
      ticker: ticker('market'),
      event_ticker: ticker('event'),
      series_ticker: z.string().regex(/^[A-Z0-9]{1,40}$/, 'must be capitals and digits'),
      title: text(200).optional(),
      close_time_ms: instantMs,
      fee_multiplier_ppm: z.number().int().nonnegative().max(100_000_000).default(1_000_000),
      maker_fees: z.boolean().default(false),
    })
    .superRefine((m, ctx) => {
      if (!m.ticker.startsWith(`${m.event_ticker}-`))
        ctx.addIssue({ code: 'custom', path: ['ticker'], message: `must be {event_ticker}-{outcome}` });
      if (!m.event_ticker.startsWith(`${m.series_ticker}-`))
        ctx.addIssue({ code: 'custom', path: ['event_ticker'], message: `must be {series_ticker}-{…}` });
    }),
  /** A game listed as Kalshi lists it (listing.ts); times default to the server's now. */
  game: z.strictObject({
    league: z.enum(GAME_LEAGUES),
    series_ticker: z
      .string()
      .regex(/^KX[A-Z0-9]{1,40}$/, 'must be a Kalshi series ticker (KX…)')
      .optional(),
    start_time: isoInstant,
    away: team,
    home: team,
    has_draw: z.boolean().optional(),
    start_time_in_ticker: z.boolean().optional(),
    competition: text(80).optional(),
    postponement_window_hours: z
      .number()
      .int()
      .min(1)
      .max(60 * 24)
      .optional(),
    listed_time: isoInstant.optional(),
    open_time: isoInstant.optional(),
    settlement_timer_seconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .optional(),
    exchange_index: z.number().int().min(0).max(63).optional(),
    fee_multiplier: z.number().min(0).max(100).optional(),
    maker_fees: z.boolean().optional(),
  }),
  /** A market's result: yes/no, or the value a YES contract settles at (a tie: "0.5000"). */
  determination: z.union(
    [
      z.strictObject({ result: z.enum(['yes', 'no']) }),
      z.strictObject({
        settlement_value_dollars: money(parseDollars).pipe(
          z
            .number()
            .int()
            .min(0)
            .max(1_000_000, 'must be between 0 and 1 dollar')
            .refine((v) => v % 100 === 0, 'must have at most 4 decimals'),
        ),
      }),
    ],
    { error: 'must be {"result": "yes"|"no"} or {"settlement_value_dollars": "0.5000"}' },
  ),
  /** How a game ended: a team (by its code) won, or a tie. */
  gameOutcome: z.discriminatedUnion('outcome', [
    z.strictObject({ outcome: z.literal('team'), team: z.string().regex(/^[A-Z0-9]{1,8}$/) }),
    z.strictObject({ outcome: z.literal('tie') }),
  ]),
  exchangeStatus: z
    .strictObject({ exchange_active: z.boolean().optional(), trading_active: z.boolean().optional() })
    .refine((s) => s.exchange_active !== undefined || s.trading_active !== undefined, {
      message: 'give exchange_active or trading_active',
    }),
  quotes: z.object({
    account_id: z.string().min(1),
    ticker: z.string().min(1),
    /** [price_dollars, count_fp] pairs, as Kalshi writes levels. */
    yes_bids: z.array(z.tuple([money(parseDollars), money(parseContracts)])).default([]),
    yes_asks: z.array(z.tuple([money(parseDollars), money(parseContracts)])).default([]),
  }),
  scenario: z.object({
    method: z.string().optional(),
    path_prefix: z.string().optional(),
    times: z.number().int().positive().default(1),
    effect: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('latency'), ms: z.number().int().nonnegative() }),
      z.object({
        kind: z.literal('server_error'),
        status: z.union([z.literal(500), z.literal(502), z.literal(503)]),
      }),
      z.object({ kind: z.literal('rate_limit') }),
      z.object({
        kind: z.literal('execute_then_hang'),
        answer_after_ms: z.number().int().nonnegative().nullable(),
      }),
    ]),
  }),
};
