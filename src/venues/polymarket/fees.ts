/**
 * Polymarket fee parameters onto the core FeeSchedule (venues.md §3.8): taker-only
 * `C x rate x (p(1-p))^exponent`. The parameters come per market from `/clob-markets` `fd{r,e}`
 * or Gamma `feeSchedule{rate,exponent}`; read them live rather than hard-coding the category
 * rate. Pure: no Node API.
 */
import type { FeeSchedule } from '../../core/instruments.js';
import type { FeeParameters } from './parse-market.js';

/** The highest rate accepted as plausible (crypto markets are about 0.072): 25 %. */
const MAX_RATE_PPM = 250_000;
const MAX_EXPONENT = 4;

export type FeeMapResult =
  | { readonly ok: true; readonly value: FeeSchedule }
  | { readonly ok: false; readonly reason: string };

/** A market's fee parameters as a FeeSchedule; none sent, or a zero rate, is no fee. */
export function polymarketFeeSchedule(fees: FeeParameters | null): FeeMapResult {
  if (fees === null || fees.ratePpm === 0) return { ok: true, value: { kind: 'none' } };
  if (!Number.isSafeInteger(fees.ratePpm) || fees.ratePpm < 0 || fees.ratePpm > MAX_RATE_PPM)
    return { ok: false, reason: `fee rate ${fees.ratePpm / 1e6} is outside [0, ${MAX_RATE_PPM / 1e6}]` };
  if (!Number.isInteger(fees.exponent) || fees.exponent < 0 || fees.exponent > MAX_EXPONENT)
    return {
      ok: false,
      reason: `fee exponent ${fees.exponent} is not a whole number in [0, ${MAX_EXPONENT}]`,
    };
  return { ok: true, value: { kind: 'polymarket_taker', ratePpm: fees.ratePpm, exponent: fees.exponent } };
}
