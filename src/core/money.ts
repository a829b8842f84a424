/**
 * Money and quantities as integers. Prices and cash are micro-dollars (1e-6 USD); contract
 * counts are centi-contracts (0.01). Venue strings are parsed straight to integers, never
 * through a float, so "0.5600" is exactly 560000.
 */

declare const microsBrand: unique symbol;
declare const centisBrand: unique symbol;
declare const ppmBrand: unique symbol;

/** Integer micro-dollars (1e-6 USD). Exact in a JS number up to about $9e9. */
export type Micros = number & { readonly [microsBrand]: true };
/** Integer centi-contracts (0.01 contract). */
export type Centis = number & { readonly [centisBrand]: true };
/** Integer parts per million, for probabilities and rates (0.5 = 500000). */
export type Ppm = number & { readonly [ppmBrand]: true };

export const MICROS_PER_DOLLAR = 1_000_000;
export const CENTIS_PER_CONTRACT = 100;
export const PPM = 1_000_000;
/** The payout of one winning binary contract: $1. */
export const ONE_DOLLAR = 1_000_000 as Micros;

export class MoneyParseError extends Error {
  override readonly name = 'MoneyParseError';
  constructor(
    readonly input: unknown,
    readonly what: string,
  ) {
    super(`cannot parse ${JSON.stringify(input)} as ${what}`);
  }
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?$/;

/** Parses a decimal string with at most `scaleDigits` decimals to an integer scaled by 10^scaleDigits. */
function parseScaled(input: unknown, scaleDigits: number, what: string): number {
  if (typeof input !== 'string') throw new MoneyParseError(input, what);
  const m = DECIMAL.exec(input.trim());
  if (!m) throw new MoneyParseError(input, what);
  const [, sign, whole = '', frac = ''] = m;
  if (frac.length > scaleDigits && /[1-9]/.test(frac.slice(scaleDigits))) {
    throw new MoneyParseError(input, `${what} (more than ${scaleDigits} decimals)`);
  }
  const fracPadded = frac.slice(0, scaleDigits).padEnd(scaleDigits, '0');
  const value = Number(whole) * 10 ** scaleDigits + Number(fracPadded || '0');
  if (!Number.isSafeInteger(value)) throw new MoneyParseError(input, `${what} (out of range)`);
  return sign ? -value : value;
}

/** "0.5600" -> 560000 micro-dollars. */
export function parseDollars(input: unknown): Micros {
  return parseScaled(input, 6, 'dollars') as Micros;
}

/** "10.00" -> 1000 centi-contracts. */
export function parseContracts(input: unknown): Centis {
  return parseScaled(input, 2, 'contract count') as Centis;
}

export function micros(n: number): Micros {
  if (!Number.isSafeInteger(n)) throw new RangeError(`micro-dollars must be a safe integer, got ${n}`);
  return n as Micros;
}

export function centis(n: number): Centis {
  if (!Number.isSafeInteger(n)) throw new RangeError(`centi-contracts must be a safe integer, got ${n}`);
  return n as Centis;
}

export function dollarsToMicros(dollars: number): Micros {
  return Math.round(dollars * MICROS_PER_DOLLAR) as Micros;
}

export function contractsToCentis(contracts: number): Centis {
  return Math.round(contracts * CENTIS_PER_CONTRACT) as Centis;
}

/** Probability in [0,1] to parts per million, clamped. */
export function probToPpm(p: number): Ppm {
  return Math.min(PPM, Math.max(0, Math.round(p * PPM))) as Ppm;
}

/**
 * Cash value of `qty` centi-contracts at `price` micro-dollars each. Exact for every price on a
 * 1e-4 grid (both venues' ticks); otherwise rounded half away from zero.
 */
export function notional(price: Micros, qty: Centis): Micros {
  const raw = price * qty;
  const q = raw / CENTIS_PER_CONTRACT;
  return (raw >= 0 ? Math.round(q) : -Math.round(-q)) as Micros;
}

/** Formats micro-dollars as "$1,234.56" (or "-$1.23"); `digits` decimals, default 2. */
export function formatMicros(m: Micros | number, digits = 2): string {
  const neg = m < 0;
  const abs = Math.abs(m);
  const scale = 10 ** (6 - digits);
  const rounded = Math.round(abs / scale);
  const whole = Math.floor(rounded / 10 ** digits);
  const frac = rounded % 10 ** digits;
  const wholeStr = whole.toLocaleString('en-US');
  const body = digits > 0 ? `${wholeStr}.${String(frac).padStart(digits, '0')}` : wholeStr;
  return `${neg && rounded !== 0 ? '-' : ''}$${body}`;
}

/** Formats micro-dollars as a venue price string with 4 decimals: 560000 -> "0.5600". */
export function formatPrice4(m: Micros): string {
  const neg = m < 0;
  const abs = Math.abs(m);
  const whole = Math.floor(abs / MICROS_PER_DOLLAR);
  const frac = Math.round((abs % MICROS_PER_DOLLAR) / 100);
  return `${neg ? '-' : ''}${whole}.${String(frac).padStart(4, '0')}`;
}

/** Formats centi-contracts as "10.00". */
export function formatContracts(c: Centis): string {
  const neg = c < 0;
  const abs = Math.abs(c);
  return `${neg ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Integer division rounding up, for non-negative bigint numerators. */
export function ceilDiv(n: bigint, d: bigint): bigint {
  return n <= 0n ? -(-n / d) : (n + d - 1n) / d;
}
