/**
 * `arbees sim world` as a user runs it, as a real child process: it prints the settings (and
 * nothing else) on stdout, a client pointed at them by those settings alone reads ESPN's
 * scoreboard and both venues' listings and passes `arbees doctor`'s checks (signed requests
 * accepted on the wall clock at 600x), and with --exit-when-done it exits 0 once every game is
 * final and every market resolved.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { espnCheck, kalshiChecks, polymarketChecks } from '../src/cli/doctor/checks.js';
import { parseClockSetting } from '../src/config/clock-setting.js';
import { resolveEndpoints } from '../src/config/endpoints.js';
import { loadConfig } from '../src/config/load.js';
import { parseScoreboard } from '../src/feeds/espn/scoreboard.js';
import { discoverKalshiGames } from '../src/venues/kalshi/discovery.js';
import { KalshiHttp } from '../src/venues/kalshi/http.js';
import { discoverPolymarketGames } from '../src/venues/polymarket/discovery.js';
import { PolymarketHttp } from '../src/venues/polymarket/http.js';

describe('arbees sim world', () => {
  it('prints the settings, serves ESPN and both venues behind them, and exits 0 once done', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ARBEES_')));
    const child = spawn(
      process.execPath,
      [
        'bin/run-ts.js',
        'src/cli/main.ts',
        'sim',
        'world',
        '--speed',
        '600',
        '--games',
        '2020_17_MIA_BUF,nba',
        '--exit-when-done',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let settings: Record<string, string> = {};
    try {
      // Bounded wait for the last setting line (tsx compiles the sources first).
      for (let i = 0; i < 600 && !/^ARBEES_CLOCK=.*\n/m.test(stdout) && child.exitCode === null; i++)
        await new Promise((r) => setTimeout(r, 100));
      const lines = stdout.trimEnd().split('\n');
      // Nothing but KEY=VALUE on stdout.
      for (const line of lines) expect(line, stderr).toMatch(/^[A-Z][A-Z0-9_]*=\S+$/);
      settings = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(Object.keys(settings).sort()).toEqual(
        [
          'ARBEES_CLOCK',
          'ARBEES_ESPN_URL',
          'ARBEES_GAMMA_URL',
          'ARBEES_GEOBLOCK_URL',
          'ARBEES_KALSHI_URL',
          'ARBEES_KALSHI_WS_URL',
          'ARBEES_POLYMARKET_URL',
          'ARBEES_POLYMARKET_WS_URL',
          'KALSHI_API_KEY_ID',
          'KALSHI_PRIVATE_KEY_PATH',
          'POLYMARKET_PRIVATE_KEY',
        ].sort(),
      );
      const clock = parseClockSetting(settings.ARBEES_CLOCK!);
      expect(clock).toMatchObject({ kind: 'scaled', speed: 600 });

      // A paper run's configuration, from these settings alone.
      const config = loadConfig({ env: { ...settings, ARBEES_MODE: 'paper' }, envFile: null });
      const endpoints = resolveEndpoints(config);
      expect(endpoints.kalshi?.real).toBe(false);
      const ctx = { config, mode: 'paper' as const, endpoints, env: settings, timeoutMs: 5_000 };
      const checks = [espnCheck(ctx), ...kalshiChecks(ctx), ...polymarketChecks(ctx)];
      const results = await Promise.all(checks.map(async (c) => ({ name: c.name, ...(await c.run()) })));
      for (const r of results) expect(r.status, `${r.name}: ${r.detail}`).toBe('ok');
      expect(results.find((r) => r.name === 'kalshi.credentials')?.detail).toContain('5,000.00');
      expect(results.find((r) => r.name === 'polymarket.credentials')?.detail).toContain('5,000.00');

      const sb = await fetch(`${endpoints.espn.url}/football/nfl/scoreboard`);
      const games = parseScoreboard(await sb.json(), 'nfl').games;
      expect(games.map((g) => `${g.awayTeam.abbreviation}@${g.homeTeam.abbreviation}`)).toEqual(['MIA@BUF']);

      const kalshi = await discoverKalshiGames({
        http: new KalshiHttp({ baseUrl: endpoints.kalshi!.rest, key: null }),
        leagues: ['nfl', 'nba'],
      });
      expect(kalshi.games.map((g) => `${g.league}:${g.awayCode}@${g.homeCode}`)).toEqual([
        'nfl:MIA@BUF',
        'nba:TOR@ORL',
      ]);
      const gamma = new PolymarketHttp({ baseUrl: endpoints.polymarket!.gamma, address: '' });
      for (const league of ['nfl', 'nba'] as const) {
        const found = await discoverPolymarketGames({ http: gamma, sport: league, league, simulated: true });
        expect(found.games.map((g) => g.event.slug.slice(0, -11))).toEqual([
          league === 'nfl' ? 'nfl-mia-buf' : 'nba-tor-orl',
        ]);
      }
      // Done by itself: every game final and every market resolved, at 600x well within the wait.
      const code = await Promise.race([
        exited,
        new Promise((r) => setTimeout(() => r('still running'), 150_000)),
      ]);
      expect(code, stderr).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    expect(stderr).toContain('every game final and every market resolved');
    // The key file lived as long as the world.
    expect(existsSync(settings.KALSHI_PRIVATE_KEY_PATH ?? '')).toBe(false);
  }, 240_000);
});
