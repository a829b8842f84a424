/**
 * Venue fees in integers, per each venue's 2026 formula (shared/reference/venues.md §2.7, §3.8).
 * BigInt inside: C x P x (1-P) overflows 2^53 for large orders.
 */
import type { FeeSchedule } from './instruments.js';
import { type Centis, ceilDiv, type Micros } from './money.js';

export type Liquidity = 'taker' | 'maker';

const MICRO = 1_000_000n;
const CENT = 10_000n; // micro-dollars in one cent
const POLY_FLOOR = 10n; // $0.00001 in micro-dollars
/** Kalshi makers pay a quarter of the taker coefficient (0.0175) unless the schedule says otherwise. */
export const KALSHI_MAKER_SHARE_PPM = 250_000;

export interface FeeInput {
  readonly schedule: FeeSchedule;
  /** YES-leg price in micro-dollars. P x (1-P) is symmetric, so either leg's price gives the same fee. */
  readonly price: Micros;
  readonly qty: Centis;
  readonly liquidity: Liquidity;
}

/** The fee for one execution at one price, in micro-dollars. */
export function tradeFee({ schedule, price, qty, liquidity }: FeeInput): Micros {
  if (qty <= 0) return 0 as Micros;
  const p = BigInt(price);
  const c = BigInt(qty);
  const pq = p * (MICRO - p); // P(1-P) scaled by 1e12
  switch (schedule.kind) {
    case 'none':
      return 0 as Micros;
    case 'kalshi_quadratic': {
      if (liquidity === 'maker' && !schedule.makerFees) return 0 as Micros;
      // taker coefficient 700 parts per 10_000 (0.07); a maker pays a share of it, in ppm
      const share = liquidity === 'taker' ? MICRO : BigInt(schedule.makerSharePpm ?? KALSHI_MAKER_SHARE_PPM);
      const mult = BigInt(schedule.multiplierPpm);
      // dollars = 700/1e4 * share/1e6 * mult/1e6 * C/100 * pq/1e12 ; micros = dollars * 1e6
      const numerator = 700n * share * mult * c * pq;
      const denominatorToMicros = 10_000n * 1_000_000n * 100n * 1_000_000n * MICRO; // 1e24
      const feeMicros = ceilDiv(numerator, denominatorToMicros);
      // Rounded up to the cent, as the venue charges an order at one price level.
      return Number(ceilDiv(feeMicros, CENT) * CENT) as Micros;
    }
    case 'polymarket_us': {
      // cents = theta/1e6 x c/100 x pq/1e12 x 100 = theta x c x pq / 1e18, half-to-even per fill
      const theta = BigInt(liquidity === 'taker' ? schedule.takerThetaPpm : schedule.makerRebateThetaPpm);
      const cents = roundHalfEven(theta * c * pq, 1_000_000_000_000_000_000n);
      // A maker's rebate is money received: a negative fee.
      return Number((liquidity === 'taker' ? cents : -cents) * CENT) as Micros;
    }
    case 'polymarket_taker': {
      if (liquidity === 'maker') return 0 as Micros;
      // fee dollars = C x rate x (p(1-p))^e ; p(1-p) = pq / 1e12
      let pow = 1n;
      let scale = 1n;
      for (let i = 0; i < schedule.exponent; i++) {
        pow *= pq;
        scale *= 1_000_000_000_000n;
      }
      // micros = c/100 * rate/1e6 * pow/scale * 1e6 = c * rate * pow / (100 * scale)
      const feeMicros = (c * BigInt(schedule.ratePpm) * pow) / (100n * scale);
      return Number((feeMicros / POLY_FLOOR) * POLY_FLOOR) as Micros;
    }
  }
}

/** n / d rounded to the nearest integer, ties to even (banker's rounding); n, d >= 0. */
function roundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = 2n * (n % d);
  if (twice > d || (twice === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/**
 * Polymarket US taker fees of one order's fills, in order: each fill rounded half-to-even to
 * the cent, the running total never above the order's cumulative exact fee rounded the same
 * way (so many small fills cost no more than one). Micro-dollars, one per fill.
 */
export function polymarketUsTakerFees(
  schedule: Extract<FeeSchedule, { kind: 'polymarket_us' }>,
  fills: readonly { readonly price: Micros; readonly qty: Centis }[],
): Micros[] {
  const theta = BigInt(schedule.takerThetaPpm);
  const scale = 1_000_000_000_000_000_000n; // theta x c x pq / 1e18 = cents
  let exact = 0n;
  let charged = 0n;
  return fills.map(({ price, qty }) => {
    const p = BigInt(price);
    const n = theta * BigInt(qty) * p * (MICRO - p);
    exact += n;
    const cap = roundHalfEven(exact, scale);
    const cents = roundHalfEven(n, scale);
    // BigInt has no Math.min: the fill's rounded fee, or what is left under the cap, not below 0.
    const room = cap - charged;
    let fee = cents;
    if (room < fee) fee = room;
    if (fee < 0n) fee = 0n;
    charged += fee;
    return Number(fee * CENT) as Micros;
  });
}

/** Polymarket US from 2026-09-25: taker Θ 0.0695, maker rebate Θ 0.0125. */
export const POLYMARKET_US_FEES: FeeSchedule = {
  kind: 'polymarket_us',
  takerThetaPpm: 69_500,
  makerRebateThetaPpm: 12_500,
};

/** Kalshi's sports schedule: quadratic taker fees, no maker fees, multiplier 1. */
export const KALSHI_SPORTS_FEES: FeeSchedule = {
  kind: 'kalshi_quadratic',
  multiplierPpm: 1_000_000,
  makerFees: false,
};
/** Polymarket's sports category: rate 0.03, exponent 1, takers only. */
export const POLYMARKET_SPORTS_FEES: FeeSchedule = { kind: 'polymarket_taker', ratePpm: 30_000, exponent: 1 };
