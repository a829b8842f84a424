/**
 * What a client reads about listed games over loopback HTTP: Gamma's events, markets, sports
 * and teams with the filters clients use, the CLOB's market objects, and the geoblock check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimTestClient } from './test-client.js';
import { demoGameSpecs, type GameReply, type GamesFixture, startGamesFixture } from './test-games.js';

const START = Math.floor(Date.now() / 60_000) * 60_000; // games start on the minute
const SPECS = demoGameSpecs(START);
let fx: GamesFixture;
let client: SimTestClient;
const games: Record<string, GameReply> = {};
const slugs: Record<string, string> = {};
const admin = (path: string, body?: unknown) => fx.admin(path, body);
const gamma = <T>(path: string) => fx.gamma<T>(path);

beforeAll(async () => {
  fx = await startGamesFixture(SPECS, START);
  client = fx.client;
  for (const [name, game] of Object.entries(fx.games)) {
    games[name] = game;
    slugs[name] = game.slug;
  }
});
afterAll(() => fx.close());

describe('Gamma and CLOB reads of a listed game', () => {
  it('serves the event, its markets, the sports and the teams with the filters clients use', async () => {
    const [event] = await gamma<Record<string, unknown>[]>(`/events?slug=${slugs.NFL}`);
    expect(event).toMatchObject({
      slug: slugs.NFL,
      ticker: slugs.NFL,
      title: 'Titans vs. Giants',
      seriesSlug: 'nfl-2026',
      negRisk: false,
      live: false,
      ended: false,
      closed: false,
      sport: { sport: 'nfl' },
      teams: [
        { abbreviation: 'ten', ordering: 'away', name: 'Tennessee Titans', league: 'nfl' },
        { abbreviation: 'nyg', ordering: 'home', name: 'New York Giants', league: 'nfl' },
      ],
    });
    expect(typeof event?.gameId).toBe('number');
    const soccer = await gamma<{ slug: string }[]>('/events?tag_id=100350');
    expect(soccer.map((e) => e.slug)).toEqual([slugs.EPL]);
    const open = await gamma<{ slug: string }[]>(
      '/events?tag_id=100639&active=true&closed=false&order=startTime',
    );
    expect(open.map((e) => e.slug)).toEqual([slugs.NFL, slugs.EPL, slugs.NBA]);
    expect((await client.raw('GET', '/gamma/events?closed=maybe')).status).toBe(400);

    const eplMarkets = games.EPL?.markets ?? [];
    const bySlug = await gamma<Record<string, unknown>[]>(
      `/markets?slug=${eplMarkets[1]?.slug}&closed=false`,
    );
    expect(bySlug).toHaveLength(1);
    expect(bySlug[0]).toMatchObject({
      question: expect.stringMatching(/^Will Everton FC vs\. Crystal Palace FC end in a draw\?$/),
      groupItemTitle: 'Draw (Everton FC vs. Crystal Palace FC)',
      outcomes: '["Yes","No"]',
      clobTokenIds: JSON.stringify(eplMarkets[1]?.tokenIds),
      negRisk: true,
      sportsMarketType: 'moneyline',
      feeType: 'sports_fees_v2',
      feeSchedule: { rate: 0.03, exponent: 1, takerOnly: true, rebateRate: 0.25 },
      orderPriceMinTickSize: 0.01,
      orderMinSize: 5,
      acceptingOrders: true,
      active: true,
      closed: false,
      umaResolutionStatus: null,
      events: [expect.objectContaining({ slug: slugs.EPL })],
    });
    const byTokens = await gamma<{ slug: string }[]>(
      `/markets?clob_token_ids=${eplMarkets[2]?.tokenIds[1]},${games.NBA?.markets[0]?.tokenIds[0]}`,
    );
    expect(byTokens.map((m) => m.slug)).toEqual([games.NBA?.markets[0]?.slug, eplMarkets[2]?.slug]);

    const sports = await gamma<{ sport: string; ordering: string; tags: string }[]>('/sports');
    expect(sports.find((s) => s.sport === 'nfl')).toMatchObject({ ordering: 'away', tags: '1,450,100639' });
    expect(sports.find((s) => s.sport === 'epl')).toMatchObject({
      ordering: 'home',
      tags: '1,82,306,100639,100350',
      series: '10188',
    });
    const teams = await gamma<{ abbreviation: string; league: string; name: string }[]>(
      '/teams?league=nfl&order=name',
    );
    expect(teams.map((t) => t.abbreviation)).toEqual(['dal', 'nyg', 'ten']);
    expect(await gamma('/teams?abbreviation=EVE')).toEqual([
      expect.objectContaining({ name: 'Everton FC', league: 'epl', alias: 'Everton FC' }),
    ]);
  });
});

describe('the geoblock check', () => {
  it('answers not blocked, and blocked once told (for the live-mode guard)', async () => {
    const geo = async () => (await fetch(`${fx.urls.baseUrl}/api/geoblock`)).json();
    expect(await geo()).toEqual({ blocked: false, ip: '127.0.0.1', country: 'IE', region: 'D' });
    expect((await admin('/sim/geoblock', { blocked: true })).status).toBe(200);
    expect(await geo()).toEqual({ blocked: true, ip: '127.0.0.1', country: 'US', region: 'NY' });
    expect((await admin('/sim/geoblock', { blocked: 'yes' })).status).toBe(400);
    await admin('/sim/geoblock', { blocked: false, country: 'GB', region: 'ENG' });
    expect(await geo()).toMatchObject({ blocked: false, country: 'GB' });
  });
});
