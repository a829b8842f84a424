/**
 * Order books: `GET /markets/{ticker}/orderbook` (venues.md §2.4), and the conversion every
 * Kalshi book goes through. Kalshi lists bids only, each side ascending; the platform's books
 * are YES books, best level first.
 */
import { z } from 'zod';
import type { BookSnapshot, Level } from '../../core/events.js';
import { type Centis, MICROS_PER_DOLLAR, type Micros } from '../../core/money.js';
import type { KalshiResult } from './errors.js';
import {
  type KalshiParseContext,
  kalshiInstrumentId,
  levelTextField,
  readLevels,
  runSchema,
} from './parse-fields.js';

/** A YES book, best level first on each side. */
export interface YesBook {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

function bestFirst(levels: Level[], descending: boolean): Level[] {
  levels.sort((a, b) => (descending ? b.price - a.price : a.price - b.price));
  const merged: Level[] = [];
  for (const l of levels) {
    const last = merged[merged.length - 1];
    if (last && last.price === l.price)
      merged[merged.length - 1] = { price: l.price, qty: (last.qty + l.qty) as Centis };
    else merged.push(l);
  }
  return merged;
}

/**
 * Kalshi lists bids only: YES bids, and NO bids. A NO bid at q is a YES ask at 1 - q, unless the
 * levels are already at YES-leg prices (`use_yes_price`). Empty levels are dropped, duplicate
 * prices summed, and each side sorted best first whatever order the venue used.
 */
export function toYesBook(opts: {
  yesBids: readonly (readonly [Micros, Centis])[];
  noBids: readonly (readonly [Micros, Centis])[];
  noAtYesPrices: boolean;
}): YesBook {
  const bids: Level[] = [];
  for (const [price, qty] of opts.yesBids) if (qty > 0) bids.push({ price, qty });
  const asks: Level[] = [];
  for (const [price, qty] of opts.noBids) {
    if (qty > 0)
      asks.push({ price: (opts.noAtYesPrices ? price : MICROS_PER_DOLLAR - price) as Micros, qty });
  }
  return { bids: bestFirst(bids, true), asks: bestFirst(asks, false) };
}

const levelsField = z.array(levelTextField).nullish();
const orderbookSchema = z.object({
  orderbook_fp: z.object({ yes_dollars: levelsField, no_dollars: levelsField }),
});

/** `GET /markets/{ticker}/orderbook` as a BookSnapshot (REST books carry no time: stamped on receipt). */
export function parseKalshiOrderbook(
  opts: { readonly payload: unknown; readonly ticker: string },
  ctx: KalshiParseContext,
): KalshiResult<BookSnapshot> {
  const r = runSchema(orderbookSchema, opts.payload, 'orderbook');
  if (!r.ok) return r;
  const sides = r.value.orderbook_fp;
  const yesBids = readLevels(sides.yes_dollars ?? [], {
    field: 'orderbook_fp.yes_dollars',
    payload: 'orderbook',
  });
  if (!yesBids.ok) return yesBids;
  const noBids = readLevels(sides.no_dollars ?? [], {
    field: 'orderbook_fp.no_dollars',
    payload: 'orderbook',
  });
  if (!noBids.ok) return noBids;
  // use_yes_price is a WebSocket option; REST books quote NO at NO prices
  const book = toYesBook({ yesBids: yesBids.value, noBids: noBids.value, noAtYesPrices: false });
  const now = ctx.clock.now();
  return {
    ok: true,
    value: {
      type: 'BookSnapshot',
      id: ctx.nextId(),
      ts: now,
      instrumentId: (ctx.instrumentIdOf ?? kalshiInstrumentId)(opts.ticker),
      venue: 'kalshi',
      bids: book.bids,
      asks: book.asks,
      venueTs: now,
    },
  };
}
