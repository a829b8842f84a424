/**
 * Errors of the Polymarket US adapter. Parsing never throws: a malformed payload becomes a
 * PmusParseError value naming the field and what was there, so the caller counts it and carries
 * on. Keys that cannot be loaded and lookups that cannot be answered throw.
 */
import {
  describeParseError,
  makeParseError,
  type VenueParseError,
  type VenueResult,
} from '../parse-error.js';

export type PmusParseError = VenueParseError<'polymarket_us_parse_error'>;
export type PmusResult<T> = VenueResult<T, PmusParseError>;

export function pmusParseError(opts: {
  payload: string;
  field: string;
  value: unknown;
  reason: string;
}): PmusParseError {
  return makeParseError('polymarket_us_parse_error', opts);
}

export const describePmusParseError: (e: PmusParseError) => string = describeParseError;

/** A secret key that cannot be loaded, or a request that cannot be signed as asked. */
export class PmusAuthError extends Error {
  override readonly name = 'PmusAuthError';
}

/** A lookup that could not be answered: the caller must not read it as "no such order". */
export class PmusLookupError extends Error {
  override readonly name = 'PmusLookupError';
}
