/**
 * Errors of the Polymarket adapter. Parsing never throws: a malformed payload becomes a
 * PolymarketParseError value naming the field and what was found there. Signing, amount and
 * configuration mistakes are programming or setup errors, and throw.
 */
import {
  describeParseError,
  makeParseError,
  previewValue,
  type VenueParseError,
  type VenueResult,
} from '../parse-error.js';

export type PolymarketParseError = VenueParseError<'polymarket_parse_error'>;
export type PolymarketResult<T> = VenueResult<T, PolymarketParseError>;
export { previewValue };

export function polymarketParseError(opts: {
  payload: string;
  field: string;
  value: unknown;
  reason: string;
}): PolymarketParseError {
  return makeParseError('polymarket_parse_error', opts);
}

export const describePolymarketParseError: (e: PolymarketParseError) => string = describeParseError;

/** A key, secret or request that cannot be signed as asked. */
export class PolymarketAuthError extends Error {
  override readonly name = 'PolymarketAuthError';
}

/** A price, size or tick size that cannot become order amounts. */
export class PolymarketAmountError extends Error {
  override readonly name = 'PolymarketAmountError';
}

export interface PolymarketConfigIssue {
  readonly field: string;
  readonly message: string;
}

/** Every problem with the adapter's settings at once, each naming its setting. */
export class PolymarketConfigError extends Error {
  override readonly name = 'PolymarketConfigError';
  constructor(readonly issues: readonly PolymarketConfigIssue[]) {
    super(
      `invalid Polymarket settings:\n${issues.map((i) => `  ${i.field || '(root)'}: ${i.message}`).join('\n')}`,
    );
  }
}
