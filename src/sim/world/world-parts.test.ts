/** The world's pure parts: its fault specs, the makers' two-sided quote, game plans, teams, credentials. */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Centis, Micros } from '../../core/money.js';
import { loadNflBundle, selectGames } from '../../feeds/replay/nfl-bundle.js';
import { parseWorldFaults } from './fault-specs.js';
import { testTeamLookup } from './testing.js';
import { makeWorldCredentials } from './world-credentials.js';
import { planWorldGame, worldGameEndMs } from './world-listings.js';
import { mirrorQuote } from './world-makers.js';
import { WorldSetupError, withEspnAbbreviations, worldGameTeams } from './world-teams.js';

const [ariLa, washPhi] = selectGames(loadNflBundle('data/nfl'), {
  gameIds: ['2020_17_ARI_LA', '2020_17_WAS_PHI'],
});
const HOUR = 3_600_000;

describe('--fault specs', () => {
  it('switch each fault on with its default, or the value given', () => {
    const all = parseWorldFaults(
      ['latency', '5xx', '429', 'unanswered', 'ws-drop', 'seq-gap', 'stale', 'unmatchable'],
      '2020_17_MIA_BUF',
    );
    expect(all).toEqual({
      ok: true,
      faults: {
        latencyMs: 200,
        serverErrorRate: 0.02,
        rateLimitRate: 0.02,
        unansweredOrderRate: 0.02,
        wsDropEveryMs: 60_000,
        seqGapEveryMs: 45_000,
        staleBooks: { everyMs: 120_000, forMs: 15_000 },
        unmatchableGames: ['2020_17_MIA_BUF'],
      },
    });
    expect(parseWorldFaults(['latency=50', '5xx=0.5', 'unmatchable=X'], 'Y')).toEqual({
      ok: true,
      faults: { latencyMs: 50, serverErrorRate: 0.5, unmatchableGames: ['X'] },
    });
    expect(parseWorldFaults([], 'Y')).toEqual({ ok: true, faults: {} });
  });

  it('name every bad spec at once', () => {
    const bad = parseWorldFaults(
      ['latncy', '5xx=2', 'ws-drop=0', 'stale=10', 'latency=abc', 'toString'],
      'Y',
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      '--fault latncy: unknown fault; known ones are latency, 5xx, 429, unanswered, ws-drop, seq-gap, stale, unmatchable',
      '--fault 5xx: must be a share above 0 and at most 1, got "2"',
      '--fault ws-drop: must be seconds above 0, got "0"',
      '--fault stale: must be seconds above 15, got "10"',
      '--fault latency: must be whole ms above 0, got "abc"',
      '--fault toString: unknown fault; known ones are latency, 5xx, 429, unanswered, ws-drop, seq-gap, stale, unmatchable',
    ]);
  });
});

describe("the makers' other side", () => {
  it('is $1 minus each price with bids and asks swapped, sizes kept, best first', () => {
    const level = (cents: number, contracts: number) => ({
      price: (cents * 10_000) as Micros,
      qty: (contracts * 100) as Centis,
    });
    const quote = {
      bids: [level(54, 10), level(53, 20)],
      asks: [level(57, 15), level(58, 30)],
      belief: 0.555,
    };
    expect(mirrorQuote(quote)).toEqual({
      bids: [level(43, 15), level(42, 30)],
      asks: [level(46, 10), level(47, 20)],
      belief: 1 - 0.555,
    });
  });
});

