/**
 * `arbees markets` as a user runs it (a child process, as test/cli.test.ts runs the CLI) against
 * the simulators over loopback: the ESPN simulator serving the bundled games of Sunday 2021-01-24
 * (TB at GB, BUF at KC), the Kalshi and Polymarket simulators listing both as each venue does
 * (POST /sim/games, codes and names from the team tables), Kalshi also listing a game the feed
 * does not have and a bare market without rules, Polymarket a market whose rules say something
 * we do not read. Text, JSON, and one endpoint down.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../core/clock.js';
import { loadNflBundle } from '../feeds/replay/nfl-bundle.js';
import { ReplayEspnSchedule } from '../sim/espn/replay-schedule.js';
import { type EspnSimServer, startEspnSimServer } from '../sim/espn/server.js';
import { type ClockedSimFixture, startClockedSimFixture } from '../sim/kalshi/testing.js';
import { eventTags, GAMMA_SPORTS } from '../sim/polymarket/gamma-sports.js';
import { PolySimServer } from '../sim/polymarket/server.js';
import type { GameReply } from '../sim/polymarket/test-games.js';
import { type TeamEntry, teamByEspnAbbreviation, venueCodeOf, venueNameOf } from '../venues/teams/index.js';

const NOW = Date.parse('2021-01-24T17:00:00Z');
const GAMES = [
  { home: 'GB', away: 'TB', start: '2021-01-24T20:05:00Z' },
  { home: 'KC', away: 'BUF', start: '2021-01-24T23:40:00Z' },
] as const;
const nfl = (abbr: string) => teamByEspnAbbreviation('nfl', abbr) as TeamEntry;

function arbees(args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('ARBEES_') && !k.startsWith('KALSHI_') && k !== 'DATABASE_URL',
    ),
  );
  // Not spawnSync: the simulators answering it run in this process.
  const child = spawn(process.execPath, ['bin/run-ts.js', 'src/cli/main.ts', 'markets', ...args], {
    env: { ...clean, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

/** A loopback port nobody listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('arbees markets against the simulators', () => {
  let espn: EspnSimServer;
  let kalshi: ClockedSimFixture;
  let poly: PolySimServer;
  let polyUrls: Awaited<ReturnType<PolySimServer['listen']>>;
  const polyGames = new Map<string, GameReply>();
  let env: Record<string, string>;

  beforeAll(async () => {
    const schedule = new ReplayEspnSchedule(loadNflBundle(join('data', 'nfl')));
    espn = await startEspnSimServer({ schedule, clock: new SimulatedClock(NOW) });
    kalshi = await startClockedSimFixture(NOW);
    const kalshiTeam = (t: TeamEntry) => ({
      code: venueCodeOf(t, 'kalshi'),
      name: venueNameOf(t, 'kalshi'),
      event_name: `${venueCodeOf(t, 'kalshi')} ${t.nickname}`,
    });
    // Both feed games, and a game the feed does not have that day.
    for (const g of [...GAMES, { home: 'SEA', away: 'LAR', start: '2021-01-24T21:25:00Z' }]) {
      const r = await kalshi.admin('/sim/games', {
        league: 'nfl',
        start_time: g.start,
        home: kalshiTeam(nfl(g.home)),
        away: kalshiTeam(nfl(g.away)),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // A bare market: no rules, so it cannot be read as a game-winner listing.
    const bare = await kalshi.admin('/sim/markets', {
      ticker: 'KXNFLGAME-21JAN24NOPHI-NO',
      event_ticker: 'KXNFLGAME-21JAN24NOPHI',
      series_ticker: 'KXNFLGAME',
      close_time_ms: Date.parse('2021-01-25T05:00:00Z'),
    });
    expect(bare.status).toBe(201);
    const polyTeam = (t: TeamEntry) => ({
      abbreviation: venueCodeOf(t, 'gamma'),
      name: t.name,
      outcome: t.nickname,
    });
    // On the simulated day's clock; nothing here is signed.
    poly = new PolySimServer({ now: () => NOW, tickIntervalMs: 0 });
    polyUrls = await poly.listen();
    for (const g of GAMES) {
      const res = await fetch(`${polyUrls.baseUrl}/sim/games`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          sport: 'nfl',
          startTimeMs: Date.parse(g.start),
          home: polyTeam(nfl(g.home)),
          away: polyTeam(nfl(g.away)),
        }),
      });
      expect(res.status).toBe(200);
      polyGames.set(`${g.away}@${g.home}`, (await res.json()) as GameReply);
    }
    // A market whose rules say something no venue's rules we read say: a tie goes to the Seahawks.
    const admin = (path: string, body: unknown) =>
      fetch(`${polyUrls.baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) }).then(
        (r) => r.status,
      );
    const startTimeMs = Date.parse('2021-01-24T21:25:00Z');
    expect(
      await admin('/sim/events', {
        id: '990001',
        slug: 'nfl-lar-sea-2021-01-24',
        title: 'Rams vs. Seahawks',
        seriesSlug: 'nfl-2020',
        sport: 'nfl',
        startTimeMs,
        teams: [
          { name: 'Los Angeles Rams', abbreviation: 'lar', ordering: 'away', alias: 'Rams' },
          { name: 'Seattle Seahawks', abbreviation: 'sea', ordering: 'home', alias: 'Seahawks' },
        ],
        negRisk: false,
        tags: eventTags(GAMMA_SPORTS.nfl),
      }),
    ).toBe(200);
    expect(
      await admin('/sim/markets', {
        conditionId: `0x${'5e'.repeat(32)}`,
        question: 'Rams vs. Seahawks',
        slug: 'nfl-lar-sea-2021-01-24',
        outcomes: ['Rams', 'Seahawks'],
        tokenIds: ['1111', '2222'],
        tickSize: '0.01',
        minOrderSize: 5_000_000,
        negRisk: false,
        version: 'v1',
        fee: { ratePpm: 30_000, exponent: 1 },
        sportsMarketType: 'moneyline',
        gameStartTimeMs: startTimeMs,
        endTimeMs: startTimeMs,
        eventId: '990001',
        description:
          'In the upcoming NFL game, scheduled for January 24 at 4:25PM ET: If the Rams win, the market will resolve to "Rams". If the Seahawks win, the market will resolve to "Seahawks". If the game ends in a tie, this market will resolve to "Seahawks".',
      }),
    ).toBe(200);
    const kalshiOrigin = new URL(kalshi.baseUrl);
    env = {
      ARBEES_ESPN_URL: espn.apiBase,
      ARBEES_KALSHI_URL: kalshi.baseUrl,
      ARBEES_KALSHI_WS_URL: `ws://${kalshiOrigin.host}/trade-api/ws/v2`,
      ARBEES_POLYMARKET_URL: polyUrls.baseUrl,
      ARBEES_GAMMA_URL: polyUrls.gammaUrl,
      ARBEES_POLYMARKET_WS_URL: polyUrls.wsUrl,
      ARBEES_GEOBLOCK_URL: `${polyUrls.baseUrl}/api/geoblock`,
    };
  });
  afterAll(async () => {
    await espn?.close();
    await kalshi?.close();
    await poly?.close();
  });

  const args = ['--mode', 'paper', '--leagues', 'nfl', '--date', '2021-01-24', '--days', '0'];

  it('prints each game with the markets mapped on each venue, their terms in words, and the listings not mapped', async () => {
    const r = await arbees(args, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('arbees markets: paper mode; leagues nfl; 2021-01-24 (US Eastern)');
    expect(out).toMatch(/NFL {2}Sun 2021-01-24 15:05 ET {2}TB at GB {2}scheduled/);
    expect(out).toMatch(/NFL {2}Sun 2021-01-24 18:40 ET {2}BUF at KC {2}scheduled/);
    expect(out.match(/ {2}kalshi: 2 mapped/g)).toHaveLength(2);
    expect(out.match(/ {2}polymarket: 2 mapped/g)).toHaveLength(2);
    expect(out).toContain('KXNFLGAME-21JAN24TBGB-GB  YES if GB (home) wins');
    // Kalshi's terms, then Polymarket's, as read from each simulator's rules text.
    expect(out).toContain(
      'overtime counts; a draw or tie pays half; a postponed game counts if it starts within 48 h of the original start; a game cancelled or not played in time pays at a price the venue judges fair',
    );
    expect(out).toContain(
      'overtime counts; a draw or tie pays half; a postponed game counts whenever it is played; a game cancelled pays half (50-50)',
    );
    expect(out).toMatch(
      /fees Kalshi: takers 0\.07 .* × 1, rounded up to the cent, makers pay 0\.25 of that; tick \$0\.01; no taker delay/,
    );
    expect(out).toMatch(
      /fees Polymarket: takers 0\.03 × shares × \(p\(1−p\)\)\^1, makers none; tick \$0\.01; taker delay 3 s once live/,
    );
    expect(out).toContain('Listings matched to no game:');
    expect(out).toMatch(/kalshi {2}KXNFLGAME-21JAN24LARSEA: no game of the feed has/);
    expect(out).toMatch(
      /kalshi {2}KXNFLGAME-21JAN24NOPHI: market KXNFLGAME-21JAN24NOPHI-NO has no rules text/,
    );
    expect(out).toContain('2 games on the feed.');
    expect(out).toContain('kalshi: 4 listings read, 4 instruments mapped, 2 not mapped.');
    expect(out).toMatch(
      /polymarket {2}nfl-lar-sea-2021-01-24: market \d+: rules sentence not understood: "If the game ends in a tie, this market will resolve to "Seahawks"\."/,
    );
    expect(out).toContain('polymarket: 3 listings read, 4 instruments mapped, 1 not mapped.');
    expect(out).toContain('Not mapped, by reason: no_feed_game 1, rules_missing 1, rules_not_understood 1.');
    expect(out).toContain('Every endpoint answered.');
  });

  it('prints the same as JSON', async () => {
    const r = await arbees([...args, '--json'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      mode: 'paper',
      leagues: ['nfl'],
      days: ['2021-01-24'],
      endpointFailures: [],
    });
    expect(out.games.map((g: { away: string; home: string }) => `${g.away}@${g.home}`)).toEqual([
      'TB@GB',
      'BUF@KC',
    ]);
    for (const g of out.games) {
      expect(g.status).toMatchObject({ state: 'pre', completed: false });
      expect(g.kalshi.map((i: { outcome: string }) => i.outcome).sort()).toEqual(['away_win', 'home_win']);
      expect(g.polymarket.map((i: { outcome: string }) => i.outcome).sort()).toEqual([
        'away_win',
        'home_win',
      ]);
      expect(g.polymarket.every((i: { takerDelayMs: number }) => i.takerDelayMs === 3_000)).toBe(true);
      expect(g.kalshi[0].settlement).toMatchObject({
        postponementWindowHours: 48,
        unplayedPayout: 'fair_price',
      });
      expect(g.polymarket[0].terms).toContain('a game cancelled pays half (50-50)');
    }
    // Token 0 of Polymarket's market is the away team (the slug names it first).
    const tbgb = polyGames.get('TB@GB')?.markets[0]?.tokenIds;
    expect(out.games[0].polymarket.find((i: { symbol: string }) => i.symbol === tbgb?.[0])?.outcome).toBe(
      'away_win',
    );
    expect(
      out.unmatched.map((u: { listing: string; reason: { kind: string } }) => [u.listing, u.reason.kind]),
    ).toEqual([
      ['KXNFLGAME-21JAN24LARSEA', 'no_feed_game'],
      ['KXNFLGAME-21JAN24NOPHI', 'rules_missing'],
      ['nfl-lar-sea-2021-01-24', 'rules_not_understood'],
    ]);
    expect(out.counts).toEqual({
      games: 2,
      listingsRead: { kalshi: 4, polymarket: 3 },
      mapped: { kalshi: 4, polymarket: 4 },
      unmapped: { kalshi: 2, polymarket: 1 },
      unmappedByReason: { no_feed_game: 1, rules_missing: 1, rules_not_understood: 1 },
    });
  });

  it('names an endpoint that is down, prints what it could read, and exits 1', async () => {
    const port = await deadPort();
    const down = `http://127.0.0.1:${port}`;
    const r = await arbees([...args, '--timeout', '2'], {
      ...env,
      ARBEES_POLYMARKET_URL: down,
      ARBEES_GAMMA_URL: `${down}/gamma`,
      ARBEES_POLYMARKET_WS_URL: `ws://127.0.0.1:${port}/ws`,
      ARBEES_GEOBLOCK_URL: `${down}/api/geoblock`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/ {2}kalshi: 2 mapped/g)).toHaveLength(2);
    expect(r.stdout.match(/ {2}polymarket: nothing listed for it/g)).toHaveLength(2);
    expect(r.stdout).toContain('polymarket: 0 listings read, 0 instruments mapped, 0 not mapped.');
    expect(r.stdout).toMatch(
      /1 endpoint failure:\n {2}polymarket GET \/events \(Gamma\): GET \/events failed: .+/,
    );
  });

  it('refuses a bad flag with one line and exit 2', async () => {
    const r = await arbees(['--days', 'lots'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('arbees: --days: expected a whole number of days ahead, 0 to 14, got "lots"\n');
  });
});
