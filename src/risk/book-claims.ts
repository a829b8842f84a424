/**
 * What the orders risk has approved take from the book they were sized on. One book snapshot
 * can raise several signals at once (an edge entry on an instrument, and an arbitrage with that
 * instrument as a leg, both walking the same levels); whichever is approved first takes the
 * levels, and the venue will not have them for the next. A claim is kept against the snapshot
 * it was read from: a later snapshot of the book already shows what our orders took, so a claim
 * never outlives its snapshot. Claims are in the YES book (asks or bids, YES price), so a buy of
 * NO and a sale of YES, which both hit the YES bids, see each other's. Pure: no clock, no I/O.
 */
import type { Level } from '../core/events.js';
import type { EventId, InstrumentId } from '../core/ids.js';
import type { Action, ContractSide } from '../core/instruments.js';
import { type Centis, type Micros, ONE_DOLLAR } from '../core/money.js';

/** One leg as a signal carries it: the levels it may take, priced per contract of `side`. */
export interface BookLegRef {
  readonly instrumentId: InstrumentId;
  /** The snapshot the levels were read from; a leg without one is never matched. */
  readonly bookId?: EventId | undefined;
  readonly side: ContractSide;
  readonly action: Action;
  readonly levels: readonly Level[];
}

/** The YES-book level a taker of `side`/`action` meets at `price` (per contract of `side`). */
function yesLevelKey(side: ContractSide, action: Action, price: Micros): string {
  const takesAsks = (action === 'buy') === (side === 'yes');
  const yesPrice = side === 'yes' ? price : ONE_DOLLAR - price;
  return `${takesAsks ? 'ask' : 'bid'}:${yesPrice}`;
}

export class BookClaims {
  /** Per instrument, the one snapshot claims are held against and what was taken at each level. */
  private readonly byInstrument = new Map<InstrumentId, { bookId: EventId; taken: Map<string, number> }>();

  /** What is left of the leg's levels after the claims on the same snapshot, best first. */
  untaken(leg: BookLegRef): Level[] {
    const held = leg.bookId === undefined ? undefined : this.byInstrument.get(leg.instrumentId);
    if (!held || held.bookId !== leg.bookId) return [...leg.levels];
    const out: Level[] = [];
    for (const level of leg.levels) {
      const taken = held.taken.get(yesLevelKey(leg.side, leg.action, level.price)) ?? 0;
      const left = level.qty - taken;
      if (left > 0) out.push({ price: level.price, qty: left as Centis });
    }
    return out;
  }

  /** Records that an approved order of `qty` takes from the front of what is left of the levels. */
  claim(leg: BookLegRef, qty: Centis): void {
    if (leg.bookId === undefined || qty <= 0) return;
    const left = this.untaken(leg);
    let held = this.byInstrument.get(leg.instrumentId);
    if (!held || held.bookId !== leg.bookId) {
      held = { bookId: leg.bookId, taken: new Map() };
      this.byInstrument.set(leg.instrumentId, held);
    }
    let want = qty as number;
    for (const level of left) {
      if (want <= 0) break;
      const take = Math.min(want, level.qty);
      const key = yesLevelKey(leg.side, leg.action, level.price);
      held.taken.set(key, (held.taken.get(key) ?? 0) + take);
      want -= take;
    }
  }
}
