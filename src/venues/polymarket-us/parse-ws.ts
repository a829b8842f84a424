/**
 * Polymarket US WebSocket frames (polymarket-us.md §7) to typed values. The markets channel
 * sends full books (`marketData`), trades (`trade`, whose quantity is an Amount), heartbeats
 * and errors. The docs' overview shows snake_case keys while the channel pages and the SDK use
 * camelCase (a protobuf-JSON gateway), so both are read, keyed on the payload field present.
 * Never throws: a malformed frame is a PmusParseError naming the field.
 */
import { z } from 'zod';
import type { Level } from '../../core/events.js';
import type { Centis, Micros } from '../../core/money.js';
import { runSchemaWith } from '../parse-error.js';
import { amountToMicros, quantityToCentis, zCentis, zMicros } from './amounts.js';
import { type PmusResult, pmusParseError } from './errors.js';

export interface PmusBook {
  readonly slug: string;
  /** Best (highest) first. */
  readonly bids: readonly Level[];
  /** Best (lowest) first. */
  readonly asks: readonly Level[];
  readonly state: string | null;
  readonly venueTs: number | null;
}

export interface PmusWsTrade {
  readonly slug: string;
  readonly price: Micros;
  readonly qty: Centis;
  /** Whether the taker bought YES (BUY_LONG or SELL_SHORT). */
  readonly takerBoughtYes: boolean | null;
  readonly venueTs: number | null;
}

export type PmusWsFrame =
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'error'; readonly requestId: string | null; readonly message: string }
  | { readonly kind: 'book'; readonly requestId: string | null; readonly book: PmusBook }
  | { readonly kind: 'trade'; readonly requestId: string | null; readonly trade: PmusWsTrade }
  /** A payload this client does not use (lite market data, private channel). */
  | { readonly kind: 'other'; readonly key: string };

const zTime = z
  .string()
  .optional()
  .transform((s) => (s === undefined || !Number.isFinite(Date.parse(s)) ? null : Date.parse(s)));

const zLevel = z.object({ px: zMicros, qty: zCentis });
const zBook = z.object({
  marketSlug: z.string().min(1),
  bids: z.array(zLevel).default([]),
  offers: z.array(zLevel).default([]),
  state: z.string().optional(),
  transactTime: zTime,
});
const zSide = z.object({ intent: z.string().optional(), side: z.string().optional() }).optional();
const zTrade = z.object({
  marketSlug: z.string().min(1),
  price: zMicros,
  quantity: z.unknown().transform((v, ctx) => {
    // An Amount in the docs ({value: "10"}), a plain number or string elsewhere.
    const inner = v !== null && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
    const parsed = zCentis.safeParse(inner);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'expected a contract quantity' });
      return z.NEVER;
    }
    return parsed.data;
  }),
  tradeTime: zTime,
  taker: zSide,
});

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** snake_case keys to camelCase, deeply (only objects; arrays of objects too). */
function camelize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelize);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) out[camel(k)] = camelize(val);
  return out;
}

export function parsePmusWsText(text: string): PmusResult<PmusWsFrame> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: pmusParseError({ payload: 'ws', field: '', value: text, reason: 'not JSON' }),
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return {
      ok: false,
      error: pmusParseError({ payload: 'ws', field: '', value: raw, reason: 'expected an object' }),
    };
  // Camel-case frames (what the channel pages and the SDK show) skip the key rewrite.
  const top = raw as Record<string, unknown>;
  const msg = ('marketData' in top || 'trade' in top || 'heartbeat' in top ? top : camelize(raw)) as Record<
    string,
    unknown
  >;
  const requestId = typeof msg.requestId === 'string' ? msg.requestId : null;
  if ('heartbeat' in msg) return { ok: true, value: { kind: 'heartbeat' } };
  if ('error' in msg) return { ok: true, value: { kind: 'error', requestId, message: String(msg.error) } };
  if ('marketData' in msg) {
    const fast = fastBook(msg.marketData);
    if (fast) return { ok: true, value: { kind: 'book', requestId, book: fast } };
    const r = runSchemaWith({
      schema: zBook,
      input: msg.marketData,
      payload: 'ws:marketData',
      error: pmusParseError,
    });
    if (!r.ok) return r;
    const b = r.value;
    const level = (l: { px: Micros; qty: Centis }): Level => ({ price: l.px, qty: l.qty });
    return {
      ok: true,
      value: {
        kind: 'book',
        requestId,
        book: {
          slug: b.marketSlug,
          // Sorted here as well: the order is documented, not guaranteed by a schema.
          bids: b.bids.map(level).sort((x, y) => y.price - x.price),
          asks: b.offers.map(level).sort((x, y) => x.price - y.price),
          state: b.state ?? null,
          venueTs: b.transactTime,
        },
      },
    };
  }
  if ('trade' in msg) {
    const r = runSchemaWith({ schema: zTrade, input: msg.trade, payload: 'ws:trade', error: pmusParseError });
    if (!r.ok) return r;
    const t = r.value;
    const intent = t.taker?.intent;
    return {
      ok: true,
      value: {
        kind: 'trade',
        requestId,
        trade: {
          slug: t.marketSlug,
          price: t.price,
          qty: t.quantity,
          takerBoughtYes:
            intent === undefined
              ? null
              : intent === 'ORDER_INTENT_BUY_LONG' || intent === 'ORDER_INTENT_SELL_SHORT',
          venueTs: t.tradeTime,
        },
      },
    };
  }
  const key = Object.keys(msg).find((k) => k !== 'requestId' && k !== 'subscriptionType') ?? '';
  return { ok: true, value: { kind: 'other', key } };
}

/**
 * The common case without zod: a well-formed book read straight to integers. Anything unusual
 * returns null, and the schema path reads it again and names what was wrong.
 */
function fastBook(input: unknown): PmusBook | null {
  if (input === null || typeof input !== 'object') return null;
  const b = input as Record<string, unknown>;
  if (typeof b.marketSlug !== 'string' || b.marketSlug === '') return null;
  const bids = fastLevels(b.bids);
  const asks = fastLevels(b.offers);
  if (bids === null || asks === null) return null;
  let venueTs: number | null = null;
  if (b.transactTime !== undefined) {
    if (typeof b.transactTime !== 'string') return null;
    const t = Date.parse(b.transactTime);
    venueTs = Number.isFinite(t) ? t : null;
  }
  if (b.state !== undefined && typeof b.state !== 'string') return null;
  return {
    slug: b.marketSlug,
    bids: bids.sort((x, y) => y.price - x.price),
    asks: asks.sort((x, y) => x.price - y.price),
    state: (b.state as string | undefined) ?? null,
    venueTs,
  };
}

function fastLevels(input: unknown): Level[] | null {
  if (input === undefined) return [];
  if (!Array.isArray(input)) return null;
  const out: Level[] = [];
  for (const l of input) {
    if (l === null || typeof l !== 'object') return null;
    const price = amountToMicros((l as { px?: unknown }).px);
    const qty = quantityToCentis((l as { qty?: unknown }).qty);
    if (price === null || qty === null) return null;
    out.push({ price, qty });
  }
  return out;
}
