import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from './load.js';

describe('configuration', () => {
  it('has sensible defaults, paper trading on', () => {
    const c = loadConfig({ env: {}, envFile: null });
    expect(c.PAPER_TRADING).toBe(true);
    expect(c.LIVE_TRADING_ACK).toBe(false);
    expect(c.MAX_POSITION_SIZE).toBe(100_000_000);
    expect(c.KELLY_FRACTION).toBe(0.25);
    expect(c.ARBEES_SPEED).toBeNull();
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('reports every bad value at once, each by name', () => {
    let error: unknown;
    try {
      loadConfig({
        env: {
          MAX_POSITION_SIZE: 'lots',
          KELLY_FRACTION: '2',
          ARBEES_SPEED: '-1',
          ARBEES_TYPO: '1',
          DATABASE_URL: 'mysql://x',
        },
        envFile: null,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/MAX_POSITION_SIZE: .*"lots"/);
    expect(problems).toMatch(/KELLY_FRACTION: .*0\.\.1.*"2"/);
    expect(problems).toMatch(/ARBEES_SPEED: .*"-1"/);
    expect(problems).toMatch(/ARBEES_TYPO .*unknown ARBEES_ variable/);
    expect(problems).toMatch(/DATABASE_URL: must be a postgres/);
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it('lets flags win over the environment', () => {
    const c = loadConfig({ env: { MIN_EDGE_PCT: '5' }, envFile: null, overrides: { MIN_EDGE_PCT: '7' } });
    expect(c.MIN_EDGE_PCT).toBe(7);
  });

  it('masks passwords when printing', () => {
    const c = loadConfig({ env: { DATABASE_URL: 'postgres://u:secret@h:5432/db' }, envFile: null });
    expect(JSON.stringify(redactConfig(c))).not.toContain('secret');
  });

  it('masks an AUTH token given without a user (ElastiCache: rediss://:token@host)', () => {
    const c = loadConfig({ env: { REDIS_URL: 'rediss://:t0ken-value@cache:6379' }, envFile: null });
    expect(redactConfig(c).REDIS_URL).toBe('rediss://:***@cache:6379');
  });
});
