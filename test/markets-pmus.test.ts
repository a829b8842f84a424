/**
 * `arbees markets` with Polymarket US enabled (a child process, as a user runs it) against the
 * ESPN simulator of Sunday 2021-01-24 and the Polymarket US simulator listing TB at GB as the
 * venue does and a game the feed does not have: the mapped market with its terms, the other
 * listing unmapped with why, as text and JSON.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../src/core/clock.js';
import type { Micros } from '../src/core/money.js';
import { loadNflBundle } from '../src/feeds/replay/nfl-bundle.js';
import { ReplayEspnSchedule } from '../src/sim/espn/replay-schedule.js';
import { type EspnSimServer, startEspnSimServer } from '../src/sim/espn/server.js';
import { pmusGameMarket } from '../src/sim/polymarket-us/maker.js';
import { SimPmusServer } from '../src/sim/polymarket-us/server.js';
import { type TeamEntry, teamByEspnAbbreviation, venueCodeOf } from '../src/venues/teams/index.js';
import { cleanEnv, startArbees } from './support/world-process.js';

const NOW = Date.parse('2021-01-24T17:00:00Z');
const nfl = (abbr: string) => teamByEspnAbbreviation('nfl', abbr) as TeamEntry;
const team = (abbr: string) => ({ name: nfl(abbr).name, abbreviation: venueCodeOf(nfl(abbr), 'gamma') });

async function arbees(args: string[], env: Record<string, string>) {
  // Not spawnSync: the simulators answering it run in this process.
  const run = startArbees(['markets', ...args], { ...cleanEnv(), ...env });
  // 'close', not 'exit': the output is read to its end.
  const code = await new Promise<number | null>((resolve) => run.child.on('close', resolve));
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('arbees markets with Polymarket US', () => {
  let espn: EspnSimServer;
  let pmus: SimPmusServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    const schedule = new ReplayEspnSchedule(loadNflBundle(join('data', 'nfl')));
    espn = await startEspnSimServer({ schedule, clock: new SimulatedClock(NOW) });
    pmus = new SimPmusServer({ now: () => NOW, heartbeatMs: 0 });
    const at = await pmus.listen();
    pmus.exchange.addMarket(
      pmusGameMarket({
        id: '1',
        league: 'nfl',
        away: team('TB'),
        home: team('GB'),
        startMs: Date.parse('2021-01-24T20:05:00Z'),
      }),
    );
    // Not on the feed that day.
    pmus.exchange.addMarket(
      pmusGameMarket({
        id: '2',
        league: 'nfl',
        away: team('LAR'),
        home: team('SEA'),
        startMs: Date.parse('2021-01-24T21:25:00Z'),
      }),
    );
    env = {
      ARBEES_VENUES: 'polymarket-us',
      ARBEES_ESPN_URL: espn.apiBase,
      ARBEES_POLYMARKET_US_URL: at.baseUrl,
      ARBEES_POLYMARKET_US_GATEWAY_URL: at.baseUrl,
      ARBEES_POLYMARKET_US_WS_URL: at.wsUrl,
    };
  });
  afterAll(async () => {
    await espn?.close();
    await pmus?.close();
  });

  const args = ['--mode', 'paper', '--leagues', 'nfl', '--date', '2021-01-24', '--days', '0'];

  it('prints the market mapped to its game with its terms, and the listing matched to no game', async () => {
    const r = await arbees(args, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/polymarket-us +http:\/\/127\.0\.0\.1:\d+ {2}\(not the real host\)/);
    expect(out).toMatch(/NFL {2}Sun 2021-01-24 15:05 ET {2}TB at GB/);
    expect(out).toContain('  polymarket-us: 1 mapped');
    expect(out).toContain('aec-nfl-tb-gb-2021-01-24  YES if TB (away) wins  (nfl-tb-gb-2021-01-24)');
    expect(out).toContain(
      'overtime counts; a draw or tie pays half; a postponed game counts if it starts within 336 h of the original start',
    );
    expect(out).toMatch(
      /fees Polymarket US: takers 0\.0695 × contracts × p\(1−p\).*; tick \$0\.01; no taker delay/,
    );
    expect(out).toMatch(/polymarket-us {2}nfl-lar-sea-2021-01-24: no game of the feed/);
    expect(out).toContain('polymarket-us: 2 listings read, 1 instrument mapped, 1 not mapped.');
  });

  it('prints the same as JSON', async () => {
    const r = await arbees([...args, '--json'], env);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const game = json.games.find((g: { away: string }) => g.away === 'TB');
    expect(game['polymarket-us']).toHaveLength(1);
    expect(game['polymarket-us'][0]).toMatchObject({
      instrumentId: 'polymarket-us:aec-nfl-tb-gb-2021-01-24',
      outcome: 'away_win',
      fees: { kind: 'polymarket_us' },
      tickSize: 10_000 as Micros,
    });
    expect(json.counts.listingsRead).toMatchObject({ 'polymarket-us': 2 });
    expect(json.unmatched.map((u: { venue: string; listing: string }) => `${u.venue} ${u.listing}`)).toEqual([
      'polymarket-us nfl-lar-sea-2021-01-24',
    ]);
  });
});
