/** Shape drift on real payloads, and payloads that are not a scoreboard at all. */
import { describe, expect, it } from 'vitest';
import type { NflGameState } from '../../core/game-state.js';
import { parseScoreboard, parseScoreboardEvent } from './scoreboard.js';
import { parseSummary } from './summary.js';
import { type Json, REAL_FILES, readEspnJson, scoreboardOf } from './testing/fixtures.js';
import { EspnParseError } from './types.js';

/** A fresh copy of the 2022 in-progress NFL scoreboard. */
const nfl = (): Json => readEspnJson(REAL_FILES.nflInProgress);
/** Event 0: CHI @ ATL, 2nd quarter 11:50, ATL 3rd & 9 at its own 20. */
const chiAtAtl = (): Json => nfl().events[0];
const competition = (event: Json): Json => event.competitions[0];
const baseline = parseScoreboard(scoreboardOf([chiAtAtl()]), 'nfl').games[0]!;

function parseOne(event: Json) {
  return parseScoreboard(scoreboardOf([event]), 'nfl');
}

describe('lenient where ESPN drifts', () => {
  it.each([
    ['a string', '7'],
    ['a number', 7],
    ['an object with value', { value: 7, displayValue: '7' }],
    ['an object with only displayValue', { displayValue: '7' }],
    ['a string with spaces', ' 7 '],
  ])('reads a score given as %s', (_name, score) => {
    const event = chiAtAtl();
    for (const c of competition(event).competitors) c.score = score;
    const r = parseOne(event);
    expect(r.problems).toEqual([]);
    expect(r.games[0]!.state).toMatchObject({ homeScore: 7, awayScore: 7 });
  });

  it('finds home and away by homeAway when competitors come reversed', () => {
    const event = chiAtAtl();
    competition(event).competitors.reverse();
    const r = parseOne(event);
    expect(r.problems).toEqual([]);
    expect(r.games[0]).toEqual(baseline);
  });

  it.each([
    ['empty', {}],
    ['missing', undefined],
    ['null', null],
  ])('reads a game in play whose situation is %s, without a down or field position', (_name, situation) => {
    const event = chiAtAtl();
    if (situation === undefined) delete competition(event).situation;
    else competition(event).situation = situation;
    const r = parseOne(event);
    expect(r.problems).toEqual([]);
    expect(r.games[0]!.state).toMatchObject({
      status: 'in',
      quarter: 2,
      clockSeconds: 710,
      possession: null,
      down: null,
      distance: null,
      yardline100: null,
      homeTimeouts: 3,
      awayTimeouts: 3,
      playSeq: 0,
    });
    expect(r.games[0]!.espnHomeWinProbability).toBeUndefined();
  });

  it('gives odds null when odds are missing, empty or without a usable line', () => {
    for (const odds of [undefined, null, [], [{ provider: { name: 'X' } }]]) {
      const event = nfl().events[8]; // LV @ DEN, with a line
      if (odds === undefined) delete competition(event).odds;
      else competition(event).odds = odds;
      const r = parseOne(event);
      expect(r.problems).toEqual([]);
      expect(r.games[0]!.odds).toBeNull();
    }
  });

  it('reads the clock from displayClock when clock is missing, and numbers sent as strings', () => {
    const event = chiAtAtl();
    delete competition(event).status.clock;
    competition(event).status.period = '2';
    competition(event).situation.down = '3';
    competition(event).situation.yardLine = '20';
    const r = parseOne(event);
    expect(r.problems).toEqual([]);
    expect(r.games[0]!.state).toEqual(baseline.state);
  });

  it('uses the event status when the competition has none', () => {
    const event = chiAtAtl();
    delete competition(event).status;
    const r = parseOne(event);
    expect(r.problems).toEqual([]);
    expect(r.games[0]!.state).toEqual(baseline.state);
  });

  it('accepts a league slug in capitals ("NFL" occurs in real payloads)', () => {
    expect(parseScoreboard(scoreboardOf([chiAtAtl()], 'NFL'), 'nfl').games).toHaveLength(1);
  });
});

