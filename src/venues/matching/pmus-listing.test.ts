/**
 * Polymarket US moneyline markets, as the simulator lists them (the venue's `/v1/markets`
 * shape), read as listings and matched to ESPN games: the long side is the first-listed team,
 * the settlement terms are the venue's sports FAQ, and anything else is reported with a reason.
 */
import { describe, expect, it } from 'vitest';
import type { BookSnapshot, GameScheduled } from '../../core/events.js';
import { KALSHI_SPORTS_FEES } from '../../core/fees.js';
import { asEventId, asGameId, asInstrumentId } from '../../core/ids.js';
import { outcomeIdFor, type VenueInstrument } from '../../core/instruments.js';
import type { Centis, Micros } from '../../core/money.js';
import { SimPmusExchange } from '../../sim/polymarket-us/exchange.js';
import { SIM_PMUS_MARKET, startPmusSimFixture } from '../../sim/polymarket-us/testing.js';
import { wireMarket } from '../../sim/polymarket-us/wire.js';
import { evaluateArbitrage } from '../../strategy/arbitrage.js';
import { discoverPmusListings } from '../polymarket-us/discovery.js';
import { PmusHttp } from '../polymarket-us/http.js';
import { type TeamEntry, teamsOf } from '../teams/index.js';
import { type FeedGame, feedGameOf } from './feed-game.js';
import { matchListings } from './match.js';
import { pmusListingFromRaw } from './pmus-listing.js';

const team = (abbr: string): TeamEntry =>
  teamsOf('nfl').find((t) => t.espnAbbreviations.includes(abbr)) as TeamEntry;

function nflGame(home: string, away: string, startTs: number): FeedGame {
  const ref = (t: TeamEntry) => ({
    espnId: t.espnIds[0] ?? null,
    abbreviation: t.espnAbbreviations[0] ?? t.key,
    name: t.name,
    shortName: t.shortName,
  });
  const h = team(home);
  const a = team(away);
  const event: GameScheduled = {
    type: 'GameScheduled',
    id: asEventId('g1'),
    ts: 0,
    gameId: asGameId('nfl-401'),
    sport: 'nfl',
    homeTeam: home,
    awayTeam: away,
    startTs,
    homeSpread: 0,
    season: 2026,
    week: 3,
    seasonType: 'REG',
    league: 'nfl',
    teams: { home: ref(h), away: ref(a) },
  };
  const r = feedGameOf(event);
  if (!r.ok) throw new Error(r.problem);
  return r.game;
}

const listed = () => wireMarket(new SimPmusExchange().addMarket(SIM_PMUS_MARKET));

describe('Polymarket US listings', () => {
  it('maps the long side to its team, whichever is home, with the FAQ terms', () => {
    const game = nflGame('LAR', 'NYG', SIM_PMUS_MARKET.gameStartTimeMs);
    const result = matchListings({
      games: [game],
      listings: [pmusListingFromRaw(listed(), { simulated: true })],
    });
    expect(result.unmapped).toEqual([]);
    expect(result.mapped).toHaveLength(1);
    const { instrument } = result.mapped[0] as (typeof result.mapped)[number];
    expect(instrument).toMatchObject({
      venue: 'polymarket-us',
      instrumentId: `polymarket-us:${SIM_PMUS_MARKET.slug}`,
      outcome: 'away_win',
      tickSize: 10_000,
      fees: { kind: 'polymarket_us', takerThetaPpm: 69_500 },
      settlement: {
        includesOvertime: true,
        drawPossible: true,
        drawPayout: 'half',
        postponementWindowHours: 336,
      },
    });
  });

  it('reports, with a reason, a start far from the game, a closed market, a soccer result and junk', () => {
    const game = nflGame('LAR', 'NYG', SIM_PMUS_MARKET.gameStartTimeMs + 5 * 3_600_000);
    const soccer = {
      ...listed(),
      slug: 'atc-epl-ars-che-2026-09-20-ars',
      marketSides: [],
      team: { league: 'epl' },
    };
    const result = matchListings({
      games: [game],
      listings: [
        pmusListingFromRaw(listed(), { simulated: true }),
        pmusListingFromRaw({ ...listed(), closed: true }, { simulated: true }),
        pmusListingFromRaw(soccer, { simulated: true }),
        pmusListingFromRaw({ slug: 'x', orderPriceMinTickSize: 'abc' }, { simulated: true }),
      ],
    });
    expect(result.mapped).toEqual([]);
    expect(result.unmapped.map((u) => [u.venue, u.reason.kind])).toEqual([
      ['polymarket-us', 'start_time_differs'],
      ['polymarket-us', 'closed'],
      ['polymarket-us', 'two_way_vs_three_way'],
      ['polymarket-us', 'malformed_listing'],
    ]);
    expect(result.unmapped[3]?.message).toMatch(/id/);
  });
});

