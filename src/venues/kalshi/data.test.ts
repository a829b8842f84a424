/**
 * The stream handler the WebSocket client runs every frame through: junk between good frames
 * (truncated frames, random text, well-formed JSON of no known shape) is counted, reported and
 * changes nothing; a seq gap asks for snapshots of exactly the stale books.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import { EventIdSequence } from '../../core/ids.js';
import { KalshiMarketStream } from './data.js';

const TICKER = 'KXNFLGAME-26OCT08TBDAL-DAL';
const OTHER = 'KXNFLGAME-26OCT08TBDAL-TB';

function stream() {
  const ids = new EventIdSequence('data-test');
  const commands: { cmd: string; params: Record<string, unknown> }[] = [];
  const parseErrors: string[] = [];
  const s = new KalshiMarketStream({
    ctx: { clock: new SimulatedClock(5), nextId: () => ids.next(), useYesPrice: false },
    sinks: { onBook: () => {}, onParseError: (e) => parseErrors.push(e.reason) },
    sendCommand: (cmd, params) => commands.push({ cmd, params }),
  });
  return { s, commands, parseErrors };
}

const snapshot = (sid: number, seq: number, ticker = TICKER) =>
  JSON.stringify({
    type: 'orderbook_snapshot',
    sid,
    seq,
    msg: {
      market_ticker: ticker,
      yes_dollars_fp: [['0.4000', '10.00']],
      no_dollars_fp: [['0.5500', '5.00']],
    },
  });
const delta = (sid: number, seq: number, price: string, change: string, side = 'yes', ticker = TICKER) =>
  JSON.stringify({
    type: 'orderbook_delta',
    sid,
    seq,
    msg: { market_ticker: ticker, price_dollars: price, delta_fp: change, side, ts_ms: 1_000 },
  });

const good = [
  JSON.stringify({ id: 1, type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } }),
  snapshot(1, 1),
  delta(1, 2, '0.4100', '3.00'),
  delta(1, 3, '0.4000', '-4.00'),
  delta(1, 4, '0.5500', '2.00', 'no'),
  delta(1, 5, '0.4100', '-3.00'),
  delta(1, 6, '0.5600', '1.50', 'no'),
];

/** Text that is not a message we know: a proper prefix of a frame, random text, or shapeless JSON. */
const junk = fc.oneof(
  fc.tuple(fc.constantFrom(...good), fc.nat()).map(([frame, n]) => frame.slice(0, n % frame.length)),
  fc.string(),
  fc.json().filter((j) => {
    const v = JSON.parse(j) as unknown;
    return (
      v === null ||
      typeof v !== 'object' ||
      Array.isArray(v) ||
      typeof (v as { type?: unknown }).type !== 'string'
    );
  }),
);

describe('KalshiMarketStream', () => {
  const reference = stream();
  for (const frame of good) reference.s.handleText(frame);
  const expected = reference.s.book(TICKER)?.levels();

  it('counts junk between good frames and ends with the same book', () => {
    expect(expected?.bids.map((l) => l.price)).toEqual([400_000]);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length), junk), { maxLength: 30 }), (insertions) => {
        const { s, commands, parseErrors } = stream();
        const frames: string[] = good.map((g) => g);
        for (const [at, text] of [...insertions].sort((a, b) => b[0] - a[0])) frames.splice(at, 0, text);
        for (const frame of frames) s.handleText(frame);
        expect(s.counters.messages).toBe(frames.length);
        expect(s.counters.malformed).toBe(insertions.length);
        expect(parseErrors).toHaveLength(insertions.length);
        expect(s.counters.gaps).toBe(0);
        expect(commands).toEqual([]);
        expect(s.book(TICKER)?.levels()).toEqual(expected);
      }),
      { numRuns: 300, seed: 20_261_122 },
    );
  });

  it('asks for snapshots of the stale books after a gap, drops their deltas, and recovers', () => {
    const { s, commands } = stream();
    s.handleText(snapshot(1, 1));
    s.handleText(snapshot(1, 2, OTHER));
    s.handleText(delta(1, 4, '0.4100', '3.00')); // seq 3 missed
    expect(s.counters.gaps).toBe(1);
    expect(s.book(TICKER)).toBeUndefined();
    expect(commands).toEqual([
      {
        cmd: 'update_subscription',
        params: { sids: [1], market_tickers: [OTHER, TICKER].sort(), action: 'get_snapshot' },
      },
    ]);
    s.handleText(delta(1, 5, '0.4100', '3.00'));
    expect(s.counters.droppedWhileStale).toBe(1);
    s.handleText(
      JSON.stringify({ id: 2, sid: 1, seq: 6, type: 'ok', msg: { market_tickers: [TICKER, OTHER] } }),
    );
    s.handleText(snapshot(1, 7));
    s.handleText(snapshot(1, 8, OTHER));
    s.handleText(delta(1, 9, '0.4100', '3.00'));
    expect(s.book(TICKER)?.bestBid()).toEqual({ price: 410_000, qty: 300 });
    expect(s.book(OTHER)?.bestBid()).toEqual({ price: 400_000, qty: 1_000 });
    expect(s.counters.resyncs).toBe(1);
  });
});
