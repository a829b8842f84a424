/**
 * Leagues without a real file in ../shared/data/espn (college football, men's college
 * basketball, NHL, soccer) and clock edge cases, on small events in ESPN's shape.
 */
import { describe, expect, it } from 'vitest';
import { parseClockText, secondsRemaining } from './clock.js';
import { ESPN_LEAGUE_IDS, ESPN_LEAGUES, type EspnLeague, scoreboardUrl, summaryUrl } from './leagues.js';
import { parseScoreboard } from './scoreboard.js';
import { parseMatchMinute } from './soccer.js';
import { type SyntheticEventOptions, scoreboardOf, syntheticEvent } from './testing/fixtures.js';

function parseOne(league: EspnLeague, o: SyntheticEventOptions) {
  const r = parseScoreboard(scoreboardOf([syntheticEvent(o)], ESPN_LEAGUES[league].slug), league);
  return { game: r.games[0], problems: r.problems };
}

const home = { id: '1', abbreviation: 'HOM', score: '3' };
const away = { id: '2', abbreviation: 'AWY', score: '1' };

describe('league table', () => {
  it('has the sport path of every league the brief names', () => {
    expect(
      Object.fromEntries(ESPN_LEAGUE_IDS.map((l) => [l, [ESPN_LEAGUES[l].sport, ESPN_LEAGUES[l].path]])),
    ).toEqual({
      nfl: ['nfl', 'football/nfl'],
      'college-football': ['ncaaf', 'football/college-football'],
      nba: ['nba', 'basketball/nba'],
      'mens-college-basketball': ['ncaamb', 'basketball/mens-college-basketball'],
      nhl: ['nhl', 'hockey/nhl'],
      mlb: ['mlb', 'baseball/mlb'],
      'eng.1': ['soccer', 'soccer/eng.1'],
      'usa.1': ['soccer', 'soccer/usa.1'],
      'uefa.champions': ['soccer', 'soccer/uefa.champions'],
    });
    expect(scoreboardUrl('nfl', { dates: '20221120' })).toBe(
      'https://site.api.espn.com/apis/site/v2/sports/football/nfl/scoreboard?dates=20221120',
    );
    expect(summaryUrl('eng.1', '704321')).toBe(
      'https://site.api.espn.com/apis/site/v2/sports/soccer/eng.1/summary?event=704321',
    );
  });
});

describe('clock', () => {
  it('reads ESPN clock displays', () => {
    expect(parseClockText('11:50')).toBe(710);
    expect(parseClockText('0:35')).toBe(35);
    expect(parseClockText(':48')).toBe(48);
    expect(parseClockText('43.1')).toBeCloseTo(43.1, 10);
    expect(parseClockText('12:00')).toBe(720);
    expect(parseClockText("67'")).toBeNull();
    expect(parseClockText('1:75')).toBeNull();
    expect(parseClockText('')).toBeNull();
  });

  it('counts overtime as negative seconds played, like the NFL bundle (OT clock 2:00 -> -480)', () => {
    const nfl = ESPN_LEAGUES.nfl.clock;
    expect(secondsRemaining({ clock: nfl, period: 5, clockSeconds: 120, postseason: false })).toBe(-480);
    expect(secondsRemaining({ clock: nfl, period: 5, clockSeconds: 600, postseason: false })).toBe(0);
    expect(secondsRemaining({ clock: nfl, period: 5, clockSeconds: 600, postseason: true })).toBe(-300);
    expect(secondsRemaining({ clock: nfl, period: 6, clockSeconds: 900, postseason: true })).toBe(-900);
    expect(secondsRemaining({ clock: nfl, period: 1, clockSeconds: 900, postseason: false })).toBe(3600);
    const nba = ESPN_LEAGUES.nba.clock;
    expect(secondsRemaining({ clock: nba, period: 5, clockSeconds: 299.7, postseason: false })).toBe(-0.3);
  });
});

describe('NFL overtime', () => {
  it('regular season: 10-minute period; postseason: 15', () => {
    const live = { state: 'in', period: 5, clock: 120, displayClock: '2:00', home, away } as const;
    expect(parseOne('nfl', live).game!.state).toMatchObject({
      quarter: 5,
      clockSeconds: 120,
      gameSecondsRemaining: -480,
    });
    const playoff = parseOne('nfl', { ...live, seasonType: 3 });
    expect(playoff.game!.state).toMatchObject({ quarter: 5, gameSecondsRemaining: -780 });
    // 12:00 is more than a regular-season overtime holds.
    const tooLong = parseOne('nfl', { ...live, clock: 720 });
    expect(tooLong.game).toBeUndefined();
    expect(tooLong.problems).toMatchObject([
      { path: 'events[0].competitions[0].status.clock', effect: 'skipped' },
    ]);
  });
});

