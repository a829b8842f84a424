/**
 * The container as the paper template holds it, run the way ECS runs it: the image's entry point
 * with the template's command and environment (the data stack's exports replaced by local
 * stand-ins: hosts, and the secrets' ARNs in a local Secrets Manager fake). The app reads the
 * secrets itself at start: `arbees config` sees DATABASE_URL and REDIS_URL with the credentials
 * put in, the venues' keys set and the Kalshi key in a private file, and prints no secret value.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runArbees } from '../support/cli-run.js';
import {
  FAKE_AWS_ENV,
  type FakeSecretsManager,
  fakeSecretArn,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.js';
import { containersOf } from './resources.js';
import { synthProfile } from './synth.js';

/** A data-stack export (by a marker in its name) and the value it stands for here. */
const STAND_INS: Record<string, string> = {
  EndpointAddress: 'db.internal',
  EndpointPort: '5432',
  PrimaryEndPointAddress: 'cache.internal',
  PrimaryEndPointPort: '6379',
  SecretAttachment: fakeSecretArn('arbees/paper/database'),
  CacheAuth: fakeSecretArn('arbees/paper/cache-auth'),
  Venues: fakeSecretArn('arbees/paper/venues'),
};

/** A template value: a literal, an import replaced by its stand-in, or a join of those. */
function resolveValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(resolveValue).join(join[0]);
  const imported = JSON.stringify(value);
  for (const [marker, standIn] of Object.entries(STAND_INS)) if (imported.includes(marker)) return standIn;
  throw new Error(`no stand-in for ${imported}`);
}

const PASSWORD = 'Pw0rd-generated-by-RDS';
const CACHE_TOKEN = 'CacheAuthToken0123456789abcdefghij';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIfakeKalshiKeyForTheContainerTest\n-----END PRIVATE KEY-----';
const SECRETS = {
  'arbees/paper/database': JSON.stringify({
    username: 'arbees',
    password: PASSWORD,
    engine: 'postgres',
    host: 'db.internal',
    port: 5432,
    dbname: 'arbees',
  }),
  'arbees/paper/cache-auth': CACHE_TOKEN,
  // As the operator fills it; POLYMARKET_PRIVATE_KEY left as the stack created it.
  'arbees/paper/venues': JSON.stringify({
    KALSHI_API_KEY_ID: 'key-id-container-test',
    KALSHI_PRIVATE_KEY: PEM,
    POLYMARKET_PRIVATE_KEY: '',
  }),
};

describe('deploy/aws container command', () => {
  const api = containersOf(synthProfile('paper', { nag: false }).json('compute')).find(
    (c) => c.Name === 'api',
  )!;
  let fake: FakeSecretsManager;
  beforeAll(async () => {
    fake = await startFakeSecretsManager(SECRETS);
  });
  afterAll(() => fake.close());

  it('reads its secrets by ARN at start and prints none of them', async () => {
    expect(api).not.toHaveProperty('EntryPoint');
    expect(api.Command).toEqual(['service', 'api']);
    const tmp = mkdtempSync(join(tmpdir(), 'arbees-container-'));
    try {
      const environment = Object.fromEntries(
        (api.Environment ?? []).map((e) => [e.Name, resolveValue(e.Value)]),
      );
      const out = await runArbees(['config'], {
        env: {
          PATH: process.env.PATH,
          HOME: tmp,
          TMPDIR: tmp,
          ...environment,
          ...FAKE_AWS_ENV,
          ARBEES_SECRETS_MANAGER_URL: fake.url,
        },
      });
      expect(out.code, out.stderr).toBe(0);
      const config = JSON.parse(out.stdout) as Record<string, unknown>;
      expect(config.DATABASE_URL).toBe(
        'postgres://arbees:***@db.internal:5432/arbees?sslmode=verify-full&sslrootcert=/app/certs/rds-global-bundle.pem',
      );
      expect(config.REDIS_URL).toBe('rediss://:***@cache.internal:6379');
      expect(config.KALSHI_API_KEY_ID).toBe('***');
      expect(config.ARBEES_MODE).toBe('paper');
      expect(config.ARBEES_SERVICE_PORT).toBe(8080);
      expect(config.ARBEES_EMF_METRICS).toBe(true);
      expect(String(config.KALSHI_PRIVATE_KEY_PATH)).toMatch(
        new RegExp(`^${tmp}/arbees-secrets-[^/]+/kalshi-key\\.pem$`),
      );
      expect(fake.requests.map((r) => r.secretId).sort()).toEqual(
        Object.values(STAND_INS)
          .filter((v) => v.startsWith('arn:'))
          .sort(),
      );
      for (const value of [PASSWORD, CACHE_TOKEN, 'key-id-container-test', 'MIIfakeKalshiKey']) {
        expect(out.stdout).not.toContain(value);
        expect(out.stderr).not.toContain(value);
      }
      // The key file lived only as long as the process.
      expect(readdirSync(tmp).filter((f) => f.startsWith('arbees-secrets-'))).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
