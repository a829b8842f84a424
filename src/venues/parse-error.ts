import type { z } from 'zod';
/**
 * The shape every venue adapter gives a payload it cannot parse: a value, never a throw, naming
 * the payload, the field and a bounded preview of what was there, so the caller can count it and
 * carry on.
 */

export interface VenueParseError<Kind extends string> {
  readonly kind: Kind;
  /** What was being parsed: 'market', 'orderbook', 'ws:price_change', ... */
  readonly payload: string;
  /** Path to the offending field, e.g. 'msg.price_dollars' or 'bids[3].price'; '' for the whole payload. */
  readonly field: string;
  /** A short preview of the value found there ('undefined' when missing). */
  readonly value: string;
  readonly reason: string;
}

export type VenueResult<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

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

export function makeParseError<Kind extends string>(
  kind: Kind,
  opts: { payload: string; field: string; value: unknown; reason: string },
): VenueParseError<Kind> {
  return {
    kind,
    payload: opts.payload,
    field: opts.field,
    value: previewValue(opts.value),
    reason: opts.reason,
  };
}

export function describeParseError(e: VenueParseError<string>): string {
  const where = e.field === '' ? e.payload : `${e.payload} ${e.field}`;
  return `${where}: ${e.reason} (got ${e.value})`;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * Runs a zod schema; its first issue becomes the adapter's parse error naming the field and the
 * value there. Never throws: anything unexpected inside a transform is reported on the whole payload.
 */
export function runSchemaWith<T, E>(opts: {
  schema: z.ZodType<T>;
  input: unknown;
  payload: string;
  error: (e: { payload: string; field: string; value: unknown; reason: string }) => E;
}): VenueResult<T, E> {
  const { schema, input, payload } = opts;
  try {
    const result = schema.safeParse(input);
    if (result.success) return { ok: true, value: result.data };
    const issue = result.error.issues[0];
    const path = issue?.path ?? [];
    const error = opts.error({
      payload,
      field: formatPath(path),
      value: valueAt(input, path),
      reason: issue?.message ?? 'invalid',
    });
    return { ok: false, error };
  } catch (thrown) {
    return {
      ok: false,
      error: opts.error({ payload, field: '', value: input, reason: `unexpected: ${String(thrown)}` }),
    };
  }
}
