/**
 * Field readers shared by the Polymarket payload schemas. Prices and sizes arrive as decimal
 * strings ("0.48", ".48", "219.217767") and go straight to integers, never through a float:
 * - prices to micro-dollars (Polymarket ticks go down to 0.0001, so micro-dollars are exact);
 * - sizes to micro-shares (`MicroShares`, 1e-6 share, the venue's own base unit). Sizes can carry
 *   6 decimals (trade sizes, "219.217767"), which centi-contracts cannot hold. Core events carry
 *   centi-contracts, so `sharesToCentis` rounds down there: a book never shows more than rests.
 * Pure: no Node API.
 */
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { EventId, InstrumentId } from '../../core/ids.js';
import { asInstrumentId } from '../../core/ids.js';
import { type Centis, MICROS_PER_DOLLAR, type Micros } from '../../core/money.js';
import { runSchemaWith } from '../parse-error.js';
import { type PolymarketParseError, type PolymarketResult, polymarketParseError } from './errors.js';

declare const microSharesBrand: unique symbol;
/** Integer micro-shares (1e-6 of one outcome token): the venue's base unit for sizes. */
export type MicroShares = number & { readonly [microSharesBrand]: true };

/** What the parsers need from outside: ids and instrument names for the core events they make. */
export interface PolymarketParseContext {
  readonly clock: Clock;
  readonly nextId: () => EventId;
  /** Maps a token id to its instrument id; polymarketInstrumentId by default. */
  readonly instrumentIdOf?: (tokenId: string) => InstrumentId;
}

/** Each outcome token is its own YES instrument: `polymarket:<token id>`. */
export function polymarketInstrumentId(tokenId: string): InstrumentId {
  return asInstrumentId(`polymarket:${tokenId}`);
}

const DECIMAL6 = /^(\d*)(?:\.(\d{0,6})0*)?$/;

/** A non-negative decimal with at most 6 significant decimals to an integer scaled by 1e6, or why not. */
function readScaled6(text: string): number | string {
  const m = DECIMAL6.exec(text);
  if (!m || text === '' || text === '.') return 'not a decimal number with at most 6 decimals';
  const [, whole = '', frac = ''] = m;
  const value = Number(whole || '0') * 1_000_000 + Number(frac.padEnd(6, '0'));
  return Number.isSafeInteger(value) ? value : 'out of range';
}

/** "0.48" or ".48" -> 480000 micro-dollars, within [0, 1]. */
export function readPrice(text: string): Micros | string {
  const v = readScaled6(text);
  if (typeof v === 'string') return v;
  return v > MICROS_PER_DOLLAR ? 'price must be between 0 and 1' : (v as Micros);
}

/** "219.217767" -> 219217767 micro-shares. */
export function readSize(text: string): MicroShares | string {
  return readScaled6(text) as MicroShares | string;
}

/** Micro-shares to centi-contracts, rounded down (exact when the size has at most 2 decimals). */
export function sharesToCentis(size: MicroShares): Centis {
  return Math.floor(size / 10_000) as Centis;
}

/** Epoch milliseconds (or seconds) sent as a decimal string. */
export function readEpochText(text: string): number | string {
  if (!/^\d{1,16}$/.test(text)) return 'not whole epoch time digits';
  return Number(text);
}

function decimalField<T>(read: (s: string) => T | string) {
  return z.string().transform((s, ctx): T => {
    const v = read(s);
    if (typeof v === 'string') {
      ctx.addIssue({ code: 'custom', message: v });
      return z.NEVER;
    }
    return v;
  });
}

export const priceField = decimalField(readPrice);
export const sizeField = decimalField(readSize);
export const epochTextField = decimalField(readEpochText);
/** Token ids are uint256 in decimal. */
export const tokenIdField = z.string().regex(/^\d{1,78}$/, 'not a decimal token id');
export const conditionIdField = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'not a 0x condition id');
export const sideField = z.enum(['BUY', 'SELL']);

/** A tick size as text; the amount rules know the allowed ones. */
export const tickSizeTextField = z.union([z.string(), z.number()]).transform((v) => String(v));

/** Reads the decimal fields of one message outside zod, keeping the first problem with its field. */
export class FieldReader {
  error: PolymarketParseError | null = null;
  constructor(private readonly payload: string) {}

  price(text: unknown, field: string): Micros {
    return this.read(readPrice, text, field) as Micros;
  }

  size(text: unknown, field: string): MicroShares {
    return this.read(readSize, text, field) as MicroShares;
  }

  private read(fn: (s: string) => number | string, text: unknown, field: string): number {
    const v = typeof text === 'string' ? fn(text) : 'expected a decimal string';
    if (typeof v === 'number') return v;
    this.error ??= polymarketParseError({ payload: this.payload, field, value: text, reason: v });
    return 0;
  }
}

export function fieldError(
  payload: string,
  field: string,
  value: unknown,
  reason: string,
): PolymarketResult<never> {
  return { ok: false, error: polymarketParseError({ payload, field, value, reason }) };
}

/** Runs a schema; its first issue becomes an error naming the field. Never throws. */
export function runSchema<T>(schema: z.ZodType<T>, input: unknown, payload: string): PolymarketResult<T> {
  return runSchemaWith({ schema, input, payload, error: polymarketParseError });
}

/** A string holding JSON (Gamma's `outcomes`, `outcomePrices`, `clobTokenIds`) parsed as an array of strings. */
export const jsonStringArrayField = z.string().transform((s, ctx): string[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a JSON-encoded array' });
    return z.NEVER;
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
    ctx.addIssue({ code: 'custom', message: 'not a JSON-encoded array of strings' });
    return z.NEVER;
  }
  return parsed;
});
