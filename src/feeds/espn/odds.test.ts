/** Pregame lines: the sign of the home spread, provider choice, conflicts, and summary pickcenter. */
import { describe, expect, it } from 'vitest';
import { parseOddsDetails } from './odds.js';
import { parseScoreboard } from './scoreboard.js';
import { parseSummary } from './summary.js';
import { type Json, REAL_FILES, readEspnJson, scoreboardOf, syntheticEvent } from './testing/fixtures.js';

const home = { id: '1', abbreviation: 'DAL', score: '0' };
const away = { id: '2', abbreviation: 'NYG', score: '0' };

function oddsOf(odds: unknown, league: 'nfl' | 'mlb' = 'nfl') {
  const r = parseScoreboard(scoreboardOf([syntheticEvent({ state: 'pre', home, away, odds })]), league);
  return { odds: r.games[0]!.odds, problems: r.problems };
}

describe('home spread sign (positive = home favoured)', () => {
  it.each([
    ['home favoured in details', { details: 'DAL -8.5' }, 8.5],
    ['away favoured in details', { details: 'NYG -8.5' }, -8.5],
    ['an underdog quoted with +', { details: 'NYG +3' }, 3],
    ['a pick', { details: 'EVEN' }, 0],
    ["home's sportsbook spread alone", { spread: -8.5 }, 8.5],
    ["home's sportsbook spread as a string", { spread: '+2.5' }, -2.5],
    ['details and spread that agree', { details: 'DAL -8.5', spread: -8.5 }, 8.5],
  ])('%s', (_name, entry, homeSpread) => {
    const r = oddsOf([{ provider: { name: 'Book', priority: 1 }, ...entry }]);
    expect(r.problems).toEqual([]);
    expect(r.odds).toEqual({ homeSpread, provider: 'Book' });
  });

  it('trusts neither reading when details and spread disagree', () => {
    const r = oddsOf([{ details: 'DAL -8.5', spread: 8.5, overUnder: 44 }]);
    expect(r.odds).toEqual({ total: 44 });
    expect(r.problems).toMatchObject([
      { path: 'events[0].competitions[0].odds[0].spread', effect: 'degraded' },
    ]);
  });

  it('reports details that name neither team', () => {
    const r = oddsOf([{ details: 'KC -3', overUnder: 40 }]);
    expect(r.odds).toEqual({ total: 40 });
    expect(r.problems).toMatchObject([
      { path: 'events[0].competitions[0].odds[0].details', effect: 'degraded' },
    ]);
  });

  it('does not read a baseball moneyline in details as a spread', () => {
    const r = oddsOf(
      [
        {
          details: 'DAL -150',
          overUnder: 8.5,
          homeTeamOdds: { moneyLine: -150 },
          awayTeamOdds: { moneyLine: 130 },
        },
      ],
      'mlb',
    );
    expect(r.problems).toEqual([]);
    expect(r.odds).toEqual({ total: 8.5, homeMoneyline: -150, awayMoneyline: 130 });
  });
});

describe('provider and fields', () => {
  it('takes the provider with the best priority', () => {
    const r = oddsOf([
      { provider: { name: 'Second', priority: 2 }, details: 'DAL -3' },
      { provider: { name: 'First', priority: 1 }, details: 'DAL -3.5', overUnder: 47.5 },
    ]);
    expect(r.odds).toEqual({ homeSpread: 3.5, total: 47.5, provider: 'First' });
  });

  it('drops a malformed moneyline, reported, and keeps the rest', () => {
    const r = oddsOf([
      { details: 'DAL -3', homeTeamOdds: { moneyLine: 'heavy' }, awayTeamOdds: { moneyLine: 140 } },
    ]);
    expect(r.odds).toEqual({ homeSpread: 3, awayMoneyline: 140 });
    expect(r.problems).toMatchObject([
      { path: 'events[0].competitions[0].odds[0].homeTeamOdds.moneyLine', effect: 'degraded' },
    ]);
  });

  it('parses details forms', () => {
    expect(parseOddsDetails('DAL -8.5')).toEqual({ team: 'DAL', line: -8.5 });
    expect(parseOddsDetails('PK')).toBe('pick');
    expect(parseOddsDetails('OFF')).toBeNull();
  });
});

describe('summary pickcenter', () => {
  function summaryWith(pickcenter: unknown): Json {
    const s = readEspnJson(REAL_FILES.nbaSummary) as Json;
    s.pickcenter = pickcenter;
    return s;
  }

  it('reads the lines of the best-priority provider (ORL is home)', () => {
    const r = parseSummary(
      summaryWith([
        {
          provider: { id: '100', name: 'DraftKings', priority: 1 },
          details: 'ORL -6.5',
          spread: -6.5,
          overUnder: 214.5,
          homeTeamOdds: { favorite: true, moneyLine: -250 },
          awayTeamOdds: { favorite: false, moneyLine: 205 },
        },
      ]),
      'nba',
    );
    expect(r.problems).toEqual([]);
    expect(r.games[0]!.odds).toEqual({
      homeSpread: 6.5,
      total: 214.5,
      homeMoneyline: -250,
      awayMoneyline: 205,
      provider: 'DraftKings',
    });
  });

  it('falls back to pointSpread and moneyline closing lines', () => {
    const r = parseSummary(
      summaryWith([
        {
          provider: { name: 'DraftKings', priority: 1 },
          pointSpread: { home: { close: { line: '+2.5' } } },
          moneyline: { home: { close: { odds: '+120' } }, away: { close: { odds: '-140' } } },
        },
      ]),
      'nba',
    );
    expect(r.games[0]!.odds).toEqual({
      homeSpread: -2.5,
      homeMoneyline: 120,
      awayMoneyline: -140,
      provider: 'DraftKings',
    });
  });
});
