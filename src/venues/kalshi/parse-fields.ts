/**
 * Field parsers shared by the Kalshi payload schemas. Every number the venue sends as a decimal
 * string is parsed straight from the string to an integer (micro-dollars, centi-contracts, ppm);
 * a JSON number where a string is expected is refused, so no price ever passes through a float.
 */
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { EventId, InstrumentId } from '../../core/ids.js';
import { asInstrumentId } from '../../core/ids.js';
import {
  type Centis,
  MICROS_PER_DOLLAR,
  type Micros,
  type Ppm,
  parseContracts,
  parseDollars,
} from '../../core/money.js';
import { runSchemaWith } from '../parse-error.js';
import { type KalshiParseError, type KalshiResult, parseError } from './errors.js';

/** What the parsers need from outside: ids and instrument names for the core events they make. */
export interface KalshiParseContext {
  /** The producer's clock: the `ts` of each core event, and the venue time where Kalshi sends none. */
  readonly clock: Clock;
  /** The id of each core event produced (an EventIdSequence's `next`, for instance). */
  readonly nextId: () => EventId;
  /** Maps a market ticker to its instrument id; kalshiInstrumentId by default. */
  readonly instrumentIdOf?: (ticker: string) => InstrumentId;
  /**
   * Whether the WebSocket subscription set `use_yes_price: true`, so NO-side book levels arrive
   * at YES-leg prices. Without it they arrive at NO-leg prices (venues.md §2.6).
   */
  readonly useYesPrice: boolean;
}

/** The instrument id convention of the platform: `kalshi:<market ticker>`. */
export function kalshiInstrumentId(ticker: string): InstrumentId {
  return asInstrumentId(`kalshi:${ticker}`);
}

type Issue = { readonly message: string };

/** How a decimal string is read: which unit, and which values are allowed. */
export type DecimalKind = 'price' | 'dollars' | 'nonNegativeDollars' | 'count' | 'signedCount';

/**
 * A decimal string to its integer (micro-dollars or centi-contracts) with the core parsers,
 * or a sentence saying what is wrong. Returns rather than throws, so hot paths can use it
 * outside zod: a zod transform costs about a microsecond a field.
 */
