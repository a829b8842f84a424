/** Which events one observation of a game gives, on synthetic ESPN readings. */
import { describe, expect, it } from 'vitest';
import type { BasketballGameState, GameState, NflGameState } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { compareProgress, GameTracker, sameState } from './game-tracker.js';
import type { EspnGame } from './types.js';

const START = Date.UTC(2025, 0, 5, 18);
const nfl = (over: Partial<NflGameState> = {}): NflGameState => ({
  sport: 'nfl',
  gameId: asGameId('espn:nfl:1'),
  status: 'in',
  quarter: 1,
  clockSeconds: 900,
  gameSecondsRemaining: 3600,
  homeScore: 0,
  awayScore: 0,
  possession: 'home',
  down: 1,
  distance: 10,
  yardline100: 75,
  homeTimeouts: 3,
  awayTimeouts: 3,
  playSeq: 10,
  ...over,
});

function reading(state: GameState, over: Partial<EspnGame> = {}): EspnGame {
  return {
    espnId: '1',
    league: state.sport === 'nba' ? 'nba' : 'nfl',
    startTs: START,
    homeTeam: { id: '10', abbreviation: 'HOM', name: 'Home' },
    awayTeam: { id: '20', abbreviation: 'AWY', name: 'Away' },
    state,
    espnStatus: { name: null, detail: null, completed: state.status === 'post' },
    odds: { homeSpread: 3 },
    seasonYear: 2024,
    seasonType: 2,
    week: 18,
    ...over,
  };
}

const tracker = () =>
  new GameTracker({ announceLeadMs: 3600_000, lineWaitMs: 120_000, gameIdOf: () => asGameId('g1') });

describe('GameTracker', () => {
  it('announces an hour before the start, then publishes each changed state once', () => {
    const t = tracker();
    expect(
      t.observe(reading(nfl({ status: 'pre', playSeq: 0 })), START - 7200_000, 'scoreboard').events,
    ).toEqual([]);
    const due = t.observe(reading(nfl({ status: 'pre', playSeq: 0 })), START - 3600_000, 'scoreboard');
    expect(due.events).toEqual([
      {
        type: 'GameScheduled',
        id: 'espn:g1:scheduled',
        ts: START - 3600_000,
        gameId: 'g1',
        sport: 'nfl',
        homeTeam: 'HOM',
        awayTeam: 'AWY',
        startTs: START,
        homeSpread: 3,
        season: 2024,
        week: 18,
        seasonType: 'REG',
        league: 'nfl',
        teams: {
          home: { espnId: '10', abbreviation: 'HOM', name: 'Home', shortName: null },
          away: { espnId: '20', abbreviation: 'AWY', name: 'Away', shortName: null },
        },
      },
    ]);
    const first = t.observe(reading(nfl()), START + 10_000, 'scoreboard');
    expect(first.outcome).toBe('published');
    expect(first.events[0]).toMatchObject({ id: 'espn:g1:state:1', state: { gameId: 'g1', playSeq: 10 } });
    expect(t.observe(reading(nfl()), START + 20_000, 'scoreboard')).toMatchObject({
      outcome: 'unchanged',
      events: [],
    });
    expect(t.get(asGameId('g1'))!.lastObservedTs).toBe(START + 20_000);
    const older = t.observe(reading(nfl({ playSeq: 9 })), START + 30_000, 'summary');
    expect(older).toMatchObject({ outcome: 'out-of-order', events: [] });
    const final = t.observe(
      reading(nfl({ status: 'post', homeScore: 20, awayScore: 17 })),
      START + 4e6,
      'scoreboard',
    );
    expect(final.events).toEqual([
      expect.objectContaining({
        type: 'GameFinal',
        id: 'espn:g1:final',
        homeScore: 20,
        awayScore: 17,
        winner: 'home',
      }),
    ]);
    expect(t.observe(reading(nfl({ status: 'post' })), START + 5e6, 'scoreboard').events).toEqual([]);
  });

  it('asks for the summary of a game first seen in play without a line, and gives up waiting after a while', () => {
    const t = tracker();
    const noLine = reading(nfl(), { odds: null });
    expect(t.observe(noLine, START, 'scoreboard')).toMatchObject({ wantsSummary: true, events: [] });
    expect(t.observe(noLine, START + 60_000, 'scoreboard').wantsSummary).toBe(true);
    const late = t.observe(noLine, START + 120_000, 'scoreboard');
    expect(late.lineMissing).toBe(true);
    expect(late.events.map((e) => e.type)).toEqual(['GameScheduled', 'GameStateUpdated']);
    expect(late.events[0]).toMatchObject({ homeSpread: 0 });
  });

  it('announces as soon as a summary answered, with its pickcenter line', () => {
    const t = tracker();
    t.observe(reading(nfl(), { odds: null }), START, 'scoreboard');
    const fromSummary = t.observe(reading(nfl(), { odds: { homeSpread: -6.5 } }), START + 1000, 'summary');
    expect(fromSummary.events[0]).toMatchObject({ type: 'GameScheduled', homeSpread: -6.5 });
  });

  it("does not call a postponed game final, and publishes any sport's state", () => {
    const t = tracker();
    const postponed = reading(nfl({ status: 'post' }), {
      espnStatus: { name: 'STATUS_POSTPONED', detail: 'Postponed', completed: false },
    });
    expect(t.observe(postponed, START, 'scoreboard').events.map((e) => e.type)).toEqual(['GameScheduled']);
    const nba: BasketballGameState = {
      sport: 'nba',
      gameId: asGameId('x'),
      status: 'in',
      period: 2,
      clockSeconds: 300,
      gameSecondsRemaining: 1740,
      homeScore: 50,
      awayScore: 48,
      possession: null,
      homeTimeouts: null,
      awayTimeouts: null,
    };
    const other = new GameTracker({ announceLeadMs: 0, lineWaitMs: 0, gameIdOf: () => asGameId('b1') });
    const seen = other.observe(reading(nba), START, 'scoreboard');
    expect(seen.outcome).toBe('published');
    expect(seen.events.map((e) => e.type)).toEqual(['GameScheduled', 'GameStateUpdated']);
    expect(seen.events[0]).toMatchObject({ sport: 'nba' });
  });

  it('orders states by play, then by clock, and compares them field by field', () => {
    expect(compareProgress(nfl({ playSeq: 5 }), nfl({ playSeq: 6 }))).toBeGreaterThan(0);
    expect(compareProgress(nfl({ playSeq: 6 }), nfl({ playSeq: 5 }))).toBeLessThan(0);
    expect(compareProgress(nfl({ status: 'post' }), nfl())).toBeLessThan(0);
    expect(
      compareProgress(nfl({ playSeq: 0, clockSeconds: 300 }), nfl({ playSeq: 0, clockSeconds: 200 })),
    ).toBeGreaterThan(0);
    expect(sameState(nfl(), nfl())).toBe(true);
    expect(sameState(nfl(), nfl({ homeTimeouts: 2 }))).toBe(false);
  });
});
