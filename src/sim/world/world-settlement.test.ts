/**
 * Ties and cancellations in the simulated world, settled as each venue's rules say, read over
 * loopback HTTP: a regular-season NFL game ending level pays $0.50 a contract on Kalshi ("the
 * market will resolve to $0.50 for each team") and resolves 50-50 on Polymarket; a game called
 * off before kick-off is shown canceled by ESPN, and settled by Kalshi at a fair price (the two
 * team markets summing to $1) and by Polymarket 50-50.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../core/clock.js';
import type { Micros } from '../../core/money.js';
import { parseScoreboard } from '../../feeds/espn/scoreboard.js';
import type { EspnGame } from '../../feeds/espn/types.js';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { Timeline } from '../../feeds/replay/timeline.js';
import { type SimWorld, startSimWorld } from './sim-world.js';
import { testTeamLookup } from './testing.js';

const [ariLa, wasPhi] = selectGames(loadNflBundle('data/nfl'), {
  gameIds: ['2020_17_ARI_LA', '2020_17_WAS_PHI'],
});
// The Rams and the Cardinals level at 18 (the recording has 18-7): a regular-season tie.
const tied = { ...ariLa!, info: { ...ariLa!.info, finalAwayScore: 18 } };
const clock = new SimulatedClock(ariLa!.info.kickoffTs - 3 * 3_600_000);
const timeline = new Timeline(clock);
let world: SimWorld;
const seen: Record<string, unknown> = {};

const kalshiMarket = async (ticker: string) =>
  (
    (await (await fetch(`${world.endpoints.kalshi!.rest}/markets/${ticker}`)).json()) as {
      market: Record<string, string>;
    }
  ).market;
const clobMarket = async (slug: string) => {
  const listing = world.servers.polymarket.games.get(slug).listing;
  const id = listing.markets[0]!.spec.conditionId;
  return (await (await fetch(`${world.endpoints.polymarket!.clob}/markets/${id}`)).json()) as Record<
    string,
    unknown
  >;
};

beforeAll(async () => {
  world = await startSimWorld({
    games: [tied, wasPhi!],
    clock,
    scheduler: timeline,
    seed: 42,
    feedDelayMs: 10_000,
    balances: { kalshi: 1_000_000_000 as Micros, polymarket: 1_000_000_000 as Micros },
    teams: testTeamLookup,
  });
  const washKickoff = wasPhi!.info.kickoffTs;
  timeline.at(washKickoff - 2 * 3_600_000, () => {
    world.cancelGame('2020_17_WAS_PHI');
    try {
      world.cancelGame('2020_17_ARI_LA');
    } catch (error) {
      seen.startedRefusal = String(error);
    }
  });
  timeline.at(washKickoff - 2 * 3_600_000 + 60_000, async () => {
    const res = await fetch(`${world.endpoints.espn.url}/football/nfl/scoreboard?dates=20210103`);
    seen.scoreboard = parseScoreboard(await res.json(), 'nfl').games;
  });
  await timeline.run({ speed: null, sleep: async () => undefined, wallNow: () => performance.now() });
}, 120_000);
afterAll(() => world?.close());

describe('settling what the world cannot play to a winner', () => {
  it('pays $0.50 a contract on Kalshi and resolves Polymarket 50-50 when an NFL game ends level', async () => {
    for (const team of ['LAR', 'ARI'])
      expect(await kalshiMarket(`KXNFLGAME-21JAN03ARILAR-${team}`)).toMatchObject({
        status: 'finalized',
        result: 'scalar',
        settlement_value_dollars: '0.5000',
      });
    expect(await clobMarket('nfl-ari-lar-2021-01-03')).toMatchObject({
      closed: true,
      is_50_50_outcome: true,
    });
  });

  it('shows a game called off as canceled on ESPN, never final', () => {
    const games = seen.scoreboard as EspnGame[];
    const wash = games.find((g) => g.homeTeam.abbreviation === 'PHI');
    expect(wash?.espnStatus).toMatchObject({ name: 'STATUS_CANCELED', completed: false });
    expect(games.find((g) => g.homeTeam.abbreviation === 'LAR')?.state.status).toBe('in');
    expect(seen.startedRefusal).toContain('game 2020_17_ARI_LA has started');
  });

  it('settles a canceled game on Kalshi at a fair price and on Polymarket 50-50', async () => {
    const home = await kalshiMarket('KXNFLGAME-21JAN03WASPHI-PHI');
    const away = await kalshiMarket('KXNFLGAME-21JAN03WASPHI-WAS');
    expect([home.status, away.status]).toEqual(['finalized', 'finalized']);
    const value = (m: Record<string, string>) => Number(m.settlement_value_dollars);
    // PHI were 6.5-point underdogs at home: the fair price is well under a half.
    expect(value(home)).toBeGreaterThan(0.05);
    expect(value(home)).toBeLessThan(0.5);
    expect(value(home) + value(away)).toBeCloseTo(1, 10);
    expect(await clobMarket('nfl-wsh-phi-2021-01-03')).toMatchObject({
      closed: true,
      is_50_50_outcome: true,
    });
    expect(world.done()).toBe(true);
    expect(world.stats).toEqual({ makerRefusals: 0, lifecycleRefusals: 0 });
  });
});
