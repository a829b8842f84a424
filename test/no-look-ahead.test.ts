/**
 * No look-ahead: what the pipeline decides up to a cut time depends only on what happened up to
 * then. Two backtests of the same games, one with the true future and one whose every play after
 * the cut is replaced (the later states in reverse order, the final score turned round so the
 * other team wins), must publish the same events, byte for byte, up to the cut: every signal,
 * risk decision, order, fill and book. The play times are the same in both runs, so the feed
 * reports each play at its time plus the feed's delay in both. A strategy, risk check, sizing
 * rule or simulated maker that read the game data ahead of the clock (the rest of a game, its
 * result) would decide differently before the cut, and the test would fail.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import type { ArbeesEvent } from '../src/core/events.js';
import { asRunId } from '../src/core/ids.js';
import { loadNflBundle, type ReplayGame, selectGames } from '../src/feeds/replay/nfl-bundle.js';
import { replayPlayTimes } from '../src/feeds/replay/replay-game.js';
import { silentLogger } from '../src/services/logger.js';
import { runOneProcess } from '../src/services/one-process.js';
import { openStore } from '../src/store/open.js';

// Three games played at the same time (Sunday 27 December 2020, 18:00 UTC): the cut falls inside
// each of them.
const GAMES = ['2020_16_ATL_KC', '2020_16_CHI_JAX', '2020_16_CIN_HOU'];
const FEED_DELAY_S = 30;

/** The games with their play times fixed from the true data (so both runs share them). */
function withFixedTimes(games: readonly ReplayGame[]): ReplayGame[] {
  return games.map((g) => ({ ...g, playTs: replayPlayTimes(g) }));
}

/** The same games with everything after `cut` replaced by a different future. */
function withOtherFuture(games: readonly ReplayGame[], cut: number): ReplayGame[] {
  return games.map((g) => {
    const times = g.playTs as readonly number[];
    const firstFuture = times.findIndex((t) => t > cut);
    const wp = g.espnHomeWinProbability;
    const flip = <T>(xs: readonly T[]): T[] =>
      firstFuture < 0 ? [...xs] : [...xs.slice(0, firstFuture), ...xs.slice(firstFuture).reverse()];
    const over = (times.at(-1) as number) > cut;
    return {
      ...g,
      states: flip(g.states),
      ...(wp ? { espnHomeWinProbability: flip(wp) } : {}),
      info: over
        ? { ...g.info, finalHomeScore: g.info.finalAwayScore, finalAwayScore: g.info.finalHomeScore }
        : g.info,
    };
  });
}

async function backtest(games: readonly ReplayGame[]): Promise<ArbeesEvent[]> {
  const config = loadConfig({ env: { ARBEES_FEED_DELAY: String(FEED_DELAY_S) }, envFile: null });
  const store = await openStore({ pglite: 'memory' });
  const events: ArbeesEvent[] = [];
  try {
    await runOneProcess({
      config,
      games,
      store,
      runId: asRunId('no-look-ahead'),
      mode: 'backtest',
      log: silentLogger,
      sleep: async () => {
        throw new Error('a backtest never sleeps');
      },
      tap: (event) => events.push(event),
    });
  } finally {
    await store.close();
  }
  return events;
}

const count = (events: readonly ArbeesEvent[], type: ArbeesEvent['type']) =>
  events.filter((e) => e.type === type).length;

describe('no look-ahead', () => {
  it('decides the same up to a cut time whatever happens after it', async () => {
    const truth = withFixedTimes(selectGames(loadNflBundle('data/nfl'), { gameIds: GAMES }));
    // The cut: the median play of the three games, well inside each of them.
    const plays = truth.flatMap((g) => g.playTs as number[]).sort((a, b) => a - b);
    const cut = (plays[Math.floor(plays.length / 2)] as number) + 1;
    const straddling = truth.filter(
      (g) => (g.playTs?.[0] as number) <= cut && (g.playTs?.at(-1) as number) > cut,
    );
    expect(straddling.length).toBe(GAMES.length);

    const altered = withOtherFuture(truth, cut);
    // The other future really differs: later states and the winner of each game cut through.
    for (const g of straddling) {
      const other = altered.find((a) => a.info.gameId === g.info.gameId) as ReplayGame;
      expect(JSON.stringify(other.states)).not.toBe(JSON.stringify(g.states));
      expect(other.info.finalHomeScore).not.toBe(g.info.finalHomeScore);
    }

    const a = await backtest(truth);
    const b = await backtest(altered);
    const upToCut = (events: readonly ArbeesEvent[]) => events.filter((e) => e.ts <= cut);
    const beforeA = upToCut(a);
    const beforeB = upToCut(b);
    // Not vacuous: the pipeline traded before the cut, and the game feed ran behind the plays.
    expect(count(beforeA, 'SignalRaised')).toBeGreaterThan(0);
    expect(count(beforeA, 'RiskDecision')).toBeGreaterThan(0);
    expect(count(beforeA, 'OrderIntent')).toBeGreaterThan(0);
    expect(count(beforeA, 'FillReceived')).toBeGreaterThan(0);
    expect(beforeA.map((e) => JSON.stringify(e))).toEqual(beforeB.map((e) => JSON.stringify(e)));
    // After the cut the two runs part: the test can see a difference when there is one.
    const afterSignals = (events: readonly ArbeesEvent[]) =>
      events.filter((e) => e.ts > cut && e.type === 'SignalRaised').map((e) => JSON.stringify(e));
    expect(afterSignals(b)).not.toEqual(afterSignals(a));
  });

  it('reports each play no sooner than its time plus the feed delay', async () => {
    const truth = withFixedTimes(selectGames(loadNflBundle('data/nfl'), { gameIds: GAMES.slice(0, 1) }));
    const game = truth[0] as ReplayGame;
    const times = game.playTs as readonly number[];
    const events = await backtest(truth);
    const updates = events.filter((e) => e.type === 'GameStateUpdated');
    expect(updates.length).toBeGreaterThanOrEqual(game.states.length);
    // Each state is first reported FEED_DELAY_S after its play, never before.
    const firstReport = new Map<string, number>();
    for (const e of updates) {
      const key = JSON.stringify(e.state);
      if (!firstReport.has(key)) firstReport.set(key, e.ts);
    }
    game.states.forEach((state, i) => {
      const reported = firstReport.get(JSON.stringify(state));
      // A state repeated later in the game is reported the first time it happened.
      if (reported !== undefined)
        expect(reported).toBeGreaterThanOrEqual((times[i] as number) + FEED_DELAY_S * 1000);
    });
    // Every decision is stamped no earlier than the latest state reported before it.
    let latestState = Number.NEGATIVE_INFINITY;
    for (const e of events) {
      if (e.type === 'GameStateUpdated') latestState = Math.max(latestState, e.ts);
      if (e.type === 'SignalRaised' || e.type === 'RiskDecision' || e.type === 'OrderIntent')
        expect(e.ts).toBeGreaterThanOrEqual(latestState);
    }
  });
});
