/**
 * The team tables: consistent within each league, right about the real ESPN payloads and the
 * real Kalshi NBA tickers in shared/data, and lookups that refuse to choose between two teams.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSharedJson } from '../kalshi/fixtures/load.js';
import {
  findFeedTeam,
  findVenueTeam,
  LEAGUE_IDS,
  normalizeTeamName,
  teamsOf,
  type Venue,
  venueCodeOf,
  venueNameOf,
} from './index.js';

describe('the tables', () => {
  for (const league of LEAGUE_IDS) {
    it(`${league}: unique keys, ESPN codes and venue codes; every team found by its own code and name`, () => {
      const teams = teamsOf(league);
      expect(teams.length).toBeGreaterThan(10);
      const dup = (xs: string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);
      expect(dup(teams.map((t) => t.key))).toEqual([]);
      expect(dup(teams.flatMap((t) => [...t.espnAbbreviations, ...t.feedAliases]))).toEqual([]);
      for (const venue of ['kalshi', 'gamma'] as const) {
        const codes = teams.flatMap((t) =>
          (venue === 'kalshi' ? t.kalshi : t.gamma).codes.map((c) => c.code.toUpperCase()),
        );
        expect(dup(codes)).toEqual([]);
        for (const t of teams) {
          const found = findVenueTeam(league, venue, {
            code: venueCodeOf(t, venue),
            names: [venueNameOf(t, venue)],
          });
          expect(found.kind === 'found' && found.team.key).toBe(t.key);
        }
      }
      for (const t of teams)
        for (const abbreviation of t.espnAbbreviations) {
          const found = findFeedTeam(league, { abbreviation, names: [t.name, t.shortName] });
          expect(found.kind === 'found' && found.team.key).toBe(t.key);
        }
    });
  }

  it("knows the reference's pitfalls: JAC/WAS/LAR on Kalshi, CHW vs CWS, ESPN NBA short codes", () => {
    const kalshi = (league: Parameters<typeof findVenueTeam>[0], code: string) => {
      const r = findVenueTeam(league, 'kalshi', { code });
      return r.kind === 'found' ? [r.team.key, r.codeVerified] : r.kind;
    };
    expect(kalshi('nfl', 'JAC')).toEqual(['JAX', true]);
    expect(kalshi('nfl', 'WAS')).toEqual(['WSH', true]);
    expect(kalshi('nfl', 'LA')).toEqual(['LAR', true]);
    expect(kalshi('mlb', 'CWS')).toEqual(['CHW', true]);
    expect(kalshi('nba', 'NYK')).toEqual(['NY', true]);
    expect(kalshi('nba', 'GSW')).toEqual(['GS', true]);
    expect(kalshi('nhl', 'NJD')).toEqual(['NJ', true]);
    expect(kalshi('nfl', 'PIT')).toEqual(['PIT', false]);
    expect(kalshi('eng.1', 'CFC')).toEqual(['CHE', true]);
    expect(findVenueTeam('usa.1', 'gamma', { code: 'nyr' })).toMatchObject({
      kind: 'found',
      team: { key: 'NY' },
    });
  });

  it('never decides by a shared location: "Chicago" is two MLB teams, "New York" two NFL teams', () => {
    expect(findVenueTeam('mlb', 'kalshi', { names: ['Chicago'] })).toMatchObject({ kind: 'ambiguous' });
    expect(findVenueTeam('mlb', 'kalshi', { names: ['Chicago WS'] })).toMatchObject({
      kind: 'found',
      team: { key: 'CHW' },
    });
    expect(findVenueTeam('nfl', 'gamma', { names: ['New York'] })).toMatchObject({ kind: 'ambiguous' });
    expect(findVenueTeam('nfl', 'kalshi', { code: 'NYG', names: ['New York'] })).toMatchObject({
      kind: 'found',
      team: { key: 'NYG' },
      via: 'code_and_name',
    });
    // A code of one team with a name of another only: a contradiction, not a choice.
    expect(findVenueTeam('nfl', 'kalshi', { code: 'DAL', names: ['Tampa Bay'] })).toMatchObject({
      kind: 'conflict',
    });
    expect(findVenueTeam('nfl', 'kalshi', { code: 'XYZ' })).toEqual({ kind: 'unknown' });
  });

  it('resolves renamed and moved teams to the team of today', () => {
    const name = (league: Parameters<typeof findFeedTeam>[0], abbreviation: string, n: string) => {
      const r = findFeedTeam(league, { abbreviation, names: [n] });
      return r.kind === 'found' ? r.team.name : r.kind;
    };
    expect(name('nfl', 'WSH', 'Washington Football Team')).toBe('Washington Commanders');
    expect(name('nfl', 'OAK', 'Oakland Raiders')).toBe('Las Vegas Raiders');
    expect(name('mlb', 'CLE', 'Cleveland Indians')).toBe('Cleveland Guardians');
    expect(name('mlb', 'OAK', 'Oakland Athletics')).toBe('Athletics');
    expect(name('nhl', 'ARI', 'Arizona Coyotes')).toBe('Utah Mammoth');
  });

  it('normalises names: "Ohio St." is "Ohio State", "St. Louis" keeps its Saint, accents go', () => {
    expect(normalizeTeamName('Ohio St.')).toBe(normalizeTeamName('Ohio State'));
    expect(normalizeTeamName('St. Louis')).toBe('stlouis');
    expect(normalizeTeamName('CF Montréal')).toBe('cfmontreal');
    expect(normalizeTeamName('Brighton & Hove Albion')).toBe('brightonandhovealbion');
  });
});

describe('real data', () => {
  it('every team of the real ESPN NFL and NBA scoreboards resolves by id, code and names', () => {
    const files = [
      ['nfl', 'espn/nfl_scoreboard_2023_post__survivor-pool.json'],
      ['nfl', 'espn/nfl_scoreboard_2022wk11_2022-11-20_8_inprogress__pebble-sports.json'],
      ['nba', 'espn/nba_scoreboard_2024_post__my-club.json'],
      ['nba', 'espn/nba_scoreboard_post__sportsdataverse-js.json'],
    ] as const;
    let seen = 0;
    for (const [league, file] of files) {
      const board = readSharedJson(file) as {
        events: { competitions: { competitors: { team: Record<string, string> }[] }[] }[];
      };
      for (const e of board.events)
        for (const c of e.competitions[0]?.competitors ?? []) {
          const t = c.team as Record<string, string>;
          const r = findFeedTeam(league, {
            espnId: t.id,
            abbreviation: t.abbreviation,
            names: [t.displayName, t.shortDisplayName],
          });
          expect(r.kind === 'found' && [r.team.key, r.team.espnIds[0]]).toEqual([t.abbreviation, t.id]);
          seen += 1;
        }
    }
    expect(seen).toBeGreaterThan(100);
  });

  it('every Kalshi code of the 388 real KXNBAGAME tickers is a verified code of the team the ticker names', () => {
    const url = new URL(
      '../../../../shared/data/market-prices/kalshi_nba_game_1min_candles_2025-04-19_to_2025-12-01_index.csv',
      import.meta.url,
    );
    const [header, ...rows] = readFileSync(url, 'utf8').trim().split('\n');
    const col = (name: string) => (header as string).split(',').indexOf(name);
    const codes = new Set<string>();
    for (const row of rows) {
      const cells = row.split(',');
      const ticker = cells[col('ticker')] as string;
      const [, tail] = ticker.split('-') as [string, string];
      const teams = tail.slice(7);
      const away = cells[col('away')] as string;
      const home = cells[col('home')] as string;
      expect(teams).toBe(away + home);
      codes.add(away).add(home);
    }
    expect(codes.size).toBe(30);
    for (const code of codes) {
      const r = findVenueTeam('nba', 'kalshi' satisfies Venue, { code });
      expect(r.kind === 'found' && r.codeVerified).toBe(true);
    }
  });
});
