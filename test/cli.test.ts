/** The `arbees` command as a user runs it: exit codes, output, and clear messages for user errors. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runArbees } from './support/cli-run.js';

function arbees(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ARBEES_') && k !== 'DATABASE_URL'),
  );
  return runArbees(args, { env: { ...clean, ...env }, ...(cwd ? { cwd } : {}) });
}

describe('arbees CLI', () => {
  it('prints help with its subcommands', async () => {
    const r = await arbees(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('run');
    expect(r.stdout).toContain('config');
  });

  it('runs a backtest of chosen games and prints the report as JSON', async () => {
    const r = await arbees([
      'run',
      '--mode',
      'backtest',
      '--games',
      '2020_16_MIN_NO,2020_17_MIA_BUF',
      '--db',
      'memory',
      '--json',
      '--run-id',
      'cli-test',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runId).toBe('cli-test');
    expect(out.completed).toBe(true);
    expect(out.report.games).toMatchObject({ replayed: 2, final: 2 });
    expect(out.report.ledger.imbalanceMicros).toBe(0);
    expect(r.stderr).toContain('[2/2 games final]');
  });

  it('names a bad configuration value, all at once, without a stack trace', async () => {
    const r = await arbees(['run', '--db', 'memory'], { MAX_POSITION_SIZE: 'lots', KELLY_FRACTION: '3' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MAX_POSITION_SIZE');
    expect(r.stderr).toContain('KELLY_FRACTION');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a malformed data row: file, line, column and value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arbees-data-'));
    mkdirSync(join(dir, 'nfl'));
    writeFileSync(join(dir, 'nfl', 'games.csv'), readFileSync('data/nfl/games.csv'));
    const plays = gunzipSync(readFileSync('data/nfl/plays.csv.gz')).toString('utf8').split('\n');
    const cells = plays[5]!.split(',');
    cells[2] = 'x'; // qtr
    plays[5] = cells.join(',');
    writeFileSync(join(dir, 'nfl', 'plays.csv.gz'), gzipSync(plays.join('\n')));
    const r = await arbees(['run', '--db', 'memory'], { ARBEES_DATA_DIR: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plays\.csv\.gz line 6: column "qtr"/);
    expect(r.stderr).toContain('"x"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('finds its bundled games when started from another directory, and names a data directory without them', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'arbees-cwd-'));
    const r = await arbees(
      ['run', '--mode', 'backtest', '--games', 'nba', '--db', 'memory', '--json'],
      {},
      elsewhere,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).report.games).toMatchObject({ replayed: 1, final: 1 });
    const none = await arbees(['run', '--db', 'memory'], { ARBEES_DATA_DIR: elsewhere });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no bundled games in ${elsewhere} (ARBEES_DATA_DIR)`);
    expect(none.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses live trading, naming what is missing', async () => {
    const r = await arbees(['run', '--mode', 'live', '--db', 'memory']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PAPER_TRADING=0');
    expect(r.stderr).toContain('LIVE_TRADING_ACK=true');
  });

  it('keeps an operator halt in the store, and a restarted run obeys it', async () => {
    const db = mkdtempSync(join(tmpdir(), 'arbees-halt-'));
    const run = [
      'run',
      '--mode',
      'backtest',
      '--games',
      '2020_16_MIN_NO',
      '--run-id',
      'acct',
      '--db',
      db,
      '--json',
    ];
    const first = JSON.parse((await arbees(run)).stdout);
    expect(first.report.orders.sent).toBeGreaterThan(0);
    const halt = await arbees(['halt', '--run-id', 'acct', '--reason', 'model check', '--db', db]);
    expect(halt.code).toBe(0);
    expect((await arbees(['status', '--run-id', 'acct', '--db', db])).stdout).toContain(
      'global HALTED by operator: model check',
    );
    const again = JSON.parse((await arbees(run)).stdout);
    expect(again.report.orders.sent).toBe(0);
    expect(again.report.signals.denials.TRADING_HALTED).toBe(again.report.signals.raised);
    expect((await arbees(['resume', '--run-id', 'acct', '--reason', 'done', '--db', db])).code).toBe(0);
    expect((await arbees(['status', '--run-id', 'acct', '--db', db])).stdout).toContain('every scope ACTIVE');
    expect(
      (await arbees(['halt', '--run-id', 'acct', '--reason', 'x', '--scope', 'bogus', '--db', db])).code,
    ).toBe(2);
  }, 300_000); // seven processes, each opening an embedded database: a bound, not a timing claim

  it('checks the configuration', async () => {
    const r = await arbees(['config', '--set', 'MIN_EDGE_PCT=4']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).MIN_EDGE_PCT).toBe(4);
    const bad = await arbees(['config', '--set', 'NOPE=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--set NOPE: unknown variable');
  });
});
