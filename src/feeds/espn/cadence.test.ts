/** Crunch time per sport, and the backoff schedule. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GameState } from '../../core/game-state.js';
import { asGameId } from '../../core/ids.js';
import { backoffDelayMs, isCrunchTime } from './cadence.js';

const base = { gameId: asGameId('g'), status: 'in' as const, homeScore: 20, awayScore: 14 };
const football = {
  ...base,
  sport: 'nfl' as const,
  quarter: 4,
  clockSeconds: 300,
  gameSecondsRemaining: 300,
  possession: null,
  down: null,
  distance: null,
  yardline100: null,
  homeTimeouts: 3,
  awayTimeouts: 3,
  playSeq: 1,
};

describe('isCrunchTime', () => {
  it.each<[string, GameState, boolean]>([
    ['NFL, 4th quarter, 6 points', football, true],
    ['NFL, 4th quarter, 9 points', { ...football, awayScore: 11 }, false],
    ['NFL, 3rd quarter, 6 points', { ...football, quarter: 3 }, false],
    ['NFL overtime', { ...football, quarter: 5, awayScore: 20 }, true],
    ['NFL before the game', { ...football, status: 'pre' }, false],
    [
      'NBA, last 5 minutes, 6 points',
      {
        ...base,
        sport: 'nba',
        period: 4,
        clockSeconds: 200,
        gameSecondsRemaining: 200,
        possession: null,
        homeTimeouts: null,
        awayTimeouts: null,
      },
      true,
    ],
    [
      'NBA, 8 minutes left',
      {
        ...base,
        sport: 'nba',
        period: 4,
        clockSeconds: 480,
        gameSecondsRemaining: 480,
        possession: null,
        homeTimeouts: null,
        awayTimeouts: null,
      },
      false,
    ],
    [
      'NHL, 3rd period, one goal',
      {
        ...base,
        sport: 'nhl',
        homeScore: 2,
        awayScore: 1,
        period: 3,
        clockSeconds: 600,
        gameSecondsRemaining: 600,
      },
      true,
    ],
    [
      'MLB, 8th inning, 2 runs',
      {
        ...base,
        sport: 'mlb',
        homeScore: 3,
        awayScore: 1,
        inning: 8,
        half: 'top',
        balls: 0,
        strikes: 0,
        outs: 0,
        onFirst: false,
        onSecond: false,
        onThird: false,
      },
      true,
    ],
    [
      'soccer, 80th minute, level',
      {
        ...base,
        sport: 'soccer',
        league: 'eng.1',
        homeScore: 1,
        awayScore: 1,
        period: 2,
        minute: 80,
        stoppageMinute: null,
        clockSeconds: 4800,
      },
      true,
    ],
  ])('%s', (_name, state, expected) => {
    expect(isCrunchTime(state)).toBe(expected);
  });
});

describe('backoffDelayMs', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 };

  it('doubles from the base up to the cap, jittered in the upper half', () => {
    expect([1, 2, 3, 4, 7, 20].map((n) => backoffDelayMs(policy, n, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 60_000, 60_000,
    ]);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(2000);
  });

  it('never waits less than Retry-After, and stays within [ceiling/2, ceiling] whatever the random source gives', () => {
    expect(backoffDelayMs(policy, 1, () => 0.5, 30_000)).toBe(30_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.oneof(fc.double({ min: 0, max: 0.999 }), fc.constant(Number.NaN), fc.double()),
        (failures, r) => {
          const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - 1));
          const d = backoffDelayMs(policy, failures, () => r);
          return d >= ceiling / 2 && d <= ceiling;
        },
      ),
    );
  });
});
