/**
 * Settlement terms read from real rules, in the strategy: the edge shard prices only what its
 * models can, and arbitrage pairs only instruments whose terms agree on everything that decides
 * the payout (tie, postponement window, unplayed game). Terms as market discovery reads them from
 * the real Kalshi NFL rules and Polymarket's NFL description (src/venues/matching/rules.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { BookSnapshot, Level } from '../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../core/fees.js';
import { asEventId, asGameId, asInstrumentId, asOutcomeId } from '../core/ids.js';
import type { OutcomeKind, SettlementTerms, VenueInstrument, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { evaluateArbitrage, sameSettlement } from './arbitrage.js';
import { unsupportedSettlement } from './edge-shard.js';

const KALSHI_NFL: SettlementTerms = {
  includesOvertime: true,
  drawPossible: true,
  drawPayout: 'half',
  postponement: 'follows_rescheduled_game',
  postponementWindowHours: 48,
  unplayedPayout: 'fair_price',
};
const POLYMARKET_NFL: SettlementTerms = {
  includesOvertime: true,
  drawPossible: true,
  drawPayout: 'half',
  postponement: 'follows_rescheduled_game',
  postponementWindowHours: null,
  unplayedPayout: 'half',
};
const SOCCER_TEAM: SettlementTerms = {
  includesOvertime: false,
  drawPossible: true,
  drawPayout: 'none',
  postponement: 'follows_rescheduled_game',
  postponementWindowHours: null,
  unplayedPayout: 'none',
};

const instrument = (
  venue: VenueName,
  outcome: OutcomeKind,
  settlement: SettlementTerms,
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
  simulated: false,
});
const lv = (price: number, qty: number): Level => ({ price: price as Micros, qty: qty as Centis });
const asks = (price: number): BookSnapshot => ({
  type: 'BookSnapshot',
  id: asEventId('b'),
  ts: 0,
  instrumentId: asInstrumentId('x'),
  venue: 'kalshi',
  bids: [lv(price - 10_000, 1_000)],
  asks: [lv(price, 1_000)],
  venueTs: 0,
});

describe('the edge shard and settlement terms read from rules', () => {
  it('prices an NFL team market paying half on a tie; refuses a soccer one, and draw payouts that contradict the outcome', () => {
    expect(unsupportedSettlement('nfl', instrument('kalshi', 'home_win', KALSHI_NFL))).toBeNull();
    expect(unsupportedSettlement('nfl', instrument('polymarket', 'away_win', POLYMARKET_NFL))).toBeNull();
    expect(unsupportedSettlement('soccer', instrument('kalshi', 'home_win', SOCCER_TEAM))).toBeNull();
    expect(
      unsupportedSettlement('soccer', instrument('kalshi', 'draw', { ...SOCCER_TEAM, drawPayout: 'full' })),
    ).toBeNull();
    expect(
      unsupportedSettlement(
        'soccer',
        instrument('kalshi', 'home_win', { ...SOCCER_TEAM, drawPayout: 'half' }),
      ),
    ).toMatch(/pays half on a draw/);
    expect(unsupportedSettlement('soccer', instrument('kalshi', 'draw', SOCCER_TEAM))).toMatch(
      /draw market whose terms pay none/,
    );
    expect(
      unsupportedSettlement('nba', instrument('kalshi', 'home_win', { ...KALSHI_NFL, drawPayout: 'full' })),
    ).toMatch(/pay in full on a draw/);
  });
});

describe('arbitrage and settlement terms read from rules', () => {
  it('does not pair Kalshi NFL (48 h, else a fair price) with Polymarket NFL (until completed, else 50-50)', () => {
    const k = instrument('kalshi', 'home_win', KALSHI_NFL);
    const p = instrument('polymarket', 'home_win', POLYMARKET_NFL);
    expect(sameSettlement(k, p)).toBe(false);
    // Even at prices that would be a sure profit if the terms agreed.
    expect(
      evaluateArbitrage({
        a: { instrument: k, book: asks(300_000) },
        b: { instrument: p, book: asks(990_000) },
        minEdgePpm: 0,
      }),
    ).toEqual({
      kind: 'none',
      reason: 'NOT_ELIGIBLE',
    });
  });

  it('pairs home and away YES when both pay half on a tie; not when a tie pays nothing', () => {
    const aligned = { ...KALSHI_NFL, postponementWindowHours: null, unplayedPayout: 'half' } as const;
    const r = evaluateArbitrage({
      a: { instrument: instrument('kalshi', 'home_win', aligned), book: asks(450_000) },
      b: { instrument: instrument('polymarket', 'away_win', POLYMARKET_NFL), book: asks(480_000) },
      minEdgePpm: 10_000,
    });
    expect(r).toMatchObject({ kind: 'arbitrage', qty: 1_000 });
    const tiePaysNothing = { ...POLYMARKET_NFL, drawPayout: 'none' } as const;
    expect(
      evaluateArbitrage({
        a: { instrument: instrument('kalshi', 'home_win', tiePaysNothing), book: asks(450_000) },
        b: { instrument: instrument('polymarket', 'away_win', tiePaysNothing), book: asks(480_000) },
        minEdgePpm: 10_000,
      }),
    ).toEqual({ kind: 'none', reason: 'NOT_ELIGIBLE' });
  });

  it("treats terms left out as their defaults: the simulators' instruments pair as before", () => {
    const old: SettlementTerms = {
      includesOvertime: true,
      drawPossible: false,
      postponement: 'follows_rescheduled_game',
    };
    expect(
      sameSettlement(instrument('kalshi', 'home_win', old), instrument('polymarket', 'home_win', old)),
    ).toBe(true);
    expect(
      sameSettlement(
        instrument('kalshi', 'home_win', old),
        instrument('polymarket', 'home_win', { ...old, drawPayout: 'none' }),
      ),
    ).toBe(true);
    expect(
      sameSettlement(
        instrument('kalshi', 'home_win', old),
        instrument('polymarket', 'home_win', { ...old, unplayedPayout: 'half' }),
      ),
    ).toBe(false);
  });
});
