/** The runner in-process against the real Redis and PostgreSQL: readiness through start and drain. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { createTestSchema } from '../store/testing/harness.js';
import { silentLogger } from './logger.js';
import { drainWithin, runService } from './runner.js';
import type { ServiceDefinition } from './service.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';

describe.skipIf(!databaseUrl || !redisUrl)('runService', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  const prefix = `runner-test-${Math.random().toString(36).slice(2, 8)}:`;
  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
  });
  afterAll(async () => {
    await schema?.drop();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('is not ready until the service is, answers 503 from the moment draining starts, then closes', async () => {
    let ready = false;
    let releaseStop!: () => void;
    let stopCalled!: () => void;
    const stopping = new Promise<void>((resolve) => {
      stopCalled = resolve;
    });
    const definition: ServiceDefinition = {
      name: 'api',
      description: 'test double',
      start: async (ctx) => {
        expect(ctx.instanceId).toBe('runner-test-1');
        return {
          ready: () => ready,
          stop: () =>
            new Promise<void>((resolve) => {
              releaseStop = resolve;
              stopCalled();
            }),
        };
      },
    };
    const config = loadConfig({
      env: {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        ARBEES_DB_SCHEMA: schema.schema,
        ARBEES_BUS_PREFIX: prefix,
        ARBEES_RUN_ID: 'runner-test',
      },
      envFile: null,
    });
    const svc = await runService({
      definition,
      config,
      log: silentLogger,
      instanceId: 'runner-test-1',
      port: 0,
    });
    const base = `http://127.0.0.1:${svc.port}`;
    const readyz = async () => {
      const res = await fetch(`${base}/readyz`);
      return { status: res.status, body: (await res.json()) as { problems?: string[] } };
    };
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const before = await readyz();
    expect(before.status).toBe(503);
    expect(before.body.problems).toEqual(['api is not ready yet']);
    ready = true;
    expect((await readyz()).status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);

    const drained = svc.drain('test');
    await stopping;
    const during = await readyz();
    expect(during.status).toBe(503);
    expect(during.body.problems).toEqual(['draining']);
    releaseStop();
    await drained;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});

describe('drainWithin', () => {
  it('forces the exit when the drain outlasts its timeout, and logs it', async () => {
    const logged: string[] = [];
    let forced = 0;
    const drained = await drainWithin({
      service: { drain: () => new Promise<void>(() => {}) },
      reason: 'SIGTERM',
      timeoutMs: 10,
      log: { ...silentLogger, error: (msg) => void logged.push(msg) },
      force: () => {
        forced += 1;
      },
    });
    expect(drained).toBe(false);
    expect(forced).toBe(1);
    expect(logged).toEqual(['drain timed out; exiting without a clean stop']);
  });

  it('does not force a drain that finishes', async () => {
    let forced = 0;
    const drained = await drainWithin({
      service: { drain: async () => {} },
      reason: 'SIGTERM',
      timeoutMs: 60_000,
      log: silentLogger,
      force: () => {
        forced += 1;
      },
    });
    expect(drained).toBe(true);
    expect(forced).toBe(0);
  });
});