describe('a malformed event is skipped and named, the rest is read', () => {
  const cases: [string, (e: Json) => void, string, string][] = [
    [
      'one competitor',
      (e) => competition(e).competitors.pop(),
      'events[3].competitions[0].competitors',
      'expected home and away',
    ],
    [
      'two home competitors',
      (e) => {
        competition(e).competitors[1].homeAway = 'home';
      },
      'events[3].competitions[0].competitors',
      'expected home and away: two home competitors',
    ],
    [
      'a competitor without a team id',
      (e) => delete competition(e).competitors[1].team.id,
      'events[3].competitions[0].competitors[1].team.id',
      'missing',
    ],
    [
      'a live score that is not a number',
      (e) => {
        competition(e).competitors[0].score = 'seven';
      },
      'events[3].competitions[0].competitors[0].score',
      'a game in play or over needs its score',
    ],
    [
      'a live score that is missing',
      (e) => delete competition(e).competitors[0].score,
      'events[3].competitions[0].competitors[0].score',
      'missing',
    ],
    [
      'no competitions',
      (e) => {
        e.competitions = [];
      },
      'events[3].competitions',
      'expected at least one competition',
    ],
    [
      'no status anywhere',
      (e) => {
        delete competition(e).status;
        delete e.status;
      },
      'events[3].competitions[0].status',
      'missing',
    ],
    [
      'an unknown status state',
      (e) => {
        competition(e).status.type.state = 'delayed';
        delete e.status;
      },
      'events[3].competitions[0].status.type.state',
      'Invalid option',
    ],
    [
      'period 0 in play',
      (e) => {
        competition(e).status.period = 0;
      },
      'events[3].competitions[0].status.period',
      'expected a period >= 1',
    ],
    [
      'a clock beyond the quarter',
      (e) => {
        competition(e).status.clock = 1200;
      },
      'events[3].competitions[0].status.clock',
      'expected 0-900 seconds in period 1',
    ],
    [
      'an unreadable start date',
      (e) => {
        competition(e).date = 'tomorrow';
      },
      'events[3].competitions[0].date',
      'expected an ISO date',
    ],
    [
      'an id of the wrong type',
      (e) => {
        e.id = { id: 1 };
      },
      'events[3].id',
      'expected an id (a string or a whole number), got {"id":1}',
    ],
  ];

  it.each(cases)('%s', (_name, mutate, path, reason) => {
    const payload = nfl();
    mutate(payload.events[3]); // NYJ @ NE, in play
    const r = parseScoreboard(payload, 'nfl');
    expect(r.games).toHaveLength(13);
    expect(r.games.map((g) => g.espnId)).not.toContain('401437850');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ path, effect: 'skipped' });
    expect(r.problems[0]!.reason).toContain(reason);
  });

  it('skips an event that is not an object, and a repeated event', () => {
    const payload = nfl();
    payload.events.splice(2, 0, null, 'x');
    payload.events.push(payload.events[0]);
    const r = parseScoreboard(payload, 'nfl');
    expect(r.games).toHaveLength(14);
    expect(r.problems.map((p) => [p.path, p.effect])).toEqual([
      ['events[2]', 'skipped'],
      ['events[3]', 'skipped'],
      ['events[16].id', 'skipped'],
    ]);
  });
});

