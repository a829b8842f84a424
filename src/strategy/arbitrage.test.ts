import { describe, expect, it } from 'vitest';
import type { BookSnapshot, Level } from '../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../core/fees.js';
import { asEventId, asGameId, asInstrumentId, asOutcomeId } from '../core/ids.js';
import type { OutcomeKind, SettlementTerms, VenueInstrument, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { evaluateArbitrage } from './arbitrage.js';

const terms: SettlementTerms = {
  includesOvertime: true,
  drawPossible: false,
  postponement: 'follows_rescheduled_game',
};
const instrument = (
  venue: VenueName,
  outcome: OutcomeKind = 'home_win',
  settlement = terms,
): VenueInstrument => ({
  instrumentId: asInstrumentId(`${venue}:G-${outcome}`),
  venue,
  symbol: 'x',
  gameId: asGameId('G'),
  outcomeId: asOutcomeId(`G/${outcome}`),
  outcome,
  tickSize: 10_000 as Micros,
  fees: venue === 'kalshi' ? KALSHI_SPORTS_FEES : POLYMARKET_SPORTS_FEES,
  settlement,
  simulated: true,
});
const lv = (price: number, qty: number): Level => ({ price: price as Micros, qty: qty as Centis });
const book = (bids: Level[], asks: Level[]): BookSnapshot => ({
  type: 'BookSnapshot',
  id: asEventId('b'),
  ts: 0,
  instrumentId: asInstrumentId('x'),
  venue: 'kalshi',
  bids,
  asks,
  venueTs: 0,
});

describe('cross-venue arbitrage', () => {
  it('buys YES on the cheap venue and NO on the dear one when the pair costs < $1 after both fees', () => {
    // Kalshi YES ask 0.45; Polymarket YES bid 0.52 -> NO at 0.48. Pair 0.93 + fees 0.0174 + 0.0075 = 0.9549
    const r = evaluateArbitrage({
      a: {
        instrument: instrument('kalshi'),
        book: book([lv(440_000, 5_000)], [lv(450_000, 3_000), lv(460_000, 4_000)]),
      },
      b: {
        instrument: instrument('polymarket'),
        book: book([lv(520_000, 2_000), lv(510_000, 6_000)], [lv(530_000, 1_000)]),
      },
      minEdgePpm: 10_000,
    });
    expect(r.kind).toBe('arbitrage');
    if (r.kind !== 'arbitrage') return;
    expect(r.legs.map((l) => [l.instrument.venue, l.side, l.price])).toEqual([
      ['kalshi', 'yes', 450_000],
      ['polymarket', 'no', 480_000],
    ]);
    // Fees per contract as the venues charge 100: Kalshi $1.7325 -> $1.74, Polymarket $0.7488.
    expect(r.edge).toBe(1_000_000 - 450_000 - 17_400 - 480_000 - 7_488);
    // Walks both books: 0.45+0.48, 0.45+0.49 (1,000), 0.46+0.49 ... while each pair clears 1 %
    expect(r.qty).toBe(7_000);
    // Each leg carries the levels the walk reached with their whole resting size (NO at 0.49
    // has 6,000 though the pairs take 5,000 of it), so risk can see what is left after an
    // order from the same book took some.
    expect(r.legs[0].levels).toEqual([lv(450_000, 3_000), lv(460_000, 4_000)]);
    expect(r.legs[1].levels).toEqual([lv(480_000, 2_000), lv(490_000, 6_000)]);
  });

  it('pairs YES with YES for complementary outcomes of a game that cannot be drawn', () => {
    const r = evaluateArbitrage({
      a: { instrument: instrument('kalshi', 'home_win'), book: book([], [lv(450_000, 1_000)]) },
      b: { instrument: instrument('polymarket', 'away_win'), book: book([], [lv(480_000, 1_000)]) },
      minEdgePpm: 10_000,
    });
    expect(r).toMatchObject({ kind: 'arbitrage', qty: 1_000 });
  });

  it('refuses pairs whose settlement terms differ, or that could both lose', () => {
    const cheap = book([lv(520_000, 1_000)], [lv(450_000, 1_000)]);
    expect(
      evaluateArbitrage({
        a: { instrument: instrument('kalshi'), book: cheap },
        b: {
          instrument: instrument('polymarket', 'home_win', { ...terms, includesOvertime: false }),
          book: cheap,
        },
        minEdgePpm: 0,
      }),
    ).toEqual({ kind: 'none', reason: 'NOT_ELIGIBLE' });
    expect(
      evaluateArbitrage({
        a: { instrument: instrument('kalshi', 'home_win', { ...terms, drawPossible: true }), book: cheap },
        b: {
          instrument: instrument('polymarket', 'away_win', { ...terms, drawPossible: true }),
          book: cheap,
        },
        minEdgePpm: 0,
      }),
    ).toEqual({ kind: 'none', reason: 'NOT_ELIGIBLE' });
  });

  it('finds nothing when fees eat the gap', () => {
    const r = evaluateArbitrage({
      a: { instrument: instrument('kalshi'), book: book([lv(480_000, 1_000)], [lv(490_000, 1_000)]) },
      b: { instrument: instrument('polymarket'), book: book([lv(500_000, 1_000)], [lv(510_000, 1_000)]) },
      minEdgePpm: 0,
    });
    expect(r).toEqual({ kind: 'none', reason: 'NO_EDGE' });
  });
});
