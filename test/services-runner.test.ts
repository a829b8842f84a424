/**
 * `arbees service <name>` as real processes against the real Redis and PostgreSQL: health,
 * readiness, metrics, a clean drain on SIGTERM, and an event handled across processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../src/bus/redis-bus.js';
import type { ArbeesEvent, RiskDecision, SignalRaised } from '../src/core/events.js';
import { KALSHI_SPORTS_FEES } from '../src/core/fees.js';
import { asEventId, asGameId, asInstrumentId, asRunId, asSignalId } from '../src/core/ids.js';
import type { Centis, Micros, Ppm } from '../src/core/money.js';
import { openStore } from '../src/store/open.js';
import { ledger, position, T0 } from '../src/store/testing/fixtures.js';
import { createTestSchema } from '../src/store/testing/harness.js';
import { runArbees } from './support/cli-run.js';
import {
  cleanEnv,
  deleteRedisKeys,
  eventually,
  readyStatus,
  type ServiceProcess,
  startServiceProcess,
} from './support/service-process.js';

const databaseUrl = process.env.DATABASE_URL ?? '';
const redisUrl = process.env.REDIS_URL ?? '';

describe.skipIf(!databaseUrl || !redisUrl)('arbees service <name>', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  const prefix = `svc-test-${Math.random().toString(36).slice(2, 8)}:`;
  const env = () => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ARBEES_DB_SCHEMA: schema.schema,
    ARBEES_BUS_PREFIX: prefix,
    ARBEES_RUN_ID: 'svc-test',
    ARBEES_MODE: 'replay',
    ARBEES_DRAIN_TIMEOUT: '30',
  });
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    schema = await createTestSchema(databaseUrl);
  });
  afterAll(async () => {
    for (const p of started) await p.stop('SIGKILL');
    await schema?.drop();
    await deleteRedisKeys(redisUrl, prefix);
  });

  it('signal-processor: healthz, readyz, metrics, and SIGTERM drains to exit 0', async () => {
    const svc = await startServiceProcess({ name: 'signal-processor', instance: 'sp-test-1', env: env() });
    started.push(svc);
    expect((await fetch(`${svc.baseUrl}/healthz`)).status).toBe(200);
    await eventually(async () => ((await readyStatus(svc.baseUrl)) === 200 ? true : undefined), 'readyz 200');
    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).toContain('arbees_risk_decisions_total');
    expect(metrics).toContain('arbees_bus_lag_entries{group="risk",topic="signals"');
    expect(metrics).toContain('instance="sp-test-1"');
    expect(await svc.stop('SIGTERM')).toBe(0);
    const messages = svc.logs.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['listening', 'started', 'draining', 'stopped']));
  });

  it('signal-processor turns a SignalRaised published on the bus into a RiskDecision', async () => {
    const svc = await startServiceProcess({ name: 'signal-processor', instance: 'sp-test-2', env: env() });
    started.push(svc);
    await eventually(async () => ((await readyStatus(svc.baseUrl)) === 200 ? true : undefined), 'readyz 200');
    const bus = new RedisBus({ url: redisUrl, keyPrefix: prefix });
    const decisions: RiskDecision[] = [];
    const sub = bus.subscribe({
      group: 'test-observer',
      consumer: 'observer-1',
      topics: ['risk'],
      handler: (event: ArbeesEvent) => {
        if (event.type === 'RiskDecision') decisions.push(event);
      },
    });
    await sub.ready;
    try {
      const signal = signalFixture('svc-test-signal-1');
      await bus.publish(signal);
      const decision = await eventually(
        async () => decisions.find((d) => d.signalId === signal.signalId),
        'a RiskDecision for the signal',
      );
      // No reconciliation has run in this deployment, so trading is held: a denial, with reasons.
      expect(decision.approved).toBe(false);
      expect(decision.reasons.length).toBeGreaterThan(0);
      const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/arbees_signals_total\{kind="edge",venue="kalshi"[^}]*\} 1/);
      expect(metrics).toMatch(/arbees_risk_decisions_total\{approved="false"[^}]*\} 1/);
    } finally {
      await sub.close();
      await bus.close();
    }
    expect(await svc.stop('SIGTERM')).toBe(0);
  });

  it('signal-processor warms its risk engine from the stored ledger, positions and bankroll', async () => {
    const store = await openStore({ databaseUrl, schema: schema.schema });
    const runId = asRunId('svc-test');
    try {
      await store.startRun({ runId, mode: 'paper', startedTs: Date.now(), config: {} });
      await store.recordLedger(runId, [ledger(1, 2_500, T0), ledger(2, -700, T0 + 1)]);
      await store.upsertPositions(runId, [position(300, T0, 'p1')]);
    } finally {
      await store.close();
    }
    const svc = await startServiceProcess({ name: 'signal-processor', instance: 'sp-test-3', env: env() });
    started.push(svc);
    await eventually(async () => ((await readyStatus(svc.baseUrl)) === 200 ? true : undefined), 'readyz 200');
    const restored = svc.logs.find((l) => l.msg === 'risk engine restored');
    // These ledger rows name fills the store does not have: the day's realized P&L cannot be
    // replayed, which is said, and the service starts on the positions' totals.
    expect(restored).toMatchObject({
      ledgerTransactions: 2,
      positions: 1,
      bankroll: false,
      dailyRealized: 'not restored',
    });
    expect(svc.logs.some((l) => /could not be replayed from the ledger/.test(String(l.msg)))).toBe(true);
    expect(await svc.stop('SIGTERM')).toBe(0);
  });

  it('a service that cannot start exits 1 with a clear message; missing settings exit 2 naming them', async () => {
    const bad = await run(['service', 'signal-processor', '--port', '0'], {
      ...env(),
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^arbees: service signal-processor failed to start: .*127\.0\.0\.1:1/m);

    const missing = await run(['service', 'signal-processor'], { ...env(), REDIS_URL: undefined });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(
      'arbees: service signal-processor needs REDIS_URL: the distributed shape runs on Redis and PostgreSQL',
    );

    const unknown = await run(['service', 'nope'], env());
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown service "nope"');
  });
});

function signalFixture(id: string): SignalRaised {
  return {
    type: 'SignalRaised',
    id: asEventId(`sig:${id}`),
    ts: Date.now(),
    signalId: asSignalId(id),
    kind: 'edge',
    gameId: asGameId('G1'),
    instrumentId: asInstrumentId('kalshi:G1'),
    venue: 'kalshi',
    side: 'yes',
    action: 'buy',
    modelProb: 600_000 as Ppm,
    price: 500_000 as Micros,
    feePerContract: 17_500 as Micros,
    edge: 82_500 as Ppm,
    availableQty: 100_000 as Centis,
    levels: [{ price: 500_000 as Micros, qty: 100_000 as Centis }],
    fees: KALSHI_SPORTS_FEES,
    spread: 20_000 as Micros,
    bookAgeMs: 0,
    syncDeltaMs: 0,
  };
}

function run(args: string[], env: Record<string, string | undefined>) {
  const merged: Record<string, string> = { ...cleanEnv() };
  for (const [k, v] of Object.entries(env))
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  return runArbees(args, { env: merged }).then((r) => ({
    status: r.code,
    stderr: r.stderr,
    stdout: r.stdout,
  }));
}
