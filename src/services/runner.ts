/**
 * Runs one service of the distributed shape as its own process: opens the Redis bus and the
 * PostgreSQL store, serves /healthz, /readyz and /metrics, starts the service, and on SIGTERM
 * drains it (readyz 503 first, then stop, then bus, then store). Every service gets the same
 * handling; the service itself only composes.
 */
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { newestEventTs } from '../bus/redis-backlog.js';
import { RedisBus } from '../bus/redis-bus.js';
import { redactConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { AnchoredScaledClock, EventClock, LiveClock } from '../core/clock.js';
import { TOPICS, type Topic } from '../core/events.js';
import { asRunId, type RunId } from '../core/ids.js';
import { openStore } from '../store/open.js';
import type { RunMode, Store } from '../store/port.js';
import { type EmfPublisher, startEmfPublisher } from './emf-metrics.js';
import { InstrumentedBus } from './instrumented-bus.js';
import { announcedReplayStart } from './lockstep.js';
import type { Logger } from './logger.js';
import { type TradingMetrics, tradingMetricsFor } from './metrics.js';
import { startRunnerHttp } from './runner-http.js';
import type { RunningService, ServiceContext, ServiceDefinition } from './service.js';

/** Missing or unusable settings, or a service that could not start: one line, no stack. */
export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

export interface RunServiceOptions {
  readonly definition: ServiceDefinition;
  readonly config: Config;
  readonly log: Logger;
  /** Overrides ARBEES_INSTANCE_ID. */
  readonly instanceId?: string;
  /** Overrides ARBEES_SERVICE_PORT. */
  readonly port?: number;
}

export interface ServiceProcess {
  readonly instanceId: string;
  readonly port: number;
  readonly runId: RunId;
  readonly metrics: TradingMetrics;
  /** Readyz goes 503, the service stops, then the bus and the store close. Idempotent. */
  drain(reason: string): Promise<void>;
}

/** The settings this shape cannot run without, by name; empty when all are there. */
export function missingServiceSettings(config: Config): string[] {
  const missing: string[] = [];
  if (!config.REDIS_URL) missing.push('REDIS_URL');
  if (!config.DATABASE_URL) missing.push('DATABASE_URL');
  return missing;
}

export function defaultInstanceId(name: string): string {
  return `${name}-${hostname()}-${process.pid}`;
}

/** Every process of one deployment shares the run (account) id. */
export function serviceRunId(config: Config): RunId {
  return asRunId(config.ARBEES_RUN_ID ?? `${config.ARBEES_MODE}-services`);
}

export async function runService(opts: RunServiceOptions): Promise<ServiceProcess> {
  const { definition, config, log } = opts;
  const name = definition.name;
  const missing = missingServiceSettings(config);
  if (missing.length > 0)
    throw new ServiceStartError(
      `service ${name} needs ${missing.join(' and ')} (the distributed shape runs on Redis and PostgreSQL)`,
    );
  const instanceId = opts.instanceId ?? config.ARBEES_INSTANCE_ID ?? defaultInstanceId(name);
  const runId = serviceRunId(config);
  const registry = new Registry();
  registry.setDefaultLabels({ service: name, instance: instanceId });
  collectDefaultMetrics({ register: registry });
  const metrics = tradingMetricsFor(registry);

  let phase: 'starting' | 'running' | 'draining' = 'starting';
  let running: RunningService | null = null;
  const redisUrl = config.REDIS_URL!;
  // A connection of its own for PING and XINFO: the bus's connections may be blocked in reads.
  const probe = new Redis(redisUrl, { protocol: 2, maxRetriesPerRequest: 1, lazyConnect: true });
  probe.on('error', () => undefined); // reported through /readyz
  let store: Store | null = null;
  let bus: InstrumentedBus | null = null;
  let refreshBusGauges = async () => {};
  let emf: EmfPublisher | null = null;

  const http = await startRunnerHttp({
    port: opts.port ?? config.ARBEES_SERVICE_PORT,
    registry,
    log,
    notReadyReason: () =>
      phase === 'starting'
        ? 'starting'
        : phase === 'draining'
          ? 'draining'
          : running?.ready()
            ? null
            : `${name} is not ready yet`,
    checks: [
      { name: 'redis', check: async () => void (await probe.ping()) },
      {
        name: 'postgres',
        check: async () => {
          if (!store) throw new Error('not open');
          await store.getRun(runId);
        },
      },
    ],
    routes: () => running?.http,
    upgrades: () => running?.upgrade,
    beforeMetrics: () => refreshBusGauges(),
  });
  log.info('listening', { port: http.port, runId });

  const closeAll = async () => {
    emf?.stop();
    await bus?.close().catch((e: unknown) => log.error('closing the bus failed', { error: String(e) }));
    await store?.close().catch((e: unknown) => log.error('closing the store failed', { error: String(e) }));
    probe.disconnect();
    await http.close();
  };

  try {
    store = await openStore({ databaseUrl: config.DATABASE_URL, schema: config.ARBEES_DB_SCHEMA });
    const redisBus = new RedisBus({
      url: redisUrl,
      keyPrefix: config.ARBEES_BUS_PREFIX,
      onHandlerError: (error, event, delivery) => {
        metrics.busHandlerErrorsTotal.inc({ group: delivery.group, topic: delivery.topic });
        log.error('handler failed', {
          group: delivery.group,
          event: event.type,
          id: event.id,
          attempt: delivery.attempt,
          error: String(error),
        });
      },
      onDeadLetter: (letter) => {
        metrics.busDeadLettersTotal.inc({ group: letter.delivery.group, topic: letter.delivery.topic });
        log.error('event dead-lettered', {
          id: letter.event.id,
          type: letter.event.type,
          error: letter.error,
        });
      },
      onMalformed: (entry) => {
        metrics.busMalformedTotal.inc();
        log.warn('malformed bus entry', {
          topic: entry.topic,
          streamId: entry.streamId,
          reason: entry.reason,
        });
      },
      onError: (error, context) => log.warn('redis', { context, error: String(error) }),
    });
    const wallClock = new LiveClock();
    // Pointed at `arbees sim world --speed N`: the world's sped-up time, shared through the setting.
    const setting = config.ARBEES_CLOCK;
    const scaledClock =
      setting.kind === 'scaled'
        ? new AnchoredScaledClock({
            anchorMs: setting.anchorMs,
            speed: setting.speed,
            wallNow: () => Date.now(),
          })
        : null;
    // Lock-step replay: time is the time of the event in hand (docs/distributed.md).
    const eventClock = config.ARBEES_CLOCK.kind === 'event' ? new EventClock(wallClock) : null;
    if (eventClock) {
      // Replay time as of now (not 'ops', which runs on the wall clock), for start-up work.
      const keys = TOPICS.filter((t) => t !== 'ops').map((t) => redisBus.keyOf(t));
      // Else the start the replay driver announced (started first, it hosts the venues).
      const start =
        (await newestEventTs(probe, keys)) ?? (await announcedReplayStart(probe, config.ARBEES_BUS_PREFIX));
      if (start !== null) eventClock.set(start);
    }
    bus = new InstrumentedBus(redisBus, metrics, eventClock);
    refreshBusGauges = registerBusGauges({ registry, metrics, bus, probe, keyOf: (t) => redisBus.keyOf(t) });
    await ensureRun(store, runId, config);
    const ctx: ServiceContext = {
      name,
      instanceId,
      config,
      bus,
      store,
      clock: eventClock ?? scaledClock ?? wallClock,
      wallClock,
      log,
      metrics: registry,
      runId,
    };
    running = await definition.start(ctx);
    phase = 'running';
    if (config.ARBEES_EMF_METRICS) {
      // stdout: on ECS the awslogs driver carries the lines to CloudWatch, which reads EMF.
      emf = startEmfPublisher({
        registry,
        runId,
        service: name,
        write: (line) => process.stdout.write(`${line}\n`),
        now: () => wallClock.now(),
        intervalMs: 60_000,
        onError: (error) => log.warn('EMF metrics failed', { error: String(error) }),
      });
    }
    log.info('started');
  } catch (error) {
    await closeAll();
    if (error instanceof ServiceStartError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ServiceStartError(`service ${name} failed to start: ${message}`, { cause: error });
  }

  let drained: Promise<void> | null = null;
  return {
    instanceId,
    port: http.port,
    runId,
    metrics,
    drain(reason: string) {
      drained ??= (async () => {
        phase = 'draining';
        log.info('draining', { reason });
        try {
          await running?.stop();
        } catch (error) {
          log.error('stopping the service failed', { error: String(error) });
        }
        await closeAll();
        log.info('stopped');
      })();
      return drained;
    },
  };
}

/**
 * Drains, or calls `force` once `timeoutMs` passes first (the CLI exits 1 there: a hung drain
 * must not keep an orchestrator waiting past its grace period). Resolves true when drained.
 */
export async function drainWithin(opts: {
  service: Pick<ServiceProcess, 'drain'>;
  reason: string;
  timeoutMs: number;
  log: Logger;
  force: () => void;
}): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      opts.log.error('drain timed out; exiting without a clean stop', { timeoutMs: opts.timeoutMs });
      opts.force();
      resolve(false);
    }, opts.timeoutMs);
  });
  const drained = opts.service.drain(opts.reason).then(() => true as const);
  try {
    return await Promise.race([drained, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function ensureRun(store: Store, runId: RunId, config: Config): Promise<void> {
  if (await store.getRun(runId)) return;
  await store.startRun({
    runId,
    mode: config.ARBEES_MODE as RunMode,
    startedTs: Date.now(),
    config: { ...redactConfig(config), shape: 'services' },
  });
}

/**
 * Bus gauges: pending in this process (read at scrape time), and lag and pending of each group
 * this process reads, from Redis (refreshed before each scrape; a Redis hiccup keeps the last).
 */
function registerBusGauges(opts: {
  registry: Registry;
  metrics: TradingMetrics;
  bus: InstrumentedBus;
  probe: Redis;
  keyOf: (topic: Topic) => string;
}): () => Promise<void> {
  const { metrics, bus, probe } = opts;
  new Gauge({
    name: 'arbees_bus_in_process_pending',
    help: 'Events handed to a handler in this process and not yet acked',
    registers: [opts.registry],
    collect() {
      this.set(bus.stats().pending);
    },
  });
  return async () => {
    for (const { group, topic } of bus.groupTopics()) {
      const groups = await probe.call('XINFO', 'GROUPS', opts.keyOf(topic)).catch(() => null);
      for (const raw of Array.isArray(groups) ? groups : []) {
        const info = pairs(raw);
        if (info.name !== group) continue;
        metrics.busPendingEntries.set({ group, topic }, Number(info.pending ?? 0));
        const lag = Number(info.lag);
        if (Number.isFinite(lag)) metrics.busLagEntries.set({ group, topic }, lag);
      }
    }
  };
}

function pairs(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(raw)) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i])] = raw[i + 1];
  return out;
}
