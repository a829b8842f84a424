/**
 * Errors of the Polymarket adapter. Parsing never throws: a malformed payload becomes a
 * PolymarketParseError value naming the field and what was found there. Signing, amount and
 * configuration mistakes are programming or setup errors, and throw.
 */

export interface PolymarketParseError {
  readonly kind: 'polymarket_parse_error';
  /** What was being parsed: 'book', 'gamma:market', 'ws:price_change', ... */
  readonly payload: string;
  /** Path to the offending field, e.g. 'bids[3].price'; '' for the whole payload. */
  readonly field: string;
  /** A short preview of the value found there ('undefined' when missing). */
  readonly value: string;
  readonly reason: string;
}

export type PolymarketResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: PolymarketParseError };

const PREVIEW_CHARS = 60;

/** A bounded, printable preview, so an error never holds on to a large payload. */
export function previewValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || value === null) text = String(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (Array.isArray(value)) text = `array(${value.length})`;
  else if (typeof value === 'object') text = `object{${Object.keys(value).slice(0, 5).join(',')}}`;
  else text = typeof value;
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

export function polymarketParseError(opts: {
  payload: string;
  field: string;
  value: unknown;
  reason: string;
}): PolymarketParseError {
  return {
    kind: 'polymarket_parse_error',
    payload: opts.payload,
    field: opts.field,
    value: previewValue(opts.value),
    reason: opts.reason,
  };
}

export function describePolymarketParseError(e: PolymarketParseError): string {
  const where = e.field === '' ? e.payload : `${e.payload} ${e.field}`;
  return `${where}: ${e.reason} (got ${e.value})`;
}

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
