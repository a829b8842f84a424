/**
 * The Secrets Manager loader (src/config/secrets.ts) through the real AWS SDK v3 client against a
 * local server speaking the service's JSON protocol: per-setting references (whole secret or a JSON
 * key), a JSON bundle of settings, credentials put into a URL, the Kalshi key written to a private
 * file, one read per secret, and each kind of bad input reported by its variable without the value.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../src/config/load.js';
import { resolveSecrets } from '../../src/config/secrets.js';
import {
  FAKE_AWS_ENV,
  type FakeSecretsManager,
  fakeSecretArn,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.js';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIfakeKalshiKeyBody0123456789\n-----END PRIVATE KEY-----';
const SECRETS = {
  'arbees/test/venues': JSON.stringify({
    KALSHI_API_KEY_ID: 'kalshi-key-id-7f3a',
    KALSHI_PRIVATE_KEY: PEM,
    POLYMARKET_PRIVATE_KEY: `0x${'ab12'.repeat(16)}`,
    POLYMARKET_US_SECRET_KEY: '',
  }),
  'arbees/test/database': JSON.stringify({
    username: 'arbees',
    password: 'p@ss/w0rd:with?specials',
    host: 'ignored.example',
    port: 5432,
  }),
  'arbees/test/cache-auth': 'CacheAuthToken0123456789abcdef',
  'arbees/test/telegram': 'tg-bot-token-998877',
  'arbees/test/notify': JSON.stringify({ webhook: 'https://hooks.example.com/services/T0/B0/s3cr3tPath' }),
  'arbees/test/not-json': 'plain text',
  'arbees/test/typo': JSON.stringify({ POLYMARKET_PRIVATE_KY: 'x' }),
};

describe('Secrets Manager loader (local fake, AWS SDK v3 client)', () => {
  let fake: FakeSecretsManager;
  beforeAll(async () => {
    fake = await startFakeSecretsManager(SECRETS);
    for (const [name, value] of Object.entries(FAKE_AWS_ENV)) vi.stubEnv(name, value);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  const env = (values: Record<string, string>): Record<string, string | undefined> => ({
    ARBEES_SECRETS_MANAGER_URL: fake.url,
    AWS_REGION: 'us-east-1',
    ...values,
  });

  async function problemsOf(values: Record<string, string>): Promise<string[]> {
    const error = await resolveSecrets({ env: env(values) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }

  it('fills the settings from ARNs, JSON keys and a bundle, reading each secret once', async () => {
    const e = env({
      ARBEES_SECRETS_ID: fakeSecretArn('arbees/test/venues'),
      DATABASE_URL: 'postgres://db.internal:5432/arbees?sslmode=verify-full',
      DATABASE_URL_SECRET_ID: fakeSecretArn('arbees/test/database'),
      REDIS_URL: 'rediss://cache.internal:6379',
      REDIS_URL_SECRET_ID: 'arbees/test/cache-auth',
      TELEGRAM_BOT_TOKEN_SECRET_ID: 'arbees/test/telegram',
      ARBEES_NOTIFY_WEBHOOK_URL_SECRET_ID: 'arbees/test/notify#webhook',
      POLYMARKET_US_SECRET_KEY: 'from-the-environment',
    });
    const resolved = await resolveSecrets({ env: e });
    expect(e.DATABASE_URL).toBe(
      'postgres://arbees:p%40ss%2Fw0rd%3Awith%3Fspecials@db.internal:5432/arbees?sslmode=verify-full',
    );
    expect(e.REDIS_URL).toBe('rediss://:CacheAuthToken0123456789abcdef@cache.internal:6379');
    expect(e.TELEGRAM_BOT_TOKEN).toBe('tg-bot-token-998877');
    expect(e.ARBEES_NOTIFY_WEBHOOK_URL).toBe('https://hooks.example.com/services/T0/B0/s3cr3tPath');
    expect(e.KALSHI_API_KEY_ID).toBe('kalshi-key-id-7f3a');
    expect(e.POLYMARKET_PRIVATE_KEY).toBe(`0x${'ab12'.repeat(16)}`);
    // An empty value in the bundle is skipped; the environment's stays.
    expect(e.POLYMARKET_US_SECRET_KEY).toBe('from-the-environment');
    // The PEM went to a private file, and out of the environment.
    expect(e.KALSHI_PRIVATE_KEY).toBeUndefined();
    expect(readFileSync(e.KALSHI_PRIVATE_KEY_PATH!, 'utf8')).toBe(`${PEM}\n`);
    expect(statSync(e.KALSHI_PRIVATE_KEY_PATH!).mode & 0o077).toBe(0);
    expect(resolved.keyDirectory).not.toBeNull();
    expect(new Set(resolved.settings)).toEqual(
      new Set([
        'DATABASE_URL',
        'REDIS_URL',
        'TELEGRAM_BOT_TOKEN',
        'ARBEES_NOTIFY_WEBHOOK_URL',
        'KALSHI_API_KEY_ID',
        'KALSHI_PRIVATE_KEY',
        'POLYMARKET_PRIVATE_KEY',
      ]),
    );
    expect(fake.requests.map((r) => r.secretId).sort()).toEqual(
      [
        fakeSecretArn('arbees/test/venues'),
        fakeSecretArn('arbees/test/database'),
        'arbees/test/cache-auth',
        'arbees/test/telegram',
        'arbees/test/notify',
      ].sort(),
    );
    expect(fake.requests.every((r) => r.signed)).toBe(true);

    // The configuration then loads, and prints none of it.
    const config = loadConfig({ env: e, envFile: null });
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).toContain(
      '"DATABASE_URL":"postgres://arbees:***@db.internal:5432/arbees?sslmode=verify-full"',
    );
    expect(printed).toContain('"ARBEES_NOTIFY_WEBHOOK_URL":"https://hooks.example.com/***"');
    for (const secret of ['p%40ss', 'CacheAuthToken', 's3cr3tPath', 'kalshi-key-id-7f3a'])
      expect(printed).not.toContain(secret);
  });

  it('reads nothing and needs no SDK when no setting points at Secrets Manager', async () => {
    const e = env({ POLYMARKET_PRIVATE_KEY: 'plain' });
    const reader = vi.fn();
    expect(await resolveSecrets({ env: e, reader })).toEqual({ settings: [], keyDirectory: null });
    expect(reader).not.toHaveBeenCalled();
    expect(e.POLYMARKET_PRIVATE_KEY).toBe('plain');
  });

  it('names the setting of a missing secret, an absent key, a non-JSON secret and a typo in a bundle', async () => {
    const problems = await problemsOf({
      TELEGRAM_BOT_TOKEN_SECRET_ID: 'arbees/test/absent',
      POLYMARKET_PRIVATE_KEY_SECRET_ID: 'arbees/test/venues#POLYMARKET_KEY',
      MCP_API_TOKEN_SECRET_ID: 'arbees/test/not-json#token',
      ARBEES_SECRETS_ID: 'arbees/test/typo',
    });
    expect(problems).toHaveLength(4);
    expect(problems).toContainEqual(
      `TELEGRAM_BOT_TOKEN_SECRET_ID: cannot read secret "arbees/test/absent" (ResourceNotFoundException: Secrets Manager can't find the specified secret.)`,
    );
    expect(problems).toContainEqual(
      'POLYMARKET_PRIVATE_KEY_SECRET_ID: secret "arbees/test/venues" has no key "POLYMARKET_KEY"',
    );
    expect(problems).toContainEqual(
      'MCP_API_TOKEN_SECRET_ID: secret "arbees/test/not-json" is not a JSON object, so it has no key "token"',
    );
    expect(problems.find((p) => p.startsWith('ARBEES_SECRETS_ID:'))).toContain(
      'has key "POLYMARKET_PRIVATE_KY", which is not a secret setting',
    );
  });

  it("passes on the service's error (access denied) and never quotes a secret's value", async () => {
    fake.failWith('arbees/test/telegram', 'AccessDeniedException', 'User is not authorized');
    const problems = await problemsOf({
      TELEGRAM_BOT_TOKEN_SECRET_ID: 'arbees/test/telegram',
      REDIS_URL_SECRET_ID: 'arbees/test/cache-auth',
      POLYMARKET_PRIVATE_KEY: 'also-in-env',
      POLYMARKET_PRIVATE_KEY_SECRET_ID: 'arbees/test/venues#POLYMARKET_PRIVATE_KEY',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'TELEGRAM_BOT_TOKEN_SECRET_ID: cannot read secret "arbees/test/telegram" (AccessDeniedException: User is not authorized)',
        'REDIS_URL_SECRET_ID: holds credentials only: set REDIS_URL to the URL without them (e.g. rediss://host:6379)',
        'POLYMARKET_PRIVATE_KEY_SECRET_ID: POLYMARKET_PRIVATE_KEY is also set in the environment: keep one of the two',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/CacheAuthToken|ab12ab12/);
  });

  it("takes the region from the ARN, AWS_REGION or the AWS profile's config, and says so when there is none", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arbees-aws-config-'));
    try {
      for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) vi.stubEnv(name, undefined);
      vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'absent'));
      const none = env({ TELEGRAM_BOT_TOKEN_SECRET_ID: 'arbees/test/telegram' });
      delete none.AWS_REGION;
      const error = (await resolveSecrets({ env: none }).catch((x: unknown) => x)) as ConfigError;
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]).toMatch(
        /^TELEGRAM_BOT_TOKEN_SECRET_ID: cannot read secret "arbees\/test\/telegram" \(.*[Rr]egion.*\); give its ARN or set AWS_REGION$/,
      );
      expect(fake.requests).toHaveLength(0);

      writeFileSync(join(dir, 'config'), '[default]\nregion = us-east-1\n');
      vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'config'));
      const fromProfile = env({ MCP_API_TOKEN_SECRET_ID: 'arbees/test/cache-auth' });
      delete fromProfile.AWS_REGION;
      await resolveSecrets({ env: fromProfile });
      expect(fromProfile.MCP_API_TOKEN).toBe('CacheAuthToken0123456789abcdef');
    } finally {
      for (const [name, value] of Object.entries(FAKE_AWS_ENV)) vi.stubEnv(name, value);
      vi.stubEnv('AWS_CONFIG_FILE', '');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not echo a malformed secret URL when the configuration refuses it', () => {
    const error = (() => {
      try {
        return loadConfig({ env: { DATABASE_URL: 'mysql://u:hunter2@h/db' }, envFile: null });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error.problems).toEqual(['DATABASE_URL: must be a postgres:// or postgresql:// URL']);
  });
});