describe('a game of the world', () => {
  it("is shown on ESPN under ESPN's abbreviations and listed under each venue's codes", () => {
    const teams = worldGameTeams(washPhi!, testTeamLookup);
    const game = withEspnAbbreviations(washPhi!, teams);
    expect([game.info.awayTeam, game.info.homeTeam]).toEqual(['WSH', 'PHI']);
    const plan = planWorldGame({ game, teams });
    // Kalshi's code for Washington is not ESPN's (the test table says WAS, as Kalshi's tickers do).
    expect(plan.kalshi.event.eventTicker).toBe('KXNFLGAME-21JAN03WASPHI');
    expect(plan.kalshi.markets.map((m) => m.ticker)).toEqual([
      'KXNFLGAME-21JAN03WASPHI-PHI',
      'KXNFLGAME-21JAN03WASPHI-WAS',
    ]);
    expect(plan.polymarket.event.slug).toBe('nfl-wsh-phi-2021-01-03');
    expect(plan.polymarket.markets.map((m) => [m.role, m.spec.outcomes])).toEqual([
      [{ kind: 'moneyline', first: 'away' }, ['Football Team', 'Eagles']],
    ]);
    // WAS won 20-14 away.
    expect(plan.result).toBe('away');
    expect(plan.kalshiOutcome).toEqual({ kind: 'team', code: 'WAS' });
  });

  it('is listed ahead, ends a minute after its last play, and is settled after each venue delay', () => {
    const teams = worldGameTeams(ariLa!, testTeamLookup);
    const plan = planWorldGame({ game: withEspnAbbreviations(ariLa!, teams), teams });
    const kickoff = ariLa!.info.kickoffTs;
    const end = worldGameEndMs(ariLa!);
    expect(plan.times).toEqual({
      kalshiListedMs: kickoff - 48 * HOUR,
      polymarketListedMs: kickoff - 6 * 24 * HOUR,
      kickoffMs: kickoff,
      endMs: end,
      kalshiDeterminedMs: end + 30_000,
      kalshiSettledMs: end + 30_000 + 60_000,
      polymarketResolvedMs: end + 5 * 60_000,
      polymarketUsListedMs: kickoff - 6 * 24 * HOUR,
      polymarketUsSettledMs: end + 5 * 60_000,
    });
    // Polymarket US names the game away team first, long, on the US Eastern date; LAR won at home.
    expect(plan.polymarketUs).toMatchObject({
      slug: 'aec-nfl-ari-lar-2021-01-03',
      eventSlug: 'nfl-ari-lar-2021-01-03',
      longTeam: { name: 'Arizona Cardinals', abbreviation: 'ari' },
      shortTeam: { name: 'Los Angeles Rams', abbreviation: 'lar' },
      sportsMarketType: 'football_team_full_game_winner',
    });
    expect(plan.polymarketUsPayout).toBe(0);
    expect(plan.kalshi.markets[0]?.createdMs).toBe(kickoff - 48 * HOUR);
    expect(plan.polymarket.listedAtMs).toBe(kickoff - 6 * 24 * HOUR);
    const later = planWorldGame({
      game: ariLa!,
      teams,
      listing: { kalshiListingLeadMs: HOUR, polymarketResultDelayMs: 0 },
    });
    expect(later.times.kalshiListedMs).toBe(kickoff - HOUR);
    expect(later.times.polymarketResolvedMs).toBe(end);
  });

  it('can be listed under a team code no table knows (the unmatchable fault)', () => {
    const teams = worldGameTeams(ariLa!, testTeamLookup);
    const plan = planWorldGame({ game: ariLa!, teams, unmatchable: true });
    expect(plan.kalshi.event.eventTicker).toBe('KXNFLGAME-21JAN03ARIQZX');
    expect(plan.polymarket.event.slug).toBe('nfl-ari-qzx-2021-01-03');
    expect(testTeamLookup('nfl', 'QZX')).toBeUndefined();
  });

  it('is refused, naming the game and the team, when the tables do not know a team', () => {
    const unknown = { ...ariLa!, info: { ...ariLa!.info, homeTeam: 'XXX' } };
    expect(() => worldGameTeams(unknown, testTeamLookup)).toThrow(WorldSetupError);
    expect(() => worldGameTeams(unknown, testTeamLookup)).toThrow(
      'game 2020_17_ARI_LA: no NFL team "XXX" (home) in the team tables',
    );
  });
});

describe("the trader's credentials", () => {
  it('are the ones given, the PEM written to a file the world removes', async () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString();
    const wallet = `0x${'11'.repeat(32)}` as const;
    const made = await makeWorldCredentials({
      kalshi: { keyId: 'given-key', privateKeyPem: pem },
      polymarket: { privateKey: wallet },
    });
    expect(made.credentials.kalshi.keyId).toBe('given-key');
    expect(await readFile(made.credentials.kalshi.privateKeyPath, 'utf8')).toBe(pem);
    expect(made.kalshiPublicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(made.credentials.polymarket.privateKey).toBe(wallet);
    expect(made.polymarketAddress).toBe('0x19e7e376e7c213b7e7e7e46cc70a5dd086daff2a');
    await made.dispose();
    await expect(readFile(made.credentials.kalshi.privateKeyPath)).rejects.toThrow();
  });

  it('are made fresh when not given, and a given key that is not RSA is refused', async () => {
    const made = await makeWorldCredentials();
    expect(createPrivateKey(made.credentials.kalshi.privateKeyPem).asymmetricKeyType).toBe('rsa');
    expect(made.credentials.polymarket.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
    await made.dispose();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await expect(makeWorldCredentials({ kalshi: { keyId: 'k', privateKeyPem: ec } })).rejects.toThrow(
      'the Kalshi private key must be RSA',
    );
  });
});