export function readDecimal(kind: DecimalKind, text: string): number | string {
  let value: number;
  try {
    value = kind === 'count' || kind === 'signedCount' ? parseContracts(text) : parseDollars(text);
  } catch (error) {
    return (error as Issue).message;
  }
  if (kind === 'price' && (value < 0 || value > MICROS_PER_DOLLAR))
    return 'price must be between 0 and 1 dollar';
  if (kind === 'nonNegativeDollars' && value < 0) return 'amount must not be negative';
  if (kind === 'count' && value < 0) return 'count must not be negative';
  return value;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with a zone ("2026-10-11T00:15:00Z", microseconds allowed) to epoch ms, or what is wrong. */
export function readIsoTime(text: string): number | string {
  const ms = ISO_TIME.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(ms) ? 'not an ISO-8601 date-time with a time zone' : ms;
}

function decimal<T extends number>(kind: DecimalKind) {
  return z.string().transform((s, ctx): T => {
    const value = readDecimal(kind, s);
    if (typeof value === 'string') {
      ctx.addIssue({ code: 'custom', message: value });
      return z.NEVER;
    }
    return value as T;
  });
}

/** A price of one contract's leg: "0.5600" -> 560000, within [$0, $1]. */
export const priceField = decimal<Micros>('price');
/** A cash amount, any sign: "-12.3400". */
export const dollarsField = decimal<Micros>('dollars');
/** A cash amount that cannot be negative (costs, fees, balances). */
export const nonNegativeDollarsField = decimal<Micros>('nonNegativeDollars');
/** A contract count that cannot be negative: "10.00" -> 1000. */
export const countField = decimal<Centis>('count');
/** A signed contract count: a book delta, a position (negative = NO contracts). */
export const signedCountField = decimal<Centis>('signedCount');

/**
 * A decimal multiplier such as a series `fee_multiplier`, as a string or a JSON number, to ppm.
 * A number is read through its shortest decimal form (what the JSON text said), never scaled
 * as a float.
 */
export const ppmField = z.union([z.string(), z.number()]).transform((v, ctx): Ppm => {
  const text = typeof v === 'number' ? String(v) : v;
  try {
    const ppm = parseDollars(text); // six decimals, the scale of ppm
    if (ppm < 0) throw new Error('must not be negative');
    return ppm as number as Ppm;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a decimal multiplier: ${(error as Issue).message}` });
    return z.NEVER;
  }
});

/**
 * An average price, which may carry more decimals than a micro-dollar; rounded half up to the
 * micro-dollar from the digits themselves.
 */
export const averagePriceField = z.string().transform((s, ctx): Micros => {
  const m = /^(\d{1,7})(?:\.(\d+))?$/.exec(s);
  if (m) {
    const [, whole = '0', frac = ''] = m;
    const kept = parseDollars(`${whole}.${frac.slice(0, 6) || '0'}`);
    const roundUp = frac.length > 6 && frac.charCodeAt(6) >= 53; // '5'
    const value = kept + (roundUp ? 1 : 0);
    if (value <= MICROS_PER_DOLLAR) return value as Micros;
  }
  ctx.addIssue({ code: 'custom', message: 'not an average price between 0 and 1 dollar' });
  return z.NEVER;
});

/** An ISO-8601 date-time to epoch ms (see readIsoTime). */
export const isoTimeField = z.string().transform((s, ctx): number => {
  const ms = readIsoTime(s);
  if (typeof ms === 'string') {
    ctx.addIssue({ code: 'custom', message: ms });
    return z.NEVER;
  }
  return ms;
});

/** Epoch milliseconds or seconds as a whole JSON number. */
export const epochField = z.number().int().nonnegative();
/** Subscription ids, sequence numbers, exchange shards, error codes. */
export const wholeField = z.number().int().nonnegative();
export const tickerField = z.string().min(1);
export const sideField = z.enum(['yes', 'no']);
export const actionField = z.enum(['buy', 'sell']);
export const bookSideField = z.enum(['bid', 'ask']);

/** One book level as Kalshi sends it, ["0.4200", "13.00"]; read with readLevels. */
export const levelTextField = z.tuple([z.string(), z.string()]);

/**
 * Book levels (already checked to be pairs of strings) to integers. Outside zod because a book
 * can hold hundreds of levels; an error names the level, e.g. `msg.no_dollars_fp[3][1]`.
 */
export function readLevels(
  levels: readonly (readonly [string, string])[],
  opts: { readonly field: string; readonly payload: string },
): KalshiResult<[Micros, Centis][]> {
  const out: [Micros, Centis][] = new Array(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const [priceText, qtyText] = levels[i]!;
    const price = readDecimal('price', priceText);
    if (typeof price === 'string')
      return fieldError(opts.payload, `${opts.field}[${i}][0]`, priceText, price);
    const qty = readDecimal('count', qtyText);
    if (typeof qty === 'string') return fieldError(opts.payload, `${opts.field}[${i}][1]`, qtyText, qty);
    out[i] = [price as Micros, qty as Centis];
  }
  return { ok: true, value: out };
}

/** Reads the decimal fields of one message, keeping the first problem with its field. */
export class DecimalReader {
  error: KalshiParseError | null = null;
  constructor(private readonly payload: string) {}

  read<T extends number>(kind: DecimalKind, text: string, field: string): T {
    const value = readDecimal(kind, text);
    if (typeof value === 'number') return value as T;
    this.error ??= parseError({ payload: this.payload, field, value: text, reason: value });
    return 0 as T;
  }

  optional<T extends number>(kind: DecimalKind, text: string | null | undefined, field: string): T | null {
    return text === null || text === undefined ? null : this.read<T>(kind, text, field);
  }
}

/** A failed result naming one field. */
export function fieldError(
  payload: string,
  field: string,
  value: unknown,
  reason: string,
): KalshiResult<never> {
  return { ok: false, error: parseError({ payload, field, value, reason }) };
}

/** Runs a schema; its first issue becomes an error naming the field. Never throws. */
export function runSchema<T>(schema: z.ZodType<T>, input: unknown, payload: string): KalshiResult<T> {
  return runSchemaWith({ schema, input, payload, error: parseError });
}

/** Adds a path prefix to an error from a nested parse ('msg' + 'price_dollars'). */
export function withFieldPrefix<T>(result: KalshiResult<T>, prefix: string): KalshiResult<T> {
  if (result.ok || prefix === '') return result;
  const field = result.error.field;
  const joined = field === '' ? prefix : field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
  return { ok: false, error: { ...result.error, field: joined } };
}
