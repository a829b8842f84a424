import { describe, expect, it } from 'vitest';
import type { SoccerGameState } from '../../core/game-state.js';
import { noVigHomeProbability } from '../model.js';
import { soccer } from '../testing/states.js';
import { createSoccerModel, regulationMinutesLeft, SOCCER_COMPETITIONS, stoppageLeft } from './model.js';

const model = createSoccerModel();
const wp = (s: SoccerGameState, prior = {}) => model.probabilities(s, prior);
const kickoff = soccer({ status: 'pre', homeScore: 0, awayScore: 0 });

describe('soccer Poisson model', () => {
  it('starts with a Premier League-like three-way split without a line', () => {
    // Long-run Premier League: home ~45 %, draw ~25 %, away ~30 %.
    const p = wp(kickoff);
    expect(p.home).toBeGreaterThan(0.42);
    expect(p.home).toBeLessThan(0.5);
    expect(p.draw).toBeGreaterThan(0.22);
    expect(p.draw).toBeLessThan(0.3);
  });

  it('matches the moneylines’ home share of decisive results', () => {
    const prior = { homeMoneyline: -125, awayMoneyline: 350, total: 2.8 };
    const p = wp(kickoff, prior);
    expect(p.home / (p.home + p.away)).toBeCloseTo(noVigHomeProbability(-125, 350), 6);
  });

  it('counts the expected stoppage time, and fades it once overdue', () => {
    const epl = SOCCER_COMPETITIONS['eng.1'];
    const at90 = regulationMinutesLeft(soccer({ minutesPlayed: 90 }), epl);
    expect(at90).toBeGreaterThan(epl.secondHalfStoppage); // played at the end-of-match rate
    expect(stoppageLeft(6, 2)).toBe(4);
    expect(stoppageLeft(6, 5)).toBe(1);
    expect(stoppageLeft(6, 9)).toBeLessThan(0.25);
    const ahead = { homeScore: 1, awayScore: 0 };
    const at85 = wp(soccer({ minutesPlayed: 85, ...ahead })).home;
    const at90plus3 = wp(soccer({ minutesPlayed: 90, minute: 90, stoppageMinute: 3, ...ahead })).home;
    expect(at90plus3).toBeGreaterThan(at85);
  });

  it('moves goals toward the side a player up', () => {
    const even = { homeSpread: 0 };
    const base = soccer({ minutesPlayed: 30, homeScore: 0, awayScore: 0 });
    const homeDown = wp({ ...base, homeRedCards: 1, awayRedCards: 0 }, even);
    expect(homeDown.away).toBeGreaterThan(homeDown.home + 0.1);
    const both = wp({ ...base, homeRedCards: 1, awayRedCards: 1 }, even);
    expect(both.home).toBeCloseTo(both.away, 9);
  });

  it('in extra time prices who goes through: no draw, penalties a coin flip', () => {
    const extra: SoccerGameState = {
      ...soccer({ minutesPlayed: 100 }),
      period: 3,
      minute: 101,
      clockSeconds: 6000,
    };
    const p = wp({ ...extra, homeScore: 2, awayScore: 2 }, { homeSpread: 0 });
    expect(p.draw).toBe(0);
    expect(p.home).toBeCloseTo(0.5, 9);
    const shootout: SoccerGameState = { ...extra, period: 5, minute: 120, clockSeconds: 7200 };
    expect(wp(shootout)).toEqual({ home: 0.5, away: 0.5, draw: 0 });
    expect(wp({ ...extra, status: 'post', period: 5 })).toEqual({ home: 0.5, away: 0.5, draw: 0 });
    expect(wp({ ...extra, status: 'post', period: 2 })).toEqual({ home: 0, away: 0, draw: 1 });
  });
});
