/**
 * Polymarket US numbers to integers and back. Prices and money come as Amount objects
 * `{value: "0.55", currency: "USD"}` (decimal strings, parsed straight to micro-dollars), or as
 * bare decimal strings; quantities as decimal strings ("1000", `lastShares`) or JSON numbers
 * (`quantity`, `cumQuantity`). Balances are JSON numbers per the docs: those go through their
 * shortest decimal text, so 12.34 is exactly 12340000.
 */
import { z } from 'zod';
import { type Centis, type Micros, parseContracts, parseDollars } from '../../core/money.js';

/** A JSON number as the decimal text it was written as ("1e-7" style is refused). */
function numberText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  const text = String(n);
  return /e/i.test(text) ? null : text;
}

function decimalText(input: unknown): string | null {
  if (typeof input === 'string') return input;
  if (typeof input === 'number') return numberText(input);
  return null;
}

/** A dollar amount (Amount object, decimal string or number) to micro-dollars; null when unreadable. */
export function amountToMicros(input: unknown): Micros | null {
  const raw =
    input !== null && typeof input === 'object' && 'value' in input
      ? decimalText((input as { value: unknown }).value)
      : decimalText(input);
  if (raw === null) return null;
  try {
    return parseDollars(raw);
  } catch {
    return null;
  }
}

/** A contract quantity (decimal string or number) to centi-contracts; null when unreadable. */
export function quantityToCentis(input: unknown): Centis | null {
  const raw = decimalText(input);
  if (raw === null) return null;
  try {
    return parseContracts(raw);
  } catch {
    return null;
  }
}

/** Micro-dollars as the venue's decimal string: 550000 → "0.55", 555000 → "0.555". */
export function microsToDecimal(m: Micros | number): string {
  const sign = m < 0 ? '-' : '';
  const abs = Math.abs(m);
  const whole = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

export function microsToAmount(m: Micros | number): { value: string; currency: 'USD' } {
  return { value: microsToDecimal(m), currency: 'USD' };
}

/** Centi-contracts as the JSON number `quantity` takes: 300 → 3, 250 → 2.5. */
export function centisToQuantity(c: Centis | number): number {
  return c / 100;
}

/** zod: a money field, to micro-dollars. */
export const zMicros = z.unknown().transform((v, ctx) => {
  const m = amountToMicros(v);
  if (m === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a dollar amount ({value:"0.55"} or "0.55")' });
    return z.NEVER;
  }
  return m;
});

/** zod: a quantity field, to centi-contracts. */
export const zCentis = z.unknown().transform((v, ctx) => {
  const c = quantityToCentis(v);
  if (c === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a contract quantity with at most 2 decimals' });
    return z.NEVER;
  }
  return c;
});
