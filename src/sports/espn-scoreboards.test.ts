/**
 * The real ESPN scoreboards, parsed by src/feeds/espn into game states, priced by each sport's
 * model: finals decided by their score, lines read as priors, live games plausible.
 */
import { describe, expect, it } from 'vitest';
import { parseScoreboard } from '../feeds/espn/scoreboard.js';
import { REAL_FILES, readEspnJson } from '../feeds/espn/testing/fixtures.js';
import { createWinProbabilityModels, outcomeProbabilities } from './models.js';
import { MAX_LIVE_WP, MIN_LIVE_WP } from './nfl/win-probability.js';

const models = createWinProbabilityModels();

describe.each([REAL_FILES.nbaPost2024, REAL_FILES.nbaPost])('NBA scoreboard %s', (file) => {
  it('gives every final game to its winner', () => {
    const { games } = parseScoreboard(readEspnJson(file), 'nba');
    expect(games.length).toBeGreaterThan(0);
    for (const g of games) {
      const p = outcomeProbabilities(models, g.state, g.odds ?? {});
      expect(p.home).toBe(g.state.homeScore > g.state.awayScore ? 1 : 0);
    }
  });
});

describe.each([REAL_FILES.nflInProgress, REAL_FILES.nflPost])('NFL scoreboard %s', (file) => {
  const { games } = parseScoreboard(readEspnJson(file), 'nfl');

  it('prices finals by the score, scheduled games by their line, live games in between', () => {
    for (const g of games) {
      const p = outcomeProbabilities(models, g.state, g.odds ?? {});
      const lead = g.state.homeScore - g.state.awayScore;
      if (g.state.status === 'post') {
        // The fitted NFL model keeps decided games at its live clamp.
        expect(p.home).toBe(lead > 0 ? MAX_LIVE_WP : MIN_LIVE_WP);
      } else if (g.state.status === 'pre') {
        const spread = g.odds?.homeSpread ?? 0;
        expect(p.home > 0.5, `${g.espnId} spread ${spread}`).toBe(spread > 0);
      } else {
        expect(p.home).toBeGreaterThan(0.05);
        expect(p.home).toBeLessThan(0.95);
      }
    }
  });
});

describe('NFL in progress against ESPN (2022 week 11, no lines in the payload)', () => {
  const { games } = parseScoreboard(readEspnJson(REAL_FILES.nflInProgress), 'nfl');
  const live = games.filter((g) => g.state.status === 'in' && g.espnHomeWinProbability !== undefined);

  it('has seven live games with ESPN numbers, and is never wildly off despite pricing them as pick’ems', () => {
    expect(live).toHaveLength(7);
    for (const g of live) {
      const p = outcomeProbabilities(models, g.state, {}).home;
      // ESPN knows the lines (Baltimore was a double-digit favourite); we do not, so only
      // a gross error (a sign flip, a broken clock) would put us 0.3 away.
      expect(Math.abs(p - g.espnHomeWinProbability!), g.espnId).toBeLessThan(0.3);
    }
  });
});
