/**
 * The container command as the paper template holds it, run by sh the way ECS runs it: with the
 * template's environment (the cross-stack endpoints replaced by local stand-ins) and the secrets
 * ECS would inject, `arbees config` sees DATABASE_URL and REDIS_URL built from them and the Kalshi
 * key in a private file, and prints no secret value.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type ContainerDefinition, containersOf } from './resources.js';
import { synthProfile } from './synth.js';

const STAND_INS: Record<string, string> = {
  EndpointAddress: 'db.internal',
  EndpointPort: '5432',
  PrimaryEndPointAddress: 'cache.internal',
  PrimaryEndPointPort: '6379',
};

/** A template value: a literal, or a cross-stack import replaced by its stand-in. */
function resolveValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const imported = JSON.stringify(value);
  for (const [marker, standIn] of Object.entries(STAND_INS)) if (imported.includes(marker)) return standIn;
  throw new Error(`no stand-in for ${imported}`);
}

const SECRETS: Record<string, string> = {
  DEPLOY_DB_USER: 'arbees',
  DEPLOY_DB_PASSWORD: 'Pw0rdWithoutUrlSpecials',
  DEPLOY_CACHE_TOKEN: 'CacheAuthToken0123456789',
  KALSHI_API_KEY_ID: 'key-id-1',
  KALSHI_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----',
  POLYMARKET_PRIVATE_KEY: '',
};

describe('deploy/aws container command', () => {
  const api = containersOf(synthProfile('paper', { nag: false }).json('compute')).find(
    (c) => c.Name === 'api',
  ) as ContainerDefinition & { EntryPoint: string[] };

  it('builds the URLs and the key file from the injected secrets and prints none of them', () => {
    expect(api.EntryPoint.slice(0, 2)).toEqual(['sh', '-c']);
    const tmp = mkdtempSync(join(tmpdir(), 'arbees-container-'));
    const environment = Object.fromEntries(
      (api.Environment ?? []).map((e) => [e.Name, resolveValue(e.Value)]),
    );
    for (const secret of api.Secrets ?? []) expect(SECRETS).toHaveProperty(secret.Name);
    const [shell, flag, prelude, argv0] = api.EntryPoint;
    const out = spawnSync(shell!, [flag!, prelude!, argv0!, 'config'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tmp, TMPDIR: tmp, ...environment, ...SECRETS },
    });
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    expect(out.status, out.stderr).toBe(0);
    const config = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(config.DATABASE_URL).toBe('postgres://arbees:***@db.internal:5432/arbees?sslmode=no-verify');
    expect(config.REDIS_URL).toBe('rediss://:***@cache.internal:6379');
    expect(config.ARBEES_MODE).toBe('paper');
    expect(config.ARBEES_SERVICE_PORT).toBe(8080);
    expect(config.ARBEES_EMF_METRICS).toBe(true);
    const keyPath = String(config.KALSHI_PRIVATE_KEY_PATH);
    expect(keyPath).toBe(join(tmp, 'kalshi-key.pem'));
    expect(readFileSync(keyPath, 'utf8')).toBe(`${SECRETS.KALSHI_PRIVATE_KEY}\n`);
    expect(statSync(keyPath).mode & 0o077).toBe(0);
    for (const value of Object.values(SECRETS).filter((v) => v.length > 8)) {
      expect(out.stdout).not.toContain(value);
      expect(out.stderr).not.toContain(value);
    }
  });
});
