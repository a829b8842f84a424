/**
 * The ESPN poller against the simulated ESPN API over real HTTP on 127.0.0.1, with simulated
 * time on a replay timeline: the states it publishes are the bundle's, its cadence follows
 * crunch time, it backs off on errors and counts them, it does not repeat unchanged states, and
 * a game's staleness grows while the server stalls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { stateProgressKey } from '../../core/game-state.js';
import type { GameId } from '../../core/ids.js';
import { scoreboardEvent, scoreboardPayload } from '../../sim/espn/payloads.js';
import { isCrunchTime } from './cadence.js';
import { type Harness, startHarness } from './testing/sim-harness.js';

// Two games at the same kick-off: a close one (PIT 22, CLE 24) and a blowout (MIA 26, BUF 56).
const CLOSE = '2020_17_PIT_CLE' as GameId;
const BLOWOUT = '2020_17_MIA_BUF' as GameId;
const DELAY = 10_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('EspnPoller over HTTP', () => {
  it('publishes every state of the bundle once, in order, between GameScheduled and GameFinal', async () => {
    h = await startHarness({ gameIds: [CLOSE, BLOWOUT] });
    const end = Math.max(...h.schedule.games.map((g) => g.finalTs)) + DELAY + 600_000;
    await h.runUntil(end);
    for (const sim of h.schedule.games) {
      const { info, states } = sim.game;
      const scheduled = h.scheduled().find((e) => e.gameId === info.gameId)!;
      expect(scheduled).toMatchObject({
        id: `espn:${info.gameId}:scheduled`,
        ts: info.kickoffTs - 3600_000,
        sport: 'nfl',
        homeTeam: info.homeTeam,
        awayTeam: info.awayTeam,
        startTs: info.kickoffTs,
        homeSpread: info.homeSpread,
        season: 2020,
        week: 17,
        seasonType: 'REG',
      });
      const published = h.states(info.gameId);
      // Plays are 40 s or more apart and polls 10 s or less: every play is seen, none twice.
      expect(published.map((e) => e.state)).toEqual(states);
      expect(published.map((e) => e.id)).toEqual(states.map((_, i) => `espn:${info.gameId}:state:${i + 1}`));
      expect(published.every((e) => e.source === 'espn')).toBe(true);
      // Each state reaches the bus after the play, by the feed delay plus at most one poll.
      published.forEach((e, i) => {
        expect(e.ts).toBeGreaterThanOrEqual(sim.playTs[i]! + DELAY);
        expect(e.ts).toBeLessThanOrEqual(sim.playTs[i]! + DELAY + 10_000);
      });
      const final = h.finals().find((e) => e.gameId === info.gameId)!;
      expect(final).toMatchObject({ homeScore: info.finalHomeScore, awayScore: info.finalAwayScore });
      expect(final.ts).toBeGreaterThan(published.at(-1)!.ts);
    }
    const stats = h.poller.stats();
    expect(stats.published).toEqual({ scheduled: 2, states: h.states().length, finals: 2 });
    // The lines were on the pre-game scoreboard: no summary was needed.
    expect(stats.requests.summary).toBe(0);
    // Unchanged payloads came back 304; a changed one repeating a game's state was not re-sent.
    expect(stats.answers.notModified).toBeGreaterThan(stats.answers.ok);
    expect(stats.unchanged).toBeGreaterThan(0);
    expect(Object.values(stats.errors).every((n) => n === 0)).toBe(true);
  });

  it('announces a game days ahead from the scoreboards of the days ahead, before the current week shows it', async () => {
    // Week 17 (3 Jan 2021) is on the scoreboard; the wild-card game (9 Jan) is six days ahead.
    const WILD_CARD = '2020_18_IND_BUF' as GameId;
    h = await startHarness({
      gameIds: [BLOWOUT, WILD_CARD],
      lookaheadDays: 7,
      announceLeadMs: 8 * 24 * 3600_000,
    });
    const week17 = h.schedule.games.find((g) => g.game.info.gameId === BLOWOUT)!;
    await h.runUntil(week17.game.info.kickoffTs - 3600_000);
    const announced = h.scheduled().map((e) => e.gameId);
    expect(announced).toContain(WILD_CARD);
    const dated = h.server.requests.filter((r) => r.endpoint === 'scoreboard').length;
    expect(dated).toBeGreaterThan(7);
    expect(h.poller.stats().errors['http-4xx']).toBe(0);
  });

  it('without the days ahead, the wild-card game is not known during week 17', async () => {
    h = await startHarness({ gameIds: [BLOWOUT, '2020_18_IND_BUF'], announceLeadMs: 8 * 24 * 3600_000 });
    const week17 = h.schedule.games.find((g) => g.game.info.gameId === BLOWOUT)!;
    await h.runUntil(week17.game.info.kickoffTs - 3600_000);
    expect(h.scheduled().map((e) => e.gameId)).toEqual([BLOWOUT]);
  });

  it('polls every POLL_INTERVAL while a game is on and every CRUNCH_TIME_INTERVAL late in a close one', async () => {
    h = await startHarness({ gameIds: [CLOSE] });
    const sim = h.schedule.games[0]!;
    await h.runUntil(sim.finalTs + DELAY);
    const polls = h.server.requests.filter((r) => r.endpoint === 'scoreboard');
    const gaps = { crunch: new Set<number>(), live: new Set<number>() };
    for (let i = 0; i + 1 < polls.length; i++) {
      const seen = h.schedule.phaseAt(sim, polls[i]!.simTs - DELAY);
      if (seen.status !== 'in') continue;
      const gap = polls[i + 1]!.simTs - polls[i]!.simTs;
      gaps[isCrunchTime(seen.state) ? 'crunch' : 'live'].add(gap);
    }
    expect([...gaps.live]).toEqual([10_000]);
    expect([...gaps.crunch]).toEqual([3_000]);
    // Before the game: one wake-up to announce it an hour ahead, then polls up to the kick-off.
    const before = polls.filter((r) => r.simTs < sim.playTs[0]!).map((r) => r.simTs);
    expect(before).toContain(sim.game.info.kickoffTs - 3600_000);
    expect(before.length).toBeLessThan(40);
  });

  it('backs off exponentially on 5xx, honours Retry-After on 429, counts malformed payloads, and recovers', async () => {
    h = await startHarness({ gameIds: [CLOSE], backoff: { baseMs: 1_000, maxMs: 8_000 } });
    const sim = h.schedule.games[0]!;
    const t0 = sim.playTs[20]! + DELAY;
    await h.runUntil(t0);
    const from = h.server.requests.length;
    h.server.faults.failNext(5, { kind: 'status', status: 503 });
    h.server.faults.failNext(1, { kind: 'status', status: 429, retryAfterSeconds: 30 });
    h.server.faults.failNext(1, { kind: 'malformed' });
    h.server.faults.failNext(1, { kind: 'json', body: { message: 'not a scoreboard' } });
    await h.runUntil(t0 + 120_000);
    const polls = h.server.requests.slice(from);
    expect(polls.slice(0, 9).map((r) => r.status)).toEqual([503, 503, 503, 503, 503, 429, 200, 200, 200]);
    const gaps = polls.slice(1, 10).map((r, i) => r.simTs - polls[i]!.simTs);
    // 1, 2, 4, 8, 8 s after the 5xx; Retry-After 30 s; then 8 s twice more (the bad payloads), and
    // the normal cadence once a scoreboard is read again.
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 30_000, 8_000, 8_000, 10_000]);
    const stats = h.poller.stats();
    expect(stats.errors).toMatchObject({ 'http-5xx': 5, 'rate-limited': 1, 'bad-json': 1, 'not-espn': 1 });
    // Still polling, and still publishing the game.
    const shown = h.schedule.phaseAt(sim, t0 + 110_000 - DELAY);
    expect(shown.status === 'in' && h.states(CLOSE).at(-1)!.state).toEqual(
      shown.status === 'in' && shown.state,
    );
  });

  it('fetches the summary of a game first seen in play, for its line, one request at a time', async () => {
    h = await startHarness({ gameIds: [CLOSE], startOffsetMs: 3600_000 });
    const sim = h.schedule.games[0]!;
    h.server.faults.failNext(2, { kind: 'status', status: 500 }, 'summary');
    await h.runUntil(h.clock.now() + 60_000);
    const summaries = h.server.requests.filter((r) => r.endpoint === 'summary');
    expect(summaries.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(h.server.stats.maxInFlight[`summary:${sim.espnId}`]).toBe(1);
    const scheduled = h.scheduled();
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]!.homeSpread).toBe(sim.game.info.homeSpread);
    expect(h.states(CLOSE).length).toBeGreaterThan(0);
    expect(h.poller.stats().linesMissing).toBe(0);
  });

  it('reads a game from its summary while its scoreboard entry is unreadable', async () => {
    h = await startHarness({ gameIds: [CLOSE] });
    const sim = h.schedule.games[0]!;
    const t0 = sim.playTs[30]! + DELAY;
    await h.runUntil(t0);
    const from = h.server.requests.length;
    const broken = scoreboardEvent(sim, h.schedule.phaseAt(sim, sim.playTs[30]!));
    (broken.competitions as Record<string, unknown>[])[0]!.competitors = [];
    // The scoreboard stays broken until well after the next play.
    const brokenPolls = Math.ceil((sim.playTs[31]! + DELAY + 20_000 - t0) / 10_000);
    h.server.faults.failNext(
      brokenPolls,
      { kind: 'json', body: scoreboardPayload([broken], sim) },
      'scoreboard',
    );
    await h.runUntil(sim.playTs[32]! + DELAY - 1);
    const polls = h.server.requests.slice(from).filter((r) => r.endpoint === 'scoreboard');
    const lastBroken = polls[brokenPolls - 1]!.simTs;
    const stats = h.poller.stats();
    expect(stats.problems.skipped).toBe(brokenPolls);
    expect(stats.requests.summary).toBe(brokenPolls);
    const next = h
      .states(CLOSE)
      .find((e) => stateProgressKey(e.state) === stateProgressKey(sim.game.states[31]!))!;
    expect(next.state).toEqual(sim.game.states[31]);
    expect(next.ts).toBeLessThanOrEqual(lastBroken);
  });

  it("lets a game's staleness grow while the server stalls, and resets it when answers come back", async () => {
    h = await startHarness({ gameIds: [CLOSE], timeoutMs: 150, backoff: { baseMs: 1_000, maxMs: 8_000 } });
    const sim = h.schedule.games[0]!;
    const t0 = sim.playTs[50]! + DELAY;
    await h.runUntil(t0);
    expect(h.poller.stalenessMs(CLOSE)).toBeLessThanOrEqual(10_000);
    h.server.faults.stall();
    await h.runUntil(t0 + 60_000);
    expect(h.poller.stalenessMs(CLOSE)).toBeGreaterThanOrEqual(50_000);
    expect(h.poller.stats().errors.timeout).toBeGreaterThanOrEqual(5);
    h.server.faults.resume();
    await h.runUntil(t0 + 90_000);
    expect(h.poller.stalenessMs(CLOSE)).toBeLessThanOrEqual(10_000);
    expect(h.poller.stalenessMs('no-such-game' as GameId)).toBeNull();
  });
});