describe('college football', () => {
  it('has the NFL shape with sport ncaaf; overtime is untimed', () => {
    const situation = {
      down: 2,
      distance: 7,
      yardLine: 65,
      possessionText: 'AWY 35',
      possession: '1',
      homeTimeouts: 1,
      awayTimeouts: 2,
    };
    const q3 = parseOne('college-football', { state: 'in', period: 3, clock: 300, home, away, situation });
    expect(q3.problems).toEqual([]);
    expect(q3.game!.state).toEqual({
      sport: 'ncaaf',
      gameId: 'espn:college-football:900001',
      status: 'in',
      quarter: 3,
      clockSeconds: 300,
      gameSecondsRemaining: 1200,
      homeScore: 3,
      awayScore: 1,
      possession: 'home',
      down: 2,
      distance: 7,
      yardline100: 35,
      homeTimeouts: 1,
      awayTimeouts: 2,
      playSeq: 0,
    });
    const ot = parseOne('college-football', {
      state: 'in',
      period: 6,
      clock: 0,
      displayClock: '0:00',
      home,
      away,
    });
    expect(ot.game!.state).toMatchObject({ quarter: 6, clockSeconds: 0, gameSecondsRemaining: 0 });
  });
});

describe('basketball', () => {
  it('NBA in play: tenths of a second, possession from the situation, overtime negative', () => {
    const r = parseOne('nba', {
      state: 'in',
      period: 4,
      clock: 43.1,
      displayClock: '43.1',
      home,
      away,
      situation: { possession: '2', homeTimeouts: 2, awayTimeouts: 1 },
    });
    expect(r.problems).toEqual([]);
    expect(r.game!.state).toEqual({
      sport: 'nba',
      gameId: 'espn:nba:900001',
      status: 'in',
      period: 4,
      clockSeconds: 43.1,
      gameSecondsRemaining: 43.1,
      homeScore: 3,
      awayScore: 1,
      possession: 'away',
      homeTimeouts: 2,
      awayTimeouts: 1,
    });
    const ot = parseOne('nba', { state: 'in', period: 6, clock: 100, home, away });
    expect(ot.game!.state).toMatchObject({
      period: 6,
      gameSecondsRemaining: -500,
      possession: null,
      homeTimeouts: null,
    });
  });

  it('possession from the competitor flag, as in summaries; both flagged is no possession', () => {
    const flagged = parseOne('nba', {
      state: 'in',
      period: 1,
      clock: 700,
      home: { ...home, possession: true },
      away,
    });
    expect(flagged.game!.state).toMatchObject({ possession: 'home' });
    const both = parseOne('nba', {
      state: 'in',
      period: 1,
      clock: 700,
      home: { ...home, possession: true },
      away: { ...away, possession: true },
    });
    expect(both.game!.state).toMatchObject({ possession: null });
  });

  it("men's college basketball plays two 20-minute halves", () => {
    const r = parseOne('mens-college-basketball', {
      state: 'in',
      period: 1,
      clock: 600,
      displayClock: '10:00',
      home,
      away,
    });
    expect(r.game!.state).toMatchObject({
      sport: 'ncaamb',
      period: 1,
      clockSeconds: 600,
      gameSecondsRemaining: 1800,
    });
    const pre = parseOne('mens-college-basketball', {
      state: 'pre',
      home: { ...home, score: '0' },
      away: { ...away, score: '0' },
    });
    expect(pre.game!.state).toMatchObject({ period: 1, clockSeconds: 1200, gameSecondsRemaining: 2400 });
  });
});

describe('NHL', () => {
  it('three 20-minute periods; regular-season shootout; playoff overtime is a full period', () => {
    const p2 = parseOne('nhl', { state: 'in', period: 2, clock: 600, displayClock: '10:00', home, away });
    expect(p2.problems).toEqual([]);
    expect(p2.game!.state).toEqual({
      sport: 'nhl',
      gameId: 'espn:nhl:900001',
      status: 'in',
      period: 2,
      clockSeconds: 600,
      gameSecondsRemaining: 1800,
      homeScore: 3,
      awayScore: 1,
    });
    const shootout = parseOne('nhl', { state: 'in', period: 5, clock: 0, home, away });
    expect(shootout.game!.state).toMatchObject({ period: 5, clockSeconds: 0, gameSecondsRemaining: -300 });
    const playoffOt2 = parseOne('nhl', { state: 'in', period: 5, clock: 600, seasonType: 3, home, away });
    expect(playoffOt2.game!.state).toMatchObject({ period: 5, gameSecondsRemaining: -1800 });
  });
});

