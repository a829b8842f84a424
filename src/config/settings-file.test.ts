import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applySettingsFile,
  applySettingsFileWhenPresent,
  parseSettings,
  SettingsFileError,
} from './settings-file.js';

describe('settings files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arbees-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds what the environment lacks (unset or empty) and keeps what it has', () => {
    const path = join(dir, 'world.env');
    writeFileSync(
      path,
      '# world\nARBEES_ESPN_URL=http://sim-world:8080/apis/site/v2/sports\nKALSHI_API_KEY_ID=abc\nARBEES_MODE=replay\n',
    );
    const env: Record<string, string | undefined> = { KALSHI_API_KEY_ID: '', ARBEES_MODE: 'paper' };
    expect(applySettingsFile(path, env).sort()).toEqual(['ARBEES_ESPN_URL', 'KALSHI_API_KEY_ID']);
    expect(env).toEqual({
      ARBEES_ESPN_URL: 'http://sim-world:8080/apis/site/v2/sports',
      KALSHI_API_KEY_ID: 'abc',
      ARBEES_MODE: 'paper',
    });
  });

  it('names a missing file and every malformed line', () => {
    expect(() => applySettingsFile(join(dir, 'none.env'), {})).toThrow(/none\.env does not exist/);
    expect(() => parseSettings('A=1\nnot a setting\nB=2\n= x', 'f')).toThrow(SettingsFileError);
    expect(() => parseSettings('A=1\nnot a setting\nB=2\n= x', 'f')).toThrow(/"not a setting", "= x"/);
  });

  it('waits for a file another process writes later, and names a bad wait setting', async () => {
    const path = join(dir, 'later.env');
    setTimeout(() => writeFileSync(path, 'ARBEES_MODE=paper\n'), 300);
    const env: Record<string, string | undefined> = {};
    expect(await applySettingsFileWhenPresent(path, env, '30')).toEqual(['ARBEES_MODE']);
    await expect(applySettingsFileWhenPresent(join(dir, 'never.env'), {}, '0')).rejects.toThrow(
      /does not exist/,
    );
    await expect(applySettingsFileWhenPresent(path, {}, 'soon')).rejects.toThrow(
      /ARBEES_SETTINGS_WAIT.*"soon"/,
    );
  });
});
