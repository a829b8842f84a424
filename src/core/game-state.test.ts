import { describe, expect, expectTypeOf, it } from 'vitest';
import type { GameState, NflGameState } from './game-state.js';
import { asGameId } from './ids.js';
import type { Sport } from './instruments.js';

describe('GameState', () => {
  it('has exactly one shape per Sport', () => {
    expectTypeOf<GameState['sport']>().toEqualTypeOf<Sport>();
  });

  it('narrows on sport', () => {
    const state: GameState = {
      sport: 'mlb',
      gameId: asGameId('g'),
      status: 'in',
      homeScore: 1,
      awayScore: 0,
      inning: 3,
      half: 'top',
      balls: 1,
      strikes: 2,
      outs: 1,
      onFirst: true,
      onSecond: false,
      onThird: null,
    };
    const label = (s: GameState): string => {
      switch (s.sport) {
        case 'nfl':
        case 'ncaaf':
          return `Q${s.quarter}`;
        case 'nba':
        case 'ncaamb':
        case 'nhl':
          return `P${s.period}`;
        case 'mlb':
          return `${s.half} ${s.inning}`;
        case 'soccer':
          return `${s.minute}'`;
      }
    };
    expect(label(state)).toBe('top 3');
  });

  it('keeps NflGameState the shape the NFL model and the replay bundle use', () => {
    expectTypeOf<keyof NflGameState>().toEqualTypeOf<
      | 'sport'
      | 'gameId'
      | 'status'
      | 'quarter'
      | 'clockSeconds'
      | 'gameSecondsRemaining'
      | 'homeScore'
      | 'awayScore'
      | 'possession'
      | 'down'
      | 'distance'
      | 'yardline100'
      | 'homeTimeouts'
      | 'awayTimeouts'
      | 'playSeq'
    >();
  });
});
