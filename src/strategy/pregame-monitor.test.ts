import { describe, expect, it } from 'vitest';
import type { BookSnapshot } from '../core/events.js';
import { asEventId, asGameId, asInstrumentId } from '../core/ids.js';
import type { Centis, Micros } from '../core/money.js';
import { PregameMonitor } from './pregame-monitor.js';

const G = asGameId('G');
const book = (mid: number): BookSnapshot => ({
  type: 'BookSnapshot',
  id: asEventId('b'),
  ts: 0,
  instrumentId: asInstrumentId('kalshi:G'),
  venue: 'kalshi',
  bids: [{ price: (mid - 10_000) as Micros, qty: 100 as Centis }],
  asks: [{ price: (mid + 10_000) as Micros, qty: 100 as Centis }],
  venueTs: 0,
});

describe('pre-game monitor', () => {
  it('tells each 3-point move of the line once, then hands over at kick-off', () => {
    const m = new PregameMonitor(30_000);
    expect(m.onBook(G, book(550_000))).toBeNull(); // the opening line
    expect(m.onBook(G, book(570_000))).toBeNull();
    expect(m.onBook(G, book(585_000))).toMatchObject({
      kind: 'line_move',
      openPpm: 550_000,
      nowPpm: 585_000,
    });
    expect(m.onBook(G, book(590_000))).toBeNull(); // still within the first step
    expect(m.onBook(G, book(490_000))?.message).toBe('pre-game line moved -6.0%: opened 55.0%, now 49.0%');
    expect(m.kickOff(G)).toMatchObject([{ kind: 'handoff', openPpm: 550_000, nowPpm: 490_000 }]);
    expect(m.onBook(G, book(300_000))).toBeNull(); // live now: the live strategy's business
    expect(m.kickOff(G)).toEqual([]);
  });
});
