/**
 * The `arbees` command with its secrets in a local Secrets Manager fake: `arbees config` masks
 * them, bad references stop it at start with one clear line naming the setting (exit 2, no stack),
 * and a real short run logs and prints none of the secret values anywhere.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runArbees } from '../support/cli-run.js';
import {
  FAKE_AWS_ENV,
  type FakeSecretsManager,
  fakeSecretArn,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const kalshiPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** Every secret value the run is given; none may appear in its output or files. */
const VALUES = {
  KALSHI_API_KEY_ID: '5f1c2b7e-secret-kalshi-key-id',
  KALSHI_PRIVATE_KEY: kalshiPem,
  POLYMARKET_PRIVATE_KEY: `0x${'5ec7e7'.repeat(10)}abcd`,
  POLYMARKET_API_KEY: 'pm-api-key-4242-secret',
  POLYMARKET_API_SECRET: 'pm-api-secret-c0ffee',
  POLYMARKET_API_PASSPHRASE: 'pm-passphrase-deadbeef',
  TELEGRAM_BOT_TOKEN: '123456:telegram-bot-token-secret',
  MCP_API_TOKEN: 'mcp-token-0badf00d-secret',
};
const WEBHOOK_TOKEN = 'webhook-path-token-feedface';
const DB_PASSWORD = 'db-password-cafebabe';

/** The values to look for: each whole, and each line of the PEM's body. */
const needles = [
  ...Object.values(VALUES).filter((v) => v !== kalshiPem),
  WEBHOOK_TOKEN,
  DB_PASSWORD,
  ...kalshiPem.split('\n').filter((l) => l.length > 40),
];

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('ARBEES_') && !k.startsWith('AWS_') && k !== 'DATABASE_URL' && k !== 'REDIS_URL',
    ),
  );
  return { ...clean, ...FAKE_AWS_ENV, ...extra };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe('arbees with secrets from Secrets Manager (local fake)', () => {
  let fake: FakeSecretsManager;
  beforeAll(async () => {
    fake = await startFakeSecretsManager({
      'arbees/cli/venues': JSON.stringify(VALUES),
      'arbees/cli/database': JSON.stringify({ username: 'arbees', password: DB_PASSWORD }),
      'arbees/cli/webhook': `https://hooks.example.invalid/services/${WEBHOOK_TOKEN}`,
    });
  });
  afterAll(() => fake.close());

  const secretEnv = () => ({
    ARBEES_SECRETS_MANAGER_URL: fake.url,
    ARBEES_SECRETS_ID: fakeSecretArn('arbees/cli/venues'),
    ARBEES_NOTIFY_WEBHOOK_URL_SECRET_ID: 'arbees/cli/webhook',
  });

  it('arbees config shows the settings filled and masked', async () => {
    const r = await runArbees(['config'], {
      env: cleanEnv({
        ...secretEnv(),
        DATABASE_URL: 'postgres://db.internal:5432/arbees?sslmode=verify-full',
        DATABASE_URL_SECRET_ID: 'arbees/cli/database',
      }),
    });
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(config.DATABASE_URL).toBe('postgres://arbees:***@db.internal:5432/arbees?sslmode=verify-full');
    expect(config.ARBEES_NOTIFY_WEBHOOK_URL).toBe('https://hooks.example.invalid/***');
    expect(config.KALSHI_API_KEY_ID).toBe('***');
    expect(String(config.KALSHI_PRIVATE_KEY_PATH)).toMatch(/arbees-secrets-.*kalshi-key\.pem$/);
    for (const needle of needles) {
      expect(r.stdout).not.toContain(needle);
      expect(r.stderr).not.toContain(needle);
    }
  });

  it('stops at start with one line naming the setting when a secret is missing', async () => {
    const r = await runArbees(['run', '--db', 'memory'], {
      env: cleanEnv({ ...secretEnv(), TELEGRAM_BOT_TOKEN_SECRET_ID: 'arbees/cli/telegram' }),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'TELEGRAM_BOT_TOKEN_SECRET_ID: cannot read secret "arbees/cli/telegram" (ResourceNotFoundException',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('a real short run prints and logs none of the secret values', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'arbees-secrets-run-'));
    const readsBefore = fake.requests.length;
    try {
      const r = await runArbees(
        [
          'run',
          '--mode',
          'backtest',
          '--games',
          '2020_17_MIA_BUF',
          '--db',
          join(cwd, 'pglite'),
          '--json',
          '--run-id',
          'secrets-run',
        ],
        {
          cwd,
          env: cleanEnv({
            ...secretEnv(),
            ARBEES_DATA_DIR: join(ROOT, 'data'),
            ARBEES_LOG_LEVEL: 'debug',
            TMPDIR: cwd,
          }),
        },
      );
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      const out = JSON.parse(r.stdout) as { completed: boolean; report: { games: { final: number } } };
      expect(out.completed).toBe(true);
      expect(out.report.games.final).toBe(1);
      // The loader read each of its two secrets once.
      expect(
        fake.requests
          .slice(readsBefore)
          .map((q) => q.secretId)
          .sort(),
      ).toEqual(['arbees/cli/webhook', fakeSecretArn('arbees/cli/venues')].sort());
      const files = filesUnder(cwd).filter((f) => !f.endsWith('kalshi-key.pem'));
      expect(files.length).toBeGreaterThan(0);
      for (const needle of needles) {
        expect(r.stdout, needle).not.toContain(needle);
        expect(r.stderr, needle).not.toContain(needle);
        for (const file of files)
          expect(readFileSync(file).includes(needle), `${needle} in ${file}`).toBe(false);
      }
      // The key file went with the process.
      expect(filesUnder(cwd).filter((f) => f.endsWith('kalshi-key.pem'))).toEqual([]);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
