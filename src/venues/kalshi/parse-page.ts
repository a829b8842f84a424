/** Paged list responses (`{ "<items>": [ … ], "cursor": "…" }`), parsed item by item. */
import { z } from 'zod';
import type { KalshiParseError, KalshiResult } from './errors.js';
import { runSchema, withFieldPrefix } from './parse-fields.js';

export interface KalshiPage<T> {
  readonly items: readonly T[];
  /** One error per item that could not be parsed; the others are still returned. */
  readonly errors: readonly KalshiParseError[];
  /** Empty or absent when this is the last page. */
  readonly cursor: string | null;
}

export function parseItems<T>(opts: {
  input: unknown;
  key: string;
  payload: string;
  parseItem: (item: unknown) => KalshiResult<T>;
}): KalshiResult<KalshiPage<T>> {
  const envelope = runSchema(
    z.object({ [opts.key]: z.array(z.unknown()).nullish(), cursor: z.string().nullish() }),
    opts.input,
    opts.payload,
  );
  if (!envelope.ok) return envelope;
  const raw = (envelope.value[opts.key] as unknown[] | null | undefined) ?? [];
  const items: T[] = [];
  const errors: KalshiParseError[] = [];
  raw.forEach((item, i) => {
    const r = withFieldPrefix(opts.parseItem(item), `${opts.key}[${i}]`);
    if (r.ok) items.push(r.value);
    else errors.push(r.error);
  });
  const cursor = envelope.value.cursor as string | null | undefined;
  return { ok: true, value: { items, errors, cursor: cursor ? cursor : null } };
}
