/**
 * Price and size to the signed order amounts (venues.md §3.5, clob-client `getOrderRawAmounts`
 * and `ROUNDING_CONFIG`). Amounts are in 6-decimal base units: USDC (pUSD) for cash, shares for
 * outcome tokens. BUY: maker gives cash, taker gives shares; SELL the other way round.
 * All arithmetic is on integers: a product or quotient is rounded the way the SDK rounds its
 * decimals (up to `amount + 4` decimals, then down to `amount`), but exactly.
 * Pure: no Node API.
 */
import { type Centis, MICROS_PER_DOLLAR, type Micros } from '../../core/money.js';
import { PolymarketAmountError } from './errors.js';
import type { OrderSide } from './sign-order.js';

export const TICK_SIZES = ['0.1', '0.01', '0.005', '0.0025', '0.001', '0.0001'] as const;
export type TickSize = (typeof TICK_SIZES)[number];

interface RoundingConfig {
  /** Decimals of the price. */
  readonly price: number;
  /** Decimals of a size in shares. */
  readonly size: number;
  /** Decimals of the computed amount. */
  readonly amount: number;
  /** The tick in micro-dollars. */
  readonly tickMicros: number;
}

export const ROUNDING_CONFIG: Readonly<Record<TickSize, RoundingConfig>> = {
  '0.1': { price: 1, size: 2, amount: 3, tickMicros: 100_000 },
  '0.01': { price: 2, size: 2, amount: 4, tickMicros: 10_000 },
  '0.005': { price: 3, size: 2, amount: 5, tickMicros: 5_000 },
  '0.0025': { price: 4, size: 2, amount: 6, tickMicros: 2_500 },
  '0.001': { price: 3, size: 2, amount: 5, tickMicros: 1_000 },
  '0.0001': { price: 4, size: 2, amount: 6, tickMicros: 100 },
};

export function isTickSize(text: string): text is TickSize {
  return (TICK_SIZES as readonly string[]).includes(text);
}

export interface OrderAmounts {
  readonly makerAmount: bigint;
  readonly takerAmount: bigint;
}

const BASE_PER_CENTI = 10_000n; // base units (1e-6 share) in 0.01 share
const TEN = 10n;

/**
 * num/den dollars (or shares) to base units, rounded as the SDK does: up at `amount + 4`
 * decimals (which absorbs its float noise), then down at `amount` decimals. In exact integers
 * the round-up step cannot change a result for prices on a valid tick grid (the quotient's
 * denominator is below 10^4), so in effect this rounds down; it is kept to mirror the rule.
 */
function roundAmount(num: bigint, den: bigint, amountDecimals: number): bigint {
  const fine = TEN ** BigInt(amountDecimals + 4);
  const up = (num * fine + den - 1n) / den;
  const kept = up / 10_000n; // now at `amountDecimals` decimals, rounded down
  return kept * TEN ** BigInt(6 - amountDecimals);
}

function configFor(tickSize: TickSize): RoundingConfig {
  const cfg = ROUNDING_CONFIG[tickSize];
  if (!cfg) throw new PolymarketAmountError(`unknown tick size ${JSON.stringify(tickSize)}`);
  return cfg;
}

function checkPriceRange(price: number, cfg: RoundingConfig): void {
  if (price < cfg.tickMicros || price > MICROS_PER_DOLLAR - cfg.tickMicros)
    throw new PolymarketAmountError(`price ${price / MICROS_PER_DOLLAR} is outside [tick, 1 - tick]`);
}

/** Rounds a price half up to the tick size's price decimals. */
function roundPriceNormal(price: Micros, cfg: RoundingConfig): number {
  const step = 10 ** (6 - cfg.price);
  return Math.round(price / step) * step;
}

function roundPriceDown(price: Micros, cfg: RoundingConfig): number {
  const step = 10 ** (6 - cfg.price);
  return Math.floor(price / step) * step;
}

function checkWhole(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new PolymarketAmountError(`${name} must be a positive integer, got ${n}`);
}

/**
 * A limit order (GTC/GTD, or a marketable limit): size in shares at a price. Refuses a price
 * off the tick grid or outside [tick, 1 - tick] rather than letting the venue reject it.
 */
export function limitOrderAmounts(opts: {
  readonly side: OrderSide;
  readonly price: Micros;
  readonly size: Centis;
  readonly tickSize: TickSize;
}): OrderAmounts {
  const cfg = configFor(opts.tickSize);
  checkWhole('size', opts.size);
  const price = roundPriceNormal(opts.price, cfg);
  checkPriceRange(price, cfg);
  if (price % cfg.tickMicros !== 0)
    throw new PolymarketAmountError(
      `price ${price / MICROS_PER_DOLLAR} is not a multiple of tick ${opts.tickSize}`,
    );
  const shares = BigInt(opts.size) * BASE_PER_CENTI;
  // cash = centis/100 x micros/1e6 dollars = centis x micros / 1e8
  const cash = roundAmount(BigInt(opts.size) * BigInt(price), 100_000_000n, cfg.amount);
  return opts.side === 'BUY'
    ? { makerAmount: cash, takerAmount: shares }
    : { makerAmount: shares, takerAmount: cash };
}

/**
 * A market order (FOK/FAK): BUY spends `amount` dollars, SELL sells `amount` shares, at the
 * worst price the caller accepts (rounded down to the tick size's price decimals).
 */
export function marketOrderAmounts(
  opts: {
    readonly price: Micros;
    readonly tickSize: TickSize;
  } & (
    | { readonly side: 'BUY'; readonly amount: Micros }
    | { readonly side: 'SELL'; readonly amount: Centis }
  ),
): OrderAmounts {
  const cfg = configFor(opts.tickSize);
  checkWhole('amount', opts.amount);
  const price = roundPriceDown(opts.price, cfg);
  checkPriceRange(price, cfg);
  if (opts.side === 'BUY') {
    // Cash to 2 decimals first, as the SDK rounds the amount down to cfg.size decimals.
    const cashCents = Math.floor(opts.amount / 10_000);
    const maker = BigInt(cashCents) * 10_000n;
    // shares = (cents/100) / (micros/1e6) = cents x 1e4 / micros
    const taker = roundAmount(BigInt(cashCents) * 10_000n, BigInt(price), cfg.amount);
    return { makerAmount: maker, takerAmount: taker };
  }
  const maker = BigInt(opts.amount) * BASE_PER_CENTI;
  const taker = roundAmount(BigInt(opts.amount) * BigInt(price), 100_000_000n, cfg.amount);
  return { makerAmount: maker, takerAmount: taker };
}

/**
 * An order size from its decimal text to centi-shares. More than 2 decimals is refused (as the
 * Rust client does) unless `roundDown` is set (as the Python and TS clients do).
 */
export function parseOrderSize(text: string, opts: { readonly roundDown?: boolean } = {}): Centis {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new PolymarketAmountError(`size ${JSON.stringify(text)} is not a decimal number`);
  const [, whole = '0', frac = ''] = m;
  const significant = frac.replace(/0+$/, '');
  if (significant.length > 2 && !opts.roundDown)
    throw new PolymarketAmountError(
      `size ${text} has ${significant.length} decimal places; the maximum lot size is 2`,
    );
  const centis = Number(whole) * 100 + Number(frac.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(centis)) throw new PolymarketAmountError(`size ${text} is out of range`);
  return centis as Centis;
}
