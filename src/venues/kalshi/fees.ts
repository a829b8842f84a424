/**
 * A Kalshi series' fee terms (venues.md §2.7) as the core FeeSchedule that tradeFee computes.
 * Pure.
 *
 * - `quadratic`: takers pay ceil_to_cent(0.07 x C x P x (1-P)) x fee_multiplier; makers nothing.
 * - `quadratic_with_maker_fees`: makers also pay, at a quarter of the taker coefficient (0.0175).
 * - `quadratic_with_combo_maker_fees`: makers pay half of it (0.035).
 * - `flat`: Kalshi's "Specific Trading Fees Table", which the reference does not have. Rather
 *   than guess, such a series has no schedule: kalshiFeeSchedule returns an error, and a market
 *   without a known fee must not be traded.
 *
 * How fee_multiplier combines is not documented; it is taken to scale the whole coefficient,
 * makers included [unverified]. An event's `fee_type_override` / `fee_multiplier_override` win
 * over the series' terms.
 */
import { z } from 'zod';
import { KALSHI_MAKER_SHARE_PPM } from '../../core/fees.js';
import type { FeeSchedule } from '../../core/instruments.js';
import type { Ppm } from '../../core/money.js';
import type { KalshiResult } from './errors.js';
import { ppmField, runSchema } from './parse-fields.js';
import { KALSHI_FEE_TYPES, type KalshiFeeType } from './parse-market.js';

export interface KalshiFeeTerms {
  readonly feeType: KalshiFeeType;
  readonly feeMultiplier: Ppm;
}

export interface KalshiFeeOverride {
  readonly feeType: KalshiFeeType | null;
  readonly feeMultiplier: Ppm | null;
}

export type KalshiFeeScheduleResult =
  | { readonly ok: true; readonly value: FeeSchedule }
  | {
      readonly ok: false;
      readonly error: {
        readonly kind: 'unsupported_fee_type';
        readonly feeType: 'flat';
        readonly message: string;
      };
    };

const COMBO_MAKER_SHARE_PPM = 500_000;

export function kalshiFeeSchedule(opts: {
  readonly series: KalshiFeeTerms;
  readonly eventOverride?: KalshiFeeOverride;
}): KalshiFeeScheduleResult {
  const feeType = opts.eventOverride?.feeType ?? opts.series.feeType;
  const multiplierPpm = opts.eventOverride?.feeMultiplier ?? opts.series.feeMultiplier;
  switch (feeType) {
    case 'quadratic':
      return { ok: true, value: { kind: 'kalshi_quadratic', multiplierPpm, makerFees: false } };
    case 'quadratic_with_maker_fees':
      return {
        ok: true,
        value: {
          kind: 'kalshi_quadratic',
          multiplierPpm,
          makerFees: true,
          makerSharePpm: KALSHI_MAKER_SHARE_PPM,
        },
      };
    case 'quadratic_with_combo_maker_fees':
      return {
        ok: true,
        value: {
          kind: 'kalshi_quadratic',
          multiplierPpm,
          makerFees: true,
          makerSharePpm: COMBO_MAKER_SHARE_PPM,
        },
      };
    case 'flat':
      return {
        ok: false,
        error: {
          kind: 'unsupported_fee_type',
          feeType,
          message:
            "flat-fee series use Kalshi's Specific Trading Fees Table, which is not in the reference; " +
            'no fee schedule, so the series is not traded',
        },
      };
  }
}

/** A `fee_multiplier` as Kalshi sends it, a decimal string or a JSON number, to ppm. */
export function parseKalshiFeeMultiplier(value: unknown): KalshiResult<Ppm> {
  return runSchema(ppmField, value, 'fee_multiplier');
}

const overrideSchema = z
  .object({
    // '' is read as "no override", like other empty Kalshi fields (market `result`).
    fee_type_override: z.union([z.literal(''), z.enum(KALSHI_FEE_TYPES)]).nullish(),
    fee_multiplier_override: z.union([z.literal(''), ppmField]).nullish(),
  })
  .transform(
    (e): KalshiFeeOverride => ({
      feeType: e.fee_type_override || null,
      feeMultiplier: e.fee_multiplier_override === '' ? null : (e.fee_multiplier_override ?? null),
    }),
  );

/** The fee overrides of an event object (`GET /events/{event_ticker}`'s `event`), if any. */
export function parseKalshiFeeOverride(event: unknown): KalshiResult<KalshiFeeOverride> {
  return runSchema(overrideSchema, event, 'event');
}