describe('a doubtful value is dropped and reported, the game kept', () => {
  it('possession by a team that is not playing', () => {
    const event = chiAtAtl();
    competition(event).situation.possession = '99';
    const r = parseOne(event);
    expect(r.games[0]!.state).toMatchObject({ possession: null, yardline100: null, down: 3 });
    expect(r.problems).toEqual([
      {
        path: 'events[0].competitions[0].situation.possession',
        reason: 'team "99" is neither home nor away; ignored',
        effect: 'degraded',
        espnId: '401437845',
      },
    ]);
  });

  it('a yardLine that contradicts possessionText leaves the field position unknown', () => {
    const event = chiAtAtl();
    competition(event).situation.yardLine = 80; // text says "ATL 20": ATL is home, so 20
    const r = parseOne(event);
    expect((r.games[0]!.state as NflGameState).yardline100).toBeNull();
    expect(r.problems[0]).toMatchObject({
      path: 'events[0].competitions[0].situation.yardLine',
      effect: 'degraded',
    });
  });

  it('an end-zone spot (yardLine 0 or 100) gives no field position, without a problem', () => {
    for (const yardLine of [0, 100]) {
      const event = chiAtAtl();
      delete competition(event).situation.possessionText;
      competition(event).situation.yardLine = yardLine;
      const r = parseOne(event);
      expect(r.problems).toEqual([]);
      expect(r.games[0]!.state).toMatchObject({ possession: 'home', down: 3, yardline100: null });
    }
  });

  it("an unreadable competition status gives way to the event's, reported", () => {
    const event = chiAtAtl();
    competition(event).status.type = 'live';
    const r = parseOne(event);
    expect(r.games[0]!.state).toEqual(baseline.state);
    expect(r.problems).toMatchObject([
      { path: 'events[0].competitions[0].status.type', effect: 'degraded', espnId: '401437845' },
    ]);
    expect(r.problems[0]!.reason).toContain('using events[0].status');
  });

  it('timeouts out of range fall back to three, reported', () => {
    const event = chiAtAtl();
    competition(event).situation.homeTimeouts = 7;
    const r = parseOne(event);
    expect(r.games[0]!.state).toMatchObject({ homeTimeouts: 3 });
    expect(r.problems.map((p) => p.path)).toEqual(['events[0].competitions[0].situation.homeTimeouts']);
  });

  it('a pregame score that is malformed reads as 0', () => {
    const event = nfl().events[8];
    competition(event).competitors[0].score = 'n/a';
    const r = parseOne(event);
    expect(r.games[0]!.state).toMatchObject({ status: 'pre', homeScore: 0, awayScore: 0 });
    expect(r.problems).toMatchObject([
      { path: 'events[0].competitions[0].competitors[0].score', effect: 'degraded' },
    ]);
  });
});

describe('a payload that is not what was asked for throws one EspnParseError', () => {
  it.each([
    ['null', null],
    ['a string', 'events'],
    ['an array', []],
    ['an object without events', { leagues: [] }],
    ['events that are not an array', { events: {} }],
  ])('parseScoreboard of %s', (_name, payload) => {
    expect(() => parseScoreboard(payload, 'nfl')).toThrow(EspnParseError);
  });

  it('names the path and the reason', () => {
    let caught: unknown;
    try {
      parseScoreboard({ events: 'none' }, 'nfl');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EspnParseError);
    expect((caught as EspnParseError).path).toBe('events');
    expect((caught as EspnParseError).message).toBe(
      'not an ESPN scoreboard: events: expected an array of events',
    );
  });

  it("refuses another league's scoreboard", () => {
    expect(() => parseScoreboard(readEspnJson(REAL_FILES.nbaPost), 'nfl')).toThrow(
      'not an ESPN nfl scoreboard: leagues[0].slug: payload is for league "nba", expected "nfl"',
    );
  });

  it('refuses a summary passed as a scoreboard, and a scoreboard passed as a summary', () => {
    expect(() => parseScoreboard(readEspnJson(REAL_FILES.nbaSummary), 'nba')).toThrow(EspnParseError);
    expect(() => parseSummary(readEspnJson(REAL_FILES.nbaPost), 'nba')).toThrow(
      'not an ESPN summary: header',
    );
    expect(() => parseSummary(readEspnJson(REAL_FILES.nbaSummary), 'nfl')).toThrow('expected "nfl"');
  });

  it('refuses a single event without competitions, and an unknown league', () => {
    expect(() => parseScoreboardEvent({ id: '1' }, 'mlb')).toThrow('not an ESPN event: competitions');
    expect(() => parseScoreboard({ events: [] }, 'xfl' as never)).toThrow('unknown league "xfl"');
  });

  it('reads an empty scoreboard (a day without games) as nothing, without problems', () => {
    expect(parseScoreboard({ events: [] }, 'nfl')).toEqual({ games: [], problems: [] });
  });
});
