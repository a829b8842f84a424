/** What the gateway publishes when, without a venue: changes, confirmed refreshes, silence. */
import { describe, expect, it } from 'vitest';
import type { BookSnapshot, Trade } from '../../core/events.js';
import { asEventId, asInstrumentId, EventIdSequence } from '../../core/ids.js';
import type { Centis, Micros } from '../../core/money.js';
import { BookPublisher, type PublisherView } from './book-publisher.js';
import type { BookLevels } from './feed.js';

const LEVELS: BookLevels = {
  bids: [{ price: 400_000 as Micros, qty: 100 as Centis }],
  asks: [{ price: 450_000 as Micros, qty: 100 as Centis }],
};

/** A view where every book is in sync and its connection was confirmed at `confirmed`. */
const view = (confirmed: number | null, levels: BookLevels | null = LEVELS): PublisherView => ({
  levels: () => levels,
  confirmedAt: () => confirmed,
});

function publisher() {
  const ids = new EventIdSequence('gw');
  const p = new BookPublisher({ venue: 'kalshi', refreshMs: 5_000, nextId: () => ids.next() });
  p.track(asInstrumentId('kalshi:B'), 'B');
  p.track(asInstrumentId('kalshi:A'), 'A');
  return p;
}
const stamps = (events: ReturnType<BookPublisher['due']>) =>
  events.map((e) => (e.type === 'BookSnapshot' ? `${e.instrumentId}@${e.venueTs}` : e.type));

describe('BookPublisher', () => {
  it('publishes a changed book once (however many changes), at now, in instrument order', () => {
    const p = publisher();
    p.markChanged('B');
    p.markChanged('B');
    p.markChanged('A');
    expect(stamps(p.due(1_000, view(1_000)))).toEqual(['kalshi:A@1000', 'kalshi:B@1000']);
    expect(p.due(1_000, view(1_000))).toEqual([]);
    expect(p.counts).toMatchObject({ changes: 2, refreshes: 0 });
  });

  it('re-publishes a quiet book at the confirmation time once refreshMs has passed since the last', () => {
    const p = publisher();
    p.markChanged('A');
    p.markChanged('B');
    p.due(1_000, view(1_000));
    expect(p.due(7_000, view(5_999))).toEqual([]); // confirmed only 4,999 ms after
    expect(stamps(p.due(7_000, view(6_000)))).toEqual(['kalshi:A@6000', 'kalshi:B@6000']);
    expect(p.ages(9_000).map((a) => a.ageMs)).toEqual([3_000, 3_000]);
  });

  it('publishes nothing for a book not confirmed (connection closed or silent) or out of sync', () => {
    const p = publisher();
    p.markChanged('A');
    expect(p.due(1_000, view(null))).toEqual([]); // connection closed: the change is dropped too
    p.markChanged('A');
    expect(p.due(1_000, view(1_000, null))).toEqual([]); // waiting for its snapshot
    expect(p.ages(60_000).map((a) => a.ageMs)).toEqual([null, null]);
    // The fresh snapshot marks it changed again, and it is published then.
    p.markChanged('A');
    expect(stamps(p.due(2_000, view(2_000)))).toEqual(['kalshi:A@2000', 'kalshi:B@2000']);
  });

  it('publishes trades first, restamped, and forgets an instrument no longer tracked', () => {
    const p = publisher();
    const trade: Trade = {
      type: 'Trade',
      id: asEventId('client-internal:7'),
      ts: 1,
      instrumentId: asInstrumentId('kalshi:A'),
      venue: 'kalshi',
      price: 440_000 as Micros,
      qty: 100 as Centis,
      takerSide: 'yes',
      venueTs: 900,
    };
    p.queueTrade('A', trade);
    p.queueTrade('Z', trade); // not tracked
    p.markChanged('A');
    const out = p.due(1_000, view(1_000));
    expect(out.map((e) => e.type)).toEqual(['Trade', 'BookSnapshot', 'BookSnapshot']);
    expect(out[0]).toMatchObject({ id: 'gw:1', ts: 1_000, venueTs: 900, price: 440_000 });
    expect(p.untrack(asInstrumentId('kalshi:A'))).toBe('A');
    expect(p.untrack(asInstrumentId('kalshi:A'))).toBeNull();
    p.markChanged('A');
    expect((p.due(2_000, view(2_000)) as BookSnapshot[]).map((b) => b.instrumentId)).toEqual([]);
    expect(p.size).toBe(1);
  });
});
