/**
 * ARB_ACCEPT_POSTPONEMENT_RISK: strict by default (Kalshi NFL and Polymarket NFL, whose rules
 * differ only on a postponed or cancelled game, never pair); when set, such a pair is traded and
 * the signal records the differences it accepted; overtime, draw and tie-payout differences are
 * never accepted. Terms as discovery reads them from the real rules (settlement-terms.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { BookSnapshot, GameScheduled, Level } from '../core/events.js';
import { KALSHI_SPORTS_FEES, POLYMARKET_SPORTS_FEES } from '../core/fees.js';
import type { BasketballGameState } from '../core/game-state.js';
import { asEventId, asGameId, asInstrumentId, asOutcomeId } from '../core/ids.js';
import type { OutcomeKind, SettlementTerms, VenueInstrument, VenueName } from '../core/instruments.js';
import type { Centis, Micros } from '../core/money.js';
import { createWinProbabilityModels } from '../sports/models.js';
import { evaluateArbitrage, pairingTerms, type SettlementPolicy } from './arbitrage.js';
import { EdgeShard } from './edge-shard.js';

const KALSHI_NBA: SettlementTerms = {
  includesOvertime: true,
  drawPossible: false,
  postponement: 'follows_rescheduled_game',
  postponementWindowHours: 48,
  unplayedPayout: 'fair_price',
};
const POLYMARKET_NBA: SettlementTerms = {
  includesOvertime: true,
  drawPossible: false,
  postponement: 'follows_rescheduled_game',
  postponementWindowHours: null,
  unplayedPayout: 'half',
};
const G = asGameId('nba-1');
const instrument = (
  venue: VenueName,
  outcome: OutcomeKind,
  settlement: SettlementTerms,
): VenueInstrument => ({
  instrumentId: asInstrumentId(`${venue}:nba-1-${outcome}`),
  venue,
  symbol: `${venue}-${outcome}`,
  gameId: G,
  outcomeId: asOutcomeId(`nba-1/${outcome}`),
  outcome,
  tickSize: 10_000 as Micros,
  fees: venue === 'kalshi' ? KALSHI_SPORTS_FEES : POLYMARKET_SPORTS_FEES,
  settlement,
  simulated: false,
});
const lv = (price: number, qty: number): Level => ({ price: price as Micros, qty: qty as Centis });
const book = (i: VenueInstrument, bid: number, ask: number, ts = 0): BookSnapshot => ({
  type: 'BookSnapshot',
  id: asEventId(`book-${i.instrumentId}-${ts}`),
  ts,
  instrumentId: i.instrumentId,
  venue: i.venue,
  bids: [lv(bid, 1_000)],
  asks: [lv(ask, 1_000)],
  venueTs: ts,
});

const kalshi = instrument('kalshi', 'home_win', KALSHI_NBA);
const poly = instrument('polymarket', 'home_win', POLYMARKET_NBA);
// Kalshi YES at 0.45, Polymarket YES bid 0.52 (its NO at 0.48): the pair costs ~0.955 after fees.
const quotes = () => ({
  a: { instrument: kalshi, book: book(kalshi, 440_000, 450_000) },
  b: { instrument: poly, book: book(poly, 520_000, 530_000) },
});

describe('arbitrage settlement policy', () => {
  it('strict (the default): terms that differ on postponement are not eligible', () => {
    expect(evaluateArbitrage({ ...quotes(), minEdgePpm: 10_000 })).toEqual({
      kind: 'none',
      reason: 'NOT_ELIGIBLE',
    });
    expect(evaluateArbitrage({ ...quotes(), minEdgePpm: 10_000, policy: 'strict' })).toEqual({
      kind: 'none',
      reason: 'NOT_ELIGIBLE',
    });
  });

  it('accept_postponement_risk pairs them and names the terms it accepted', () => {
    const r = evaluateArbitrage({ ...quotes(), minEdgePpm: 10_000, policy: 'accept_postponement_risk' });
    expect(r).toMatchObject({
      kind: 'arbitrage',
      acceptedDifferences: ['postponementWindowHours', 'unplayedPayout'],
    });
    if (r.kind !== 'arbitrage') return;
    expect(r.legs.map((l) => [l.instrument.venue, l.side, l.price])).toEqual([
      ['kalshi', 'yes', 450_000],
      ['polymarket', 'no', 480_000],
    ]);
    // Terms alike: nothing accepted.
    const alike = evaluateArbitrage({
      a: quotes().a,
      b: { instrument: { ...poly, settlement: KALSHI_NBA }, book: quotes().b.book },
      minEdgePpm: 10_000,
      policy: 'accept_postponement_risk',
    });
    expect(alike).toMatchObject({ kind: 'arbitrage', acceptedDifferences: [] });
  });

  it('never accepts a difference in overtime, draws or what a tie pays, even beside a postponement one', () => {
    const policy: SettlementPolicy = 'accept_postponement_risk';
    for (const other of [
      { ...POLYMARKET_NBA, includesOvertime: false },
      { ...POLYMARKET_NBA, drawPossible: true },
      { ...KALSHI_NBA, drawPayout: 'half' as const },
    ]) {
      const p = { ...poly, settlement: other };
      expect(pairingTerms(kalshi, p, policy).eligible).toBe(false);
      expect(
        evaluateArbitrage({
          a: quotes().a,
          b: { instrument: p, book: quotes().b.book },
          minEdgePpm: 0,
          policy,
        }),
      ).toEqual({
        kind: 'none',
        reason: 'NOT_ELIGIBLE',
      });
    }
    expect(
      pairingTerms(kalshi, { ...poly, settlement: { ...POLYMARKET_NBA, postponement: 'void' } }, policy),
    ).toEqual({
      eligible: true,
      accepted: ['postponement', 'postponementWindowHours', 'unplayedPayout'],
    });
  });

  it('ARB_ACCEPT_POSTPONEMENT_RISK is off unless set', () => {
    expect(loadConfig({ env: {}, envFile: null }).ARB_ACCEPT_POSTPONEMENT_RISK).toBe(false);
    expect(
      loadConfig({ env: { ARB_ACCEPT_POSTPONEMENT_RISK: '1' }, envFile: null }).ARB_ACCEPT_POSTPONEMENT_RISK,
    ).toBe(true);
    expect(() => loadConfig({ env: { ARB_ACCEPT_POSTPONEMENT_RISK: 'maybe' }, envFile: null })).toThrow(
      /ARB_ACCEPT_POSTPONEMENT_RISK/,
    );
  });
});

describe('the edge shard under each policy', () => {
  const models = createWinProbabilityModels();
  const scheduled: GameScheduled = {
    type: 'GameScheduled',
    id: asEventId('s'),
    ts: 0,
    gameId: G,
    sport: 'nba',
    homeTeam: 'ORL',
    awayTeam: 'TOR',
    startTs: 0,
    homeSpread: 0,
    season: 2024,
    week: 0,
    seasonType: 'REG',
  };
  const state: BasketballGameState = {
    sport: 'nba',
    gameId: G,
    status: 'in',
    period: 3,
    clockSeconds: 400,
    gameSecondsRemaining: 720 + 400,
    homeScore: 70,
    awayScore: 66,
    possession: null,
    homeTimeouts: null,
    awayTimeouts: null,
  };
  const arbitrageSignals = (policy: SettlementPolicy | undefined) => {
    const shard = new EdgeShard({
      models,
      settings: { minEdgePpm: 1_000_000, priceStalenessMs: 60_000, syncToleranceMs: 60_000 },
      exits: {
        exitEdgePpm: 0,
        takeProfitPct: null,
        stopLossPct: null,
        maxHoldMs: null,
        maxExitSlippage: 30_000 as Micros,
      },
      minArbEdgePpm: 10_000,
      ...(policy ? { arbSettlementPolicy: policy } : {}),
      shardId: 't',
    });
    shard.onGameScheduled(scheduled);
    shard.onMarketMapped(kalshi);
    shard.onMarketMapped(poly);
    shard.onGameState({ state, ts: 0, now: 0 });
    shard.onBook(book(kalshi, 440_000, 450_000), 0);
    return shard.onBook(book(poly, 520_000, 530_000), 0).filter((s) => s.kind === 'arbitrage');
  };

  it('raises nothing by default, and under the setting a signal that records what it accepted', () => {
    expect(arbitrageSignals(undefined)).toEqual([]);
    expect(arbitrageSignals('strict')).toEqual([]);
    const [signal, ...rest] = arbitrageSignals('accept_postponement_risk');
    expect(rest).toEqual([]);
    expect(signal).toMatchObject({
      kind: 'arbitrage',
      instrumentId: kalshi.instrumentId,
      side: 'yes',
      hedge: { instrumentId: poly.instrumentId, side: 'no' },
      acceptedSettlementDifferences: ['postponementWindowHours', 'unplayedPayout'],
    });
  });
});
