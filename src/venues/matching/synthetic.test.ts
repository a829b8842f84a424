/**
 * Every league's table, listed as each venue lists games (listing-writer.ts) and matched back to
 * feed games built as ESPN announces them: every team of every table appears, home and away.
 */
import { describe, expect, it } from 'vitest';
import type { GameScheduled } from '../../core/events.js';
import { asEventId, asGameId } from '../../core/ids.js';
import type { Ppm } from '../../core/money.js';
import {
  LEAGUE_IDS,
  type LeagueId,
  type TeamEntry,
  teamsOf,
  venueCodeOf,
  venueNameOf,
} from '../teams/index.js';
import { type FeedGame, feedGameOf } from './feed-game.js';
import { gammaListingFromRaw } from './gamma-listing.js';
import { kalshiListingFromRaw } from './kalshi-listing.js';
import { LEAGUE_VENUES } from './leagues.js';
import { gammaEventJson, kalshiEventJson } from './listing-writer.js';
import { matchListings } from './match.js';

const FEES = { feeType: 'quadratic', feeMultiplier: 1_000_000 as Ppm } as const;

/** As the ESPN feed announces a game: league, both teams in full. */
function announce(
  league: LeagueId,
  home: TeamEntry,
  away: TeamEntry,
  startTs: number,
  n: number,
): GameScheduled {
  const ref = (t: TeamEntry) => ({
    espnId: t.espnIds[0] ?? null,
    abbreviation: t.espnAbbreviations[0] ?? t.key,
    name: t.name,
    shortName: t.shortName,
  });
  return {
    type: 'GameScheduled',
    id: asEventId(`g${n}`),
    ts: 0,
    gameId: asGameId(`${league}-${n}`),
    sport: LEAGUE_VENUES[league].sport,
    homeTeam: ref(home).abbreviation,
    awayTeam: ref(away).abbreviation,
    startTs,
    homeSpread: 0,
    season: 2026,
    week: 1,
    seasonType: 'REG',
    league,
    teams: { home: ref(home), away: ref(away) },
  };
}

describe('synthetic listings of every league, matched back', () => {
  for (const league of LEAGUE_IDS) {
    it(`${league}: every team, home and away, on both venues`, () => {
      const teams = teamsOf(league);
      const games: FeedGame[] = [];
      const raw: { kalshi: unknown; gamma: unknown; game: GameScheduled }[] = [];
      // Team i hosts team i+1: every team plays once at home and once away, a day apart, each
      // game at 00:30 UTC (the evening before, US Eastern).
      teams.forEach((home, i) => {
        const away = teams[(i + 1) % teams.length] as TeamEntry;
        const startTs = Date.UTC(2026, 9, 1 + i, 0, 30);
        const event = announce(league, home, away, startTs, i);
        const fg = feedGameOf(event);
        if (!fg.ok) throw new Error(fg.problem);
        games.push(fg.game);
        const listed = { league, home, away, startTs };
        raw.push({ kalshi: kalshiEventJson(listed), gamma: gammaEventJson(listed), game: event });
      });
      const result = matchListings({
        games,
        listings: raw.flatMap((r) => [
          kalshiListingFromRaw(r.kalshi, { seriesFees: FEES, simulated: true }),
          gammaListingFromRaw(r.gamma, { simulated: true }),
        ]),
      });
      expect(result.unmapped.map((u) => `${u.listing}: ${u.message}`)).toEqual([]);
      const outcomes = LEAGUE_VENUES[league].threeWay ? 3 : 2;
      expect(result.mapped).toHaveLength(teams.length * 2 * outcomes);
      // The outcome each instrument pays on, worked out from the written listing itself.
      for (const m of result.mapped) {
        const r = raw.find((x) => x.game.gameId === m.instrument.gameId);
        if (!r) throw new Error(`no game ${m.instrument.gameId}`);
        const teamsOfGame = { home: r.game.teams?.home, away: r.game.teams?.away };
        const entry = (abbr: string | undefined) =>
          teams.find((t) => t.espnAbbreviations[0] === abbr || t.key === abbr);
        const home = entry(teamsOfGame.home?.abbreviation) as TeamEntry;
        const away = entry(teamsOfGame.away?.abbreviation) as TeamEntry;
        let expected: string;
        if (m.instrument.venue === 'kalshi') {
          const suffix = m.instrument.symbol.split('-').at(-1);
          expected =
            suffix === venueCodeOf(home, 'kalshi')
              ? 'home_win'
              : suffix === venueCodeOf(away, 'kalshi')
                ? 'away_win'
                : suffix === 'TIE'
                  ? 'draw'
                  : '?';
        } else {
          const markets = (
            r.gamma as { markets: { outcomes: string; clobTokenIds: string; groupItemTitle?: string }[] }
          ).markets;
          const market = markets.find((x) =>
            (JSON.parse(x.clobTokenIds) as string[]).includes(m.instrument.symbol),
          );
          if (!market) throw new Error('token not listed');
          const labels = JSON.parse(market.outcomes) as string[];
          const label = labels[(JSON.parse(market.clobTokenIds) as string[]).indexOf(m.instrument.symbol)];
          const named = label === 'Yes' ? market.groupItemTitle : label;
          expected =
            named === venueNameOf(home, 'gamma') || named === home.name
              ? 'home_win'
              : named === venueNameOf(away, 'gamma') || named === away.name
                ? 'away_win'
                : named?.startsWith('Draw')
                  ? 'draw'
                  : '?';
        }
        expect(`${m.instrument.symbol} ${m.instrument.outcome}`).toBe(`${m.instrument.symbol} ${expected}`);
        expect(m.evidence.feedGameId).toBe(m.instrument.gameId);
        expect(m.evidence.rules.length).toBeGreaterThanOrEqual(4);
      }
    });
  }
});
