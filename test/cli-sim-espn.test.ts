/** `arbees sim espn` as a user runs it: it starts, prints its URL, answers, and stops on a signal. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseScoreboard } from '../src/feeds/espn/scoreboard.js';

describe('arbees sim espn', () => {
  it('serves the scoreboard on the printed URL and exits cleanly on SIGTERM', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ARBEES_')));
    const child = spawn(
      process.execPath,
      [
        'bin/run-ts.js',
        'src/cli/main.ts',
        'sim',
        'espn',
        '--port',
        '0',
        '--speed',
        '60',
        '--games',
        '2020_17_PIT_CLE',
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
    try {
      // Bounded wait for the URL (tsx compiles the sources first).
      for (let i = 0; i < 600 && !/scoreboard: (\S+)/.test(stdout) && child.exitCode === null; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const url = /scoreboard: (\S+)/.exec(stdout)?.[1];
      expect(url, stderr).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/apis\/site\/v2\/sports\/football\/nfl\/scoreboard$/,
      );
      const res = await fetch(url!);
      expect(res.status).toBe(200);
      const parsed = parseScoreboard(await res.json(), 'nfl');
      expect(parsed.problems).toEqual([]);
      expect(parsed.games.map((g) => [g.homeTeam.abbreviation, g.awayTeam.abbreviation])).toEqual([
        ['CLE', 'PIT'],
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('ESPN simulator stopped after');
  });
});
