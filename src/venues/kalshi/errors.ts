/**
 * Errors of the Kalshi adapter. Parsing never throws: a malformed payload becomes a
 * KalshiParseError value naming the field and what was found there, so the caller can count
 * it and carry on. Auth and configuration mistakes are programming or setup errors, and throw.
 */

export interface KalshiParseError {
  readonly kind: 'kalshi_parse_error';
  /** What was being parsed: 'market', 'orderbook', 'ws:orderbook_delta', ... */
  readonly payload: string;
  /** Path to the offending field, e.g. 'msg.price_dollars' or 'trades[3].count_fp'; '' for the whole payload. */
  readonly field: string;
  /** A short preview of the value found there ('undefined' when missing). */
  readonly value: string;
  readonly reason: string;
}

export type KalshiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KalshiParseError };

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

export function parseError(opts: {
  payload: string;
  field: string;
  value: unknown;
  reason: string;
}): KalshiParseError {
  return {
    kind: 'kalshi_parse_error',
    payload: opts.payload,
    field: opts.field,
    value: previewValue(opts.value),
    reason: opts.reason,
  };
}

export function describeKalshiParseError(e: KalshiParseError): string {
  const where = e.field === '' ? e.payload : `${e.payload} ${e.field}`;
  return `${where}: ${e.reason} (got ${e.value})`;
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