describe('soccer', () => {
  it('reads match minutes', () => {
    expect(parseMatchMinute("67'")).toEqual({ minute: 67, stoppage: null });
    expect(parseMatchMinute("90'+3'")).toEqual({ minute: 90, stoppage: 3 });
    expect(parseMatchMinute('45+2')).toEqual({ minute: 45, stoppage: 2 });
    expect(parseMatchMinute('HT')).toBeNull();
  });

  it('Premier League in stoppage time, score as {value}, red cards from details', () => {
    const r = parseOne('eng.1', {
      state: 'in',
      statusName: 'STATUS_SECOND_HALF',
      period: 2,
      clock: 5580,
      displayClock: "90'+3'",
      home: { id: '359', abbreviation: 'ARS', score: { value: 2, displayValue: '2' } },
      away: { id: '363', abbreviation: 'CHE', score: { value: 1, displayValue: '1' } },
      details: [
        { type: { text: 'Goal' }, scoringPlay: true, team: { id: '359' } },
        { type: { text: 'Red Card' }, redCard: true, team: { id: '363' } },
        { type: { text: 'Red Card' }, redCard: true, team: { id: '363' } },
        { type: { text: 'Yellow Card' }, yellowCard: true, team: { id: '359' } },
        { type: { text: 'Red Card' }, redCard: true },
      ],
    });
    expect(r.game!.state).toEqual({
      sport: 'soccer',
      league: 'eng.1',
      gameId: 'espn:eng.1:900001',
      status: 'in',
      period: 2,
      minute: 90,
      stoppageMinute: 3,
      clockSeconds: 5580,
      homeScore: 2,
      awayScore: 1,
      homeRedCards: 0,
      awayRedCards: 2,
    });
    expect(r.problems).toEqual([
      {
        path: 'events[0].competitions[0].details[4].team.id',
        reason: 'red card without a team; not counted',
        effect: 'degraded',
        espnId: '900001',
      },
    ]);
  });

  it('MLS without a match-event list leaves red cards unset; the minute comes from the clock if shown as HT', () => {
    const r = parseOne('usa.1', { state: 'in', period: 1, clock: 2700, displayClock: 'HT', home, away });
    expect(r.problems).toEqual([]);
    expect(r.game!.state).toMatchObject({
      league: 'usa.1',
      minute: 45,
      stoppageMinute: null,
      clockSeconds: 2700,
    });
    expect(r.game!.state).not.toHaveProperty('homeRedCards');
  });

  it('Champions League before kick-off and after a draw', () => {
    const zero = { score: '0' };
    const pre = parseOne('uefa.champions', {
      state: 'pre',
      home: { ...home, ...zero },
      away: { ...away, ...zero },
    });
    expect(pre.game!.state).toMatchObject({
      league: 'uefa.champions',
      status: 'pre',
      period: 1,
      minute: 0,
      clockSeconds: 0,
    });
    const draw = parseOne('uefa.champions', {
      state: 'post',
      period: 2,
      clock: 5400,
      displayClock: "90'+5'",
      home: { ...home, score: '1' },
      away: { ...away, score: '1' },
      details: [],
    });
    expect(draw.game!.state).toMatchObject({
      status: 'post',
      homeScore: 1,
      awayScore: 1,
      homeRedCards: 0,
      awayRedCards: 0,
    });
  });
});

describe('baseball situation drift', () => {
  it('an impossible count is dropped and reported; the rest of the situation is kept', () => {
    const r = parseOne('mlb', {
      state: 'in',
      period: 7,
      detail: 'Top 7th',
      home,
      away,
      situation: { balls: 1, strikes: 5, outs: 2, onFirst: false, onSecond: 'yes', onThird: true },
    });
    expect(r.game!.state).toMatchObject({
      inning: 7,
      half: 'top',
      balls: 1,
      strikes: null,
      outs: 2,
      onFirst: false,
      onSecond: null,
      onThird: true,
    });
    expect(r.problems.map((p) => [p.path, p.effect])).toEqual([
      ['events[0].competitions[0].situation.strikes', 'degraded'],
      ['events[0].competitions[0].situation.onSecond', 'degraded'],
    ]);
  });
});
