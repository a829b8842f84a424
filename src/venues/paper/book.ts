/**
 * The book the paper venue matches against, per instrument: the last snapshot from `md`, moved
 * on by the deltas that followed it, less what the paper venue's own fills took. Pure.
 *
 * Liquidity our paper orders take stays taken until the next snapshot: the real venue never saw
 * those orders, so its deltas keep describing the other participants, and a fresh snapshot is
 * the first moment the paper venue learns the real book again.
 */
import type { BookDelta, BookSnapshot, Level } from '../../core/events.js';
import type { Action, ContractSide } from '../../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../../core/money.js';
import type { BookSides } from '../../execution/matching.js';

export interface HeldBook extends BookSides {
  /** When the venue stamped the newest snapshot or delta in it, epoch ms. */
  readonly venueTs: number;
}

export function bookFromSnapshot(snapshot: BookSnapshot): HeldBook {
  return { bids: snapshot.bids, asks: snapshot.asks, venueTs: snapshot.venueTs };
}

/**
 * The book after one delta: the level at the delta's price gains (or loses) the delta's size; a
 * level left with nothing is removed, a new price is inserted in order (bids highest first, asks
 * lowest first). A delta older than the book changes nothing (it was already in the snapshot).
 */
export function applyBookDelta(book: HeldBook, delta: BookDelta): HeldBook {
  if (delta.venueTs < book.venueTs) return book;
  const levels = delta.side === 'bid' ? book.bids : book.asks;
  const better = (a: number, b: number) => (delta.side === 'bid' ? a > b : a < b);
  const out: Level[] = [];
  let placed = false;
  for (const level of levels) {
    if (!placed && level.price === delta.price) {
      placed = true;
      const qty = level.qty + delta.delta;
      if (qty > 0) out.push({ price: level.price, qty: qty as Centis });
      continue;
    }
    if (!placed && better(delta.price, level.price)) {
      placed = true;
      if (delta.delta > 0) out.push({ price: delta.price, qty: delta.delta });
    }
    out.push(level);
  }
  if (!placed && delta.delta > 0) out.push({ price: delta.price, qty: delta.delta });
  const sides = delta.side === 'bid' ? { bids: out, asks: book.asks } : { bids: book.bids, asks: out };
  return { ...sides, venueTs: delta.venueTs };
}

/** Whether an order at `limitPrice` would trade with anything on the book (it is marketable). */
export function crosses(
  book: BookSides,
  order: { readonly side: ContractSide; readonly action: Action; readonly limitPrice: Micros },
): boolean {
  const takesAsks = (order.action === 'buy') === (order.side === 'yes');
  const best = takesAsks ? book.asks[0] : book.bids[0];
  if (!best) return false;
  const price = order.side === 'yes' ? best.price : ONE_DOLLAR - best.price;
  return order.action === 'buy' ? price <= order.limitPrice : price >= order.limitPrice;
}