describe('Polymarket US discovery over HTTP', () => {
  it('lists the simulator’s markets from the public gateway, unsigned, as listings', async () => {
    const fx = await startPmusSimFixture();
    try {
      const listings = await discoverPmusListings(new PmusHttp({ apiBaseUrl: fx.baseUrl, key: null }), {
        simulated: true,
      });
      expect(
        listings.map((l) => (l.ok ? [l.listing.listing, l.listing.outcomes[0]?.symbol] : l.unread)),
      ).toEqual([[SIM_PMUS_MARKET.eventSlug, SIM_PMUS_MARKET.slug]]);
      expect(fx.sim.stats.authFailures).toBe(0);
    } finally {
      await fx.close();
    }
  });
});

describe('Kalshi ↔ Polymarket US arbitrage on a matched game', () => {
  it('pairs Kalshi home YES with Polymarket US away YES, exact fees on both legs; postponement terms differ', () => {
    const game = nflGame('LAR', 'NYG', SIM_PMUS_MARKET.gameStartTimeMs);
    const mapped = matchListings({
      games: [game],
      listings: [pmusListingFromRaw(listed(), { simulated: true })],
    });
    const pmus = (mapped.mapped[0] as (typeof mapped.mapped)[number]).instrument;
    const kalshi: VenueInstrument = {
      ...pmus,
      instrumentId: asInstrumentId('kalshi:KXNFLGAME-26SEP21NYGLAR-LAR'),
      venue: 'kalshi',
      symbol: 'KXNFLGAME-26SEP21NYGLAR-LAR',
      outcomeId: outcomeIdFor(pmus.gameId, 'home_win'),
      outcome: 'home_win',
      fees: KALSHI_SPORTS_FEES,
      // Kalshi's NFL rules: a tie pays half; postponed beyond 48 h, a fair price.
      settlement: {
        includesOvertime: true,
        drawPossible: true,
        drawPayout: 'half',
        postponement: 'follows_rescheduled_game',
        postponementWindowHours: 48,
        unplayedPayout: 'fair_price',
      },
    };
    const book = (asks: [number, number][]): BookSnapshot => ({
      type: 'BookSnapshot',
      id: asEventId('b'),
      ts: 0,
      instrumentId: pmus.instrumentId,
      venue: 'polymarket-us',
      bids: [],
      asks: asks.map(([price, qty]) => ({ price: price as Micros, qty: qty as Centis })),
      venueTs: 0,
    });
    const quotes = {
      a: { instrument: kalshi, book: book([[550_000, 1_000]]) },
      b: { instrument: pmus, book: book([[400_000, 2_000]]) },
      minEdgePpm: 10_000,
    };
    expect(evaluateArbitrage(quotes)).toEqual({ kind: 'none', reason: 'NOT_ELIGIBLE' });
    const r = evaluateArbitrage({ ...quotes, policy: 'accept_postponement_risk' });
    expect(r.kind).toBe('arbitrage');
    if (r.kind !== 'arbitrage') return;
    expect(r.legs.map((l) => [l.instrument.venue, l.side, l.price, l.feePerContract])).toEqual([
      // Kalshi: 0.07 × 0.55 × 0.45 = $1.7325 per 100 → $1.74; Polymarket US: 0.0695 × 0.4 × 0.6 = $1.668 → $1.67.
      ['kalshi', 'yes', 550_000, 17_400],
      ['polymarket-us', 'yes', 400_000, 16_700],
    ]);
    expect(r.edge).toBe(1_000_000 - 550_000 - 17_400 - 400_000 - 16_700);
    expect(r.acceptedDifferences).toEqual(['postponementWindowHours']);
  });
});
