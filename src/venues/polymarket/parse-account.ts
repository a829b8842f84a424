/**
 * Account payloads of the CLOB (venues.md §3.3): `/balance-allowance` and the paginated
 * `{data, next_cursor}` lists of `/data/orders` and `/data/trades`. Pure: no Node API; never
 * throws.
 */
import { z } from 'zod';
import type { PolymarketResult } from './errors.js';
import { runSchema } from './parse-fields.js';

/** The cursor that ends a listing. */
export const END_CURSOR = 'LTE=';
export const START_CURSOR = 'MA==';

const balanceSchema = z.object({
  balance: z.union([z.string().regex(/^\d{1,20}$/, 'not whole base units'), z.number().int().nonnegative()]),
});

/** A balance in 6-decimal base units: micro-dollars for pUSD, micro-shares for a token. */
export function parseBalance(input: unknown): PolymarketResult<number> {
  const r = runSchema(balanceSchema, input, 'balance-allowance');
  if (!r.ok) return r;
  return { ok: true, value: Number(r.value.balance) };
}

const pageSchema = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().nullish(),
});

export interface Page {
  readonly items: readonly unknown[];
  /** null at the end. */
  readonly cursor: string | null;
}

export function parsePage(input: unknown, payload: string): PolymarketResult<Page> {
  const r = runSchema(pageSchema, input, payload);
  if (!r.ok) return r;
  const next = r.value.next_cursor ?? null;
  return {
    ok: true,
    value: { items: r.value.data, cursor: next === null || next === END_CURSOR || next === '' ? null : next },
  };
}
