/**
 * Errors of the Kalshi adapter. Parsing never throws: a malformed payload becomes a
 * KalshiParseError value naming the field and what was found there, so the caller can count
 * it and carry on. Auth and configuration mistakes are programming or setup errors, and throw.
 */
import {
  describeParseError,
  makeParseError,
  previewValue,
  type VenueParseError,
  type VenueResult,
} from '../parse-error.js';

export type KalshiParseError = VenueParseError<'kalshi_parse_error'>;
export type KalshiResult<T> = VenueResult<T, KalshiParseError>;
export { previewValue };

export function parseError(opts: {
  payload: string;
  field: string;
  value: unknown;
  reason: string;
}): KalshiParseError {
  return makeParseError('kalshi_parse_error', opts);
}

export const describeKalshiParseError: (e: KalshiParseError) => string = describeParseError;

/** A lookup that could not be answered: the caller must not read it as "no such order". */
export class KalshiLookupError extends Error {
  override readonly name = 'KalshiLookupError';
}

/** A key that cannot be loaded, or a request that cannot be signed as asked. */
export class KalshiAuthError extends Error {
  override readonly name = 'KalshiAuthError';
}

export interface KalshiConfigIssue {
  /** The setting, e.g. 'keyId' or 'exchangeIndexByLeague.mlb'. */
  readonly field: string;
  readonly message: string;
}

/** Every problem with the adapter's settings at once, each naming its setting. */
export class KalshiConfigError extends Error {
  override readonly name = 'KalshiConfigError';
  constructor(readonly issues: readonly KalshiConfigIssue[]) {
    super(
      `invalid Kalshi settings:\n${issues.map((i) => `  ${i.field || '(root)'}: ${i.message}`).join('\n')}`,
    );
  }
}
